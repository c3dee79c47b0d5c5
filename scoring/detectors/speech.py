"""Speech timing thresholds of the detectors: holds and dead air.

Silences themselves are measured by ``scoring.metrics.silences``, the same code that computes the
stored speech metrics (talk ratio, overtalk, holds) when a transcript is stored.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.metrics import Gap

# A silence this long with nobody speaking is a hold, announced or not. Shorter pauses are the
# agent typing or the caller thinking; anything from 20 s up the caller experiences as waiting.
HOLD_SECONDS = 20.0
# Dead air: a silence long enough to be noticed but not (yet) a hold.
DEAD_AIR_SECONDS = 8.0


def holds(gaps: Sequence[Gap]) -> list[Gap]:
    return [g for g in gaps if g.seconds >= HOLD_SECONDS]
