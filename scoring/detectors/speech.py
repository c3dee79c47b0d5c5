"""Speech timing the detectors need: silences between segments (holds, dead air).

Only what the scorer uses; the transcription side computes the full speech metrics (talk ratio,
overtalk) when it stores a transcript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scoring.transcript import Segment

# A silence this long with nobody speaking is a hold, announced or not. Shorter pauses are the
# agent typing or the caller thinking; anything from 20 s up the caller experiences as waiting.
HOLD_SECONDS = 20.0
# Dead air: a silence long enough to be noticed but not (yet) a hold.
DEAD_AIR_SECONDS = 8.0


@dataclass(frozen=True, slots=True)
class Gap:
    before: int  # index of the segment before the silence
    after: int  # index of the segment after it
    seconds: float


def silences(segments: Sequence[Segment], minimum: float = DEAD_AIR_SECONDS) -> list[Gap]:
    """Silences of at least ``minimum`` seconds between consecutive segments (in time order).

    Stereo transcripts interleave two channels, so the silence is measured from the latest end
    seen so far, not from the previous segment's end: overlapping speech is never a silence.
    """
    gaps: list[Gap] = []
    latest_end = None
    latest_index = -1
    for i, seg in enumerate(segments):
        if latest_end is not None and seg.start - latest_end >= minimum:
            gaps.append(Gap(before=latest_index, after=i, seconds=round(seg.start - latest_end, 2)))
        if latest_end is None or seg.end >= latest_end:
            latest_end = seg.end
            latest_index = i
    return gaps


def holds(gaps: Sequence[Gap]) -> list[Gap]:
    return [g for g in gaps if g.seconds >= HOLD_SECONDS]
