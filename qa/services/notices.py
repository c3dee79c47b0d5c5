"""Who the QA app tells about what, in words (``inbox.services.notify`` writes and e-mails).
Each function is called by the service that makes the change, inside its transaction, so a
refused or rolled back step tells nobody."""

from __future__ import annotations

from collections import Counter

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from core.access import Role
from inbox.services import notify
from qa.models import Coaching, Dispute, Evaluation
from qa.services.evaluation_workflow import dispute_deadline


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%a %-d %b %Y, %H:%M")


def _call_day(evaluation: Evaluation) -> str:
    return timezone.localtime(evaluation.call.started_at).strftime("%-d %b %Y")


def _agent_user(evaluation: Evaluation):
    return evaluation.agent.user if evaluation.agent is not None else None


def evaluation_submitted_notify(evaluation: Evaluation) -> None:
    """The agent: their call was scored; acknowledge it, or dispute it by the window's end.
    A calibration exercise is not the agent's result: nobody is told."""
    if evaluation.kind != Evaluation.Kind.REGULAR or evaluation.agent is None:
        return
    outcome = "passed" if evaluation.passed else "did not pass"
    notify(
        recipients=[_agent_user(evaluation)],
        kind="evaluation.submitted",
        words=(
            f"Your call of {_call_day(evaluation)} was scored {evaluation.score}% ({outcome}). "
            f"Acknowledge it, or dispute it by {_when(dispute_deadline(evaluation))}."
        ),
        link=reverse("qa:evaluation_detail", args=[evaluation.pk]),
    )


def dispute_raised_notify(dispute: Dispute) -> None:
    """Every active QA manager who may resolve it (not the one who scored the call)."""
    evaluation = dispute.evaluation
    managers = (
        get_user_model()
        .objects.filter(groups__name=Role.QA_MANAGER, is_active=True)
        .exclude(pk=evaluation.evaluator_id)
    )
    criteria = [i.answer.criterion.text for i in dispute.items.select_related("answer__criterion")]
    agent = evaluation.agent.full_name if evaluation.agent else dispute.raised_by_name
    notify(
        recipients=managers,
        kind="dispute.raised",
        words=(
            f"{agent} disputes {len(criteria)} "
            f"{'criterion' if len(criteria) == 1 else 'criteria'} of the evaluation of their "
            f"call of {_call_day(evaluation)}."
        ),
        details="Disputed: " + "; ".join(criteria),
        link=reverse("qa:dispute_resolve", args=[dispute.pk]),
    )


def dispute_resolved_notify(dispute: Dispute, *, resolver) -> None:
    """The agent who disputed and the officer who scored the call (not the resolver)."""
    evaluation = dispute.evaluation
    recipients = [_agent_user(evaluation), evaluation.evaluator]
    notify(
        recipients=[u for u in recipients if u is not None and u.pk != resolver.pk],
        kind="dispute.resolved",
        words=(
            f"The dispute of the evaluation of the call of {_call_day(evaluation)} is resolved "
            f"by {dispute.resolved_by_name}: score {dispute.score_before}% → "
            f"{dispute.score_after}%."
        ),
        link=reverse("qa:evaluation_detail", args=[evaluation.pk]),
    )


def coaching_recorded_notify(coaching: Coaching) -> None:
    """The coached agent."""
    criteria = [c.text for c in coaching.criteria.all()]
    notify(
        recipients=[coaching.agent.user],
        kind="coaching.recorded",
        words=(
            f"{coaching.coach_name} recorded coaching for you on "
            f"{'; '.join(criteria)}. Follow-up on {coaching.follow_up_on:%-d %b %Y}."
        ),
        details=coaching.notes,
        link=reverse("qa:evaluation_detail", args=[coaching.evaluation_id]),
    )


def calls_assigned_notify(items, *, sample_name: str) -> None:
    """Each officer given calls: one message with how many (not one per call)."""
    per_officer = Counter()
    officers = {}
    for item in items:
        if item.assigned_to is not None:
            per_officer[item.assigned_to.pk] += 1
            officers[item.assigned_to.pk] = item.assigned_to
    for pk, n in per_officer.items():
        notify(
            recipients=[officers[pk]],
            kind="calls.assigned",
            words=(f"{n} call{'s' if n != 1 else ''} assigned to you to score ({sample_name})."),
            link=reverse("qa:queue"),
        )
