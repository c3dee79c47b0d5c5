"""The shared layer's tables: a spreadsheet import running in the background, and the heartbeat
of each background worker (core's ``db_worker``), which the task reclaim reads."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportState(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Importing"
    DONE = "done", "Imported"
    FAILED = "failed", "Stopped"


class SpreadsheetImportQuerySet(models.QuerySet):
    def of(self, user):
        """The imports ``user`` started: nobody watches another person's import."""
        return self.filter(started_by=user)


class SpreadsheetImport(models.Model):
    """A previewed, confirmed spreadsheet being written in chunks by a background task.

    ``rows`` holds the confirmed rows until the import ends, then is emptied (they may hold
    personal data, which lives on in the records made, not here). ``done`` counts the rows
    committed, in the same transaction as each chunk, so a worker that dies resumes exactly
    where the last chunk ended."""

    kind = models.CharField(max_length=50)
    file_name = models.CharField(max_length=255)
    rows = models.JSONField(default=dict, help_text="the confirmed sheet: headers and rows")
    total = models.PositiveIntegerField()
    done = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=10, choices=ImportState, default=ImportState.QUEUED)
    error = models.TextField(blank=True)
    made = models.JSONField(default=list, help_text="what each committed row made, e.g. refs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        db_constraint=False,
        related_name="+",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = SpreadsheetImportQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.kind} import of {self.file_name} ({self.done}/{self.total})"

    @property
    def finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 100


class WorkerHeartbeatQuerySet(models.QuerySet):
    def running(self, task_id, *, since):
        """Beats since ``since`` saying their worker is running task ``task_id`` now."""
        return self.filter(task_id=str(task_id), seen_at__gte=since)

    def stopped(self, *, before):
        """Beats last written before ``before``: their worker stopped without removing them."""
        return self.filter(seen_at__lt=before)


class WorkerHeartbeat(models.Model):
    """A ``manage.py db_worker`` process saying it is alive, and which task row it runs now.

    Written by a thread of the worker every ``WORKER_HEARTBEAT_SECONDS`` (core.task_leases). A
    task row that has been running longer than its lease with no beat of a worker running it is
    taken back by the reclaim: its worker died (kill -9, out of memory, a machine gone), or the
    worker lived but could not record the task's result."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=100, blank=True)
    pid = models.PositiveIntegerField(null=True)
    task_id = models.CharField(max_length=36, blank=True, help_text="the task row it runs now")
    started_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(db_index=True)

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        ordering = ["-seen_at"]

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.host or '?'} (pid {self.pid})"
