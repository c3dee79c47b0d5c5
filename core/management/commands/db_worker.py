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

Limit: if the lock hits while a task's result is being recorded, that task row stays RUNNING,
as if the process had died; the transcription lease (calls.services.leases) takes such a call
back, like after a crash.
"""

from __future__ import annotations

import logging
import time

from django.db import connections
from django.db.utils import OperationalError
from django_tasks_db.management.commands import db_worker as upstream
from django_tasks_db.utils import is_locked_database_exception

logger = logging.getLogger("django_tasks_db")


class Worker(upstream.Worker):
    def run(self) -> None:
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
