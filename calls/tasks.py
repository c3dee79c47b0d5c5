"""Background tasks of the calls app. Tasks are thin: they take ids and call a service."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.tasks import task

from calls.services.leases import transcriptions_reclaim as reclaim
from calls.services.transcription import call_transcribe
from core.periodic import periodic_schedule
from core.task_leases import heartbeats_prune, tasks_reclaim


@task(queue_name="transcription")
def transcribe_call(call_id: int) -> str:
    """Transcribe one call; safe to run twice, at once or after a crash (the lease). Returns
    the state."""
    return call_transcribe(call_id=call_id).state


@task()
def transcriptions_reclaim(reschedule: bool = True) -> dict:
    """Take back calls whose transcription worker died (calls.services.leases) and, on the
    database queue, every other task row whose worker is gone (core.task_leases); then schedule
    the next run there. Celery beat runs it with ``reschedule=False`` (the broker redelivers a
    dead worker's other tasks itself). Old beats of workers that stopped are deleted too."""
    report = reclaim()
    tasks = tasks_reclaim()
    pruned = heartbeats_prune()
    if reschedule:
        transcriptions_reclaim_schedule()
    return {
        "queued_again": report.queued_again,
        "failed": report.failed,
        "tasks_queued_again": tasks.queued_again,
        "tasks_failed": tasks.failed,
        "heartbeats_pruned": pruned,
    }


def transcriptions_reclaim_schedule() -> bool:
    """Queue the next periodic reclaim unless one is already waiting. False when the backend
    cannot defer (Celery: beat runs it; the immediate backend in tests)."""
    return periodic_schedule(
        transcriptions_reclaim, dt.timedelta(seconds=settings.TRANSCRIPTION_RECLAIM_SECONDS)
    )
