"""Text normalisation and the phrase-pattern language the detectors are written in.

Transcripts arrive noisy: lowercase or not, with or without punctuation, with fillers ("um",
"uh"), contractions with and without apostrophes ("i'm", "im"), money as "R2,500.00",
"r2500" or "two thousand five hundred rand", and the City's name misheard ("ekuruleni",
"a kuru leni"). :func:`normalise_words` turns a segment's text into plain lowercase words so
that one pattern matches all of these.

Patterns are written as short phrases (see :func:`compile_phrase`) and compiled once into the
word trie of :mod:`.matcher`: the cost of a transcript is one walk over its words, never a
per-call matcher construction.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

SEPARATOR = "\u00a7"  # between segments and sentences, so no pattern spans two of them

FILLERS = frozenset(
    [
        "um",
        "umm",
        "ummm",
        "uh",
        "uhh",
        "uhm",
        "er",
        "erm",
        "ah",
        "ahh",
        "eh",
        "hmm",
        "hm",
        "mm",
        "mmm",
        "mhm",
        "uhuh",
    ]
)

# Contractions, written with or without the apostrophe (ASR output often drops it). Only forms
# that are not ordinary words without the apostrophe are expanded when it is missing.
_CONTRACTIONS = {
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "ive": "i have",
    "i'll": "i will",
    "i'd": "i would",
    "you're": "you are",
    "youre": "you are",
    "you'll": "you will",
    "youll": "you will",
    "you've": "you have",
    "youve": "you have",
    "you'd": "you would",
    "we're": "we are",
    "we'll": "we will",
    "we've": "we have",
    "they're": "they are",
    "theyre": "they are",
    "they'll": "they will",
    "theyll": "they will",
    "it's": "it is",
    "that's": "that is",
    "thats": "that is",
    "what's": "what is",
    "whats": "what is",
    "there's": "there is",
    "theres": "there is",
    "here's": "here is",
    "who's": "who is",
    "he's": "he is",
    "she's": "she is",
    "let's": "let us",
    "name's": "name is",
    "don't": "do not",
    "dont": "do not",
    "doesn't": "does not",
    "doesnt": "does not",
    "didn't": "did not",
    "didnt": "did not",
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "wont": "will not",
    "isn't": "is not",
    "isnt": "is not",
    "aren't": "are not",
    "arent": "are not",
    "wasn't": "was not",
    "wasnt": "was not",
    "weren't": "were not",
    "haven't": "have not",
    "havent": "have not",
    "hasn't": "has not",
    "hasnt": "has not",
    "wouldn't": "would not",
    "wouldnt": "would not",
    "couldn't": "could not",
    "couldnt": "could not",
    "shouldn't": "should not",
    "shouldnt": "should not",
    "gonna": "going to",
    "wanna": "want to",
    "y'all": "you all",
    "ma'am": "madam",
    "maam": "madam",
    "centre": "center",
    "apologize": "apologise",
    "apologized": "apologised",
    "authorized": "authorised",
    "okay": "ok",
    "o.k": "ok",
}

# The City's name as a speech recogniser tends to write it: one word or split in two or three.
_EKURHULENI = re.compile(r"[ea]?k+h?[uo]r*h?[uo]?l+[aeiy]+n+[aeiy]*s?")
_EKURHULENI_PARTS = ("ku", "ul", "le", "ru")
# What every spelling above holds from its "k" to its first "n": a name made of some run of a
# segment's words is a piece of the words joined, so a segment whose joined words lack this has
# nothing to mend (one search in C instead of the word-by-word look below).
_EKURHULENI_CORE = re.compile(r"k+h?[uo]r*h?[uo]?l+[aeiy]+n")

# Each pattern starts with a literal or a rare character class where it can, so the regex engine
# skips ahead instead of trying every position (a lookbehind first is tried everywhere); each
# is the same rewrite as the lookbehind form it replaced.
_PRE = [
    (re.compile(r"[\u2018\u2019\u02bc`]"), "'"),
    (re.compile(r"(\d)[,\s](?=\d{3}\b)"), r"\1"),  # 2,500 / 2 500 -> 2500
    (re.compile(r"[$\u00a3\u20ac]\s?(?=\d)"), " r "),  # speech recognisers write rand as $ or £
    (re.compile(r"r(?=\d)(?<!\wr)"), "r "),  # R2500 -> r 2500 (an "r" starting a word)
    (re.compile(r"(\d)(?=[a-z])(?!(?:st|nd|rd|th)\b)"), r"\1 "),  # 48hrs -> 48 hrs
    (re.compile(r"(\d)(?<=[a-z]\d)"), r" \1"),  # ref12345 -> ref 12345
    (re.compile(r"\.(?<=\d\.)(?=\d)"), "\x00"),  # keep decimal points
    (re.compile(r"[.?!;]+(?=\s|$)"), " \u00a7 "),  # sentence ends: wildcards stop there
    # Anything else but letters, digits and the marks read below becomes a space (a space
    # stays as it is: the text is split on whitespace next).
    (re.compile(r"[^a-z0-9'\x00\u00a7\u00b6 ]+"), " "),
]


# Letters outside ASCII, except the quote marks, currency signs and break marks read later.
_FOLDABLE = re.compile(r"[^\x00-\x7f\u2018\u2019\u02bc\u00a3\u20ac\u00a7\u00b6]")


def _fold(match: re.Match) -> str:
    decomposed = unicodedata.normalize("NFKD", match.group())
    return "".join(c for c in decomposed if not unicodedata.combining(c)) or match.group()


def fold_accents(text: str) -> str:
    """Afrikaans and other accented letters as plain ones ("môre" -> "more", "ŉ" -> "n");
    the quote marks, currency signs and break marks the later steps read are kept."""
    return _FOLDABLE.sub(_fold, text)


def normalise_words(text: str) -> list[str]:
    """Lowercase words of ``text`` without punctuation, fillers or contractions."""
    return normalise_segments([text])[0]


_SEGMENT_BREAK = "\u00b6"


def normalise_segments(texts: list[str]) -> list[list[str]]:
    """:func:`normalise_words` for every segment of a call, in one pass of each regex.

    Segments are joined with a break mark for the regexes, then cut apart again; each word costs
    one dict look-up (:data:`_SPECIAL`) unless it holds an apostrophe the list does not know."""
    text = f" {_SEGMENT_BREAK} ".join(t.replace(_SEGMENT_BREAK, " ") for t in texts).lower()
    if not all(t.isascii() for t in texts):
        text = fold_accents(text)
    for pattern, repl in _PRE:
        text = pattern.sub(repl, text)
    if "\x00" in text:
        text = text.replace("\x00", ".")
    special = _SPECIAL
    segments: list[list[str]] = []
    for part in text.split(_SEGMENT_BREAK):
        apostrophes = "'" in part
        words: list[str] = []
        append = words.append
        for word in part.split():
            kind = special.get(word)
            if kind is None:
                if apostrophes and "'" in word:
                    _apostrophe_word(word, words)
                else:
                    append(word)
            elif kind is _SEPARATOR_WORD:
                if words and words[-1] != SEPARATOR:
                    append(word)
            elif kind:  # a contraction: its expansion (fillers map to an empty tuple)
                words.extend(kind)
        segments.append(_finish(words, part))
    return segments


_SEPARATOR_WORD = (SEPARATOR,)
# Words the fast path cannot just keep: the sentence break, fillers (dropped: an empty tuple)
# and contractions written without an apostrophe (their expansion).
_SPECIAL: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(FILLERS, ()),
    **{word: tuple(expansion.split()) for word, expansion in _CONTRACTIONS.items()},
    SEPARATOR: _SEPARATOR_WORD,
}


def _apostrophe_word(raw: str, words: list[str]) -> None:
    """Add the word(s) of ``raw``, a token with an apostrophe that is not a listed contraction
    as it stands ("'quoted'", "o'clock", "rock'n'roll", "they'd")."""
    word = raw.strip("'")
    if word == SEPARATOR:
        if words and words[-1] != SEPARATOR:
            words.append(word)
        return
    if not word or word in FILLERS:
        return
    expanded = _CONTRACTIONS.get(word)
    if expanded is not None:
        words.extend(expanded.split())
        return
    if "'" in word:
        if word.endswith("n't"):
            words.extend((word[:-3], "not"))
            return
        word = re.sub(r"'(s|re|ll|ve|d|m)$", "", word).replace("'", "")
        if not word:
            return
    words.append(word)


def _finish(words: list[str], text: str | None = None) -> list[str]:
    """Drop trailing breaks and mend the City's name; ``text``, the segment's text, lets a
    segment without a "k" (most of them) skip the mending."""
    while words and words[-1] == SEPARATOR:
        words.pop()
    if text is not None and "k" not in text:
        return words
    if not _EKURHULENI_CORE.search("".join(words)):
        return words  # no run of words spells even the name's core ("thank", "okay", "like")
    return _mend_city_name(words)


def _mend_city_name(words: list[str]) -> list[str]:
    """The City's name, split or misheard by the recogniser, as one word ("a kuru leni" ->
    "ekurhuleni"). Only a word with a "k" near its start, or a short word just before one, can
    start the name: the rest are copied in slices."""
    with_k = [j for j, word in enumerate(words) if "k" in word[:3]]
    if not with_k:
        return words
    starts = set(with_k)
    starts.update(j - 1 for j in with_k if j and "k" in words[j][:2] and len(words[j - 1]) <= 2)
    out: list[str] = []
    i = 0
    for start in sorted(starts):
        if start < i:
            continue  # inside a name just mended
        out.extend(words[i:start])
        width = _city_name_width(words, start)
        if width:
            out.append("ekurhuleni")
            i = start + width
        else:
            out.append(words[start])
            i = start + 1
    out.extend(words[i:])
    return out


def _city_name_width(words: list[str], i: int) -> int:
    """How many words from ``i`` spell the City's name (0 if they do not)."""
    n = len(words)
    for width in (1, 2, 3):
        if i + width > n:
            continue
        pieces = words[i : i + width]
        chunk = "".join(pieces)
        if not 7 <= len(chunk) <= 13:
            continue
        # A name split by the recogniser comes in short pieces ("a kuru leni").
        if width > 1 and (
            max(len(p) for p in pieces) > 6 or not any(p in chunk for p in _EKURHULENI_PARTS)
        ):
            continue
        if _EKURHULENI.fullmatch(chunk) and ("k" in chunk[:3]):
            return width
    return 0


# --- the phrase pattern language ---------------------------------------------------------------
#
# A phrase is a space-separated list of token specs:
#   word          the word (lowercase)
#   a|b|c         any of these words
#   [a|b]         optionally one of these words
#   NUM           a number, as digits or words ("48", "forty", "25th", "fifth"); codes such as
#                 "ek12345" are split into letters and digits when normalised
#   _             exactly one word (any)
#   ~             up to three words (any)
#   ~N            up to N words (any)
# Phrases without any special token are looked up whole. The rest are cut at their wildcards
# into chunks, and the chunks of one phrase are joined in Python (the next chunk starting within
# the gap, in the same sentence). A chunk is expanded into all its wordings (NUM stays a token
# of its own); every wording sits in one trie walked once per call (:mod:`.matcher`), and a
# one-word chunk is not matched at all: the join looks its word up where it would have to be.


@dataclass(frozen=True, slots=True)
class CompiledPhrase:
    plain: tuple[str, ...] | None  # the words, when the phrase has no special token
    chunks: tuple[tuple[tuple[tuple[str, Any], ...], ...], ...] = ()  # token specs per chunk
    gaps: tuple[tuple[int, int], ...] = ()  # (fewest, most) words between chunk i and i + 1
    lead: int = 0  # any-words ("_") before the first chunk
    trail: int = 0  # any-words after the last chunk


def _freeze(spec: dict) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, json.dumps(v, sort_keys=True)) for k, v in spec.items()))


def thaw(chunk: tuple[tuple[tuple[str, Any], ...], ...]) -> list[dict]:
    return [{k: json.loads(v) for k, v in spec} for spec in chunk]


@cache
def compile_phrase(phrase: str) -> CompiledPhrase:
    parts = phrase.split()
    if all(re.fullmatch(r"[a-z0-9.]+", p) for p in parts):
        return CompiledPhrase(plain=tuple(parts))
    chunks: list[list[dict]] = []
    gaps: list[list[int]] = []
    lead = 0
    pending = [0, 0]  # the gap being collected since the last chunk
    for part in parts:
        if part == "_" or part.startswith("~"):
            low, high = (1, 1) if part == "_" else (0, int(part[1:] or 3))
            if not chunks:
                lead += low
            pending = [pending[0] + low, pending[1] + high]
            continue
        if part == "NUM":
            spec: dict = {"LIKE_NUM": True}
        elif part.startswith("[") and part.endswith("]"):
            spec = {"LOWER": {"IN": part[1:-1].split("|")}, "OP": "?"}
        elif "|" in part:
            spec = {"LOWER": {"IN": part.split("|")}}
        else:
            spec = {"LOWER": part}
        if chunks and pending == [0, 0]:
            chunks[-1].append(spec)
        else:
            if chunks:
                gaps.append(pending)
            chunks.append([spec])
        pending = [0, 0]
    return CompiledPhrase(
        plain=None,
        chunks=tuple(tuple(_freeze(spec) for spec in chunk) for chunk in chunks),
        gaps=tuple((low, high) for low, high in gaps),
        lead=lead,
        trail=pending[0],  # a trailing "~N" adds nothing; a trailing "_" needs a word
    )
