"""A promise to pay read back: the sum and the day the customer agreed, said back by the agent.

Shapes, not phrases: an agent sentence that holds a sum of money, in a turn that holds a day,
counts as a read-back when it is confirmed in one of three ways:

* the agent says so in the same turn ("... I've noted it", "Ek bevestig: ...", "Ke netefatsa");
* the sum is the one the customer just offered ("so that's the R800 you said, on Friday the
  25th" after "I can do eight hundred"), whatever words the agent wraps around it;
* the customer agrees right after ("ke a dumela", "ewe", "ja, reg so").

A sentence that states the debt ("R1 700 in arrears, due the 20th") or sets a condition on the
sum ("if we don't see R19 870 by tomorrow ...") reads nothing back; a condition said after the
sum and day, or one the agent confirms past ("if that suits you, I confirm R500 on the 5th"),
is no obstacle.
"""

from __future__ import annotations

import re

from .base import CallView
from .cues import (
    CONFIRM_VERBS,
    MONTHS,
    NEGATORS,
    ORDINALS,
    _any_seq,
    _is_amount,
    _is_date,
    _set,
    segment_sentences,
)
from .sa_lexicon import AGREEMENT_BY_LANGUAGE, AMBIGUOUS_NUMBER_WORDS, CONFIRM_WORDS_BY_LANGUAGE
from .sa_lexicon import NUMBER_WORDS as NUMBER_VALUES

# The debt itself, not a promise: the sentence tells what is owed or when it was due.
DEBT_STATEMENT = _set("due arrears arrear overdue owing outstanding owe owes payable")
# "R853 a month on the arrears" is what the payment goes to, not the debt told.
TOWARDS = _set("on towards toward for off of against")
CONDITIONS = _set("if unless otherwise")
SOON_DAYS = _set("today tomorrow tonight")
SMALLEST_SUM = 50  # below this a figure is a day, a count or a digit, not a sum of rand

_VALUES = {
    word: value
    for by_word in NUMBER_VALUES.values()
    for word, value in by_word.items()
    if word not in AMBIGUOUS_NUMBER_WORDS
}
_VALUE_WORDS = frozenset(_VALUES)
_DIGIT = re.compile(r"\d")
_CONFIRM_ONE = frozenset(
    w for words in CONFIRM_WORDS_BY_LANGUAGE.values() for w in words if " " not in w
) | CONFIRM_VERBS - {"so", "right", "correct", "put", "arrangement"}
_CONFIRM_MANY = tuple(
    tuple(w.split()) for words in CONFIRM_WORDS_BY_LANGUAGE.values() for w in words if " " in w
)
_AGREE_ONE = frozenset(w for ws in AGREEMENT_BY_LANGUAGE.values() for w in ws if " " not in w)
_AGREE_MANY = tuple(
    tuple(w.split()) for ws in AGREEMENT_BY_LANGUAGE.values() for w in ws if " " in w
)


def sum_spans(words: list[str]) -> list[tuple[int, int]]:
    """The sums of money said in ``words``, as (where the sum starts, whole rand): figures
    ("r 1500", "1845.60") and runs of number words in English or Afrikaans ("two thousand one
    hundred and forty", "twelve fifty" said as hundreds, "two fifty"); digits read out one by
    one ("five five zero one") are a number, not a sum."""
    found: list[tuple[int, int]] = []
    total = current = 0
    start = -1
    code = False
    last = None

    def close() -> None:
        nonlocal total, current, start, code, last
        if start >= 0 and not code and total + current >= SMALLEST_SUM:
            found.append((start, total + current))
        total = current = 0
        start = -1
        code = False
        last = None

    for i, w in enumerate(words):
        if w[:1].isdigit():
            close()
            head = w.split(".")[0].replace(",", "")
            ordinal = i + 1 < len(words) and words[i + 1] in ("de", "ste")  # "die 3de"
            if head.isdigit() and not ordinal and not _is_date(w) and int(head) >= SMALLEST_SUM:
                found.append((i, int(head)))
            continue
        value = _VALUES.get(w)
        if value is None:
            if w == "and" and start >= 0:
                continue
            close()
            continue
        if start < 0:
            start = i
        if last is not None and last < 10 and value < 10:
            code = True
        last = value
        if value == 100:
            current = (current or 1) * 100
        elif value >= 1000:
            total += (current or 1) * value
            current = 0
        elif 0 < current < 100 and not (current % 10 == 0 and current >= 20 and value < 10):
            current = current * 100 + value  # "twelve fifty", "two fifty": hundreds said short
        else:
            current += value
    close()
    return found


def sums(words: list[str]) -> set[int]:
    """The sums of money said in ``words`` (see :func:`sum_spans`), as whole rand."""
    return {value for _, value in sum_spans(words)}


def _beside_number(words: list[str], i: int) -> bool:
    near = words[max(0, i - 2) : i] + words[i + 1 : i + 2]
    return any(w[:1].isdigit() or _is_date(w) and w != "may" for w in near)


def _dated_ordinal(words: list[str], i: int) -> bool:
    if i and words[i - 1] in ("twenty", "thirty", "twintig", "dertig"):
        i -= 1  # "the twenty eighth"
    before = words[i - 1] if i else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return (
        before in ("the", "die", "on", "op", "of", "mhlaka")
        or after in ("of", "van")
        or (after in MONTHS)
    )


def has_day(words: list[str]) -> bool:
    for i, w in enumerate(words):
        if w == "may" and not _beside_number(words, i):
            continue  # "you may pay", not the month
        if w in ORDINALS and not _dated_ordinal(words, i):
            continue  # "a final notice first", not "on the first"
        if _is_date(w) or w in SOON_DAYS:
            return True
        if w in ("de", "ste") and i and words[i - 1].isdigit():
            return True  # "die 3de", "die 1ste" (the normaliser splits the suffix off)
    return False


def _has_sum(words: list[str]) -> bool:
    return bool(sum_spans(words)) or any(_is_amount(words, i) for i in range(len(words)))


def _confirms(words: list[str]) -> bool:
    return not _CONFIRM_ONE.isdisjoint(words) or _any_seq(words, _CONFIRM_MANY)


def agrees(words: list[str]) -> bool:
    """The customer agrees ("yes", "ke a dumela", "ja reg so", "ina ku lungile"), unless the
    turn also says no to paying."""
    if "not" in words or "never" in words or "nee" in words:
        return False
    return not _AGREE_ONE.isdisjoint(words) or _any_seq(words, _AGREE_MANY)


def _first_sum(sentence: list[str]) -> int | None:
    """Where the first sum starts (a figure, or the first word of a run of number words)."""
    spans = sum_spans(sentence)
    if spans:
        return spans[0][0]
    return next((i for i in range(len(sentence)) if _is_amount(sentence, i)), None)


def _reads_back(sentence: list[str]) -> bool:
    """A sentence holding a sum that neither states the debt nor hangs the sum on a condition
    said before it (unless a confirming word stands between the condition and the sum)."""
    first = _first_sum(sentence)
    if first is None:
        return False
    # A condition after the sum and day ("... I'm noting it, but if it doesn't come in the
    # lights go") starts another clause: only the clause holding the sum is read.
    cut = next((i for i in range(first, len(sentence)) if sentence[i] in CONDITIONS), None)
    before = sentence[:first]
    sentence = sentence[:cut]
    if not NEGATORS.isdisjoint(sentence):
        return False  # "R500 is not enough"
    for i, w in enumerate(sentence):
        if w not in DEBT_STATEMENT:
            continue
        if w in ("arrears", "arrear") and i > 1 and sentence[i - 2] in TOWARDS:
            continue  # "R853 a month on the arrears": what the payment goes to
        if i > first + 4 and has_day(sentence[first:i]):
            continue  # "R300 a month from the 1st of December until the arrears are paid"
        return False  # the debt: "R1 700 in arrears, due the 20th"
    conditions = [i for i, w in enumerate(before) if w in CONDITIONS]
    return not conditions or _confirms(before[conditions[-1] :])


def promise_readbacks(view: CallView) -> list[int]:
    """Agent segments that read a concrete promise (a sum and a day) back to the customer."""
    found: list[int] = []
    agent = view.agent_indices()
    others = view.non_agent_indices()
    for i in agent:
        raw = view.words[i]
        if _VALUE_WORDS.isdisjoint(raw) and not _DIGIT.search(" ".join(raw)):
            continue  # no figure and no number word: no sum (most turns, cheaply)
        parts = [list(s) for s in segment_sentences(view, i)]
        words = [w for s in parts for w in s]
        if not has_day(words):
            continue
        held = [s for s in parts if _has_sum(s) and _reads_back(s)]
        if not held:
            continue
        if _confirms(words):
            found.append(i)
            continue
        before = [j for j in others if j < i and j != i][-3:]
        offered: set[int] = set()
        for j in before:  # what the customer offered, not the debt told in a mono call
            for s in segment_sentences(view, j):
                if DEBT_STATEMENT.isdisjoint(s):
                    offered |= sums(list(s))
        said = set().union(*(sums(s) for s in held))
        if offered & said:
            found.append(i)
            continue
        after = [j for j in others if j > i and j != i][:1]
        if after and agrees(view.words[after[0]]):
            found.append(i)
    return found


__all__ = ["agrees", "has_day", "promise_readbacks", "sum_spans", "sums"]
