"""core/stats.py: intervals, sample sizes, Krippendorff's alpha against published examples."""

from __future__ import annotations

import math

import pytest

from core.stats import (
    calls_to_detect,
    calls_to_estimate,
    krippendorff_alpha,
    mean_interval,
    mean_interval_of,
    t95,
    wilson_interval,
)

N = None

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four observers,
# twelve units, missing data. Published result: nominal alpha = 0.743.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]


def test_alpha_matches_krippendorffs_published_nominal_example():
    assert krippendorff_alpha(KRIPPENDORFF_2011) == pytest.approx(0.743, abs=0.0005)


def test_alpha_two_coders_hand_computed():
    # Two coders, 10 binary units, 8 agree. Coincidences: o_aa=8 (4 pairs x2), o_bb=8, o_ab=o_ba=2
    # n=20, n_a=n_b=10: D_o = 4/20 = .2; D_e = 2*10*10/(20*19) = .5263; alpha = 1 - .2/.5263.
    a = ["yes"] * 5 + ["no"] * 5
    b = ["yes"] * 4 + ["no"] + ["no"] * 4 + ["yes"]
    assert krippendorff_alpha([a, b]) == pytest.approx(1 - 0.2 / (200 / 380), abs=1e-9)


def test_alpha_is_undefined_without_variation_and_one_with_perfect_agreement():
    assert krippendorff_alpha([["yes", "yes"], ["yes", "yes"]]) is None
    assert krippendorff_alpha([["yes", "no", "na"], ["yes", "no", "na"]]) == pytest.approx(1.0)
    assert krippendorff_alpha([["yes", None], [None, "no"]]) is None


def test_t_quantiles_match_tables():
    assert t95(1) == pytest.approx(12.706, abs=0.001)
    assert t95(10) == pytest.approx(2.228, abs=0.001)
    assert t95(60) == pytest.approx(2.000, abs=0.001)
    assert t95(120) == pytest.approx(1.980, abs=0.001)
    assert t95(10**6) == pytest.approx(1.96, abs=0.001)


def test_mean_interval_hand_computed():
    # values 70, 80, 90: mean 80, sd 10, se 5.7735, t(2)=4.3027 (4.303 in tables) -> half 24.84
    t2 = 4.302653
    interval = mean_interval_of([70, 80, 90])
    assert interval.estimate == 80
    assert interval.low == pytest.approx(80 - t2 * 10 / math.sqrt(3), abs=1e-5)
    assert 80 + t2 * 10 / math.sqrt(3) > 100 and interval.high == 100.0  # clipped to the scale
    narrow = mean_interval_of([78, 80, 82])
    assert narrow.high == pytest.approx(80 + t2 * 2 / math.sqrt(3), abs=1e-5)
    assert mean_interval(1, 75.0, 75.0**2).low is None
    assert mean_interval(0, 0, 0).estimate is None
    # Clipped to the 0..100 scale.
    assert mean_interval_of([0, 100]).low == 0.0 and mean_interval_of([0, 100]).high == 100.0


def test_wilson_interval_known_value():
    # 8 of 10: Wilson 95% interval (0.490, 0.943), as in Newcombe (1998) style tables.
    interval = wilson_interval(8, 10)
    assert interval.low == pytest.approx(0.4902, abs=1e-4)
    assert interval.high == pytest.approx(0.9433, abs=1e-4)
    assert wilson_interval(0, 0).estimate is None


def test_calls_needed_to_detect_an_error_rate():
    assert calls_to_detect(0.10, 0.95) == 29  # 1 - 0.9^29 = 0.953 >= 0.95 > 1 - 0.9^28
    assert 1 - 0.9**29 >= 0.95 > 1 - 0.9**28
    assert calls_to_detect(0.05, 0.95) == 59
    assert calls_to_detect(0.5, 0.75) == 2
    assert calls_to_estimate(0.10, 0.10) == 35
    with pytest.raises(ValueError):
        calls_to_detect(0, 0.95)
