from scoring.quality import assess_transcript
from scoring.transcript import Segment, Transcript


def transcript(language="en", avg=-0.3, no_speech=0.1, problems=(), segments=True, lang_p=1.0):
    segs = [Segment("agent", 0, 2, "Good morning")] if segments else []
    asr = {
        "language_probability": lang_p,
        "avg_logprob": avg,
        "no_speech_prob": no_speech,
        "audio": {"problems": list(problems)},
    }
    return Transcript(segments=segs, language=language, extra={"asr": asr})


def codes(t):
    return [f.code for f in assess_transcript(t)]


def test_confident_english_call_needs_no_listening():
    assert codes(transcript()) == []


def test_other_language_is_flagged_and_names_what_whisper_lacks():
    flags = assess_transcript(transcript(language="af"))
    assert flags[0].code == "not_english"
    assert "isiZulu" in flags[0].message


def test_low_confidence_poor_audio_and_no_speech_are_flagged():
    assert "low_confidence" in codes(transcript(avg=-1.4))
    assert "low_confidence_speech" in codes(transcript(no_speech=0.9))
    assert "poor_audio" in codes(transcript(problems=["low bit rate (8 kbit/s per channel)"]))
    assert "no_speech" in codes(transcript(segments=False))
    assert "language_uncertain" in codes(transcript(lang_p=0.3))
