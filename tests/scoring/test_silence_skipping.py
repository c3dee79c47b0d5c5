"""Silence skipping before decoding (scoring.transcription.sounding_spans) and the sparse
language identification (scoring.language.LanguageIdentifier.windows with a stride)."""

import numpy as np
import pytest

from scoring.audio import decode_audio
from scoring.language import LanguageIdentifier
from scoring.transcription import (
    CLIP_S,
    SILENCE_FLOOR_DB,
    decoding_clips,
    get_transcriber,
    sounding_spans,
)
from tests.audio_helpers import librivox, write_wav

SR = 16000


def _tone(seconds: float, dbfs: float) -> np.ndarray:
    t = np.arange(int(seconds * SR)) / SR
    return (np.sin(2 * np.pi * 300 * t) * np.sqrt(2) * 10 ** (dbfs / 20)).astype(np.float32)


def _spans(x, **kw):
    opts = {"margin_db": 40.0, "min_silence_s": 1.0, "pad_s": 0.3} | kw
    return [(a / SR, b / SR) for a, b in sounding_spans(x, **opts)]


def test_long_silences_are_cut_with_a_margin_and_short_pauses_kept():
    x = np.concatenate(
        [
            _tone(2, -20),
            np.zeros(5 * SR, np.float32),
            _tone(2, -20),
            np.zeros(SR // 2, np.float32),
            _tone(1, -20),
        ]
    )
    assert _spans(x) == [(0.0, 2.3), (6.7, 10.5)]


def test_quiet_speech_is_kept_but_line_silence_is_not():
    # Whispered-level speech 30 dB under the loud speech stays; a 4 s stretch under the floor goes.
    quiet = _tone(2, -50)
    hold = _tone(4, SILENCE_FLOOR_DB - 5)
    x = np.concatenate([_tone(2, -20), hold, quiet])
    assert _spans(x) == [(0.0, 2.3), (5.7, 8.0)]


def test_a_silent_channel_has_nothing_to_decode_and_a_short_one_is_kept_whole():
    assert (
        sounding_spans(np.zeros(10 * SR, np.float32), margin_db=40, min_silence_s=1, pad_s=0.3)
        == []
    )
    short = _tone(0.01, -20)
    assert sounding_spans(short, margin_db=40, min_silence_s=1, pad_s=0.3) == [(0, len(short))]


@pytest.mark.slow
def test_words_after_a_cut_hold_keep_their_place_on_the_call_time_line(tmp_path):
    """Real read speech, a 40 s hold of silence, real read speech: the hold is not decoded and
    the second reading's words are stamped after the hold, where they were said."""
    first, _ = librivox(0)
    second, _ = librivox(1)
    a, b = decode_audio(first).mono(), decode_audio(second).mono()
    hold = np.zeros(40 * SR, np.float32)
    path = write_wav(tmp_path / "hold.wav", [np.concatenate([a, hold, b])])
    result = get_transcriber().transcribe(path)
    words = [w for s in result.segments for w in (s.words or ())]
    boundary = (len(a) + len(hold)) / SR
    late = [w for w in words if w["start"] >= boundary - 0.3]
    early = [w for w in words if w["end"] <= len(a) / SR + 0.3]
    assert len(early) >= 8 and len(late) >= 5
    assert len(early) + len(late) == len(words)  # nothing placed inside the hold
    assert late[-1]["end"] <= result.duration_s + 0.1


def test_batched_clips_fit_whisper_s_window_and_are_cut_where_silence_was_taken_out():
    x = _tone(70, -20)
    clips = decoding_clips(x, joins=[12 * SR, 25 * SR, 41 * SR, 66 * SR])
    assert clips[0] == (0, 25 * SR) and clips[1] == (25 * SR, 41 * SR)
    assert all(b - a <= CLIP_S * SR for a, b in clips)
    assert clips[-1][1] == len(x) and all(
        a == b for (_, a), (b, _) in zip(clips, clips[1:], strict=False)
    )


def test_without_joins_a_long_clip_is_cut_at_its_quietest_moment():
    x = _tone(45, -20)
    x[int(24.5 * SR) : int(24.6 * SR)] = 0.0  # a pause between two words
    (first, cut), (again, end) = decoding_clips(x, joins=[])
    assert first == 0 and cut == again and end == len(x)
    assert 24.5 * SR <= cut <= 24.6 * SR


class _Scripted(LanguageIdentifier):
    """The model's answers per window, scripted, to check which windows the stride examines."""

    def __init__(self, answers):
        self.answers, self.asked = answers, []

    def identify(self, samples):
        i = int(round(float(samples[0]) * 100))
        self.asked.append(i)
        return self.answers[i]


def _stamps_and_samples(n):
    # n windows of 4 s speech, 1 s apart; each window's first sample says which window it is.
    samples = np.zeros(n * 5 * SR, np.float32)
    stamps = []
    for i in range(n):
        start = i * 5 * SR
        samples[start : start + 4 * SR] = i / 100
        stamps.append({"start": start, "end": start + 4 * SR})
    return samples, stamps


def test_stride_skips_windows_between_surely_english_ones_and_examines_any_doubt():
    en, fr = [("en", 0.98)], [("fr", 0.95), ("en", 0.02)]
    answers = [en, en, en, en, en, fr, fr, en, en]
    samples, stamps = _stamps_and_samples(len(answers))
    ident = _Scripted(answers)
    windows = ident.windows(samples, stamps, stride=2)
    # Anchors 0, 2, 4, 6, 8; 1 and 3 lie between sure English; 5 and 7 border French: examined.
    assert sorted(ident.asked) == [0, 2, 4, 5, 6, 7, 8]
    assert [w.identified for w in windows] == [True, False, True, False] + [True] * 5
    assert [w.language for w in windows] == ["en"] * 5 + ["fr", "fr", "en", "en"]


def test_stride_one_examines_every_window():
    answers = [[("en", 0.99)]] * 5
    samples, stamps = _stamps_and_samples(5)
    ident = _Scripted(answers)
    ident.windows(samples, stamps, stride=1)
    assert sorted(ident.asked) == [0, 1, 2, 3, 4]
