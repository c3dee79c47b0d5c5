"""qa/services/calibration.py: blind scoring, results, alpha; calibration never counts."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qa.models import Evaluation
from qa.selectors.reports import ReportFilter, report
from qa.services import calibration as svc
from qa.services import evaluations as ev
from tests.qa.factories import all_yes, make_call

pytestmark = pytest.mark.django_db


def _score(session, user, **overrides):
    evaluation = ev.evaluation_start(actor=user, call=session.call, calibration_session=session)
    ev.evaluation_save(
        actor=user, evaluation=evaluation, answers=all_yes(session.version, **overrides)
    )
    ev.evaluation_submit(actor=user, evaluation=evaluation)
    return evaluation


def test_calibration_evaluations_never_count_in_agent_results(
    agent_user, qa_manager_user, qa_officer_user, qa_officer2_user
):
    session = svc.calibration_open(
        actor=qa_manager_user,
        call=make_call(agent_user),
        title="t",
        participants=[qa_officer_user, qa_officer2_user],
    )
    _score(session, qa_officer_user)
    _score(session, qa_officer2_user, reference_number="no")
    assert Evaluation.objects.filter(kind="calibration").count() == 2
    assert not Evaluation.objects.counted().exists()
    assert report(qa_manager_user, ReportFilter())["overall"].n == 0
    assert not Evaluation.objects.visible_to(agent_user).exists()


def test_only_managers_open_sessions_with_two_officers(
    agent_user, qa_manager_user, qa_officer_user
):
    call = make_call(agent_user)
    with pytest.raises(PermissionDenied):
        svc.calibration_open(actor=qa_officer_user, call=call, title="x", participants=[])
    with pytest.raises(ValidationError, match="two"):
        svc.calibration_open(
            actor=qa_manager_user, call=call, title="x", participants=[qa_officer_user]
        )


def test_close_needs_two_submissions(
    agent_user, qa_manager_user, qa_officer_user, qa_officer2_user
):
    session = svc.calibration_open(
        actor=qa_manager_user,
        call=make_call(agent_user),
        title="x",
        participants=[qa_officer_user, qa_officer2_user],
    )
    _score(session, qa_officer_user)
    with pytest.raises(ValidationError, match="two submitted"):
        svc.calibration_close(actor=qa_manager_user, session=session)


