"""The calibrated answerers in the product: an abstained criterion ("check") is stored
unanswered and reaches the QA officer's workspace as a question, not pre-filled."""

from __future__ import annotations

import pytest

from autoscoring.models import AutoAnswer
from autoscoring.services.suggestions import call_autoscore
from qa.services.evaluations import evaluation_start
from scoring import calibrated as calibrated_module
from scoring.calibrated import NEVER, CriterionScorer, ScorerSet
from tests.autoscoring.factories import make_call

pytestmark = [pytest.mark.django_db, pytest.mark.calibrated_autoscore]


def _unsure_about_empathy() -> ScorerSet:
    sure = CriterionScorer("inbound", "greeting", False, "rule", (1.0, 0.0), 0.0)
    unsure = CriterionScorer("inbound", "empathy", False, "rule", (1.0, 0.0), NEVER)
    return ScorerSet(
        by_detector={"inbound.greeting": sure, "inbound.empathy": unsure},
        by_scorecard={"inbound": {"greeting": sure, "empathy": unsure}},
    )


def test_an_abstained_criterion_reaches_the_workspace_unfilled(
    site_data, qa_officer_user, monkeypatch
):
    monkeypatch.setattr(calibrated_module, "default_scorers", _unsure_about_empathy)
    call = make_call()
    auto = call_autoscore(call=call)
    empathy = auto.answers.get(criterion_key="empathy")
    assert empathy.answer == ""
    assert empathy.source == "human"
    assert empathy.note.startswith("check:")
    assert not auto.complete
    greeting = auto.answers.get(criterion_key="greeting")
    assert greeting.answer == "yes"

    evaluation = evaluation_start(actor=qa_officer_user, call=call)
    rows = {a.criterion.key: a for a in evaluation.answers.all()}
    assert rows["empathy"].answer == "" and rows["empathy"].suggested_answer == ""
    assert rows["greeting"].answer == "yes" and rows["greeting"].suggested_answer == "yes"


def test_the_shipped_answerers_score_a_stored_call(site_data):
    call = make_call()
    auto = call_autoscore(call=call)
    answers = AutoAnswer.objects.filter(auto_score=auto)
    assert answers.count() == 12
    assert "+autoscore-" in auto.engine
    for a in answers:
        assert (a.answer == "") == (a.source == "human")
        assert 0.0 <= a.confidence <= 1.0


MONO_RIGHT_PARTY = [
    {"speaker": "unknown", "start": 0.0, "end": 4.0,
     "text": "Good afternoon, Sipho from the City of Ekurhuleni. Am I speaking to Mrs Dube?"},
    {"speaker": "unknown", "start": 4.3, "end": 5.5, "text": "Yes, it's me."},
    {"speaker": "unknown", "start": 5.8, "end": 10.0,
     "text": "Thank you. Your account is R4 200 in arrears, it was due on the 7th."},
    {"speaker": "unknown", "start": 10.3, "end": 12.0, "text": "Okay, I will pay on Friday."},
    {"speaker": "unknown", "start": 12.3, "end": 14.0,
     "text": "Thank you for your time, goodbye from the City of Ekurhuleni."},
]  # fmt: skip


def _sure_of_everything() -> ScorerSet:
    """Rule answerers shown at any confidence: only the critical mono rule can stop a yes."""
    right = CriterionScorer("outbound_collection", "right_party", True, "rule", (0.0, 9.0), 0.0)
    greeting = CriterionScorer("outbound_collection", "greeting", False, "rule", (0.0, 9.0), 0.0)
    return ScorerSet(
        by_detector={"outbound.right_party": right, "outbound.greeting": greeting},
        by_scorecard={"outbound_collection": {"right_party": right, "greeting": greeting}},
    )


def test_a_mono_right_party_yes_reaches_the_workspace_unfilled(
    site_data, qa_officer_user, monkeypatch
):
    """On a mono call nobody knows who said "yes, it's me": the right-party "yes" is a
    question for the officer whatever its confidence, stored unanswered and not pre-filled."""
    monkeypatch.setattr(calibrated_module, "default_scorers", _sure_of_everything)
    call = make_call(section="outbound_collection", direction="outbound", segments=MONO_RIGHT_PARTY)
    auto = call_autoscore(call=call)
    right = auto.answers.get(criterion_key="right_party")
    assert right.answer == "" and right.source == "human"
    assert right.note.startswith("check:")
    assert auto.answers.get(criterion_key="greeting").answer == "yes"

    evaluation = evaluation_start(actor=qa_officer_user, call=call)
    rows = {a.criterion.key: a for a in evaluation.answers.all()}
    assert rows["right_party"].answer == "" and rows["right_party"].suggested_answer == ""
