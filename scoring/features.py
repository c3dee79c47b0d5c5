"""Features of an analysed call, shared by every criterion's learned model.

    features = call_features(view)                 # once per call: {name: value}
    row = criterion_row(features, detection)        # per criterion: the call's features + its rule

A call's features are counted from what the rule analysis already found (:class:`CallView`:
the lexicon's concept hits, per speaker and per part of the call), plus the language features of
:mod:`scoring.nlp` (names, numbers, negation, third parties, blame, promises, reference numbers
under other names) and, when an embedding model is loaded, the similarity of the agent's turns
to each criterion's exemplars (:mod:`scoring.semantic`). Nothing here reads a transcript twice:
the view's words and hits are reused.

Counts go through ``log1p`` so a long call does not swamp a short one; names are stable strings
(``c:empathy:agent``) so a saved model's vectoriser maps them the same way after reload.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from scoring.detectors.base import CallView, Detection
from scoring.detectors.cues import cue_features
from scoring.detectors.doubt import doubt_features
from scoring.detectors.lexicon import CONCEPTS
from scoring.detectors.speech import HOLD_SECONDS

FEATURE_VERSION = "features-5"
CONCEPT_NAMES = tuple(sorted(CONCEPTS))


def _zone_of(view: CallView) -> list[str]:
    """Each segment's zone: ``open`` (agent's first two turns), ``close`` (agent's last two
    segments), ``agent`` (elsewhere) or ``caller``. On mono calls every segment is ``mono`` plus
    its position zone."""
    opening = set(view.opening(2))
    closing = set(view.closing(2))
    zones = []
    for i, seg in enumerate(view.segments):
        if i in opening:
            zones.append("open")
        elif i in closing:
            zones.append("close")
        elif seg.speaker == "caller":
            zones.append("caller")
        else:
            zones.append("agent")
    return zones


def call_features(view: CallView, *, nlp: Any = None, semantic: Any = None) -> dict[str, float]:
    """The features of one analysed call (cost: one pass over its hits and segments)."""
    out: dict[str, float] = {}
    zones = _zone_of(view)
    counts: dict[str, int] = {}
    first_agent: dict[str, int] = {}
    first_caller: dict[str, int] = {}
    for label, hits in view.hits.items():
        for hit in hits:
            zone = zones[hit.segment]
            key = f"c:{label}:{zone}"
            counts[key] = counts.get(key, 0) + 1
            speaker = view.segments[hit.segment].speaker
            group = "caller" if speaker == "caller" else "agent"
            total = f"c:{label}:{group}"
            counts[total] = counts.get(total, 0) + 1
            firsts = first_caller if group == "caller" else first_agent
            if label not in firsts:
                firsts[label] = hit.segment
    for key, value in counts.items():
        out[key] = math.log1p(value)
    n = max(len(view.segments), 1)
    for label, segment in first_agent.items():
        out[f"pos:{label}:agent"] = segment / n
    for label, segment in first_caller.items():
        out[f"pos:{label}:caller"] = segment / n
    # Order questions the rules ask of some pairs: which came first in the call.
    for before, after in (
        ("rpc_ask", "balance"),
        ("name_factor", "disclosure"),
        ("second_factor", "disclosure"),
        ("verify_word", "disclosure"),
        ("rpc_ask", "purpose"),
        ("affirm", "balance"),
        ("log_action", "reference_given"),
        ("promise", "promise_confirm"),
        ("hold_ask", "hold_thanks"),
    ):
        a = min(first_agent.get(before, n), first_caller.get(before, n))
        b = min(first_agent.get(after, n), first_caller.get(after, n))
        if a < n or b < n:
            out[f"order:{before}<{after}"] = 1.0 if a < b else -1.0
    segments = view.segments
    duration = max((s.end for s in segments), default=0.0)
    agent_words = sum(len(w) for i, w in enumerate(view.words) if segments[i].speaker == "agent")
    all_words = sum(len(w) for w in view.words) or 1
    holds = sum(1 for g in view.gaps if g.seconds >= HOLD_SECONDS)
    out["m:mono"] = 1.0 if view.mono else 0.0
    out["m:segments"] = math.log1p(len(segments))
    out["m:duration"] = math.log1p(duration)
    out["m:agent_share"] = agent_words / all_words
    out["m:holds"] = float(holds)
    out["m:long_numbers:agent"] = float(len(view.long_numbers(view.agent_indices())))
    out["m:long_numbers:caller"] = float(len(view.long_numbers(view.non_agent_indices())))
    languages = {s.language for s in segments if getattr(s, "language", None)}
    out["m:languages"] = float(len(languages))
    out.update(cue_features(view))
    out.update(doubt_features(view))
    if nlp is not None:
        out.update(nlp.features(view))
    if semantic is not None:
        out.update(semantic.features(view))
    return out


def criterion_row(
    features: Mapping[str, float], detection: Detection | None, *, detector_key: str = ""
) -> dict[str, Any]:
    """One criterion's input row: the call's features plus what its rule said and why."""
    row: dict[str, Any] = dict(features)
    if detection is not None:
        row[f"rule:{detection.answer}"] = 1.0
        row["rule:confidence"] = detection.confidence
        # The rule's branch (its note without the variable tail) says which test decided.
        branch = detection.note.split("(")[0].split(";")[0].strip()[:60]
        if branch:
            row[f"branch:{branch}"] = 1.0
    return row


# The concepts that bear on each criterion: a model over only these (plus the rule, its branch
# and the call's metrics) generalises better on some criteria than one over every concept;
# training tries both on held-out calls and keeps the better (scoring.calibrated).
FOCUS: dict[str, tuple[str, ...]] = {
    "greeting": ("greeting_word", "organisation", "name_after", "name_before", "name_it_is"),
    "agent_name": ("name_after", "name_before", "name_it_is", "greeting_word"),
    "offer_help": ("help_offer",),
    "verify_identity": (
        "name_factor", "second_factor", "verify_word", "account_topic", "disclosure",
        "third_party", "no_account",
    ),
    "capture_location": ("fault", "location", "municipal_term", "referral", "log_action"),
    "reference_number": (
        "reference_given", "reference_other", "reference_later", "log_action", "fault", "referral",
    ),
    "empathy": ("empathy", "sorry_plain", "pardon", "hold_thanks", "caller_voice"),
    "hold_etiquette": ("hold_ask", "hold_explicit", "hold_thanks", "hold_return"),
    "expectation": (
        "timeframe", "timeframe_vague", "next_step", "log_action", "referral", "fault", "vague",
    ),
    "professional_language": ("rude", "blame", "blame_other", "dismissive", "caller_voice"),
    "anything_else": ("anything_else",),
    "closing": ("thanks", "farewell", "organisation"),
    "right_party": (
        "rpc_ask", "affirm", "balance", "rp_not_reached", "authorised", "third_party",
        "second_factor", "name_factor", "purpose",
    ),
    "call_purpose": ("purpose", "calling", "account_word", "balance", "rp_not_reached"),
    "amount_and_date": ("amount", "date_expr", "balance", "rp_not_reached", "third_party"),
    "payment_options": ("pay_options", "rp_not_reached", "refusal"),
    "promise_to_pay": (
        "promise", "promise_confirm", "readback", "vague", "refusal", "rp_not_reached", "amount",
        "date_expr",
    ),
    "no_threats": ("threat", "misleading", "rude", "dismissive", "caller_voice"),
}  # fmt: skip


def focus_row(row: Mapping[str, Any], concepts: tuple[str, ...]) -> dict[str, Any]:
    """``row`` without the concept counts, positions and orders of concepts not in ``concepts``."""
    keep = set(concepts)
    out = {}
    for key, value in row.items():
        kind, _, rest = key.partition(":")
        if kind in ("c", "pos") and rest.split(":", 1)[0] not in keep:
            continue
        if kind == "order" and not any(part in keep for part in rest.split("<")):
            continue
        out[key] = value
    return out
