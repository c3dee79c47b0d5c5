"""Telling people about a case, in the in-app inbox (and by e-mail to those who want it, which
``inbox.services.notify`` does once the step commits): assigned, returned, awaiting approval,
approved, and the deadline monitor's 50 % / 75 % warnings and breaches.

``case_notify`` is the one seam; it is called inside the step's transaction, so a refused or
rolled back step tells nobody. Nobody is told of their own step."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from core import working_time
from core.access import Role
from core.people import person_name
from inbox.services import notify
from investigations.models import Case, DeadlineAlert
from investigations.services.common import case_investigators

KINDS = {
    "assigned": "case.assigned",
    "returned": "case.returned",
    "awaiting_approval": "case.awaiting_approval",
    "approved": "case.approved",
    "deadline_warning": "case.deadline_warning",
    "breach": "case.breach",
}


def _supervisors():
    return (
        get_user_model()
        .objects.filter(groups__name=Role.INVESTIGATIONS_SUPERVISOR, is_active=True)
        .distinct()
        .order_by("pk")
    )


def case_notification_recipients(case: Case, event: str, actor=None) -> list:
    """Who is told of ``event`` on ``case``:

    - assigned, returned, approved: the assignee;
    - awaiting approval: every active supervisor who did not investigate the case (its
      assignee or anyone who submitted its findings), as only they may approve;
    - deadline warnings and breaches: the assignee and the supervisor who assigned the case,
      or, while nobody is assigned, every active supervisor.

    Never the person who took the step, never an inactive account."""
    if event not in KINDS:
        raise ValueError(f"unknown case notification: {event}")
    if event == "awaiting_approval":
        investigators = case_investigators(case)
        people = [p for p in _supervisors() if p.pk not in investigators]
    elif event in ("deadline_warning", "breach"):
        people = [case.assignee, case.supervisor] if case.assignee_id else list(_supervisors())
    else:
        people = [case.assignee]
    return [
        p for p in people if p is not None and p.is_active and (actor is None or p.pk != actor.pk)
    ]


def _words(case: Case, event: str, actor, alert: DeadlineAlert | None) -> str:
    who = person_name(actor) if actor else "The system"
    subject = f"{case.reference} ({case.get_source_display()})"
    if event == "assigned":
        return f"{who} assigned case {subject} to you."
    if event == "returned":
        return f"{who} returned the findings of case {subject} for more work."
    if event == "awaiting_approval":
        return f"{who} submitted the findings of case {subject}: they await your approval."
    if event == "approved":
        return f"{who} approved the findings of case {subject}: send the letter and record it sent."
    due = working_time.local(alert.due_at).strftime("%a %-d %b %Y, %H:%M")
    deadline = alert.get_deadline_display().lower()
    if event == "breach":
        return f"Case {subject} BREACHED its {deadline} deadline ({due})."
    return f"Case {subject} has used {alert.level}% of the working time to its {deadline} ({due})."


def case_notify(
    *, case: Case, event: str, actor=None, reason: str = "", alert: DeadlineAlert | None = None
) -> list:
    """Tell the people concerned (``case_notification_recipients``); returns who was told."""
    recipients = case_notification_recipients(case, event, actor)
    if recipients:
        notify(
            recipients=recipients,
            kind=KINDS[event],
            words=_words(case, event, actor, alert),
            details=f"Reason: {reason.strip()}" if reason.strip() else "",
            link=reverse("investigations:case_detail", args=[case.pk]),
        )
    return recipients
