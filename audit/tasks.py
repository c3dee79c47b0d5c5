"""Background work of the audit app."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.tasks import task

from audit.services import audit_record
from audit.verify import chain_verify
from core.periodic import periodic_schedule


@task
def audit_chain_check() -> dict:
    """Walk the chain and record the outcome as an ``audit_chain.verify`` event, so the trail
    itself shows when it was last verified and whether it was intact. Safe to run twice (each
    run only reads the chain and appends its own event)."""
    report = chain_verify()
    outcome = {
        "intact": report.intact,
        "events_checked": report.events_checked,
        "broken_sequence": report.broken_sequence,
        "reason": report.reason,
    }
    with transaction.atomic():
        audit_record(
            actor=None,
            action="audit_chain.verify",
            object_type="audit.auditevent",
            object_repr="audit chain",
            changes=outcome,
        )
    return outcome


@task
def audit_checkpoint(reschedule: bool = True) -> int | None:
    """Anchor the chain head outside the database, then queue the next run. Returns the
    sequence anchored. Safe to run twice."""
    from audit.checkpoint import checkpoint_write

    point = checkpoint_write()
    if reschedule:
        audit_checkpoint_schedule()
    return point.sequence if point else None


def audit_checkpoint_schedule() -> bool:
    """Queue the next periodic checkpoint unless one is waiting. False when the task backend
    cannot defer: cron runs `manage.py audit_checkpoint` then."""
    return periodic_schedule(
        audit_checkpoint, dt.timedelta(minutes=settings.AUDIT_CHECKPOINT_MINUTES)
    )
