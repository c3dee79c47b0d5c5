"""Background tasks of the calls app. Tasks are thin: they take ids and call a service."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import task

from calls.services.leases import transcriptions_reclaim as reclaim
from calls.services.transcription import call_transcribe
from core.periodic import periodic_schedule


@task(queue_name="transcription")
def transcribe_call(call_id: int) -> str:
    """Transcribe one call; safe to run twice, at once or after a crash (the lease). Returns
    the state."""
    return call_transcribe(call_id=call_id).state


@task()
def transcriptions_reclaim(reschedule: bool = True) -> dict:
    """Take back calls whose transcription worker died (calls.services.leases); then, on the
    database queue, schedule the next run. Celery beat runs it with ``reschedule=False``."""
    report = reclaim()
    if reschedule:
        transcriptions_reclaim_schedule()
    return {"queued_again": report.queued_again, "failed": report.failed}


def transcriptions_reclaim_schedule() -> bool:
    """Queue the next periodic reclaim unless one is already waiting. False when the backend
    cannot defer (Celery: beat runs it; the immediate backend in tests)."""
    return periodic_schedule(
        transcriptions_reclaim, dt.timedelta(seconds=settings.TRANSCRIPTION_RECLAIM_SECONDS)
    )
