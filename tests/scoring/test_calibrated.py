"""Calibrated answerers and abstention (scoring/calibrated.py), and their skops round trip."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring.autoscore import CHECK, autoscore
from scoring.calibrated import (
    MODEL_USES,
    NEVER,
    CriterionScorer,
    ScorerSet,
    UntrustedScorerError,
    criterion_data,
    cross_validate,
    default_scorers,
    load_scorers,
    save_scorers,
    train_scorers,
)
from scoring.default_scorecards import DEFAULT_SCORECARDS, INBOUND
from scoring.detectors import analyse
from scoring.evaluate import load_labelled
from scoring.features import call_features

from .conftest import make_call

DATA = Path(__file__).resolve().parent.parent / "data" / "transcripts"


@pytest.fixture(scope="module")
def inbound_data():
    calls = [c for c in load_labelled(DATA) if c.scorecard == "inbound"]
    views = [analyse(c.transcript) for c in calls]
    features = [call_features(v) for v in views]
    # Two pseudo-writers, alternating, so the cross-validation has groups to hold out.
    groups = [f"g{i % 2}" for i in range(len(calls))]
    return criterion_data(views, features, INBOUND, [c.labels for c in calls], groups)


@pytest.fixture(scope="module")
def trained(inbound_data):
    return train_scorers("inbound", inbound_data, version="autoscore-test", validate=False)


def _empathy_call():
    return make_call(
        ("A", "Good morning, City of Ekurhuleni, Thabo speaking, how may I help you?"),
        ("C", "There is no water in my street in Tembisa since yesterday."),
        ("A", "I'm so sorry to hear that. What is the address?"),
        ("C", "12 Mlambo Street, Tembisa."),
        ("A", "Logged, your reference number is 55 210 443. A team will be out in 48 hours."),
        ("A", "Is there anything else I can help with? Thank you for calling the City."),
    )


def test_saved_answerers_reload_through_skops_and_answer_the_same(trained, tmp_path):
    save_scorers({"inbound": trained}, tmp_path)
    loaded = load_scorers(tmp_path)
    assert loaded is not None
    assert set(loaded.by_scorecard["inbound"]) == set(trained)
    view = analyse(_empathy_call())
    features = loaded.features(view)
    from scoring.features import criterion_row

    for key, scorer in trained.items():
        detection = __import__("scoring.detectors", fromlist=["get_detector"]).get_detector(
            scorer.card["detector_key"]
        )(view)
        row = criterion_row(features, detection)
        again = loaded.by_scorecard["inbound"][key]
        assert again.decide_many([row], [detection]) == scorer.decide_many([row], [detection])
    # "model" (every feature) or "focus" (the criterion's own concepts): both are skops models
    models = [s for s in trained.values() if s.use in MODEL_USES and s.model is not None]
    assert models, "at least one criterion should be answered by a learned model"


def test_a_tampered_model_file_is_refused(trained, tmp_path):
    save_scorers({"inbound": trained}, tmp_path)
    index = json.loads((tmp_path / "scorers.json").read_text())
    entry = next(e for e in index["scorecards"]["inbound"].values() if e.get("file"))
    (tmp_path / entry["file"]).write_bytes(b"not a model")
    with pytest.raises(UntrustedScorerError, match="sha256"):
        load_scorers(tmp_path)


def test_an_abstained_criterion_is_a_check_left_out_of_the_score():
    sure = CriterionScorer("inbound", "greeting", False, "rule", (1.0, 0.0), 0.0, card={})
    unsure = CriterionScorer("inbound", "empathy", False, "rule", (1.0, 0.0), NEVER, card={})
    scorers = ScorerSet(
        by_detector={"inbound.greeting": sure, "inbound.empathy": unsure},
        by_scorecard={"inbound": {"greeting": sure, "empathy": unsure}},
    )
    result = autoscore(_empathy_call(), INBOUND, calibrated=scorers)
    empathy = result.by_key()["empathy"]
    assert empathy.answer == CHECK
    assert empathy.abstained_answer == "yes"
    assert "check" in empathy.note
    assert result.checks == ("empathy",)
    assert "empathy" not in result.answers()
    assert "empathy" in result.unanswered and not result.complete
    rules_only = autoscore(_empathy_call(), INBOUND)
    assert result.possible == rules_only.possible - 10  # empathy's 10 points are not counted
    assert result.to_dict()["checks"] == ["empathy"]


def test_cross_validation_reports_coverage_agreement_and_calibration(inbound_data):
    data = next(d for d in inbound_data if d.key == "reference_number")
    figures = cross_validate(data)
    assert figures["n"] == len(data.labels)
    assert 0.0 <= figures["coverage"] <= 1.0
    assert figures["ece"] is not None and 0.0 <= figures["ece"] <= 1.0
    assert sum(r["n"] for r in figures["reliability"]) == figures["n"]
    if figures["answered"]:
        kept = [(lab, shown) for lab, _, shown, _ in figures["answers"] if shown != CHECK]
        agree = sum(1 for a, b in kept if a == b) / len(kept)
        assert figures["agreement_answered"] == pytest.approx(agree)


def test_the_shipped_answerers_cover_every_default_criterion_and_load():
    shipped = default_scorers()
    assert shipped is not None, "models/calibrated/scorers.json is missing"
    for criteria in DEFAULT_SCORECARDS.values():
        for criterion in criteria:
            assert shipped.get(criterion.detector_key) is not None, criterion.detector_key
    for scorer in shipped.by_detector.values():
        assert 0.0 <= scorer.threshold <= NEVER
        assert "cross_validated" in scorer.card


def test_the_shipped_answerers_hold_back_rather_than_guess_on_an_odd_call():
    # Half a call: no greeting, no closing, a mumbled middle. Nothing here is certain.
    call = make_call(("A", "ja"), ("C", "the thing by the corner"), ("A", "mm okay we'll see"))
    result = autoscore(call, INBOUND, calibrated=default_scorers())
    for item in result.criteria:
        assert item.answer in ("yes", "no", "na", CHECK)
        assert 0.0 <= item.confidence <= 1.0


def test_the_folded_linear_model_gives_the_pipelines_own_probabilities(trained):
    from scoring.detectors import get_detector
    from scoring.features import criterion_row, focus_row

    calls = load_labelled(DATA)[:15]
    checked = 0
    for scorer in trained.values():
        if scorer.model is None or scorer.use not in MODEL_USES:
            continue
        detector = get_detector(scorer.card["detector_key"])
        for call in calls:
            view = analyse(call.transcript)
            row = criterion_row(call_features(view), detector(view))
            if scorer.use == "focus":
                row = focus_row(row, tuple(scorer.card["focus"]))
            p = scorer.model.predict_proba([row])[0]
            answer, confidence = scorer._predict([row])[0]
            assert answer == str(scorer.model.classes_[p.argmax()])
            assert confidence == pytest.approx(float(p.max()), abs=1e-9)
            checked += 1
    assert checked


def _critical_data(answers: list[tuple[str, float, str]]):
    """A critical criterion whose rule gives ``(answer, confidence)`` with label, per call."""
    from scoring.calibrated import CriterionData
    from scoring.detectors.base import Detection

    detections = [Detection(answer=a, confidence=c) for a, c, _ in answers]
    return CriterionData(
        key="t",
        critical=True,
        detector_key="t",
        rows=[{} for _ in answers],
        detections=detections,
        labels=[lab for _, _, lab in answers],
        groups=["g"] * len(answers),
    )


def test_a_critical_yes_needs_more_confidence_than_a_no():
    from scoring.calibrated import CRITICAL_YES_MIN, _calibrate

    # The rule's "no" at 0.7 is always right; its "yes" at 0.95 is right but once, at 0.9,
    # labelled "no": a single threshold would have to sit above 0.9 for every answer.
    answers = (
        [("no", 0.7, "no")] * 20
        + [("yes", 0.95, "yes")] * 40
        + [("yes", 0.9, "no")]
        + [("yes", 0.9, "yes")] * 10
    )
    data = _critical_data(answers)
    idx = list(range(len(answers)))
    raw = [(a, c) for a, c, _ in answers]
    platt, (threshold, threshold_yes), _, _ = _calibrate(data, idx, raw)
    from scoring.calibration import apply_platt

    assert threshold_yes is not None and threshold_yes >= max(threshold, CRITICAL_YES_MIN)
    # the false yes is held back, the "no" answers are still shown
    assert apply_platt(platt, 0.9) < threshold_yes
    assert apply_platt(platt, 0.7) >= threshold
    scorer = CriterionScorer(
        scorecard="inbound",
        key="t",
        critical=True,
        use="rule",
        platt=platt,
        threshold=threshold,
        threshold_yes=threshold_yes,
    )
    shown = [s for s, _, _ in scorer.decide_many([{}] * len(answers), data.detections)]
    assert all(s == "no" for s in shown[:20])
    assert all(s == CHECK for s in shown[60:])


def test_the_yes_threshold_survives_the_skops_round_trip(trained, tmp_path):
    scorer = next(s for s in trained.values() if s.critical)
    scorer.threshold_yes = 0.93
    save_scorers({"inbound": trained}, tmp_path)
    loaded = load_scorers(tmp_path)
    assert loaded.by_scorecard["inbound"][scorer.key].threshold_yes == 0.93
    assert loaded.by_scorecard["inbound"][scorer.key].threshold_for("yes") == 0.93
    assert loaded.by_scorecard["inbound"][scorer.key].threshold_for("no") == scorer.threshold


def test_the_shipped_critical_answerers_demand_more_for_a_yes():
    from scoring.calibrated import CRITICAL_YES_MIN

    for scorer in default_scorers().by_detector.values():
        if scorer.critical:
            assert scorer.threshold_yes is not None
            assert scorer.threshold_yes >= max(CRITICAL_YES_MIN, min(scorer.threshold, 1.0))
        else:
            assert scorer.threshold_yes is None
