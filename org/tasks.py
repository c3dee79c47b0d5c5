"""Background work: the periodic sweep of orphan files. Thin: it calls the service."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import task

from core.periodic import periodic_schedule
from org.sweep import orphan_files_sweep


@task
def orphans_sweep(reschedule: bool = True) -> int:
    """Sweep orphan temp and media files (idempotent), then, on a queue that can defer, schedule
    the next run. Returns the number of files removed."""
    removed = orphan_files_sweep().count
    if reschedule:
        orphans_sweep_schedule()
    return removed


def orphans_sweep_schedule() -> bool:
    """Queue the next periodic run unless one is already waiting. False when the task backend
    cannot defer (the immediate backend in tests): run the command from cron then."""
    return periodic_schedule(orphans_sweep, dt.timedelta(hours=settings.ORPHAN_SWEEP_HOURS))
