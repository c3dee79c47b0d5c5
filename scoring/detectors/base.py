"""What a detector gets (an analysed call) and what it gives back (a detection).

A :class:`CallView` is built once per transcript: every segment's words are normalised and put
into one spaCy ``Doc`` (segments separated by a token no pattern can cross), the lexicon's
matchers run over it once, and each concept hit is recorded against its segment. Detectors then
ask speaker- and order-aware questions of the view ("the first segment where the agent
mentions a balance", "did the agent ask for an account number before that?").

Cost: one normalisation pass plus one Matcher and one PhraseMatcher pass per transcript; the
matchers are built once per process (:func:`get_lexicon`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from scoring.metrics import HOLD_SECONDS, Gap, silences
from scoring.scorecard import ANSWERS
from scoring.transcript import Segment, Transcript

from .lexicon import CONCEPTS, NEGATABLE, NEGATORS, NOT_A_NAME
from .speech import DEAD_AIR_SECONDS
from .text import SEPARATOR, compile_phrase, normalise_segments, thaw

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

    def __post_init__(self) -> None:
        if self.answer not in ANSWERS:
            raise ValueError(f"answer must be one of {ANSWERS}, got {self.answer!r}")
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, got {self.source!r}")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be within 0..1, got {self.confidence}")


class Lexicon:
    """The compiled matchers for :data:`CONCEPTS` (built once; spaCy import happens here)."""

    def __init__(self, concepts: dict[str, list[str]]) -> None:
        spacy = _import_spacy()
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.nlp = spacy.blank("en")
        self.vocab = self.nlp.vocab
        self.matcher = Matcher(self.vocab)
        self.phrases = PhraseMatcher(self.vocab, attr="LOWER")
        self.chunk_phrases = PhraseMatcher(self.vocab, attr="LOWER")
        self._doc_cls = Doc
        chunk_keys: dict = {}
        # (label, chunk keys, gaps between chunks, any-words before, any-words after)
        self.joined: list[tuple[str, tuple[str, ...], tuple[tuple[int, int], ...], int, int]] = []

        # One-word chunks ("i|we", "hold") are not matched at all: the join looks the word up
        # where the chunk would have to be. Most chunk hits were of such common words.
        self.word_sets: dict[str, frozenset[str]] = {}

        def key_of(chunk) -> str:
            key = chunk_keys.get(chunk)
            if key is None:
                key = chunk_keys[chunk] = f"chunk{len(chunk_keys)}"
                specs = thaw(chunk)
                wordings = _expand(specs)
                if wordings is not None and len(specs) == 1 and "OP" not in specs[0]:
                    self.word_sets[key] = frozenset(w[0] for w in wordings)
                elif wordings is None:
                    self.matcher.add(key, [specs])
                else:
                    self.chunk_phrases.add(key, [Doc(self.vocab, words=w) for w in wordings])
            return key

        for label, phrases in concepts.items():
            plain = []
            for phrase in phrases:
                compiled = compile_phrase(phrase)
                if compiled.plain is not None:
                    plain.append(Doc(self.vocab, words=list(compiled.plain)))
                    continue
                keys = tuple(key_of(chunk) for chunk in compiled.chunks)
                self.joined.append((label, keys, compiled.gaps, compiled.lead, compiled.trail))
            if plain:
                self.phrases.add(label, plain)
        self.name_of = {self.vocab.strings[k]: k for k in chunk_keys.values()}
        self.name_of.update({self.vocab.strings[label]: label for label in concepts})

    def doc(self, words: list[str]):
        return self._doc_cls(self.vocab, words=words)

    def match(self, doc, words: list[str], sentence: list[int]) -> list[tuple[str, int, int]]:
        """(label, start, end) of every concept found in ``doc`` (made of ``words``);
        ``sentence`` gives each token's sentence (breaks are -1).

        Kept as one function of about 90 lines: it is the hot loop of auto-scoring (every
        pattern over every transcript), and its chunk tables and the nested ``count`` helper
        share local state that a split would pass around as arguments."""
        found = [(self.name_of[m], s, e) for m, s, e in self.phrases(doc)]
        starts: dict[str, dict[int, int]] = {}  # chunk key -> {start: shortest end}
        ends: dict[str, dict[int, int]] = {}  # chunk key -> {end: latest start}
        for matcher in (self.matcher, self.chunk_phrases):
            for m, s, e in matcher(doc):
                key = self.name_of[m]
                by_start = starts.get(key)
                if by_start is None:
                    by_start = starts[key] = {}
                    ends[key] = {}
                by_end = ends[key]
                if by_start.get(s, e + 1) > e:
                    by_start[s] = e
                if by_end.get(e, -1) < s:
                    by_end[e] = s
        index: dict[str, list[int]] = {}
        for i, word in enumerate(words):
            index.setdefault(word, []).append(i)
        word_sets = self.word_sets
        size = len(words)

        counted: dict[str, int] = {}

        def count(key: str) -> int:
            # Chunk keys are shared by many phrases: count each once per call.
            found_count = counted.get(key)
            if found_count is None:
                if key in word_sets:
                    found_count = sum(len(index[w]) for w in word_sets[key] if w in index)
                else:
                    found_count = len(starts.get(key, ()))
                counted[key] = found_count
            return found_count

        for label, keys, gaps, lead, trail in self.joined:
            counts = [count(k) for k in keys]
            if not all(counts):
                continue
            # Start from the chunk with the fewest hits and grow the match both ways.
            anchor = counts.index(min(counts))
            anchor_key = keys[anchor]
            if anchor_key in word_sets:
                spans = sorted((i, i + 1) for w in word_sets[anchor_key] for i in index.get(w, ()))
            else:
                spans = list(starts[anchor_key].items())
            for start, end in spans:
                here = sentence[start]
                for i in range(anchor + 1, len(keys)):
                    low, high = gaps[i - 1]
                    key = keys[i]
                    allowed = word_sets.get(key)
                    by_start = starts.get(key)
                    nxt = -1
                    for s in range(end + low, min(end + high, size - 1) + 1):
                        if sentence[s] != here:
                            break
                        if allowed is not None:
                            if words[s] in allowed:
                                nxt = s + 1
                                break
                        elif s in by_start:
                            nxt = by_start[s]
                            break
                    end = nxt
                    if end < 0:
                        break
                if end < 0:
                    continue
                for i in range(anchor - 1, -1, -1):
                    low, high = gaps[i]
                    key = keys[i]
                    allowed = word_sets.get(key)
                    by_end = ends.get(key)
                    previous = -1
                    for e in range(start - low, max(start - high, 1) - 1, -1):
                        if sentence[e - 1] != here:
                            break
                        if allowed is not None:
                            if words[e - 1] in allowed:
                                previous = e - 1
                                break
                        elif e in by_end:
                            previous = by_end[e]
                            break
                    start = previous
                    if start < 0:
                        break
                if start < 0:
                    continue
                begin = start - lead
                if begin < 0 or (lead and sentence[begin] != here):
                    continue
                if trail and (end + trail > size or sentence[end + trail - 1] != here):
                    continue
                found.append((label, begin, end + trail))
        return found


def _expand(specs: list[dict]) -> list[list[str]] | None:
    """Every wording of a chunk made only of words, word lists and optional words (for the
    PhraseMatcher, whose cost does not grow with the number of phrases); None when the chunk
    needs the Matcher (numbers, digits, any-word slots). The Matcher's cost grows with every
    pattern it holds, so only those few chunks go to it."""
    wordings: list[list[str]] = [[]]
    for spec in specs:
        if set(spec) - {"LOWER", "OP"} or not isinstance(spec.get("LOWER"), str | dict):
            return None
        lower = spec["LOWER"]
        if isinstance(lower, dict):
            if set(lower) != {"IN"}:
                return None
            options = list(lower["IN"])
        else:
            options = [lower]
        if spec.get("OP") == "?":
            options.append("")
        elif "OP" in spec:
            return None
        wordings = [w + [o] if o else w for w in wordings for o in options]
    return [w for w in wordings if w]


def _import_spacy():
    """Import spaCy without letting thinc import PyTorch.

    thinc imports torch at import time when it is installed (seconds and ~700 MB), and a blank
    pipeline never uses it. Hide torch during the import only, so other code in the process
    (a Whisper engine) can still import it afterwards.
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


@lru_cache(maxsize=1)
def get_lexicon() -> Lexicon:
    return Lexicon(CONCEPTS)


@dataclass(slots=True)
class Hit:
    segment: int
    start: int  # token offsets within the call's Doc
    end: int


@dataclass
class CallView:
    """A transcript analysed once for all detectors."""

    transcript: Transcript
    words: list[list[str]]
    hits: dict[str, list[Hit]]
    gaps: list[Gap]
    mono: bool
    offsets: list[int]  # token position of each segment's first word in the call's Doc
    hold_seconds: float = HOLD_SECONDS  # a silence at least this long is a hold
    _by_segment: dict[str, set[int]] = field(default_factory=dict)

    @property
    def segments(self) -> list[Segment]:
        return self.transcript.segments

    # --- speakers --------------------------------------------------------------------------
    def is_agent(self, index: int) -> bool:
        """True for the agent's segments; on a mono call every segment might be the agent's."""
        speaker = self.segments[index].speaker
        return speaker == "agent" or speaker == "unknown"

    def agent_indices(self) -> list[int]:
        return [i for i in range(len(self.segments)) if self.is_agent(i)]

    def agent_turns(self) -> list[list[int]]:
        """Runs of consecutive agent segments (on mono: each segment is its own turn)."""
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
        chosen: list[int] = []
        used = 0
        skipped = False
        for turn in self.agent_turns():
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
        return [i for i, s in enumerate(self.segments) if s.speaker != "agent"]

    def long_numbers(self, among: Iterable[int]) -> list[int]:
        """Segments that read out a long number (an account or ID number): six or more digits,
        as one token or spelled out digit by digit."""
        out = []
        for i in among:
            digits = 0
            for word in self.words[i]:
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
    ) -> Detection:
        """A detection, its confidence scaled down on mono calls when it hinges on who spoke."""
        indices = list(indices)
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
        )


_DIGIT_WORDS = frozenset(
    ["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
)


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
    for i, words in enumerate(words_per_segment):
        if flat:
            flat.append(SEPARATOR)
            owner.append(-1)
        offsets.append(len(flat))
        flat.extend(words)
        owner.extend([i] * len(words))
    hits: dict[str, list[Hit]] = defaultdict(list)
    if flat:
        doc = lexicon.doc(flat)
        sentence = []
        current = 0
        for word in flat:
            if word == SEPARATOR:
                current += 1
                sentence.append(-1)
            else:
                sentence.append(current)
        for label, start, end in lexicon.match(doc, flat, sentence):
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
            hits[label].append(Hit(segment, start, end))
    for found in hits.values():
        found.sort(key=lambda h: (h.segment, h.start))
    return CallView(
        transcript=transcript,
        words=words_per_segment,
        hits=dict(hits),
        gaps=silences(transcript.segments, DEAD_AIR_SECONDS),
        mono=transcript.is_mono and bool(transcript.segments),
        offsets=offsets,
        hold_seconds=hold_seconds,
    )


def _negated(words: list[str], start: int) -> bool:
    for j in range(max(0, start - 3), start):
        if words[j] == SEPARATOR:
            return False
        if words[j] in NEGATORS:
            return True
    return False
