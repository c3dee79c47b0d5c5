"""Helpers to write short calls in tests: ("A", "text") turns, optional silence before a turn."""

from __future__ import annotations

import pytest

from scoring.detectors import DETECTORS, analyse
from scoring.detectors.cues import sentences
from scoring.detectors.text import normalise_words
from scoring.transcript import Segment, Transcript


def make_call(*turns, mono: bool = False) -> Transcript:
    """``turns``: ("A"|"C", text) or ("A"|"C", text, silence_before_seconds)."""
    segments = []
    t = 0.0
    for turn in turns:
        who, text = turn[0], turn[1]
        t += turn[2] if len(turn) > 2 else 0.4
        length = max(1.0, len(text.split()) / 2.5)
        speaker = "unknown" if mono else {"A": "agent", "C": "caller"}[who]
        segments.append(
            Segment(speaker=speaker, start=round(t, 2), end=round(t + length, 2), text=text)
        )
        t += length
    return Transcript(segments=segments, call_id="test")


def detect(key: str, transcript: Transcript):
    return DETECTORS[key](analyse(transcript))


def in_any_sentence(check, text: str) -> bool:
    """Whether the cue test ``check`` holds for some sentence of ``text``."""
    return any(check(s) for s in sentences(normalise_words(text)))


@pytest.fixture
def call():
    return make_call
