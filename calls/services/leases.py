"""Crash-safe transcription: a lease on the call while a worker transcribes it, and the
periodic reclaim of calls whose worker died.

Whatever runs the task (the embedded ``db_worker``, a Celery worker on another machine), a worker
can be killed at any moment (kill -9, out of memory, a machine gone). The database queue then
keeps the task "running" for ever, and a broker may deliver the same task twice. The call row
itself is therefore the lock:

- ``transcription_claim`` moves a call to ``transcribing`` under a lease (who, until when) in one
  conditional UPDATE, only when no live lease is held: two workers handed the same call never
  both transcribe it.
- ``TranscriptionLease`` renews the lease from a thread while Whisper runs; the transcription
  stores its result only if it still holds the lease (checked under a row lock), so a worker
  that lost its lease (paused past it, taken over) writes nothing.
- ``transcriptions_reclaim`` (periodic) takes back calls whose lease ran out: queued again, or,
  after ``TRANSCRIPTION_MAX_ATTEMPTS`` workers died on the same call, marked failed with the
  reason. The database queue's task row of the dead worker is marked failed too.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from audit.services import audit_record
from calls.models import Call

logger = logging.getLogger(__name__)


class WorkerLost(RuntimeError):
    """Recorded on the task row of a worker that stopped while transcribing (never raised)."""


def worker_name() -> str:
    """Who holds a lease: the machine, the process and a token unique to this claim."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def lease_seconds() -> int:
    return settings.TRANSCRIPTION_LEASE_SECONDS


def _claimable(now: datetime) -> Q:
    """A call a worker may start on: queued, or transcribing under a lease that ran out (its
    worker died) and not yet past the attempts limit (the reclaim fails those)."""
    expired = Q(transcription_lease_until__lt=now) | Q(transcription_lease_until__isnull=True)
    return Q(state=Call.State.RECEIVED) | (
        Q(state=Call.State.TRANSCRIBING)
        & expired
        & Q(transcription_attempts__lt=settings.TRANSCRIPTION_MAX_ATTEMPTS)
    )


def transcription_claim(*, call_id: int, worker: str) -> bool:
    """Take the call for transcription under a lease held by ``worker``. False when another
    worker holds a live lease, or the call is not waiting for transcription. One UPDATE: atomic
    on SQLite and PostgreSQL alike, so of two workers racing for a call exactly one wins."""
    now = timezone.now()
    updated = (
        Call.objects.filter(pk=call_id)
        .filter(_claimable(now))
        .update(
            state=Call.State.TRANSCRIBING,
            failure_reason="",
            transcription_worker=worker,
            transcription_started_at=now,
            transcription_lease_until=now + timedelta(seconds=lease_seconds()),
            transcription_attempts=F("transcription_attempts") + 1,
        )
    )
    return updated == 1


def transcription_lease_renew(*, call_id: int, worker: str) -> bool:
    """Push the lease on; False when ``worker`` no longer holds it."""
    until = timezone.now() + timedelta(seconds=lease_seconds())
    return bool(
        Call.objects.filter(
            pk=call_id, state=Call.State.TRANSCRIBING, transcription_worker=worker
        ).update(transcription_lease_until=until)
    )


def holds_lease(call: Call, worker: str) -> bool:
    """For a call row read under a lock: is it still ``worker``'s to finish?"""
    return call.state == Call.State.TRANSCRIBING and call.transcription_worker == worker


class TranscriptionLease:
    """Renews a claimed call's lease every sixth of its length from a thread, until closed.

    The thread has its own database connection (closed when it stops). A renewal that finds the
    lease gone sets ``lost``; the result is then discarded when the transcription stores it."""

    def __init__(self, call_id: int, worker: str):
        self.call_id = call_id
        self.worker = worker
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-call-{call_id}", daemon=True)

    def __enter__(self) -> TranscriptionLease:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        interval = max(lease_seconds() / 6, 0.5)
        try:
            while not self._stop.wait(interval):
                try:
                    if not transcription_lease_renew(call_id=self.call_id, worker=self.worker):
                        self.lost = True
                        logger.warning("call %s: lease lost by %s", self.call_id, self.worker)
                        return
                except Exception:  # a busy or briefly unreachable database: try again
                    logger.exception("call %s: could not renew the lease", self.call_id)
                    close_old_connections()
        finally:
            connection.close()


@dataclass
class ReclaimReport:
    queued_again: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    lost_task_rows: int = 0


def _give_up_reason(attempts: int) -> str:
    return (
        f"The transcription worker stopped {attempts} times while transcribing this call "
        "(killed, out of memory, or its machine went down), so it was not tried again. Listen "
        "to the recording: it may be damaged or unusually long; then retry the transcription."
    )


def transcriptions_reclaim(*, now: datetime | None = None) -> ReclaimReport:
    """Take back every call whose transcription lease ran out. Safe to run at any time and from
    several machines at once (each call is re-read under a row lock). Cost: one query for the
    candidates, then one short transaction per reclaimed call."""
    from calls.services.queue import enqueue_transcription

    now = now or timezone.now()
    report = ReclaimReport()
    expired = Call.objects.filter(state=Call.State.TRANSCRIBING).filter(
        Q(transcription_lease_until__lt=now) | Q(transcription_lease_until__isnull=True)
    )
    for call_id in list(expired.values_list("pk", flat=True)):
        with transaction.atomic():
            call = (
                Call.objects.select_for_update()
                .filter(pk=call_id, state=Call.State.TRANSCRIBING)
                .filter(
                    Q(transcription_lease_until__lt=now) | Q(transcription_lease_until__isnull=True)
                )
                .first()
            )
            if call is None:  # finished or taken over since the query above
                continue
            worker, attempts = call.transcription_worker, call.transcription_attempts
            common = {
                "worker": worker,
                "attempts": attempts,
                "lease_until": call.transcription_lease_until.isoformat()
                if call.transcription_lease_until
                else None,
            }
            call.transcription_worker = ""
            call.transcription_lease_until = None
            if attempts >= settings.TRANSCRIPTION_MAX_ATTEMPTS:
                call.state = Call.State.FAILED
                call.failure_reason = _give_up_reason(attempts)
                call.full_clean()
                call.save()
                audit_record(
                    actor=None,
                    action="call.transcription_fail",
                    obj=call,
                    changes={
                        "state": {"old": Call.State.TRANSCRIBING, "new": Call.State.FAILED},
                        "reason": call.failure_reason,
                        **common,
                    },
                )
                report.failed.append(call.pk)
            else:
                call.state = Call.State.RECEIVED
                call.full_clean()
                call.save()
                audit_record(
                    actor=None,
                    action="call.transcription_reclaim",
                    obj=call,
                    changes={
                        "state": {"old": Call.State.TRANSCRIBING, "new": Call.State.RECEIVED},
                        **common,
                    },
                )
                enqueue_transcription(call)
                report.queued_again.append(call.pk)
    if report.queued_again or report.failed:
        report.lost_task_rows = _fail_lost_task_rows(report.queued_again + report.failed)
    return report


def _fail_lost_task_rows(call_ids: list[int]) -> int:
    """On the database queue, the dead worker's task rows stay "running" for ever: mark those
    of the reclaimed calls failed, saying why (the admin's task list shows it)."""
    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return 0
    from django_tasks_db.models import DBTaskResult

    from calls.tasks import transcribe_call

    wanted = set(call_ids)
    rows = [
        row
        for row in DBTaskResult.objects.running().filter(task_path=transcribe_call.module_path)
        if (row.args_kwargs.get("args") or [None])[0] in wanted
        or row.args_kwargs.get("kwargs", {}).get("call_id") in wanted
    ]
    for row in rows:
        row.set_failed(
            WorkerLost(
                f"worker {', '.join(row.worker_ids) or '?'} stopped while running this task; "
                "the call's lease ran out and the reclaim took it back"
            )
        )
    return len(rows)


def calls_stuck(*, now: datetime | None = None):
    """Calls transcribing under a lease that ran out (the reclaim has not yet taken them)."""
    now = now or timezone.now()
    return Call.objects.filter(state=Call.State.TRANSCRIBING).filter(
        Q(transcription_lease_until__lt=now) | Q(transcription_lease_until__isnull=True)
    )
