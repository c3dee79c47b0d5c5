"""Redaction of personal data in transcript text.

Finds South African ID numbers (python-stdnum: date, citizenship and Luhn check), phone numbers
(phonenumbers, region ZA), e-mail addresses, bank card numbers (13-19 digits passing Luhn),
municipal account numbers (a configurable regular expression over the digits) and any other
long digit run. Numbers count whether written ("0825551234", "082 555 1234") or spoken digit by
digit as Whisper writes them ("five five two eight one nine ...", "double five", "oh eight two").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers
from stdnum import luhn
from stdnum.za import idnr

from scoring.spoken_digits import DIGIT_VALUES
from scoring.transcript import Segment

DEFAULT_ACCOUNT_PATTERN = r"\d{8,12}"
LABELS = {
    "id_number": "[ID NUMBER]",
    "phone": "[PHONE NUMBER]",
    "email": "[E-MAIL]",
    "card": "[CARD NUMBER]",
    "account": "[ACCOUNT NUMBER]",
    "number": "[NUMBER]",
}
# A run of this many digits or more is personal enough to hide even when no rule names it.
LONG_RUN = 9
MIN_RUN = 6

# A lone "o" is read as zero here too: redaction would rather hide a digit too many. (The
# detectors do not take it: Sesotho's "o" is a pronoun.)
_DIGIT_WORDS = {**DIGIT_VALUES, "o": "0"}
_MULTIPLIERS = {"double": 2, "triple": 3}
_WORD = r"(?:zero|oh|o|nought|one|two|three|four|five|six|seven|eight|nine)"
# One token of a spoken or written number: digits (but not a thousands-formatted amount such as
# "3,400"), a digit word, or "double"/"triple" + digit word; optionally a leading "+".
_TOKEN = rf"(?:\+?\d+(?!,\d{{3}})|(?:(?:double|triple)\s+)?{_WORD}\b)"
_RUN = re.compile(rf"(?<![\w.]){_TOKEN}(?:[\s,.\-]+{_TOKEN})*", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_SPOKEN_EMAIL = re.compile(r"\b[\w.]+\s+at\s+[\w-]+(?:\s+dot\s+[a-z]{2,6})+\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    start: int
    end: int


@dataclass(slots=True)
class Redacted:
    text: str
    findings: list[Finding] = field(default_factory=list)


def _digits(run: str) -> str:
    out = []
    tokens = re.findall(rf"\+|\d+|(?:double|triple)|{_WORD}\b", run, re.IGNORECASE)
    repeat = 1
    for token in tokens:
        low = token.lower()
        if low in _MULTIPLIERS:
            repeat = _MULTIPLIERS[low]
            continue
        if low == "+":
            continue
        digit = _DIGIT_WORDS.get(low, token)
        out.append(digit * repeat)
        repeat = 1
    return "".join(out)


def classify_number(digits: str, *, account_pattern: str = DEFAULT_ACCOUNT_PATTERN) -> str | None:
    """The kind of personal number ``digits`` is, or None when it is no personal data."""
    if len(digits) == 13 and idnr.is_valid(digits):
        return "id_number"
    if 9 <= len(digits) <= 12:
        try:
            number = phonenumbers.parse(digits, "ZA")
        except phonenumbers.NumberParseException:
            number = None
        if number is not None and phonenumbers.is_valid_number(number):
            return "phone"
    if 13 <= len(digits) <= 19 and luhn.is_valid(digits):
        return "card"
    if account_pattern and re.fullmatch(account_pattern, digits):
        return "account"
    if len(digits) >= LONG_RUN:
        return "number"
    return None


def redact_text(text: str, *, account_pattern: str = DEFAULT_ACCOUNT_PATTERN) -> Redacted:
    spans: list[Finding] = []
    for pattern in (_EMAIL, _SPOKEN_EMAIL):
        for m in pattern.finditer(text):
            spans.append(Finding("email", m.start(), m.end()))
    for m in _RUN.finditer(text):
        if any(f.start <= m.start() < f.end for f in spans):
            continue
        run = m.group(0).rstrip(" ,.-")
        digits = _digits(run)
        if len(digits) < MIN_RUN:
            continue
        kind = classify_number(digits, account_pattern=account_pattern)
        if kind:
            spans.append(Finding(kind, m.start(), m.start() + len(run)))
    spans.sort(key=lambda f: f.start)
    out, pos = [], 0
    for f in spans:
        out.append(text[pos : f.start])
        out.append(LABELS[f.kind])
        pos = f.end
    out.append(text[pos:])
    return Redacted("".join(out), spans)


def redact_segments(
    segments: list[Segment], *, account_pattern: str = DEFAULT_ACCOUNT_PATTERN
) -> tuple[list[Segment], list[dict]]:
    """Segments with personal data replaced, and what was found where (kind, segment index).

    A number spoken across a turn boundary is not joined: each turn is redacted on its own."""
    redacted, found = [], []
    for i, seg in enumerate(segments):
        result = redact_text(seg.text, account_pattern=account_pattern)
        found += [{"segment": i, "kind": f.kind} for f in result.findings]
        redacted.append(
            Segment(
                speaker=seg.speaker,
                start=seg.start,
                end=seg.end,
                text=result.text,
                avg_logprob=seg.avg_logprob,
                no_speech_prob=seg.no_speech_prob,
                language=seg.language,
                language_probability=seg.language_probability,
                language_guess=seg.language_guess,
                # The word list would give the personal data back: kept only where nothing was
                # redacted in the segment.
                words=None if result.findings else seg.words,
                speaker_confidence=seg.speaker_confidence,
            )
        )
    return redacted, found
