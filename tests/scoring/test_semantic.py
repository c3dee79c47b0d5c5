"""Semantic matching with the shipped static embeddings (scoring/semantic.py).

The wordings below are paraphrases: none is an exemplar or a lexicon phrase. Known weak spot of
the shipped (input-layer) vectors: "jot down your incident number" lands nearer the belittling
exemplars than the reference ones, so reference numbers still rest on the lexicon.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from scoring.detectors import analyse
from scoring.semantic import EXEMPLARS, FOLDER, get_semantic

from .conftest import make_call

pytestmark = pytest.mark.skipif(get_semantic() is None, reason="models/static-minilm missing")


def _closest_group(text: str, speaker: str = "agent") -> str:
    semantic = get_semantic()
    vector = semantic.embed([text])[0]
    scores = {
        group: float((exemplars @ vector).max())
        for group, exemplars, who in zip(
            semantic.groups, semantic.exemplars, semantic.speakers, strict=True
        )
        if who == speaker
    }
    return max(scores, key=scores.get)


def test_the_artefact_says_what_it_is_and_matches_its_checksum():
    import hashlib

    card = json.loads((FOLDER / "card.json").read_text())
    assert card["dimensions"] == get_semantic().vectors.shape[1]
    digest = hashlib.sha256((FOLDER / "vectors.npy").read_bytes()).hexdigest()
    assert digest == card["sha256_vectors"]


def test_a_turn_is_a_unit_vector_and_an_empty_one_is_zero():
    vectors = get_semantic().embed(["Your job number is 4471.", ""])
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-3)
    assert not vectors[1].any()


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Shame, I am really sorry you have been without lights for so long.", "empathy"),
        ("Technicians should arrive within two days.", "expectation"),
        ("Those people at the depot are useless, it is their fault.", "blame"),
        ("Pay today or we will send the sheriff to take your things.", "threat"),
        ("Which street is the leak in, and the house number?", "location"),
    ],
)
def test_paraphrases_land_nearest_their_own_exemplars(text, group):
    assert _closest_group(text) == group


def test_call_features_carry_a_similarity_per_group_and_speaker():
    view = analyse(
        make_call(
            ("A", "Good morning, City of Ekurhuleni."),
            ("C", "I am only the tenant here, the owner stays in Durban."),
        )
    )
    found = get_semantic().features(view)
    assert set(found) == {f"sem:{g}:{EXEMPLARS[g][0]}" for g in EXEMPLARS}
    assert all(-1.0 <= v <= 1.0 for v in found.values())


def test_the_fast_token_path_gives_the_tokenizers_ids():
    """Printable ASCII is cut into BERT words here and looked up in a cache; every other text
    goes to the tokenizer. Both must give exactly what ``encode_batch`` gives."""
    import random

    semantic = get_semantic()
    rng = random.Random(11)
    alphabet = "abcXYZ019 .,'!?-_[]{}()\t\n\r\x0b\x0c\x00\x7f@#$%^&*~`|\\/<>;:\"é東ñ€£"
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    texts += [
        "Good morning, you're speaking to Thabo from the City of Ekurhuleni.",
        "R2,500.00 by the 25th?? ok...",
        "[SEP] a special token", "x" * 120, "don't", "", "   ", "naïve café", "Ngiyabonga kakhulu",
    ]  # fmt: skip
    expected = [e.ids for e in semantic.tokenizer.encode_batch(texts, add_special_tokens=False)]
    assert semantic.token_ids(texts) == expected
    assert semantic.token_ids(texts) == expected  # second time from the cache


def test_a_turns_vector_is_the_mean_of_its_token_vectors_exactly():
    semantic = get_semantic()
    texts = ["I am so sorry to hear that, ma'am", "", "a team will be out within 48 hours", "ok"]
    vectors = semantic.embed(texts)
    for text, vector in zip(texts, vectors, strict=True):
        ids = semantic.tokenizer.encode(text, add_special_tokens=False).ids
        if not ids:
            assert not vector.any()
            continue
        mean = semantic.vectors[ids].mean(axis=0)
        assert np.array_equal(vector, mean / np.linalg.norm(mean))
