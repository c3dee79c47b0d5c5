"""Word error rate with Whisper's English normaliser (numbers, spellings, fillers, punctuation),
so that figures compare with published Whisper results. No dependencies beyond the standard
library: the dev-set test and the benchmark use it in the base install."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=1)
def _normaliser():
    from scoring.whisper_english_normaliser import EnglishTextNormalizer

    return EnglishTextNormalizer()


def normalise(text: str) -> list[str]:
    return _normaliser()(text).split()


def _edits(ref: list[str], hyp: list[str]) -> int:
    """Levenshtein distance over words (substitutions + deletions + insertions)."""
    previous = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        current = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (r != h))
        previous = current
    return previous[-1]


@dataclass(frozen=True, slots=True)
class WordErrors:
    errors: int
    words: int

    @property
    def wer(self) -> float:
        return self.errors / self.words if self.words else 0.0


def word_errors(references: Sequence[str], hypotheses: Sequence[str]) -> WordErrors:
    """Errors and reference words summed over pairs (a corpus-level WER, not a mean of WERs)."""
    if len(references) != len(hypotheses):
        raise ValueError("references and hypotheses must pair up")
    errors = words = 0
    for ref, hyp in zip(references, hypotheses, strict=True):
        r, h = normalise(ref), normalise(hyp)
        errors += _edits(r, h)
        words += len(r)
    return WordErrors(errors, words)
