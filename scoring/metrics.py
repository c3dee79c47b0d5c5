"""Speech metrics of a call, computed from its transcript segments (no audio needed).

Times are unions of segment intervals, so overlapping segments of one speaker are not counted
twice. A hold is a silence (nobody speaking) of at least ``hold_threshold_s`` inside the call;
silence before the first and after the last word is counted as silence but not as a hold.

``silences`` is the one definition of a silence between segments; the rule detectors use it
too. The hold threshold is one setting (``TRANSCRIPTION_HOLD_SECONDS``) that the Django side
passes both here and to the detectors (``analyse(..., hold_seconds=...)``), so a stored hold
count and the hold-etiquette answer always mean the same silence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

from scoring.transcript import Segment

# A silence this long with nobody speaking is a hold, announced or not; shorter pauses are the
# agent typing or the caller thinking. The default when scoring runs alone; the product passes
# its setting. (On the labelled transcripts the hold-etiquette rule agrees with the labels on
# all 36 inbound calls at 10 s and at 20 s; 10 s was the stored metrics' threshold already.)
HOLD_SECONDS = 10.0

Interval = tuple[float, float]


def _union(intervals: Iterable[Interval]) -> list[Interval]:
    merged: list[list[float]] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a, b) for a, b in merged]


def _length(intervals: list[Interval]) -> float:
    return sum(b - a for a, b in intervals)


def _intersection(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


@dataclass(frozen=True, slots=True)
class Gap:
    """Nobody speaking from ``start`` to ``end``, between two segments."""

    before: int  # index of the segment before the silence (the one that ended last)
    after: int  # index of the segment after it
    seconds: float  # end - start, rounded to 0.01 s
    start: float
    end: float


def silences(segments: Sequence[Segment], minimum: float) -> list[Gap]:
    """Silences of at least ``minimum`` seconds between consecutive segments (in time order).

    Stereo transcripts interleave two channels, so the silence is measured from the latest end
    seen so far, not from the previous segment's end: overlapping speech is never a silence.
    """
    gaps: list[Gap] = []
    latest_end = None
    latest_index = -1
    for i, seg in enumerate(segments):
        if latest_end is not None and seg.start - latest_end >= minimum:
            gaps.append(
                Gap(
                    before=latest_index,
                    after=i,
                    seconds=round(seg.start - latest_end, 2),
                    start=latest_end,
                    end=seg.start,
                )
            )
        if latest_end is None or seg.end >= latest_end:
            latest_end = seg.end
            latest_index = i
    return gaps


@dataclass(slots=True)
class SpeechMetrics:
    duration_s: float
    talk_s: dict[str, float]
    talk_listen_ratio: float | None  # agent talk / caller talk; None for mono calls
    silence_s: float
    longest_silence_s: float
    overtalk_s: float
    hold_count: int
    hold_s: float
    holds: list[Interval] = field(default_factory=list)
    words_per_minute: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["holds"] = [[round(a, 2), round(b, 2)] for a, b in self.holds]
        return data


def speech_metrics(
    segments: list[Segment],
    duration_s: float | None = None,
    *,
    hold_threshold_s: float = HOLD_SECONDS,
) -> SpeechMetrics:
    """Metrics for one call. ``duration_s`` defaults to the end of the last segment. Cost: sorts
    the segments once; linear after that."""
    end_of_speech = max((s.end for s in segments), default=0.0)
    duration = max(duration_s or 0.0, end_of_speech)
    by_speaker: dict[str, list[Interval]] = {}
    words: dict[str, int] = {}
    for s in segments:
        by_speaker.setdefault(s.speaker, []).append((s.start, s.end))
        words[s.speaker] = words.get(s.speaker, 0) + len(s.text.split())
    unions = {speaker: _union(iv) for speaker, iv in by_speaker.items()}
    talk = {speaker: round(_length(iv), 2) for speaker, iv in unions.items()}
    speech = _union(iv for ivs in unions.values() for iv in ivs)
    silence = duration - _length(speech)
    # The gaps between the merged speech intervals: silences between segments with length.
    spoken = sorted((s for s in segments if s.end > s.start), key=lambda s: (s.start, s.end))
    gaps = [(g.start, g.end) for g in silences(spoken, 0.0) if g.end > g.start]
    edges = []
    if speech:
        edges = [(0.0, speech[0][0]), (speech[-1][1], duration)]
    longest = max((b - a for a, b in gaps + edges), default=duration if not speech else 0.0)
    holds = [(a, b) for a, b in gaps if b - a >= hold_threshold_s]
    overtalk = 0.0
    if "agent" in unions and "caller" in unions:
        overtalk = _length(_intersection(unions["agent"], unions["caller"]))
    ratio = None
    if talk.get("caller"):
        ratio = round(talk.get("agent", 0.0) / talk["caller"], 2)
    wpm = {
        speaker: round(words[speaker] / (talk[speaker] / 60), 1)
        for speaker in talk
        if talk[speaker] > 0
    }
    return SpeechMetrics(
        duration_s=round(duration, 2),
        talk_s=talk,
        talk_listen_ratio=ratio,
        silence_s=round(max(silence, 0.0), 2),
        longest_silence_s=round(longest, 2),
        overtalk_s=round(overtalk, 2),
        hold_count=len(holds),
        hold_s=round(_length(holds), 2),
        holds=holds,
        words_per_minute=wpm,
    )
