"""``manage.py db_worker``: django-tasks-db's worker, kept alive through a locked database.

Why this exists: upstream's ``Worker.run`` (django-tasks-db 0.13) forgives "database is locked"
only around ``get_locked()``/``claim()``. When SQLite is busy for longer than the busy timeout
(``SIYALALELA_SQLITE_TIMEOUT``) at any other point (most often ``BEGIN EXCLUSIVE`` of
``exclusive_transaction``, before that ``try``), the error ends the process, and in ``make run``
one process stopping stops the whole site (a pipeline bench run at load 11-16 lost a
transcription worker that way; bench/README.md).

What it changes, and only that: a locked database anywhere in the loop is logged as a warning,
every connection is closed, the worker waits its ``--interval`` and carries on with the same
worker id, task count and signal handling; any other error still ends it. The loop itself, the
options and the task running are upstream's (subclassed, not copied). ``core`` is listed before
``django_tasks_db`` in INSTALLED_APPS so Django finds this command first.

Recording a result: upstream retries ``set_successful``/``set_failed`` three times, 0.1 s apart;
when SQLite stays locked past that, the row stayed RUNNING for ever. Here each result write is
tried again with backoff (0.5 s doubling to 30 s) for up to ``TASK_RESULT_WRITE_SECONDS``, so the
row ends SUCCESSFUL or FAILED, never RUNNING because of a lock, and a task that succeeded is not
recorded as failed because its result met a lock.

Liveness: a thread beats every ``WORKER_HEARTBEAT_SECONDS`` with the task row the worker runs
(core.task_leases.Heartbeat). A row still RUNNING with no beat (the process was killed, or gave up
recording) is taken back by the periodic reclaim (core.task_leases.tasks_reclaim) after its
kind's lease; transcription also has the call's own lease (calls.services.leases).
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connections
from django.db.utils import OperationalError
from django_tasks_db.management.commands import db_worker as upstream
from django_tasks_db.utils import is_locked_database_exception

from core.task_leases import Heartbeat

logger = logging.getLogger("django_tasks_db")


def _until_written(write, worker_id: str):
    """``write`` (a row's ``set_successful``/``set_failed``) tried again while the database is
    locked, with backoff, for up to ``TASK_RESULT_WRITE_SECONDS``; then the error is raised."""

    def persistent(*args, **kwargs):
        deadline = time.monotonic() + settings.TASK_RESULT_WRITE_SECONDS
        pause = 0.5
        while True:
            try:
                return write(*args, **kwargs)
            except OperationalError as error:
                if not is_locked_database_exception(error) or time.monotonic() >= deadline:
                    raise
                logger.warning(
                    "Database locked while recording a task result (%s); worker_id=%s tries "
                    "again in %.1f s.",
                    error,
                    worker_id,
                    pause,
                )
                connections.close_all()
                time.sleep(min(pause, max(deadline - time.monotonic(), 0)))
                pause = min(pause * 2, 30.0)

    return persistent


class Worker(upstream.Worker):
    def run_task(self, db_task_result) -> None:
        # Instance attributes shadow the model's methods for this row only; upstream's run_task
        # calls them as before.
        for name in ("set_successful", "set_failed"):
            setattr(
                db_task_result, name, _until_written(getattr(db_task_result, name), self.worker_id)
            )
        self.heartbeat.task_id = str(db_task_result.pk)
        try:
            super().run_task(db_task_result)
        finally:
            self.heartbeat.task_id = ""

    def run(self) -> None:
        self.heartbeat = Heartbeat(self.worker_id).start()
        try:
            self._run_through_locks()
        finally:
            self.heartbeat.stop()

    def _run_through_locks(self) -> None:
        while self.running:
            try:
                return super().run()
            except OperationalError as error:
                if not is_locked_database_exception(error):
                    raise
                logger.warning(
                    "Database locked (%s); worker_id=%s waits %.1f s and carries on.",
                    error,
                    self.worker_id,
                    self.interval,
                )
                connections.close_all()
                self.startup_delay = False
                time.sleep(self.interval)
        return None


class Command(upstream.Command):
    help = upstream.Command.help + ", surviving a locked database"

    def handle(self, *args, **options) -> None:
        # Upstream's handle() builds its module-level Worker: point that name at ours for the call.
        original = upstream.Worker
        upstream.Worker = Worker
        try:
            super().handle(*args, **options)
        finally:
            upstream.Worker = original
