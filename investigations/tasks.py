"""Background work: the periodic deadline check. Thin: it calls the service."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import task

from core.periodic import periodic_schedule
from investigations.services.clocks import deadlines_check_all


@task
def deadlines_check(reschedule: bool = True) -> int:
    """Record due warnings and breaches for every case (idempotent), then, on a queue that can
    defer, schedule the next run. Returns the number of alerts recorded."""
    created = deadlines_check_all()
    if reschedule:
        deadlines_check_schedule()
    return len(created)


def deadlines_check_schedule() -> bool:
    """Queue the next periodic run unless one is already waiting. False when the task backend
    cannot defer (in tests, the immediate backend): the command or cron runs the check then."""
    return periodic_schedule(
        deadlines_check, dt.timedelta(minutes=settings.INVESTIGATIONS_DEADLINE_CHECK_MINUTES)
    )
