"""The lexicon's trie matcher (scoring/detectors/matcher.py) finds what spaCy's matchers found.

It replaced spaCy's ``PhraseMatcher`` and ``Matcher`` for speed; these tests hold it to their
answers on random word sequences (optional words, word lists, numbers), and its ``like_num`` to
spaCy's English one. The whole lexicon's hits on every labelled transcript are fixed by
``test_autoscore_unchanged``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from scoring.detectors.matcher import NUM, PhraseTrie, WordTrie, _expand, like_num, numeric_flags
from scoring.detectors.text import compile_phrase, normalise_segments, thaw

spacy = pytest.importorskip("spacy")

DATA = Path(__file__).resolve().parent.parent / "data" / "transcripts"
VOCAB = ["i", "we", "will", "can", "pay", "the", "500", "one", "first", "3rd", "r", "rand", "to",
         "[x]", "thank", "you", "for", "calling"]  # fmt: skip


def test_like_num_is_spacys_english_like_num():
    from spacy.lang.en.lex_attrs import like_num as spacy_like_num

    words = {"", "+5", "-3", "~7", "\u00b14", "1,000", "3.5", "1/2", "1/x", "21st", "2nd", "th"}
    words |= {"fifth", "hundredth", "Twenty", "zero", "gajillion", "oh", "10th", "x10", "one."}
    for path in DATA.rglob("*.json"):
        texts = [s.get("text", "") for s in json.loads(path.read_text())["segments"]]
        words.update(w for seg in normalise_segments(texts) for w in seg)
    assert len(words) > 2000
    assert [w for w in sorted(words) if like_num(w) != spacy_like_num(w)] == []
    assert numeric_flags(sorted(words)) == [spacy_like_num(w) for w in sorted(words)]


PATTERNS = [
    "i|we will|can [definitely|just] [to] pay|settle",
    "NUM rand|rands",
    "r NUM",
    "the NUM",
    "one NUM",
    "NUM",
    "thank you for calling",
    "thank you",
    "you for",
]


def test_the_tries_find_what_spacys_matchers_find():
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    words_trie, numbers_trie = WordTrie(), PhraseTrie()
    for n, phrase in enumerate(PATTERNS):
        (chunk,) = compile_phrase(phrase).chunks or (None,)
        specs = thaw(chunk) if chunk else [{"LOWER": w} for w in phrase.split()]
        matcher.add(str(n), [specs])
        wordings = _expand(specs)
        (numbers_trie if any(NUM in w for w in wordings) else words_trie).add(n, wordings)
    rng = random.Random(5)
    for _ in range(400):
        words = [rng.choice(VOCAB) for _ in range(rng.randint(1, 25))]
        doc = Doc(nlp.vocab, words=words)
        expected = {(int(nlp.vocab.strings[m]), s, e) for m, s, e in matcher(doc)}
        found = words_trie.find(words) + numbers_trie.find(words, numeric_flags(words))
        assert set(found) == expected, words
        assert len(found) == len(set(found))  # each match once
        by_key: dict[int, list[int]] = {}
        for key, start, _ in found:
            by_key.setdefault(key, []).append(start)
        assert all(starts == sorted(starts) for starts in by_key.values())  # by start
