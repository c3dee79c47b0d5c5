"""Honest statistics for figures: intervals, sample sizes and inter-rater reliability.

No domain and no Django, so the benchmark, any app's reports and the tests call the same
functions (qa's reports, sampling plans and calibration use them today; ``core.charts`` draws
their intervals). The
distributions come from scipy (t quantiles, Wilson score intervals), alpha from krippendorff;
scipy is imported on first use so a page that shows no interval does not load it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

CONFIDENCE = 0.95


def t95(df: int) -> float:
    """Two-sided 95 % critical value of Student's t with ``df`` degrees of freedom (scipy)."""
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    from scipy.special import stdtrit  # the t quantile; lighter to import than scipy.stats

    return float(stdtrit(df, 0.5 + CONFIDENCE / 2))


@dataclass(frozen=True, slots=True)
class Interval:
    estimate: float | None
    low: float | None
    high: float | None
    n: int

    @property
    def defined(self) -> bool:
        return self.low is not None


def mean_interval(
    n: int, total: float, total_sq: float, *, low_bound: float = 0.0, high_bound: float = 100.0
) -> Interval:
    """Mean and 95 % t interval from the count, sum and sum of squares (what SQL aggregates give).

    With fewer than two values there is no interval. The interval is clipped to the scale."""
    if n == 0:
        return Interval(None, None, None, 0)
    mean = total / n
    if n < 2:
        return Interval(mean, None, None, n)
    variance = max(0.0, (total_sq - n * mean * mean) / (n - 1))
    half = t95(n - 1) * math.sqrt(variance / n)
    return Interval(mean, max(low_bound, mean - half), min(high_bound, mean + half), n)


def mean_interval_of(values: Sequence[float]) -> Interval:
    return mean_interval(len(values), float(sum(values)), float(sum(v * v for v in values)))


def wilson_interval(successes: int, n: int) -> Interval:
    """Proportion with its 95 % Wilson score interval (good at small n and near 0 or 1)."""
    if n == 0:
        return Interval(None, None, None, 0)
    from scipy.stats import binomtest

    ci = binomtest(successes, n).proportion_ci(confidence_level=CONFIDENCE, method="wilson")
    return Interval(successes / n, max(0.0, float(ci.low)), min(1.0, float(ci.high)), n)


def calls_to_detect(error_rate: float, confidence: float = 0.95) -> int:
    """Calls per agent needed so that an error occurring at ``error_rate`` shows up at least
    once with probability ``confidence``: smallest n with 1 - (1 - p)^n >= confidence."""
    if not 0 < error_rate < 1:
        raise ValueError("error rate must be between 0 and 1")
    if not 0 < confidence < 1:
        raise ValueError("confidence must be between 0 and 1")
    return math.ceil(math.log(1 - confidence) / math.log(1 - error_rate) - 1e-12)


def calls_to_estimate(error_rate: float, margin: float) -> int:
    """Calls needed to estimate a rate near ``error_rate`` within +/- ``margin`` (95 %)."""
    if not 0 < error_rate < 1 or not 0 < margin < 1:
        raise ValueError("rate and margin must be between 0 and 1")
    from scipy.special import ndtri  # the normal quantile

    z = float(ndtri(0.5 + CONFIDENCE / 2))
    return math.ceil(z * z * error_rate * (1 - error_rate) / (margin * margin))


def krippendorff_alpha(units: Sequence[Sequence[str | None]]) -> float | None:
    """Krippendorff's alpha for nominal data.

    ``units`` is one row per coder, one column per unit; a value is any hashable label or None
    when that coder did not code the unit. Returns None when alpha is not defined (fewer than
    two pairable values, or no variation at all, where expected disagreement is zero)."""
    import krippendorff
    import numpy as np

    labels: dict = {}
    matrix = []
    for row in units:
        coded = []
        for value in row:
            if value is None or value == "":
                coded.append(np.nan)
            else:
                coded.append(float(labels.setdefault(value, len(labels) + 1)))
        matrix.append(coded)
    if not matrix or len(labels) < 2:
        return None
    data = np.array(matrix, dtype=float)
    # Only units coded by at least two coders are pairable.
    pairable = (~np.isnan(data)).sum(axis=0) >= 2
    if pairable.sum() == 0:
        return None
    values = {v for v in data[:, pairable].ravel() if not np.isnan(v)}
    if len(values) < 2:
        return None
    alpha = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    return None if math.isnan(alpha) else float(alpha)
