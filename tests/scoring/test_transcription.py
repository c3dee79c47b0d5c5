"""The real engines on real speech (LibriVox read speech from tests/data/speech)."""

import importlib.util

import jiwer
import pytest

from scoring.audio import decode_audio
from scoring.transcription import (
    EngineSettings,
    ModelNotFoundError,
    check_settings,
    get_transcriber,
)
from tests.audio_helpers import encode, librivox, normalise, stereo_call

pytestmark = pytest.mark.slow

HAS_OPENAI_WHISPER = all(importlib.util.find_spec(m) for m in ("whisper", "torch"))


@pytest.fixture(scope="module")
def fast():
    return get_transcriber(EngineSettings())


def wer(reference: str, hypothesis: str) -> float:
    return jiwer.wer(normalise(reference), normalise(hypothesis))


def test_read_speech_is_transcribed_almost_word_for_word(fast):
    wav, text = librivox(0)
    result = fast.transcribe(wav)
    assert wer(text, " ".join(s.text for s in result.segments)) < 0.15
    assert result.language == "en"
    # A mono file: the speakers are inferred (scoring.diarisation), never claimed by channel.
    assert result.extra["asr"]["channel_layout"] == "mono"
    assert all(s.speaker == "unknown" or s.speaker_confidence for s in result.segments)
    assert result.segments[0].start < 1.0 and result.segments[-1].end <= result.duration_s + 0.1


def test_telephone_quality_8khz_mulaw_still_transcribes(fast, tmp_path):
    wav, text = librivox(2)
    phone = encode(wav, tmp_path / "phone.wav", codec="pcm_mulaw", rate=8000)
    result = fast.transcribe(phone)
    assert wer(text, " ".join(s.text for s in result.segments)) < 0.25


def test_stereo_call_puts_each_party_on_its_own_speaker_despite_crosstalk(fast, tmp_path):
    path, agent_text, caller_text = stereo_call(tmp_path / "call.wav")
    result = fast.transcribe(path)
    agent = " ".join(s.text for s in result.segments if s.speaker == "agent")
    caller = " ".join(s.text for s in result.segments if s.speaker == "caller")
    assert wer(agent_text, agent) < 0.2
    assert wer(caller_text, caller) < 0.2
    assert "dashwood" not in caller.lower()  # the agent's words leak into the caller channel
    assert "amiable" not in agent.lower()
    assert result.segments[0].speaker == "agent"
    assert result.segments[-1].speaker == "caller"
    assert result.extra["asr"]["channel_layout"] == "stereo"


def test_agent_channel_setting_swaps_the_labels(fast, tmp_path):
    path, agent_text, _ = stereo_call(tmp_path / "call.wav")
    result = fast.transcribe(path, agent_channel=1)
    assert result.segments[0].speaker == "caller"
    assert wer(agent_text, result.segments[0].text) < 0.2


def test_stereo_file_can_be_treated_as_mono(fast, tmp_path):
    path, _, _ = stereo_call(tmp_path / "call.wav")
    result = fast.transcribe(decode_audio(path), channel_layout="mono")
    assert result.extra["asr"]["channel_layout"] == "mono"
    assert "diarisation" in result.extra["asr"]
    assert all(s.speaker == "unknown" or s.speaker_confidence for s in result.segments)
    plain = get_transcriber(EngineSettings(diarise=False)).transcribe(path, channel_layout="mono")
    assert {s.speaker for s in plain.segments} == {"unknown"}


def test_model_is_loaded_once_per_process():
    a = get_transcriber(EngineSettings())
    b = get_transcriber(EngineSettings())
    assert a is b
    c = get_transcriber(EngineSettings(beam_size=1))
    assert c is not a and c.model is a.model  # other decoding settings share the weights


def test_missing_model_is_reported_not_downloaded(tmp_path):
    settings = EngineSettings(model=str(tmp_path / "no-such-model"))
    assert check_settings(settings)
    with pytest.raises(ModelNotFoundError, match="does not exist"):
        get_transcriber(settings)
    with pytest.raises(ModelNotFoundError, match="offline"):
        get_transcriber(EngineSettings(model="large-v3"))


def test_transcript_is_repeatable(fast):
    wav, _ = librivox(3)
    first = fast.transcribe(wav).to_dict()
    assert fast.transcribe(wav).to_dict() == first


@pytest.fixture(scope="module")
def openai_checkpoint(tmp_path_factory):
    if not HAS_OPENAI_WHISPER:
        pytest.skip("openai-whisper is an optional extra (requirements/whisper-openai.in)")
    from scoring.whisper_convert import write_checkpoint

    return write_checkpoint(tmp_path_factory.mktemp("whisper") / "tiny.en.pt")


def test_openai_whisper_engine_on_converted_bundled_weights(openai_checkpoint, tmp_path):
    engine = get_transcriber(EngineSettings(engine="openai-whisper", model=str(openai_checkpoint)))
    wav, text = librivox(0)
    result = engine.transcribe(wav)
    assert wer(text, " ".join(s.text for s in result.segments)) < 0.15
    path, agent_text, caller_text = stereo_call(tmp_path / "call.wav")
    call = engine.transcribe(path)
    assert wer(agent_text, " ".join(s.text for s in call.segments if s.speaker == "agent")) < 0.2
    assert wer(caller_text, " ".join(s.text for s in call.segments if s.speaker == "caller")) < 0.2
    assert call.extra["asr"]["engine"] == "openai-whisper"


def test_openai_whisper_missing_checkpoint_says_how_to_make_one(tmp_path):
    problems = check_settings(EngineSettings(engine="openai-whisper", model="tiny.en"))
    assert any("scoring.whisper_convert" in p for p in problems)
