"""Crash-safe background tasks on the database queue (django-tasks-db): worker heartbeats and the
periodic reclaim of task rows whose worker is gone.

django-tasks-db claims a task row (``RUNNING``, the worker's id appended to ``worker_ids``) with
no lease, heartbeat or timeout: a worker killed mid-task (kill -9, out of memory, a machine gone),
or one that could not record the result, leaves the row ``RUNNING`` for ever and the task never
runs again. Transcription has its own lease on the call (calls.services.leases); every other task
is covered here:

- core's ``db_worker`` beats (:class:`Heartbeat`): every ``WORKER_HEARTBEAT_SECONDS`` it writes
  its id, host, pid and the task row it runs now into ``core.WorkerHeartbeat``;
- :func:`tasks_reclaim` (periodic, from the transcription reclaim's task) takes back each row of
  a reclaimable kind (``TASK_LEASE_SECONDS``: idempotent tasks only) that has been running longer
  than its kind's lease with no beat of a worker running it within that lease: back to ``READY``
  (the next worker runs it again), or, once ``TASK_MAX_ATTEMPTS`` workers have claimed it,
  ``FAILED`` with the reason. Each is an audit event (``task.reclaim`` / ``task.fail``);
- :func:`heartbeats_prune` (the same periodic run) deletes the beats of workers that stopped
  without removing their own (killed, machine gone) once they are older than
  ``WORKER_HEARTBEAT_KEEP_SECONDS``, so the table holds live workers and recent deaths only.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from core.audit import audit_record
from core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"


class TaskLost(RuntimeError):
    """Recorded on a task row given up after its workers stopped too often (never raised)."""


def on_database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"] == DATABASE_BACKEND


def lease_for(task_path: str) -> int | None:
    """Seconds a task of this kind may run without a beat of its worker; None: never reclaimed
    here (not idempotent, or transcription, which has its own lease)."""
    return settings.TASK_LEASE_SECONDS.get(task_path)


# --- heartbeats ----------------------------------------------------------------------------------


def heartbeat_write(*, worker_id: str, task_id: str = "", now: datetime | None = None) -> None:
    """Say that ``worker_id`` is alive and runs ``task_id`` ("" when idle). One UPDATE, plus an
    INSERT the first time."""
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(pk=worker_id).update(seen_at=now, task_id=task_id)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id,
            host=socket.gethostname()[:100],
            pid=os.getpid(),
            task_id=task_id,
            seen_at=now,
        )


def heartbeat_end(*, worker_id: str) -> None:
    """A worker stopping cleanly removes its beat."""
    WorkerHeartbeat.objects.filter(pk=worker_id).delete()


def heartbeats_prune(*, now: datetime | None = None) -> int:
    """Delete the beats of workers that stopped without removing theirs (a worker stopping
    cleanly does, ``heartbeat_end``): every beat older than ``WORKER_HEARTBEAT_KEEP_SECONDS``,
    and never one the reclaim could still read (younger than the longest lease's freshness).
    A live worker beats every ``WORKER_HEARTBEAT_SECONDS``, so its row is never that old. One
    DELETE on the indexed ``seen_at``; returns how many rows went."""
    now = now or timezone.now()
    longest = max(settings.TASK_LEASE_SECONDS.values(), default=0)
    keep = max(timedelta(seconds=settings.WORKER_HEARTBEAT_KEEP_SECONDS), _freshness(longest))
    deleted, _ = WorkerHeartbeat.objects.stopped(before=now - keep).delete()
    return deleted


class Heartbeat:
    """A daemon thread beating for a worker every ``WORKER_HEARTBEAT_SECONDS``, with the task
    the worker runs now (``task_id``, set by the worker). Its own database connection; a beat
    that fails (a locked or briefly unreachable database) is logged and tried at the next one."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.task_id = ""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-heartbeat", daemon=True)

    def start(self) -> Heartbeat:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def beat(self) -> None:
        try:
            heartbeat_write(worker_id=self.worker_id, task_id=self.task_id)
        except Exception:
            logger.warning("worker %s: heartbeat not written", self.worker_id, exc_info=True)
            close_old_connections()

    def _run(self) -> None:
        try:
            self.beat()
            while not self._stop.wait(settings.WORKER_HEARTBEAT_SECONDS):
                self.beat()
            try:
                heartbeat_end(worker_id=self.worker_id)
            except Exception:
                logger.warning("worker %s: heartbeat not removed", self.worker_id, exc_info=True)
        finally:
            connection.close()


# --- the reclaim ---------------------------------------------------------------------------------


@dataclass
class TaskReclaimReport:
    queued_again: list[str] = field(default_factory=list)  # task row ids
    failed: list[str] = field(default_factory=list)


def _freshness(lease: int) -> timedelta:
    """How recent a beat must be to count: the lease, and never under three beats."""
    return timedelta(seconds=max(lease, 3 * settings.WORKER_HEARTBEAT_SECONDS))


def tasks_lost(*, now: datetime | None = None) -> list:
    """Task rows of a reclaimable kind running past their lease with no live worker running them.
    One query for the candidates, one per candidate for its beats."""
    if not on_database_queue() or not settings.TASK_LEASE_SECONDS:
        return []
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    shortest = min(settings.TASK_LEASE_SECONDS.values())
    candidates = DBTaskResult.objects.running().filter(
        task_path__in=list(settings.TASK_LEASE_SECONDS),
        started_at__lt=now - timedelta(seconds=shortest),
    )
    lost = []
    for row in candidates:
        lease = lease_for(row.task_path)
        if row.started_at >= now - timedelta(seconds=lease):
            continue
        if WorkerHeartbeat.objects.running(row.pk, since=now - _freshness(lease)).exists():
            continue  # a live worker is still on it
        lost.append(row)
    return lost


def _give_up_text(row, attempts: int) -> str:
    return (
        f"{TaskLost.__module__}.{TaskLost.__qualname__}: {attempts} workers "
        f"({', '.join(row.worker_ids)}) stopped while running this task, or could not record its "
        "result, so it was not run again. Run it again by hand once the cause is known.\n"
    )


def tasks_reclaim(*, now: datetime | None = None) -> TaskReclaimReport:
    """Take back every lost task row (:func:`tasks_lost`): ready again, or failed after
    ``TASK_MAX_ATTEMPTS`` claims. Safe at any time and from several machines at once: each row
    is changed by one conditional UPDATE on the state it was seen in."""
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    report = TaskReclaimReport()
    for row in tasks_lost(now=now):
        attempts = len(row.worker_ids)
        seen = DBTaskResult.objects.filter(pk=row.pk, status="RUNNING", started_at=row.started_at)
        details = {
            "task": row.task_path,
            "args": row.args_kwargs,
            "worker": (row.worker_ids or ["?"])[-1],
            "attempts": attempts,
            "started_at": row.started_at.isoformat(),
        }
        with transaction.atomic():
            if attempts >= settings.TASK_MAX_ATTEMPTS:
                changed = seen.update(
                    status="FAILED",
                    finished_at=now,
                    return_value=None,
                    exception_class_path=f"{TaskLost.__module__}.{TaskLost.__qualname__}",
                    traceback=_give_up_text(row, attempts),
                )
                action, bucket = "task.fail", report.failed
            else:
                changed = seen.update(status="READY", started_at=None)
                action, bucket = "task.reclaim", report.queued_again
            if not changed:  # finished, or taken back by another reclaim, meanwhile
                continue
            audit_record(
                actor=None,
                action=action,
                object_type="django_tasks_db.dbtaskresult",
                object_id=str(row.pk),
                object_repr=f"{row.task_path} {row.args_kwargs.get('args', [])}",
                changes=details,
            )
        logger.warning(
            "task %s %s: its worker %s is gone after %s attempt(s); %s",
            row.task_path,
            row.pk,
            details["worker"],
            attempts,
            "marked failed" if action == "task.fail" else "queued again",
        )
        bucket.append(str(row.pk))
    return report


# --- what pages say ------------------------------------------------------------------------------


def task_note(task_path: str, first_arg, *, now: datetime | None = None) -> tuple[str, str]:
    """What a page says about the latest task of this kind for this object (its first argument):
    stuck (running past its lease, its worker gone), retried after a worker stopped, or given up.
    (level, words); level "" when there is nothing to say. One query, plus one for a beat."""
    if not on_database_queue():
        return ("", "")
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    row = (
        DBTaskResult.objects.filter(task_path=task_path, args_kwargs__args__0=first_arg)
        .order_by("-enqueued_at")
        .first()
    )
    if row is None:
        return ("", "")
    attempts = len(row.worker_ids)
    limit = settings.TASK_MAX_ATTEMPTS
    if row.status == "FAILED" and row.exception_class_path.endswith(".TaskLost"):
        return ("warn", f"Given up: {attempts} workers stopped while running it.")
    if row.status == "RUNNING" and row in tasks_lost(now=now):
        since = timezone.localtime(row.started_at).strftime("%H:%M")
        return (
            "warn",
            f"Stuck: the worker that started it at {since} stopped (attempt {attempts} of "
            f"{limit}). It is queued again automatically within a minute or two.",
        )
    if row.status == "READY" and attempts:
        return ("warn", f"Queued again: the worker running it stopped ({attempts} tried so far).")
    if attempts > 1:
        return ("info", f"Done on attempt {attempts}: an earlier worker stopped while running it.")
    return ("", "")
