"""What a detector gets (an analysed call) and what it gives back (a detection).

A :class:`CallView` is built once per transcript: every segment's words are normalised and put
into one word list (segments separated by a word no pattern can cross), the lexicon's matcher
runs over it once, and each concept hit is recorded against its segment. Detectors then ask
speaker- and order-aware questions of the view ("the first segment where the agent mentions a
balance", "did the agent ask for an account number before that?"); the answers every detector
needs (who spoke which segment, the opening turns) are worked out once per view.

Cost: one normalisation pass plus one walk of the lexicon's word trie per transcript; the trie
is built once per process (:func:`get_lexicon`, :mod:`.matcher`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from scoring.metrics import HOLD_SECONDS, Gap, silences
from scoring.scorecard import ANSWERS
from scoring.spoken_digits import DIGIT_VALUES
from scoring.transcript import Segment, Transcript

from .lexicon import NEGATABLE, NEGATORS, NOT_A_NAME
from .matcher import get_lexicon
from .speech import DEAD_AIR_SECONDS
from .text import SEPARATOR, normalise_segments

SOURCES = ("rule", "metric", "model")

# On a mono call nobody knows who said what: an answer that depends on the speaker is given,
# but with confidence scaled down by this factor so the QA officer knows to check it.
MONO_CONFIDENCE = 0.6


@dataclass(frozen=True, slots=True)
class Evidence:
    segment_index: int
    start: float
    end: float
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "segment_index": self.segment_index,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class Detection:
    answer: str
    confidence: float
    source: str = "rule"
    evidence: tuple[Evidence, ...] = ()
    note: str = ""
    # A mono call where the answer rests on who said what and nothing in the words says who
    # (a "yes, it's me", identity factors): a critical "yes" is then a question, never shown.
    speaker_unknown: bool = False

    def __post_init__(self) -> None:
        if self.answer not in ANSWERS:
            raise ValueError(f"answer must be one of {ANSWERS}, got {self.answer!r}")
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, got {self.source!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be within 0..1, got {self.confidence}")


@dataclass(slots=True)
class Hit:
    segment: int
    start: int  # word offsets within the call's word list
    end: int


@dataclass
class CallView:
    """A transcript analysed once for all detectors."""

    transcript: Transcript
    words: list[list[str]]
    hits: dict[str, list[Hit]]
    gaps: list[Gap]
    mono: bool
    offsets: list[int]  # position of each segment's first word in the call's word list
    hold_seconds: float = HOLD_SECONDS  # a silence at least this long is a hold
    _by_segment: dict[str, set[int]] = field(default_factory=dict)
    # Answers to questions every detector asks (who spoke which segment, the opening), worked
    # out once per call; the methods hand out copies, so a caller may change what it gets.
    _memo: dict[Any, Any] = field(default_factory=dict)

    @property
    def segments(self) -> list[Segment]:
        return self.transcript.segments

    # --- speakers --------------------------------------------------------------------------
    def is_agent(self, index: int) -> bool:
        """True for the agent's segments; on a mono call every segment might be the agent's."""
        speaker = self.segments[index].speaker
        return speaker == "agent" or speaker == "unknown"

    def agent_indices(self) -> list[int]:
        found = self._memo.get("agent")
        if found is None:
            found = self._memo["agent"] = tuple(
                i for i in range(len(self.segments)) if self.is_agent(i)
            )
        return list(found)

    def agent_turns(self) -> list[list[int]]:
        """Runs of consecutive agent segments (on mono: each segment is its own turn)."""
        found = self._memo.get("turns")
        if found is None:
            found = self._memo["turns"] = tuple(tuple(turn) for turn in self._agent_turns())
        return [list(turn) for turn in found]

    def _agent_turns(self) -> list[list[int]]:
        turns: list[list[int]] = []
        previous_agent = False
        for i, seg in enumerate(self.segments):
            if not self.is_agent(i):
                previous_agent = False
                continue
            if previous_agent and seg.speaker == "agent":
                turns[-1].append(i)
            else:
                turns.append([i])
            previous_agent = True
        return turns

    def opening(self, turns: int) -> list[int]:
        """Segments of the agent's first ``turns`` turns; a bare "hello?" does not use one up."""
        found = self._memo.get(("opening", turns))
        if found is None:
            found = self._memo[("opening", turns)] = tuple(self._opening(turns))
        return list(found)

    def _opening(self, turns: int) -> list[int]:
        chosen: list[int] = []
        used = 0
        skipped = False
        for turn in self._memo.get("turns") or self.agent_turns():
            chosen.extend(turn)
            if not skipped and sum(self.word_count(i) for i in turn) < 3:
                skipped = True  # one "hello?" while the line connects
                continue
            used += 1
            if used >= turns:
                break
        return chosen

    def closing(self, count: int = 2) -> list[int]:
        agent = self.agent_indices()
        return agent[-count:]

    # --- concepts ----------------------------------------------------------------------------
    def segments_with(self, label: str) -> set[int]:
        cached = self._by_segment.get(label)
        if cached is None:
            cached = {h.segment for h in self.hits.get(label, ())}
            self._by_segment[label] = cached
        return cached

    def has(self, label: str, index: int) -> bool:
        return index in self.segments_with(label)

    def find(self, label: str, among: Iterable[int]) -> list[int]:
        with_label = self.segments_with(label)
        return [i for i in among if i in with_label]

    def agent_find(self, label: str) -> list[int]:
        return self.find(label, self.agent_indices())

    def any_find(self, label: str) -> list[int]:
        return sorted(self.segments_with(label))

    def word_count(self, index: int) -> int:
        return sum(1 for w in self.words[index] if w != SEPARATOR)

    def hits_in(self, label: str, among: Iterable[int]) -> list[Hit]:
        """Hits of ``label`` in the given segments, in call order."""
        wanted = set(among)
        return [h for h in self.hits.get(label, ()) if h.segment in wanted]

    def first_hit(self, label: str, among: Iterable[int]) -> Hit | None:
        found = self.hits_in(label, among)
        return found[0] if found else None

    def non_agent_indices(self) -> list[int]:
        """The caller's segments; on a mono call, every segment (anyone may have said it)."""
        found = self._memo.get("non_agent")
        if found is None:
            found = self._memo["non_agent"] = tuple(
                i for i, s in enumerate(self.segments) if s.speaker != "agent"
            )
        return list(found)

    def long_numbers(self, among: Iterable[int]) -> list[int]:
        """Segments that read out a long number (an account or ID number): six or more digits,
        as one token or spelled out digit by digit."""
        out = []
        for i in among:
            words = self.words[i]
            # Most segments hold neither digits nor digit words: skip them in C.
            if _DIGIT_WORDS.isdisjoint(words) and not any(map(str.isdigit, words)):
                continue
            digits = 0
            for word in words:
                if word.isdigit():
                    digits = digits + len(word) if len(word) == 1 else max(digits, len(word))
                elif word in _DIGIT_WORDS:
                    digits += 1
                else:
                    if digits >= 6:
                        break
                    digits = 0
            if digits >= 6:
                out.append(i)
        return out

    def inferred_speaker_confidence(self, indices: list[int]) -> float | None:
        """How sure the agent/caller labels of these segments are (the least sure one; the
        whole call's when no segment is named), where speakers were inferred; else None."""
        inferred = [s.speaker_confidence for s in self.segments if s.speaker_confidence is not None]
        if not inferred:
            return None
        named = [
            self.segments[i].speaker_confidence
            for i in indices
            if 0 <= i < len(self.segments) and self.segments[i].speaker_confidence is not None
        ]
        return min(named) if named else sum(inferred) / len(inferred)

    # --- evidence ----------------------------------------------------------------------------
    def evidence(self, indices: Iterable[int], limit: int = 4) -> tuple[Evidence, ...]:
        out = []
        for i in sorted(set(indices))[:limit]:
            seg = self.segments[i]
            out.append(Evidence(segment_index=i, start=seg.start, end=seg.end, text=seg.text))
        return tuple(out)

    def detection(
        self,
        answer: str,
        confidence: float,
        indices: Iterable[int] = (),
        note: str = "",
        source: str = "rule",
        speaker_dependent: bool = True,
        attributed: bool = False,
    ) -> Detection:
        """A detection, its confidence scaled down on mono calls when it hinges on who spoke.

        On a mono call such a detection is marked ``speaker_unknown`` unless ``attributed``:
        the words themselves say who spoke ("your reference number is ..." is the agent's)."""
        indices = list(indices)
        unknown = self.mono and speaker_dependent and not attributed
        if self.mono and speaker_dependent:
            confidence *= MONO_CONFIDENCE
            note = f"{note} (mono call: speaker unknown, check)" if note else "mono call"
        elif speaker_dependent and (inferred := self.inferred_speaker_confidence(indices)):
            # Agent and caller told apart by voice on a mono call: as sure as that was.
            confidence *= 0.5 + 0.5 * inferred
            tail = "speakers inferred from a mono recording"
            note = f"{note} ({tail})" if note else tail
        return Detection(
            answer=answer,
            confidence=round(min(max(confidence, 0.0), 1.0), 2),
            source=source,
            evidence=self.evidence(indices) if answer != "na" or indices else (),
            note=note,
            speaker_unknown=unknown,
        )


_DIGIT_WORDS = frozenset(DIGIT_VALUES)


def _name_ok(words: list[str], index: int) -> bool:
    if not 0 <= index < len(words):
        return False
    word = words[index]
    if not word.isalpha() or len(word) < 2 or word in NOT_A_NAME:
        return False
    # "I am calling", "this is sorted": verb forms are not names.
    return not word.endswith(("ing", "ed"))


def analyse(transcript: Transcript, *, hold_seconds: float = HOLD_SECONDS) -> CallView:
    """Normalise, match and time a transcript once for all detectors; a silence of
    ``hold_seconds`` or more counts as a hold."""
    lexicon = get_lexicon()
    words_per_segment = (
        # Only English stretches feed the detectors: an English phrase list says nothing about
        # a window in another language (its text, if any, is blanked, its index kept).
        normalise_segments([seg.text if seg.is_english else "" for seg in transcript.segments])
        if transcript.segments
        else []
    )
    flat: list[str] = []
    owner: list[int] = []
    offsets: list[int] = []
    sentence: list[int] = []  # each word's sentence number; -1 for the breaks between them
    current = 0
    for i, words in enumerate(words_per_segment):
        if flat:
            flat.append(SEPARATOR)
            owner.append(-1)
            sentence.append(-1)
            current += 1
        offsets.append(len(flat))
        flat.extend(words)
        owner.extend([i] * len(words))
        if SEPARATOR in words:
            for word in words:
                if word == SEPARATOR:
                    current += 1
                    sentence.append(-1)
                else:
                    sentence.append(current)
        else:
            sentence.extend([current] * len(words))
    kept: list[tuple[str, int, int]] = []
    if flat:
        for label, start, end in lexicon.match(flat, sentence):
            segment = owner[start]
            if segment < 0:
                continue
            if label in NEGATABLE and _negated(flat, start):
                continue
            if label == "name_after" and not _name_ok(flat, end - 1):
                continue
            if label == "name_before" and not _name_ok(flat, start):
                continue
            if label == "name_it_is" and not _name_ok(flat, start + 2):
                continue
            kept.append((label, start, end))
    # Labels in the order first found, each label's hits in call order (a stable sort by start:
    # segments are consecutive runs of the call's words).
    hits: dict[str, list[Hit]] = {label: [] for label, _, _ in kept}
    kept.sort(key=_START)
    for label, start, end in kept:
        hits[label].append(Hit(owner[start], start, end))
    return CallView(
        transcript=transcript,
        words=words_per_segment,
        hits=hits,
        gaps=silences(transcript.segments, DEAD_AIR_SECONDS),
        mono=transcript.is_mono and bool(transcript.segments),
        offsets=offsets,
        hold_seconds=hold_seconds,
    )


_START = itemgetter(1)


def _negated(words: list[str], start: int) -> bool:
    for j in range(max(0, start - 3), start):
        if words[j] == SEPARATOR:
            return False
        if words[j] in NEGATORS:
            return True
    return False
