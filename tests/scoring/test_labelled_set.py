"""Agreement of the rule detectors with the labelled transcripts (tests/data/transcripts).

Targets from issue 5: at least 90% per criterion, 95% on critical criteria, and no critical
criterion ever answered yes where the label is no on a clean transcript.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.evaluate import evaluate, load_labelled

DATA = Path(__file__).resolve().parent.parent / "data" / "transcripts"


@pytest.fixture(scope="module")
def reports():
    calls = load_labelled(DATA) + load_labelled(DATA / "holdout")
    assert len(calls) >= 40
    return evaluate(calls)


def test_the_set_covers_both_scorecards_mono_noise_and_critical_fails():
    calls = load_labelled(DATA) + load_labelled(DATA / "holdout")
    assert {c.scorecard for c in calls} == {"inbound", "outbound_collection"}
    assert sum(c.mono for c in calls) >= 5
    assert sum(not c.clean for c in calls) >= 10
    critical = {"verify_identity", "reference_number", "professional_language", "right_party",
                "no_threats"}  # fmt: skip
    assert sum(any(c.labels.get(k) == "no" for k in critical) for c in calls) >= 10


def test_every_criterion_agrees_at_least_90_percent(reports):
    low = {f"{r.scorecard}.{r.key}": round(r.accuracy, 3) for r in reports if r.accuracy < 0.9}
    assert low == {}


def test_critical_criteria_agree_at_least_95_percent(reports):
    low = {
        f"{r.scorecard}.{r.key}": round(r.accuracy, 3)
        for r in reports
        if r.critical and r.accuracy < 0.95
    }
    assert low == {}


def test_no_critical_yes_where_the_label_is_no_on_a_clean_transcript(reports):
    assert {f"{r.scorecard}.{r.key}": r.critical_false_yes for r in reports if r.critical} == {
        f"{r.scorecard}.{r.key}": 0 for r in reports if r.critical
    }
