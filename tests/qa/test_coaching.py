"""qa/services/coaching.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from audit.models import AuditEvent
from qa.services import coaching as svc
from scorecards.models import Criterion
from tests.qa.factories import make_call, make_evaluation

pytestmark = pytest.mark.django_db


def test_team_leader_coaches_on_failed_criteria_and_agent_acknowledges(
    agent_user, team_leader_user, qa_officer_user
):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    empathy = Criterion.objects.get(version=evaluation.version, key="empathy")
    coaching = svc.coaching_record(
        actor=team_leader_user,
        evaluation=evaluation,
        criteria=[empathy],
        notes="Acknowledge the caller's situation.",
        follow_up_on=timezone.localdate() + timedelta(days=14),
    )
    assert list(coaching.criteria.all()) == [empathy]
    svc.coaching_acknowledge(actor=agent_user, coaching=coaching)
    coaching.refresh_from_db()
    assert coaching.acknowledged_at
    assert [e.action for e in AuditEvent.objects.for_object(coaching)] == [
        "coaching.record",
        "coaching.acknowledge",
    ]


def test_coaching_refuses_criteria_that_passed_and_other_teams(
    agent_user, other_team_agent_user, team_leader_user, qa_officer_user
):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    greeting = Criterion.objects.get(version=evaluation.version, key="greeting")
    with pytest.raises(ValidationError, match="Not failed"):
        svc.coaching_record(
            actor=team_leader_user,
            evaluation=evaluation,
            criteria=[greeting],
            notes="x",
            follow_up_on=timezone.localdate(),
        )
    other = make_evaluation(
        make_call(other_team_agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    with pytest.raises(PermissionDenied):
        svc.coaching_record(
            actor=team_leader_user,
            evaluation=other,
            criteria=[],
            notes="x",
            follow_up_on=timezone.localdate(),
        )


def test_only_the_coached_agent_acknowledges(
    agent_user, agent2_user, team_leader_user, qa_officer_user
):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"closing": "no"}
    )
    closing = Criterion.objects.get(version=evaluation.version, key="closing")
    coaching = svc.coaching_record(
        actor=team_leader_user,
        evaluation=evaluation,
        criteria=[closing],
        notes="x",
        follow_up_on=timezone.localdate(),
    )
    with pytest.raises(PermissionDenied):
        svc.coaching_acknowledge(actor=agent2_user, coaching=coaching)
