"""Calibration, reliability and abstention thresholds (scoring/calibration.py)."""

from __future__ import annotations

import random

from scoring.calibration import (
    NEVER,
    apply_platt,
    choose_threshold,
    expected_calibration_error,
    fit_platt,
    reliability_table,
)


def _outcomes(confidences, rng):
    return [rng.random() < p for p in confidences]


def test_calibrated_confidences_have_a_small_ece_and_overconfident_ones_a_large_one():
    rng = random.Random(1)
    confidence = [rng.uniform(0.5, 1.0) for _ in range(4000)]
    correct = _outcomes(confidence, rng)
    assert expected_calibration_error(confidence, correct) < 0.03
    overconfident = [min(1.0, c + 0.3) for c in confidence]
    assert expected_calibration_error(overconfident, correct) > 0.15


def test_platt_scaling_repairs_overconfident_scores():
    rng = random.Random(2)
    truth = [rng.uniform(0.4, 0.95) for _ in range(3000)]
    correct = _outcomes(truth, rng)
    raw = [min(0.999, t + 0.04) ** 0.3 for t in truth]  # too sure, same order
    before = expected_calibration_error(raw, correct)
    params = fit_platt(raw, correct)
    after = expected_calibration_error([apply_platt(params, r) for r in raw], correct)
    assert before > 0.1
    assert after < 0.03


def test_platt_with_a_single_outcome_keeps_order_and_stays_below_one():
    params = fit_platt([0.6, 0.8, 0.9], [True, True, True])
    low, high = apply_platt(params, 0.6), apply_platt(params, 0.9)
    assert low < high < 1.0


def test_reliability_table_counts_every_answer_once():
    rows = reliability_table([0.05, 0.55, 0.56, 1.0], [False, True, False, True])
    assert sum(r.n for r in rows) == 4
    middle = next(r for r in rows if r.low == 0.5)
    assert middle.n == 2 and middle.accuracy == 0.5


def test_threshold_keeps_only_answers_that_reach_the_target():
    confidence = [0.99, 0.97, 0.95, 0.9, 0.85, 0.8, 0.7, 0.6]
    correct = [True, True, True, True, True, False, True, False]
    threshold = choose_threshold(confidence, correct, target=0.95, min_kept=3)
    assert threshold == 0.85
    kept = [c for p, c in zip(confidence, correct, strict=True) if p >= threshold]
    assert sum(kept) / len(kept) >= 0.95


def test_threshold_never_keeps_a_critical_false_yes():
    confidence = [0.99, 0.98, 0.97, 0.96, 0.95, 0.94, 0.5]
    correct = [True, True, True, True, False, True, True]
    false_yes = [False, False, False, False, True, False, False]
    threshold = choose_threshold(confidence, correct, target=0.5, false_yes=false_yes, min_kept=3)
    assert threshold > 0.95


def test_threshold_is_never_when_no_cut_reaches_the_target():
    assert choose_threshold([0.9, 0.8, 0.7], [False, True, False], target=0.95, min_kept=1) == NEVER


def test_a_margin_keeps_the_threshold_clear_of_the_worst_false_yes():
    confidence = [0.99, 0.98, 0.97, 0.96, 0.95, 0.9, 0.5]
    correct = [True, True, True, True, True, False, True]
    false_yes = [False, False, False, False, False, True, False]
    without = choose_threshold(confidence, correct, target=0.5, false_yes=false_yes, min_kept=3)
    with_margin = choose_threshold(
        confidence, correct, target=0.5, false_yes=false_yes, min_kept=3, margin=0.05
    )
    assert without == 0.95
    assert with_margin == 0.96
