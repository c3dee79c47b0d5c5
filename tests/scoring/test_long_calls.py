"""Long calls in bounded memory: decoding fills one buffer sized from the declared duration and
stops at the limit; Whisper gets a long channel in windows cut between words; the cross-talk
gate is unchanged by working a window at a time."""

from __future__ import annotations

import av
import numpy as np
import pytest

from scoring import transcription as tx
from scoring.audio import SAMPLE_RATE, TooLongAudioError, decode_audio, decoded_size_bytes


def _old_energy_gate(channels, *, gate_db, sample_rate=SAMPLE_RATE):
    """The gate as it was (both channels copied whole), to compare against."""
    frame = sample_rate // 50
    n = min(len(c) for c in channels) // frame
    energies = []
    for c in channels:
        e = np.mean(np.square(c[: n * frame].reshape(n, frame), dtype=np.float64), axis=1)
        e = np.convolve(e, np.ones(5) / 5, mode="same")
        energies.append(10 * np.log10(e + 1e-10))
    out = []
    for i, c in enumerate(channels):
        floor = np.percentile(energies[i], 10)
        keep = (energies[i] >= energies[1 - i] - gate_db) & (energies[i] > floor + 10)
        keep = np.convolve(keep.astype(float), np.ones(21), mode="same") > 0
        mask = np.repeat(keep, frame)
        gated = c.copy()
        gated[: len(mask)] *= mask
        out.append(gated)
    return out


def _talk(seconds, seed):
    rng = np.random.default_rng(seed)
    n = int(seconds * SAMPLE_RATE)
    envelope = np.repeat(np.where(rng.random(n // 3200 + 1) > 0.5, 1.0, 0.05), 3200)[:n]
    return (rng.normal(0, 0.2, n) * envelope).astype(np.float32)


def test_the_gate_gives_the_same_audio_window_by_window():
    channels = [_talk(75.013, 1), _talk(75.013, 2)]
    expected = _old_energy_gate(channels, gate_db=12.0)
    masks = tx.energy_gate_masks(channels, gate_db=12.0)
    for i in range(2):
        assert np.array_equal(tx.apply_gate(channels[i], masks[i]), expected[i])
        pieces = [
            tx._gated_piece(channels[i], masks[i], a, b, SAMPLE_RATE)
            for a, b in [(0, 333_333), (333_333, 700_001), (700_001, len(channels[i]))]
        ]
        assert np.array_equal(np.concatenate(pieces), expected[i])


def test_a_long_channel_is_cut_in_windows_at_a_quiet_moment(monkeypatch):
    monkeypatch.setattr(tx, "WINDOW_S", 20)
    monkeypatch.setattr(tx, "_CUT_SEARCH_S", 5)
    samples = _talk(50, 3)
    samples[int(17.5 * SAMPLE_RATE) : int(17.6 * SAMPLE_RATE)] = 0.0  # a pause in the search
    windows = tx.channel_windows(samples)
    assert windows[0][0] == 0 and windows[-1][1] == len(samples)
    assert all(b - a <= 20 * SAMPLE_RATE for a, b in windows)
    assert all(windows[i][1] == windows[i + 1][0] for i in range(len(windows) - 1))
    assert 17.5 * SAMPLE_RATE <= windows[0][1] <= 17.6 * SAMPLE_RATE
    assert tx.channel_windows(samples[: 10 * SAMPLE_RATE]) == [(0, 10 * SAMPLE_RATE)]


class _Recorder(tx._BaseTranscriber):
    """Around the engine only: which lengths Whisper is given, and words at known times."""

    def __init__(self):
        self.settings = tx.EngineSettings()
        self.lengths = []

    def _transcribe_channel(self, samples, speaker):
        self.lengths.append(len(samples))
        word = tx._Word(speaker, 1.0, 1.5, " hello", -0.1, 0.01)
        return tx._ChannelResult(
            words=[word], language="en", language_probability=1.0, speech_s=0.5
        )


def test_whisper_gets_a_long_call_in_windows_and_times_stay_on_the_call(monkeypatch, tmp_path):
    monkeypatch.setattr(tx, "WINDOW_S", 20)
    monkeypatch.setattr(tx, "_CUT_SEARCH_S", 5)
    engine = _Recorder()
    from scoring.audio import AudioQuality, DecodedAudio

    audio = DecodedAudio(
        channels=[_talk(50, 4), _talk(50, 5)],
        sample_rate=SAMPLE_RATE,
        source_channels=2,
        quality=AudioQuality(16000, "pcm", None, [0, 0], [0, 0]),
    )
    result = engine.transcribe(audio)
    assert len(engine.lengths) == 6  # 3 windows per channel
    assert max(engine.lengths) <= 20 * SAMPLE_RATE
    starts = sorted({s.start for s in result.segments})
    assert starts[0] == 1.0 and starts[-1] > 30  # the third window's word, on the call's clock


def _wav(path, seconds, channels=1):
    out = av.open(str(path), "w")
    stream = out.add_stream("pcm_s16le", rate=8000, layout="stereo" if channels == 2 else "mono")
    rng = np.random.default_rng(0)
    for _ in range(int(seconds)):
        data = (rng.normal(0, 3000, (channels, 8000))).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(
            data if channels == 2 else data, format="s16p", layout=stream.layout.name
        )
        frame.sample_rate = 8000
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)
    out.close()


def test_decoding_stops_at_the_limit_even_when_the_header_understates(tmp_path):
    path = tmp_path / "long.wav"
    _wav(path, 130)
    with pytest.raises(TooLongAudioError, match="longer than the limit of 2 minutes"):
        decode_audio(path, max_duration_s=120)
    # A header claiming the limit is refused before decoding.
    with pytest.raises(TooLongAudioError, match="2.2 minutes is longer"):
        decode_audio(path, max_duration_s=60)


def test_decoded_audio_is_exact_and_sized_as_documented(tmp_path):
    path = tmp_path / "stereo.wav"
    _wav(path, 5, channels=2)
    audio = decode_audio(path, max_duration_s=60)
    assert len(audio.channels) == 2
    assert all(len(c) == 5 * SAMPLE_RATE for c in audio.channels)
    assert all(c.flags.c_contiguous and c.dtype == np.float32 for c in audio.channels)
    assert decoded_size_bytes(60, 2) == 60 * SAMPLE_RATE * 4 * 2
    assert decoded_size_bytes(60, 1) * 60 == 230_400_000  # 3.84 MB per channel-minute


def _mp3_minute(path):
    """One minute of 8 kbit/s mono MP3 (lame writes a header frame declaring this minute)."""
    out = av.open(str(path), "w")
    stream = out.add_stream("libmp3lame", rate=8000, layout="mono")
    stream.bit_rate = 8000
    rng = np.random.default_rng(1)
    for _ in range(60):
        data = rng.normal(0, 3000, (1, 8000)).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(data, format="s16p", layout="mono")
        frame.sample_rate = 8000
        for packet in stream.encode(frame):
            out.mux(packet)
    for packet in stream.encode(None):
        out.mux(packet)
    out.close()


@pytest.mark.slow
def test_a_170_minute_8_kbit_mp3_whose_header_says_one_minute_is_refused_at_the_limit(tmp_path):
    minute = tmp_path / "minute.mp3"
    _mp3_minute(minute)
    long = tmp_path / "long.mp3"
    long.write_bytes(minute.read_bytes() * 170)  # 170 minutes of frames, about 10 MB
    assert 9_000_000 < long.stat().st_size < 11_000_000
    from django.conf import settings

    limit = settings.TRANSCRIPTION["max_duration_s"]
    assert limit == 20 * 60
    with pytest.raises(TooLongAudioError, match="longer than the limit of 20 minutes; split"):
        decode_audio(long, max_duration_s=limit)


MEMORY_PROBE = """
import resource, sys
import numpy as np
import av
from scoring.audio import decode_audio
np.zeros(1)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
audio = decode_audio(sys.argv[1], max_duration_s=3600)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((after - before) * 1024, sum(c.nbytes for c in audio.channels))
"""


def test_decoding_peaks_at_about_the_decoded_size_not_a_multiple_of_it(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    path = tmp_path / "ten-minutes.wav"
    _wav(path, 600, channels=2)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
    )
    grown, decoded = map(int, done.stdout.split())
    # Stereo 8 kHz 16-bit audio is held as it came (TelephoneChannel): 19.2 MB, not the
    # 76.8 MB of 16 kHz float32.
    assert decoded == 2 * 600 * 8000 * 2
    # The chunk list plus its concatenated copy peaked at 3.7 times this (282 MB for 77 MB).
    assert grown < 1.5 * decoded, f"grew {grown / 1e6:.0f} MB for {decoded / 1e6:.0f} MB decoded"
