"""qa/services/evaluation_workflow.py: the evaluation's one transition table, what each person
is offered, and that the services refuse a step the table does not allow, changing nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from qa.models import Evaluation
from qa.services import evaluations as ev
from qa.services.evaluation_workflow import TRANSITIONS, allowed_actions
from tests.qa.factories import make_call, make_evaluation

pytestmark = pytest.mark.django_db

S = Evaluation.State


def test_the_table_reaches_every_state_from_draft():
    reached, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        state = frontier.pop()
        for t in TRANSITIONS.values():
            if state in t.sources and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == set(S.values)


def test_each_person_is_offered_only_their_own_steps(
    agent_user, agent2_user, qa_officer_user, qa_officer2_user, qa_manager_user
):
    draft = make_evaluation(make_call(agent_user), qa_officer_user, submit=False)
    assert set(allowed_actions(draft, qa_officer_user)) == {"save", "submit"}
    assert allowed_actions(draft, qa_officer2_user) == {}
    assert allowed_actions(draft, agent_user) == {}

    submitted = make_evaluation(make_call(agent_user), qa_officer_user)
    assert set(allowed_actions(submitted, agent_user)) == {"acknowledge", "dispute"}
    assert allowed_actions(submitted, agent2_user) == {}
    assert allowed_actions(submitted, qa_officer_user) == {}

    ev.evaluation_dispute(actor=agent_user, evaluation=submitted, reasons={"empathy": "I did"})
    submitted.refresh_from_db()
    assert set(allowed_actions(submitted, qa_manager_user)) == {"resolve"}
    assert allowed_actions(submitted, agent_user) == {}


def test_the_dispute_is_no_longer_offered_once_the_window_closes(
    agent_user, qa_officer_user, settings
):
    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    late = timezone.now() + timedelta(days=settings.QA_DISPUTE_WINDOW_DAYS, minutes=1)
    assert set(allowed_actions(evaluation, agent_user, now=late)) == {"acknowledge"}


def test_an_illegal_step_is_refused_with_the_state_and_what_is_allowed(agent_user, qa_officer_user):
    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    ev.evaluation_acknowledge(actor=agent_user, evaluation=evaluation)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match=r"it is acknowledged\. Allowed now: dispute"):
        ev.evaluation_acknowledge(actor=agent_user, evaluation=evaluation)
    with pytest.raises(ValidationError, match="Cannot submit"):
        ev.evaluation_submit(actor=qa_officer_user, evaluation=evaluation)
    evaluation.refresh_from_db()
    assert evaluation.state == S.ACKNOWLEDGED and AuditEvent.objects.count() == events


def test_the_wrong_person_is_refused_before_the_state_is_looked_at(
    agent_user, agent2_user, qa_officer_user
):
    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    with pytest.raises(PermissionDenied, match="Only the agent evaluated may dispute"):
        ev.evaluation_dispute(actor=agent2_user, evaluation=evaluation, reasons={"empathy": "x"})
    with pytest.raises(PermissionDenied, match="Only the evaluator may save"):
        ev.evaluation_save(actor=agent_user, evaluation=evaluation, answers={})
    evaluation.refresh_from_db()
    assert evaluation.state == S.SUBMITTED


def test_the_evaluation_page_offers_the_agent_the_table_steps(
    client, agent_user, qa_officer_user, qa_manager_user
):
    from django.urls import reverse

    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    url = reverse("qa:evaluation_detail", args=[evaluation.pk])
    client.force_login(agent_user)
    page = client.get(url).content.decode()
    assert "Acknowledge</button>" in page and "Dispute criteria" in page
    client.force_login(qa_manager_user)
    page = client.get(url).content.decode()
    assert "Acknowledge</button>" not in page and "Dispute criteria" not in page
