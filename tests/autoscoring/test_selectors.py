"""qa/selectors/autoscore.py: the suggestions an evaluation starts from, and the agreement of
suggestions with the officers' final answers."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from autoscoring.selectors import SAFE_MIN_ANSWERS, agreement_report, suggestions_for
from autoscoring.services.suggestions import call_autoscore
from qa.models import Answer, Evaluation
from tests.autoscoring.factories import make_call as make_scored_call
from tests.qa.factories import inbound_version, make_call

pytestmark = pytest.mark.django_db


def test_suggestions_for_is_empty_without_auto_scores(agent_user):
    assert suggestions_for(make_call(agent_user), inbound_version()) == {}


def _confirm(call, officer, *, when, empathy=None):
    """An officer's submitted evaluation of ``call``: the suggestions confirmed, except
    ``empathy`` when given."""
    auto = call_autoscore(call=call)
    evaluation = Evaluation.objects.create(
        call=call, version=auto.version, evaluator=officer, evaluator_name="Pieter",
        state="submitted", submitted_at=when, submitted_on=timezone.localdate(when),
    )  # fmt: skip
    for a in auto.answers.exclude(answer=""):
        final = empathy if a.criterion_key == "empathy" and empathy else a.answer
        Answer.objects.create(
            evaluation=evaluation, criterion=a.criterion, answer=final,
            suggested_answer=a.answer, suggestion_source=a.source,
        )  # fmt: skip
    return auto.version


def test_agreement_is_safe_with_enough_matching_answers_and_drifting_when_recent_weeks_slip(
    site_data, qa_officer_user
):
    now = timezone.now()
    version = None
    for i in range(SAFE_MIN_ANSWERS):
        # Five weeks ago and earlier every suggestion was confirmed; in the last four weeks the
        # officers overrode empathy on every call.
        recent = i % 3 == 0
        when = now - timedelta(days=3 if recent else 40)
        version = _confirm(
            make_scored_call(), qa_officer_user, when=when, empathy="no" if recent else None
        )
    report = {row.key: row for row in agreement_report(version=version)}
    assert report["greeting"].n == SAFE_MIN_ANSWERS
    assert report["greeting"].verdict == "safe to automate"
    assert report["empathy"].verdict == "drifting"
    assert report["empathy"].agree == SAFE_MIN_ANSWERS - SAFE_MIN_ANSWERS // 3
