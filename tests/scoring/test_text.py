"""Normalisation: the many ways speech recognisers write the same words."""

from __future__ import annotations

import pytest

from scoring.detectors.text import SEPARATOR, compile_phrase, normalise_words


@pytest.mark.parametrize(
    "text, words",
    [
        ("I'm calling about R2,500.00", ["i", "am", "calling", "about", "r", "2500.00"]),
        ("um im uh calling", ["i", "am", "calling"]),
        ("within 48hrs", ["within", "48", "hrs"]),
        ("ref12345", ["ref", "12345"]),
        ("by the 25th", ["by", "the", "25th"]),
        ("a kuru leni call centre", ["ekurhuleni", "call", "center"]),
        ("Ekuruleni", ["ekurhuleni"]),
        (
            "City of Ekurhuleni. Is this Mr Dube?",
            ["city", "of", "ekurhuleni", SEPARATOR, "is", "this", "mr", "dube"],
        ),  # fmt: skip
        ("you’re", ["you", "are"]),
        ("can't", ["can", "not"]),
    ],
)
def test_normalise_words(text, words):
    assert normalise_words(text) == words


def test_ordinary_words_are_not_taken_for_the_city():
    assert normalise_words("a cool lady, a clean line") == [
        "a",
        "cool",
        "lady",
        "a",
        "clean",
        "line",
    ]


def test_phrase_compiles_to_chunks_and_gaps():
    compiled = compile_phrase("how may|can i ~2 help|assist")
    assert compiled.plain is None
    assert len(compiled.chunks) == 2 and compiled.gaps == ((0, 2),)
    assert compile_phrase("thank you").plain == ("thank", "you")
    named = compile_phrase("my name is _")
    assert (len(named.chunks), named.trail) == (1, 1)
