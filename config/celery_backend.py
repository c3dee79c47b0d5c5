"""A ``django.tasks`` backend that hands tasks to Celery (``SIYALALELA_TASK_BACKEND=celery``).

Owned here rather than taken from PyPI: ``django-tasks-celery`` 0.1.1 (one maintainer, young)
registers tasks through Celery's private ``_task_from_fun``, maps priorities to AMQP 0-255 and has
no per-task options, so it cannot give transcription its retry policy. This is the part of it we
need, on Celery's public ``app.task``:

- every ``@task`` of the project becomes a Celery task of the same name (its module path) when
  it is defined (``validate_task`` runs in ``Task.__post_init__``), in the web process and in
  workers (config/celery.py imports each app's ``tasks`` module at worker start);
- ``enqueue`` publishes the task to the queue of the same name (``transcription``, ``default``);
  a task with a priority above 0 goes to ``<queue>-urgent``, which transcription workers consume
  as well (RabbitMQ 3.x quorum queues have no message priorities; see docs/operations.md);
- per-task Celery options (retries with backoff) come from ``settings.CELERY_TASK_OPTIONS``;
  acknowledging late, redelivering a dead worker's task and prefetch 1 are app-wide settings.

Results are not kept (``supports_get_result`` False): the project reads outcomes from its own
rows (a call's state, the audit log), never from the task queue.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.conf import settings
from django.core import checks
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import Task, TaskContext, TaskResult, TaskResultStatus
from django.tasks.signals import task_enqueued
from django.utils import timezone

logger = logging.getLogger(__name__)

URGENT_SUFFIX = "-urgent"


def celery_queue_for(queue_name: str, priority: int) -> str:
    """The broker queue a task goes to: its own, or its urgent twin for a positive priority
    (after ``settings.TASK_QUEUE_PREFIX``)."""
    name = f"{queue_name}{URGENT_SUFFIX}" if priority > 0 else queue_name
    return settings.TASK_QUEUE_PREFIX + name


def _celery_app():
    from config.celery import app

    return app


def _make_runner(task: Task):
    """The function Celery runs: the task's own function, with a context when it asks for one."""

    def run(self, *args: Any, **kwargs: Any) -> Any:
        if task.takes_context:
            now = timezone.now()
            result = TaskResult(
                task=task,
                id=self.request.id,
                status=TaskResultStatus.RUNNING,
                enqueued_at=None,
                started_at=now,
                last_attempted_at=now,
                finished_at=None,
                args=list(args),
                kwargs=dict(kwargs),
                backend=task.backend,
                errors=[],
                worker_ids=[self.request.hostname or ""],
            )
            return task.func(TaskContext(task_result=result), *args, **kwargs)
        return task.func(*args, **kwargs)

    run.__name__ = task.func.__name__
    run.__qualname__ = task.func.__qualname__
    run.__doc__ = task.func.__doc__
    return run


def celery_task_for(task: Task):
    """The Celery task standing for a ``django.tasks`` task (registered on first use)."""
    app = _celery_app()
    name = task.module_path
    if name in app.tasks:
        return app.tasks[name]
    options = dict(getattr(settings, "CELERY_TASK_OPTIONS", {}).get(name, {}))
    return app.task(name=name, bind=True, shared=False, serializer="json", **options)(
        _make_runner(task)
    )


class CeleryBackend(BaseTaskBackend):
    supports_async_task = False
    supports_get_result = False
    # Periodic work runs from Celery beat in this mode, not from self-rescheduling tasks.
    supports_defer = False
    supports_priority = True

    def validate_task(self, task: Task) -> None:
        super().validate_task(task)
        celery_task_for(task)

    def enqueue(self, task: Task, args, kwargs) -> TaskResult:
        self.validate_task(task)
        task_id = str(uuid.uuid4())
        celery_task_for(task).apply_async(
            args=list(args),
            kwargs=dict(kwargs),
            task_id=task_id,
            queue=celery_queue_for(task.queue_name, task.priority),
            # Honoured by brokers with message priorities (RabbitMQ 4 quorum queues: 5 and up is
            # "high"); on 3.x the urgent queue does the work.
            priority=9 if task.priority > 0 else 0,
        )
        now = timezone.now()
        result = TaskResult(
            task=task,
            id=task_id,
            status=TaskResultStatus.READY,
            enqueued_at=now,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=list(args),
            kwargs=dict(kwargs),
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        task_enqueued.send(type(self), task_result=result)
        return result

    def check(self, **kwargs) -> list[checks.CheckMessage]:
        messages = list(super().check(**kwargs))
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            messages.append(
                checks.Error(
                    "The Celery task backend needs PostgreSQL: workers on several machines "
                    "share one database, and the embedded SQLite file cannot be shared.",
                    hint="Set SIYALALELA_DB=postgresql (README, section PostgreSQL), or "
                    "SIYALALELA_TASK_BACKEND=database for the embedded queue.",
                    id="siyalalela.E010",
                )
            )
        return messages
