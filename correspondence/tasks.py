"""Background work: the periodic read of the monitored mailbox and Maildir. Thin: it calls the
service."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import task

from core.periodic import periodic_schedule
from correspondence.services.mailbox import mail_fetch_all


@task
def mail_fetch(reschedule: bool = True) -> dict:
    """Take in the new mail (each bad message reported and skipped), then, on a queue that can
    defer, schedule the next run. Returns counts."""
    report = mail_fetch_all()
    if reschedule:
        mail_fetch_schedule()
    return {"taken": len(report.taken), "refused": len(report.refused)}


def mail_fetch_schedule() -> bool:
    """Queue the next periodic run unless one is already waiting (False when the task backend
    cannot defer: run ``manage.py fetch_mail`` from cron then)."""
    return periodic_schedule(
        mail_fetch, dt.timedelta(minutes=settings.CORRESPONDENCE_FETCH_MINUTES)
    )
