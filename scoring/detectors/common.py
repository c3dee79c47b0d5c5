"""Reasoning shared by both scorecards' detectors (opening, closing, bad language)."""

from __future__ import annotations

from dataclasses import dataclass

from .base import CallView
from .base import _name_ok as name_ok
from .lexicon import NOT_A_NAME
from .sa_lexicon import ADDRESS_TERMS, OPENING_FILLER, OTHERS_NAME_BEFORE
from .text import SEPARATOR

NAME_LABELS = ("name_after", "name_before", "name_it_is")
NAME_LEADS = frozenset(("is", "its"))  # "it's Andile", ASR's "its moses"


@dataclass(frozen=True, slots=True)
class Opening:
    segments: list[int]
    greeting: list[int]
    organisation: list[int]
    name: list[int]


def bare_name(view: CallView, segments: list[int]) -> list[int]:
    """The agent's first segment when it gives a name with no frame around it ("Hello,
    Nthabiseng."; "Ekurhuleni, Sipho."; "good day it's Andile how can I help"): before any offer
    of help, once greetings, the organisation, words of address ("mama", "sir"), the
    department and small words are set aside, exactly one word is left, it can be a name, it
    comes right after a greeting, the organisation or "it's", and no greeting or organisation
    follows it."""
    if not segments:
        return []
    i = segments[0]
    words = view.words[i]
    base = view.offsets[i]
    # before an offer of help, or before asking for the customer ("am I speaking to ...")
    asks = [view.first_hit(label, [i]) for label in ("help_offer", "rpc_ask")]
    stop = min([hit.start - base for hit in asks if hit] or [len(words)])
    if SEPARATOR in words[:stop]:  # the first sentence only ("..., Lerato. Am I speaking to...")
        stop = words.index(SEPARATOR)
    greeted = {
        j - base for hit in view.hits_in("greeting_word", [i]) for j in range(hit.start, hit.end)
    }
    covered = greeted | {
        j - base for hit in view.hits_in("organisation", [i]) for j in range(hit.start, hit.end)
    }
    left = [
        j
        for j in range(stop)
        if j not in covered
        and words[j] != SEPARATOR
        and words[j] not in NOT_A_NAME
        and words[j] not in ADDRESS_TERMS
        and words[j] not in OPENING_FILLER
        and not (j and words[j - 1] in OTHERS_NAME_BEFORE)
    ]
    if not covered or len(left) != 1 or not name_ok(words, left[0]):
        return []
    if left[0] - 1 not in greeted and any(j in covered for j in range(left[0] + 1, stop)):
        # the name closes the opening ("..., Lerato"), not "roads and X, Ekurhuleni"; right
        # after the greeting it opens it ("Hello, Siphamandla, City of Ekurhuleni")
        return []
    before = left[0] - 1
    if before < 0 or not (
        before in covered
        or words[before] in NAME_LEADS
        or words[before] in OPENING_FILLER
        or words[before] in ADDRESS_TERMS
    ):
        return []  # after the greeting, the City, the desk or "it's", not "about your query"
    return [i]


def opening(view: CallView, turns: int) -> Opening:
    """What the agent said in their first ``turns`` turns (a bare "hello?" does not count)."""
    segments = view.opening(turns)
    names = sorted(
        {
            h.segment
            for label in NAME_LABELS
            for h in view.hits_in(label, segments)
            if not _asks_for_customer(view, h)
        }
    )
    names = names or bare_name(view, segments)
    return Opening(
        segments=segments,
        greeting=view.find("greeting_word", segments),
        organisation=view.find("organisation", segments),
        name=names,
    )


ASKING_LEADS = (("am", "i"), ("is", "this"), ("are", "you"), ("is", "that"))


def _asks_for_customer(view: CallView, hit) -> bool:
    """ "Am I speaking to Mrs Shabalala?": the name after the question is the customer's, not
    the agent's ("you are speaking to Karabo" still names the agent)."""
    words = view.words[hit.segment]
    at = hit.start - view.offsets[hit.segment]
    return at >= 2 and tuple(words[at - 2 : at]) in ASKING_LEADS


def closing_window(view: CallView) -> list[int]:
    """The agent's last two segments (three on mono, where the caller's goodbye mixes in)."""
    return view.closing(3 if view.mono else 2)


CONDITIONS = frozenset({"if", "unless", "when", "case"})


def only_conditional(view: CallView, label: str, i: int) -> bool:
    """Every ``label`` phrase in segment ``i`` is the subject of a condition ("if they don't
    come by Saturday, phone back"): what to do should the team not come, not a verdict on it."""
    base = view.offsets[i]
    words = view.words[i]
    hits = view.hits_in(label, [i])
    return bool(hits) and all(
        not CONDITIONS.isdisjoint(words[max(0, h.start - base - 2) : h.start - base + 1])
        for h in hits
    )


def cue_only_conditional(view: CallView, name: str, i: int) -> bool:
    """Every sentence of segment ``i`` holding cue ``name`` holds it only in an opening
    condition of a failure ("If they don't come, phone us back"): with "if they do not come"
    taken out, the rest of the sentence no longer holds the cue ("If they ignore it again,
    which wouldn't surprise me, ..." still does)."""
    from .cues import SENTENCE_CUES, segment_sentences

    test = SENTENCE_CUES[name][0]
    held = [list(s) for s in segment_sentences(view, i) if test(s)]
    return bool(held) and all(_cue_gone_without_condition(words, test) for words in held)


def _cue_gone_without_condition(words: list[str], test) -> bool:
    # The condition may open the sentence or follow a promise in it, unpunctuated as speech
    # recognition writes it ("they must be there within 24 hours if they do not come call us
    # back"); what is left once it is taken out is tested again either way.
    for start in (j for j, w in enumerate(words) if w in CONDITIONS):
        negation = [j for j in range(start + 1, min(start + 6, len(words))) if words[j] == "not"]
        if not negation:
            continue
        rest = words[:start] + words[negation[0] + 2 :]
        if not rest or not test(rest):
            return True
    return False


def offending_segments(
    view: CallView, labels: tuple[str, ...], conditional_ok: tuple[str, ...] = ()
) -> tuple[list[int], list[int]]:
    """Agent segments with any of ``labels``, split into (agent's, probably the caller's).

    On a stereo call the speaker is known. On a mono call a segment that also sounds like a
    caller complaining about the City ("you people", "my water") is set aside as probably the
    caller's; the rest are counted against the agent, with the mono penalty on confidence.
    """
    found: set[int] = set()
    for label in labels:
        found.update(
            i
            for i in view.agent_find(label)
            if not (label in conditional_ok and only_conditional(view, label, i))
        )
    if not view.mono:
        return sorted(found), []
    callers = set(view.find("caller_voice", found))
    return sorted(found - callers), sorted(callers)


def language_check(
    view: CallView,
    labels: tuple[str, ...],
    what: str,
    cue_names: tuple[str, ...] = (),
    doubt_names: tuple[str, ...] = (),
    conditional_ok: tuple[str, ...] = (),
):
    """A critical 'nothing bad was said' criterion: yes unless the agent said one of ``labels``
    or a cue of :mod:`scoring.detectors.cues` (blame, belittling, threats) names the shape of it
    in the agent's words. A ``yes`` claims a clean call: a doubt of
    :mod:`scoring.detectors.doubt` (deflecting, dismissing, pressure, the caller rebuffing the
    agent...) makes it a ``yes`` too unsure to be shown (a question for the QA officer)."""
    agent_bad, caller_bad = offending_segments(view, labels, conditional_ok)
    if cue_names:
        from .cues import cues

        found = cues(view)
        extra = {
            i
            for name in cue_names
            for i in found.get(name, ())
            if not (name in conditional_ok and cue_only_conditional(view, name, i))
        }
        callers = set(view.find("caller_voice", extra)) if view.mono else set()
        agent_bad = sorted(set(agent_bad) | (extra - callers))
        caller_bad = sorted((set(caller_bad) | callers) - set(agent_bad))
    if agent_bad:
        return view.detection("no", 0.85, agent_bad, note=f"{what} in the agent's words")
    if doubt_names:
        from .doubt import doubts

        found_doubts = doubts(view)
        named = [name for name in doubt_names if found_doubts[name]]
        if named:
            where = sorted({i for name in named for i in found_doubts[name]})
            kinds = ", ".join(name.replace("_", " ") for name in named)
            return view.detection(
                "yes", 0.3, where, note=f"no {what} found, but not a clean call ({kinds})"
            )
    if caller_bad:
        return view.detection(
            "yes", 0.6, caller_bad, note=f"{what} found, but it sounds like the caller's words"
        )
    if not view.agent_indices():
        return view.detection("yes", 0.3, note="no agent speech to judge")
    if not courteous(view):
        # Tone a word list cannot see (curt brush-offs, sarcasm) goes with an agent who never
        # apologises, acknowledges or thanks: on the labelled sets nearly every clean-looking
        # call a person failed was such a call, so the "yes" is given with little confidence.
        return view.detection(
            "yes", 0.35, note=f"no {what} found, but no courtesy either (no empathy or thanks)"
        )
    # Nothing found in anyone's words: a clean call whoever spoke, so not speaker-dependent.
    return view.detection(
        "yes", 0.8, note=f"no {what} found in the agent's words", speaker_dependent=False
    )


def courteous(view: CallView) -> bool:
    """The agent acknowledges, apologises or thanks the caller at the close."""
    return bool(
        view.agent_find("empathy")
        or view.agent_find("sorry_plain")
        or view.find("thanks", closing_window(view))
    )
