"""Coaching: a team leader records it against an evaluation's failed criteria; the agent
acknowledges it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from core.access import Role, user_has_role
from core.people import person_name
from qa.models import Coaching, Evaluation
from qa.services.notices import coaching_recorded_notify


@transaction.atomic
def coaching_record(
    *, actor, evaluation: Evaluation, criteria, notes: str, follow_up_on: date, request=None
) -> Coaching:
    if not user_has_role(actor, Role.TEAM_LEADER):
        raise PermissionDenied("Only team leaders record coaching.")
    if evaluation.agent is None or evaluation.agent.team_leader != actor:
        raise PermissionDenied("You can only coach agents in your team.")
    if not evaluation.is_submitted:
        raise ValidationError("Coach on submitted evaluations only.")
    criteria = list(criteria)
    failed = set(evaluation.answers.filter(answer="no").values_list("criterion_id", flat=True))
    if not criteria:
        raise ValidationError("Choose at least one failed criterion to coach on.")
    not_failed = [c.text for c in criteria if c.pk not in failed]
    if not_failed:
        raise ValidationError(f"Not failed in this evaluation: {'; '.join(not_failed)}.")
    if follow_up_on < timezone.localdate():
        raise ValidationError("The follow-up date cannot be in the past.")
    coaching = Coaching(
        evaluation=evaluation,
        agent=evaluation.agent,
        coach=actor,
        coach_name=person_name(actor),
        notes=notes.strip(),
        follow_up_on=follow_up_on,
    )
    coaching.full_clean()
    coaching.save()
    coaching.criteria.set(criteria)
    audit_record(
        actor=actor,
        action="coaching.record",
        obj=coaching,
        request=request,
        changes={
            "evaluation": evaluation.pk,
            "criteria": [c.key for c in criteria],
            "follow_up_on": str(follow_up_on),
        },
    )
    coaching_recorded_notify(coaching)
    return coaching


@transaction.atomic
def coaching_acknowledge(*, actor, coaching: Coaching, request=None) -> Coaching:
    if coaching.agent.user_id != actor.pk:
        raise PermissionDenied("Only the coached agent acknowledges coaching.")
    if coaching.acknowledged_at:
        raise ValidationError("Already acknowledged.")
    coaching.acknowledged_at = timezone.now()
    coaching.save(update_fields=["acknowledged_at"])
    audit_record(actor=actor, action="coaching.acknowledge", obj=coaching, request=request)
    return coaching
