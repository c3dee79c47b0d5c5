"""Periodic work on the database task queue: a task that queues its own next run."""

from __future__ import annotations

import datetime as dt

from django.tasks import default_task_backend
from django.utils import timezone


def periodic_schedule(task, every: dt.timedelta) -> bool:
    """Queue ``task`` to run once ``every`` from now, unless a run is already waiting. False when
    the task backend cannot defer (Celery: beat runs it; the immediate backend in tests): the
    command or cron runs it then. One query, plus one insert when nothing waits."""
    if not default_task_backend.supports_defer:
        return False
    from django_tasks_db.models import DBTaskResult  # only the database backend defers here

    if DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists():
        return True
    task.using(run_after=timezone.now() + every).enqueue()
    return True
