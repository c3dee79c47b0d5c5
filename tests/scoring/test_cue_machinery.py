"""The machinery under the cues and doubts gives the answers a plain scan gives.

``_any_seq`` indexes each tuple of word sequences by first and second word so most sentences are
turned away by set tests; ``segment_sentences`` splits a segment once per view and shares the
sentences between the cues and the doubts. Both are checked here against the obvious
implementation, on random sentences built from the very words the cue and doubt sequences use
(so that many of them do match), with every gap the tests use.
"""

from __future__ import annotations

import random
from types import SimpleNamespace

from scoring.detectors import cues as cue_module
from scoring.detectors import doubt as doubt_module
from scoring.detectors.cues import Sentence, _any_seq, segment_sentences, sentences
from scoring.detectors.text import SEPARATOR


def _plain_any_seq(words: list[str], seqs, gap: int) -> bool:
    """Every sequence tried in turn: each word at most ``gap`` words after the previous one."""
    for seq in seqs:
        for i, word in enumerate(words):
            if word != seq[0]:
                continue
            at, ok = i, True
            for nxt in seq[1:]:
                window = words[at + 1 : at + 1 + gap]
                if nxt not in window:
                    ok = False
                    break
                at += 1 + window.index(nxt)
            if ok:
                return True
    return False


def _sequence_tuples() -> list[tuple[tuple[str, ...], ...]]:
    found = []
    for module in (cue_module, doubt_module):
        for value in vars(module).values():
            if (
                isinstance(value, tuple)
                and value
                and all(isinstance(s, tuple) and s and all(isinstance(w, str) for w in s)
                        for s in value)
            ):  # fmt: skip
                found.append(value)
    return found


def test_any_seq_agrees_with_a_plain_scan():
    tuples = _sequence_tuples()
    assert len(tuples) >= 10
    rng = random.Random(7)
    vocabulary = sorted({w for seqs in tuples for seq in seqs for w in seq}) + ["zz", "qq"]
    matched = 0
    for _ in range(6000):
        seqs = rng.choice(tuples)
        pool = [w for seq in seqs for w in seq] + ["zz", "qq"]
        words = [
            rng.choice(pool if rng.random() < 0.8 else vocabulary)
            for _ in range(rng.randint(0, 14))
        ]
        for gap in (1, 2, 3):
            expected = _plain_any_seq(words, seqs, gap)
            matched += expected
            assert _any_seq(Sentence(words), seqs, gap) is expected, (words, gap)
            assert _any_seq(list(words), seqs, gap) is expected, (words, gap)
    assert matched > 1000  # the random sentences did exercise the matching branch


def test_segment_sentences_are_the_sentences_of_each_segment():
    rng = random.Random(3)
    for _ in range(2000):
        words = [[rng.choice(["a", "b", SEPARATOR]) for _ in range(rng.randint(0, 9))]
                 for _ in range(3)]  # fmt: skip
        view = SimpleNamespace(words=words)
        for i in range(3):
            shared = segment_sentences(view, i)
            assert [list(s) for s in shared] == sentences(words[i])
            assert all(type(s) is Sentence and s.ws == frozenset(s) for s in shared)
            assert segment_sentences(view, i) is shared  # split once per view
