"""Calibrated confidence, reliability and abstention thresholds (plain Python + numpy).

    platt = fit_platt(raw_confidences, correct)      # (a, b): P(correct) = sigmoid(a*logit(raw)+b)
    p = apply_platt(platt, raw)
    expected_calibration_error(p, correct)           # ECE, equal-width bins
    reliability_table(p, correct)                     # rows per bin: n, mean confidence, accuracy
    threshold = choose_threshold(p, correct, target=0.95, false_yes=...)

A confidence is *calibrated* when, of the answers given with confidence about 0.9, about 9 in
10 agree with a person. Platt scaling (a logistic fit on the logit of the raw score) is used
rather than isotonic regression because a criterion has ~100 labelled calls: isotonic steps fit
such a small set too closely and promise 1.0 where the data only showed a run of luck.

The threshold is the lowest confidence at which the answers kept (confidence >= threshold)
reach the target agreement, and, for a critical criterion, at which no kept ``yes`` was
labelled ``no`` (the error a QA officer must never see pre-filled). Below it the answer is
``check``: a question for the officer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

EPS = 1e-4
NEVER = 1.01  # a threshold no confidence reaches: the criterion is always asked


def _logit(p: float) -> float:
    p = min(max(p, EPS), 1 - EPS)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def fit_platt(raw: Sequence[float], correct: Sequence[bool]) -> tuple[float, float]:
    """Platt scaling of ``raw`` confidences against whether the answer was right.

    With one outcome only (all right or all wrong) there is nothing to fit: the map keeps the
    raw score's order and moves it towards the observed rate (Laplace-smoothed).
    """
    from sklearn.linear_model import LogisticRegression

    ys = [1 if c else 0 for c in correct]
    if not ys:
        return (1.0, 0.0)
    if len(set(ys)) < 2:
        rate = (sum(ys) + 1) / (len(ys) + 2)
        return (1.0, _logit(rate) - _logit(sum(raw) / len(raw)))
    xs = [[_logit(r)] for r in raw]
    # A mild L2 penalty keeps the slope sane when the scores barely separate the outcomes.
    model = LogisticRegression(C=10.0)
    model.fit(xs, ys)
    slope = float(model.coef_[0][0])
    if slope < 0:
        # A higher raw confidence that is *less* often right is noise in a small set, not a
        # signal to invert: every answer gets the observed rate (nothing to separate them by).
        rate = (sum(ys) + 1) / (len(ys) + 2)
        return (0.0, _logit(rate))
    return (slope, float(model.intercept_[0]))


def apply_platt(params: tuple[float, float], raw: float) -> float:
    a, b = params
    return _sigmoid(a * _logit(raw) + b)


@dataclass(frozen=True, slots=True)
class ReliabilityRow:
    low: float
    high: float
    n: int
    confidence: float  # mean confidence in the bin
    accuracy: float  # share right in the bin

    def to_dict(self) -> dict:
        return {
            "bin": f"{self.low:.1f}-{self.high:.1f}",
            "n": self.n,
            "confidence": round(self.confidence, 3),
            "accuracy": round(self.accuracy, 3),
        }


def reliability_table(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> list[ReliabilityRow]:
    """Equal-width bins over 0..1, only those holding any answer."""
    rows = []
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [
            (p, c)
            for p, c in zip(confidence, correct, strict=True)
            if low <= p < high or (b == bins - 1 and p == 1.0)
        ]
        if not members:
            continue
        rows.append(
            ReliabilityRow(
                low=low,
                high=high,
                n=len(members),
                confidence=sum(p for p, _ in members) / len(members),
                accuracy=sum(1 for _, c in members if c) / len(members),
            )
        )
    return rows


def expected_calibration_error(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float | None:
    """Sum over bins of (share of answers in the bin) x |accuracy - mean confidence|."""
    n = len(confidence)
    if n == 0:
        return None
    rows = reliability_table(confidence, correct, bins)
    return sum(r.n / n * abs(r.accuracy - r.confidence) for r in rows)


def choose_threshold(
    confidence: Sequence[float],
    correct: Sequence[bool],
    *,
    target: float,
    false_yes: Sequence[bool] | None = None,
    min_kept: int = 5,
    margin: float = 0.0,
) -> float:
    """The lowest threshold whose kept answers reach ``target`` agreement and hold no false
    ``yes`` (when ``false_yes`` marks them); :data:`NEVER` when no threshold does.

    Thresholds are tried at the observed confidences, so the figure is exactly what the data
    supports; at least ``min_kept`` answers must be kept for a threshold to count as evidence.
    ``margin``: the threshold must also clear every false ``yes`` by this much, since a call
    from a new writer can sit a little above the worst one seen here.
    """
    items = sorted(
        zip(confidence, correct, false_yes or [False] * len(confidence), strict=True),
        key=lambda t: -t[0],
    )
    if not items:
        return NEVER
    worst_false_yes = max((p for p, _, fy in items if fy), default=None)
    # Walk from the most confident down; remember the lowest cut that still meets the targets.
    best = NEVER
    right = kept = 0
    bad_yes_seen = False
    i = 0
    while i < len(items):
        level = items[i][0]
        while i < len(items) and items[i][0] == level:
            _, ok, fy = items[i]
            kept += 1
            right += 1 if ok else 0
            bad_yes_seen = bad_yes_seen or fy
            i += 1
        if bad_yes_seen:
            break  # every lower cut keeps that false yes too
        if worst_false_yes is not None and level < worst_false_yes + margin:
            break
        if kept >= min_kept and right / kept >= target:
            best = level
    return best
