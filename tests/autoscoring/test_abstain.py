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
