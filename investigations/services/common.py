"""Helpers shared by the case services."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from audit.services import audit_record
from core import working_time
from core.people import person_name
from investigations.models import Case, CaseEvent


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def effective_at(now: dt.datetime) -> dict:
    """``{"effective_at": "YYYY-MM-DD HH:MM"}`` (local) for an action recorded at another time
    than its audit event (a historical import, the demo data), else ``{}``: the history then
    says when the step took effect, not only when it was written down."""
    if abs((timezone.now() - now).total_seconds()) <= 60:
        return {}
    return {"effective_at": working_time.local(now).strftime("%Y-%m-%d %H:%M")}


def event_write(
    *,
    case: Case,
    kind: str,
    actor,
    at: dt.datetime,
    from_state: str = "",
    to_state: str = "",
    reason: str = "",
    data: dict | None = None,
) -> CaseEvent:
    event = CaseEvent(
        case=case,
        kind=kind,
        at=at,
        actor=actor,
        actor_name=person_name(actor),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data or {},
    )
    event.full_clean()
    event.save()
    return event


def case_audit(*, case: Case, actor, action: str, changes: dict | None = None, request=None):
    return audit_record(actor=actor, action=action, obj=case, changes=changes, request=request)


def case_investigators(case: Case) -> set[int]:
    """Ids of the case's assignee and everyone who submitted its findings: the people who may
    not approve them (separation of duties)."""
    ids = set(
        case.events.filter(kind=CaseEvent.Kind.FINDINGS_SUBMITTED)
        .exclude(actor=None)
        .values_list("actor_id", flat=True)
    )
    return ids | ({case.assignee_id} if case.assignee_id else set())
