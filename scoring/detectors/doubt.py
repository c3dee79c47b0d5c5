"""Doubt: what should stop a critical "nothing bad was said" criterion from being passed.

    found = doubts(view)      # {"deflect": [segment, ...], "caller_rebuff": [...], ...}
    doubt_features(view)      # {"doubt:deflect": 1.0, ...} for scoring.features

Professional language and no threats are criteria of absence: a ``yes`` claims the whole call
was clean. The misconduct the sealed sets failed quietly was said politely, in words no phrase
list holds ("it's not the call centre, it's them", "you just have to wait like everybody else",
"the municipality can attach the property and sell it, quite quickly", "you have my word,
nobody will touch your supply"). These signals do not prove a failure; they say the call is not
clean enough to pass unread, so the rule's ``yes`` becomes a question for the QA officer
(:func:`scoring.detectors.common.language_check`), never a ``no`` by itself:

- ``deflect`` (agent): responsibility pushed away: "not us / not the call centre", "we did
  our part / our side", "it's them", "the ball is in their court", "it depends on them",
  confiding about others ("between you and me", "off the record").
- ``dismiss`` (agent): the caller's problem made small or hopeless: "not an emergency", "wait
  like everybody else", "not much you can do", "logging it won't change much", "you'll get
  the same story", "I can't say / can't tell you", "they'll get to it".
- ``colleague_fault`` (agent): a colleague or group pinned with a failing: "whoever took
  your call put it under the wrong area", "some of my colleagues just rush", "they just sit".
- ``pressure`` (agent): a consequence (losing the house, a cut-off, the sheriff) stated as
  what will or can happen without a hedge of process (notice, policy, may), a conditional
  ultimatum ("if you don't sign today you can forget about..."), or emotional leverage
  ("I don't want that for you").
- ``assurance`` (agent): a promise no collections agent can keep about consequences or
  charges ("you'll never be disconnected", "I'll make sure the interest is reversed", "you
  have my word").
- ``caller_rebuff`` (caller): the caller reacts to the agent's attitude or help ("what's the
  point of phoning", "that's just great", "we'll see", "you're not helping", "don't talk to me
  like that").
- ``caller_fear`` (caller): the caller is frightened of a consequence ("they'll take the
  house?", "I don't want to lose the house", "please don't cut me off").

Word shapes over one sentence of normalised words (lower case, contractions expanded), as in
:mod:`scoring.detectors.cues`. On a mono call every segment is both the agent's and the
caller's, so both kinds are looked for everywhere.
"""

from __future__ import annotations

from .base import CallView
from .cues import (
    CONSEQUENCE,
    FACTUAL,
    _any_seq,
    _negated,
    _sentence,
    _set,
    segment_sentences,
)

OTHERS = _set(
    """they them those guys okes department depot depots section contractor contractors team
    teams technicians colleagues colleague office branch finance billing roads stormwater energy
    electricity water sanitation waste management revenue supervisors staff crew crews"""
)
DEFLECT = (
    ("not", "us"),
    ("not", "ours"),
    ("not", "the", "call"),
    ("not", "our", "fault"),
    ("not", "our", "department"),
    ("not", "my", "department"),
    ("not", "my", "fault"),
    ("not", "my", "job"),
    *((verb, "our", what) for verb in ("do", "did", "done", "doing") for what in ("side", "part")),
    ("is", "them"),
    ("it", "is", "them"),
    ("that", "is", "them"),
    ("in", "their", "court"),
    ("depends", "on", "them"),
    ("up", "to", "them"),
    ("out", "of", "my", "hands"),
    ("out", "of", "our", "hands"),
    ("nothing", "to", "do", "with", "us"),
    ("nothing", "to", "do", "with", "me"),
    ("between", "you", "and", "me"),
    ("off", "the", "record"),
    ("if", "you", "ask", "me"),
)
DISMISS = (
    ("not", "an", "emergency"),
    ("not", "urgent"),
    ("like", "everybody", "else"),
    ("like", "everyone", "else"),
    ("just", "have", "to", "wait"),
    ("just", "wait"),
    ("not", "much", "you", "can"),
    ("not", "much", "i", "can"),
    ("not", "much", "we", "can"),
    ("nothing", "you", "can", "do"),
    ("nothing", "we", "can", "do"),
    ("will", "not", "change"),
    ("not", "change", "much"),
    ("same", "story"),
    ("no", "point"),
    ("what", "do", "you", "want", "me"),
    ("hundreds", "of"),
    ("thousands", "of"),
    ("not", "the", "only", "one"),
)
# Someone on the City's side pinned with a failing.
COLLEAGUES = _set(
    "colleague colleagues whoever agent agents consultant consultants operator operators"
)
FAILINGS = _set(
    """wrong wrongly mistake mistakes rush rushed rushing instead forgot forget careless lazy
    mixed messed sloppy"""
)
# "they just sit there", "colleagues just rush": a habit, not "they just need your number".
JUST_OK = _set(
    """need needs want wants asked ask called phoned confirmed confirm sent send told finished
    want came arrived left"""
)
OTHERS_JUST = _set("they colleagues guys people staff team teams depot office contractors")

# Consequences beyond cues.CONSEQUENCE: losing property.
LOSS = _set(
    """attach attached attachment sell sold sale seize seized seizure repossess repossession
    auction auctioned evict eviction lose losing lost take"""
)
PROPERTY = _set("house home property furniture car stand erf goods belongings supply")
SPEED = _set(
    """quickly quick soon fast straight immediately today tomorrow tonight now asap next week
    weeks month"""
)
ULTIMATUM = (("if", "you", "do", "not"), ("unless",), ("if", "you", "can", "not"))
ULTIMATUM_LOSS = _set(
    """forget lose losing lost never nothing gone refused rejected reject cut cutting
    disconnect disconnected blacklisted blacklist sheriff court"""
)
LEVERAGE = (
    ("do", "not", "want", "that", "for"),
    ("i", "would", "hate"),
    ("you", "do", "not", "want", "to", "lose"),
    ("think", "of", "your"),
    ("for", "your", "own", "good"),
)
ASSURE = (
    ("my", "word"),
    ("i", "promise"),
    ("i", "guarantee"),
    ("guaranteed",),
    ("guarantee",),
    ("make", "sure"),
    ("never", "be"),
    ("nobody", "will"),
    ("no", "one", "will"),
    ("will", "never"),
)
ASSURE_OBJECTS = _set(
    """interest penalty penalties charges charge fees disconnect disconnected disconnection
    cut supply lights electricity water blacklist blacklisted balance debt arrears reversed
    reverse reversal waive waived scrap scrapped cancelled cancel written wiped touch"""
)
REBUFF = (
    ("what", "is", "the", "point"),
    ("just", "great"),
    ("we", "will", "see"),
    ("not", "helping"),
    ("not", "helpful"),
    ("your", "attitude"),
    ("talk", "to", "me", "like"),
    ("speak", "to", "me", "like"),
    ("you", "are", "rude"),
    ("being", "rude"),
    ("rude", "to", "me"),
    ("no", "need", "to", "be"),
    ("do", "not", "care"),
    ("you", "do", "not", "care"),
    ("nobody", "cares"),
    ("so", "you", "are", "saying"),
    ("your", "supervisor"),
    ("your", "manager"),
)
FEAR = (
    ("take", "the", "house"),
    ("take", "my", "house"),
    ("take", "our", "house"),
    ("lose", "the", "house"),
    ("lose", "my", "house"),
    ("lose", "our", "house"),
    ("lose", "the", "property"),
    ("lose", "my", "home"),
    ("please", "do", "not", "cut"),
    ("please", "do", "not", "disconnect"),
    ("do", "not", "blacklist"),
)


# Between a negator and "fault", these make it about the caller or about no one ("not your
# fault", "not a fault on the line", "no one's fault"), not a disowning.
NOT_DISOWNING = _set("your a any one body")


def is_deflect(words: list[str]) -> bool:
    return _any_seq(words, DEFLECT, 1) or _disowns_fault(words)


def _disowns_fault(words: list[str]) -> bool:
    """ "it's not the municipality's fault", "that's not the call centre's fault": the fault
    denied for the City's side (the possessive is dropped by the normaliser)."""
    if "fault" not in words:
        return False
    for i, w in enumerate(words):
        if w != "fault":
            continue
        before = words[max(0, i - 5) : i]
        for j, b in enumerate(before):
            if b in ("not", "never", "no"):
                between = before[j + 1 :]
                if between and NOT_DISOWNING.isdisjoint(between) and b != "no":
                    return True
    return False


def is_dismiss(words: list[str]) -> bool:
    return _any_seq(words, DISMISS, 2)


def is_colleague_fault(words: list[str]) -> bool:
    s = _sentence(words)
    if s.ws & COLLEAGUES and s.ws & FAILINGS:
        return True
    for i, w in enumerate(words[:-1]):
        if w in OTHERS_JUST and words[i + 1] == "just":
            after = words[i + 2] if i + 2 < len(words) else ""
            if after and after not in JUST_OK:
                return True
        if w in OTHERS_JUST and i + 2 < len(words) and words[i + 2] == "just":
            after = words[i + 3] if i + 3 < len(words) else ""
            if after and after not in JUST_OK:
                return True  # "some of my colleagues just rush"
    return False


def is_pressure(words: list[str]) -> bool:
    s = _sentence(words)
    loss = any(w in LOSS and not _negated(words, i) for i, w in enumerate(words))
    consequence = any(w in CONSEQUENCE and not _negated(words, i) for i, w in enumerate(words))
    if loss and s.ws & PROPERTY and not s.ws & FACTUAL:
        return True
    if (loss or consequence) and s.ws & SPEED and not s.ws & FACTUAL:
        return True
    if _any_seq(words, ULTIMATUM, 1) and s.ws & ULTIMATUM_LOSS:
        return True
    return _any_seq(words, LEVERAGE, 2)


def is_assurance(words: list[str]) -> bool:
    return bool(_sentence(words).ws & ASSURE_OBJECTS) and _any_seq(words, ASSURE, 2)


def is_rebuff(words: list[str]) -> bool:
    return _any_seq(words, REBUFF, 2)


def is_fear(words: list[str]) -> bool:
    return _any_seq(words, FEAR, 2)


DOUBTS = {
    "deflect": (is_deflect, "agent"),
    "dismiss": (is_dismiss, "agent"),
    "colleague_fault": (is_colleague_fault, "agent"),
    "pressure": (is_pressure, "agent"),
    "assurance": (is_assurance, "agent"),
    "caller_rebuff": (is_rebuff, "caller"),
    "caller_fear": (is_fear, "caller"),
}
# Which doubts stop which criterion's "yes".
LANGUAGE_DOUBTS = ("deflect", "dismiss", "colleague_fault", "caller_rebuff")
THREAT_DOUBTS = ("pressure", "assurance", "caller_fear")


def doubts(view: CallView) -> dict[str, list[int]]:
    """Segments where each doubt is found (agent doubts in agent or mono segments, caller
    doubts in caller or mono segments); computed once per view."""
    cached = view.__dict__.get("_doubts")
    if cached is not None:
        return cached
    found: dict[str, list[int]] = {name: [] for name in DOUBTS}
    plans: dict[tuple[bool, bool], tuple] = {}  # the tests that apply to a kind of speaker
    for i, seg in enumerate(view.segments):
        agent = view.is_agent(i)
        caller = seg.speaker != "agent"
        plan = plans.get((agent, caller))
        if plan is None:
            plan = plans[(agent, caller)] = tuple(
                (found[name], test)
                for name, (test, who) in DOUBTS.items()
                if not ((who == "agent" and not agent) or (who == "caller" and not caller))
            )
        for words in segment_sentences(view, i):
            for segments, test in plan:
                if (not segments or segments[-1] != i) and test(words):
                    segments.append(i)
    view.__dict__["_doubts"] = found
    return found


def doubt_features(view: CallView) -> dict[str, float]:
    """Counts of each doubt, for the learned models."""
    return {f"doubt:{name}": float(len(segs)) for name, segs in doubts(view).items() if segs}


__all__ = ["DOUBTS", "LANGUAGE_DOUBTS", "THREAT_DOUBTS", "doubt_features", "doubts"]
