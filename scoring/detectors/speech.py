"""Speech timing of the detectors: holds (threshold from :data:`scoring.metrics.HOLD_SECONDS`
or the caller's setting) and dead air.

Silences themselves are measured by ``scoring.metrics.silences``, the same code that computes the
stored speech metrics (talk ratio, overtalk, holds) when a transcript is stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.metrics import HOLD_SECONDS, Gap

# Dead air: a silence long enough to be noticed but not (yet) a hold.
DEAD_AIR_SECONDS = 8.0


def holds(gaps: Sequence[Gap], hold_seconds: float = HOLD_SECONDS) -> list[Gap]:
    return [g for g in gaps if g.seconds >= hold_seconds]
