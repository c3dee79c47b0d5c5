import numpy as np
import pytest

from scoring.audio import (
    EmptyAudioError,
    NotAudioError,
    TooLongAudioError,
    decode_audio,
    probe_audio,
)
from tests.audio_helpers import DATA, encode, librivox, read_wav, write_wav

CLIP, _ = librivox(1)  # "he was not an ill disposed young man", 16 kHz PCM, ~2.8 s


@pytest.mark.parametrize(
    ("codec", "rate", "name"),
    [
        ("pcm_mulaw", 8000, "mulaw.wav"),
        ("pcm_alaw", 8000, "alaw.wav"),
        ("libmp3lame", 16000, "call.mp3"),
        ("libopus", 48000, "call.ogg"),
        ("flac", 8000, "call.flac"),
        ("pcm_s16le", 16000, "pcm16.wav"),
    ],
)
def test_telephone_formats_decode_to_16khz_mono(tmp_path, codec, rate, name):
    path = encode(CLIP, tmp_path / name, codec=codec, rate=rate)
    audio = decode_audio(path)
    assert audio.sample_rate == 16000
    assert len(audio.channels) == 1
    assert abs(audio.duration_s - len(read_wav(CLIP)) / 16000) < 0.2
    assert audio.quality.source_sample_rate == rate


def test_gsm_wav_decodes():
    audio = decode_audio(DATA / "audio" / "cards-005-gsm.wav")
    assert audio.quality.codec == "gsm_ms"
    assert 3.0 < audio.duration_s < 4.0


def test_stereo_file_keeps_two_separate_channels(tmp_path):
    speech = read_wav(CLIP)
    path = write_wav(tmp_path / "stereo.wav", [speech, np.zeros_like(speech) + 0.001])
    audio = decode_audio(path)
    assert audio.is_stereo
    assert np.abs(audio.channels[0]).max() > 0.1
    assert np.abs(audio.channels[1]).max() < 0.01


def test_mono_file_is_not_split_into_two_identical_channels(tmp_path):
    path = encode(CLIP, tmp_path / "mono.wav", codec="pcm_mulaw", rate=8000)
    assert decode_audio(path).source_channels == 1
    assert not decode_audio(path).is_stereo


def test_stereo_file_with_identical_channels_counts_as_mono(tmp_path):
    speech = read_wav(CLIP)
    audio = decode_audio(write_wav(tmp_path / "dual.wav", [speech, speech]))
    assert audio.source_channels == 2
    assert not audio.is_stereo


def test_text_file_is_not_audio(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("these are meeting notes, not a recording\n" * 20)
    with pytest.raises(NotAudioError, match="not an audio file"):
        decode_audio(path)
    with pytest.raises(NotAudioError):
        probe_audio(path)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    with pytest.raises(EmptyAudioError, match="empty"):
        decode_audio(path)


def test_silent_recording_is_refused(tmp_path):
    path = write_wav(tmp_path / "silence.wav", [np.zeros(16000 * 3, dtype=np.float32)])
    probe_audio(path)  # a header and frames: looks fine at ingest ...
    with pytest.raises(EmptyAudioError, match="silent"):
        decode_audio(path)  # ... and fails when decoded


def test_recording_over_the_length_limit_is_refused(tmp_path):
    path = encode(CLIP, tmp_path / "long.wav", codec="pcm_mulaw", rate=8000)
    with pytest.raises(TooLongAudioError, match="longer than the limit"):
        decode_audio(path, max_duration_s=1)
    with pytest.raises(TooLongAudioError):
        probe_audio(path, max_duration_s=1)


def test_low_bitrate_mp3_is_reported_as_poor_audio(tmp_path):
    path = encode(CLIP, tmp_path / "low.mp3", codec="libmp3lame", rate=8000, bit_rate=8000)
    assert any("low bit rate" in p for p in decode_audio(path).quality.problems)
    good = encode(CLIP, tmp_path / "good.mp3", codec="libmp3lame", rate=16000, bit_rate=64000)
    assert decode_audio(good).quality.problems == []


def test_an_mp3_with_trailing_junk_decodes_up_to_the_junk(tmp_path):
    import random

    path = encode(CLIP, tmp_path / "call.mp3", codec="libmp3lame", rate=16000)
    rng = random.Random(1)
    junk = b"\xff\xfb" + bytes(rng.randrange(256) for _ in range(20000))
    path.write_bytes(path.read_bytes() + junk)
    audio = decode_audio(path)
    assert abs(audio.duration_s - len(read_wav(CLIP)) / 16000) < 0.2
    assert any("ends in data that is not audio" in p for p in audio.quality.problems)


def test_a_damaged_file_says_so_in_words_not_engine_codes(tmp_path):
    import random

    path = encode(CLIP, tmp_path / "call.mp3", codec="libmp3lame", rate=16000)
    rng = random.Random(2)
    data = path.read_bytes()
    path.write_bytes(data[:600] + bytes(rng.randrange(256) for _ in range(len(data))))
    with pytest.raises(Exception) as caught:
        decode_audio(path)
    assert "Errno" not in str(caught.value)
    assert "damaged" in str(caught.value) or "not an audio file" in str(caught.value)
