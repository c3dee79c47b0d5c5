import pytest

from scoring.metrics import speech_metrics
from scoring.transcript import Segment


def test_talk_silence_overtalk_and_holds():
    segments = [
        Segment("agent", 0.0, 4.0, "Good morning City of Ekurhuleni how may I help"),  # 9 words
        Segment("caller", 3.5, 8.0, "there is no water in Tembisa"),
        Segment("agent", 9.0, 10.0, "please hold"),
        Segment("agent", 25.0, 28.0, "thank you for holding"),
        Segment("caller", 28.5, 30.0, "thanks bye"),
    ]
    m = speech_metrics(segments, 32.0, hold_threshold_s=10)
    assert m.talk_s == {"agent": 8.0, "caller": 6.0}
    assert m.overtalk_s == pytest.approx(0.5)
    assert m.hold_count == 1 and m.holds == [(10.0, 25.0)] and m.hold_s == 15.0
    assert m.longest_silence_s == 15.0
    # speech covers 0-8, 9-10, 25-28, 28.5-30 = 13.5 s of 32
    assert m.silence_s == pytest.approx(18.5)
    assert m.talk_listen_ratio == pytest.approx(8 / 6, abs=0.01)
    assert m.words_per_minute["agent"] == pytest.approx(15 / (8 / 60), abs=0.1)


def test_mono_call_has_no_talk_listen_ratio():
    m = speech_metrics([Segment("unknown", 1.0, 3.0, "hello there")], 5.0)
    assert m.talk_listen_ratio is None
    assert m.talk_s == {"unknown": 2.0}
    assert m.overtalk_s == 0
    assert m.silence_s == 3.0


def test_call_without_speech_is_all_silence():
    m = speech_metrics([], 12.0)
    assert m.silence_s == 12.0 and m.longest_silence_s == 12.0 and m.hold_count == 0
