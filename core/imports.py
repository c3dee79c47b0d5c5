"""Large spreadsheet imports run in the background, committed in chunks, with progress.

The preview (``core.spreadsheets``: read rows -> validate each with a form -> preview) stays in
the request; confirming starts a :class:`~core.models.SpreadsheetImport` and returns at once.
A background task then checks the confirmed rows again (the database may have changed since the
preview), and writes them ``SPREADSHEET_IMPORT_CHUNK`` rows per transaction, so other people's
writes and audio plays wait for one chunk (under a second on SQLite), not for the whole file;
on SQLite the task pauses between chunks (``SPREADSHEET_IMPORT_PAUSE``) so that waiting writers
get their turn.

- A file with a bad row is rejected before anything is written, as in the request.
- A row that fails while writing (say, a duplicate reference someone entered since the
  preview) rolls back its own chunk and stops the import: the rows of earlier chunks stay
  imported, and the import says exactly which rows were and were not.
- ``done`` is saved in each chunk's transaction, so a worker killed mid-import resumes where
  the last committed chunk ended (``spreadsheet_import_resume``), never writing a row twice.

An app makes its importer known with :func:`import_kind_register` (in ``AppConfig.ready``): a
``check`` of a :class:`~core.spreadsheets.Sheet` (rows -> cleaned rows, or ``ImportRejected``)
and a ``write`` of cleaned rows (-> a short text per row, e.g. the reference it made).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.audit import audit_record
from core.models import ImportState, SpreadsheetImport
from core.spreadsheets import ImportRejected, Sheet

# How many of the rows each row made are kept for the progress page (the audit trail has all).
MADE_KEPT = 200
# A running import whose last chunk is older than this may be resumed by the person who began it.
STALLED_AFTER = dt.timedelta(minutes=5)


@dataclass(frozen=True)
class ImportKind:
    code: str
    label: str  # "cases"
    check: Callable[[Sheet], list[tuple[int, dict]]]
    write: Callable[..., list[str]]  # write(actor=, rows=[(number, cleaned)]) -> made per row
    back_url: str  # URL name of the import screen


_kinds: dict[str, ImportKind] = {}


def import_kind_register(kind: ImportKind) -> None:
    _kinds[kind.code] = kind


def import_kind(code: str) -> ImportKind:
    return _kinds[code]


@transaction.atomic
def spreadsheet_import_start(*, kind: str, sheet: Sheet, actor, request=None) -> SpreadsheetImport:
    """Record a confirmed sheet and queue its import when the transaction commits."""
    from core.tasks import spreadsheet_import_run  # the task calls back into this module

    import_kind(kind)  # KeyError for an unknown kind: a programming error, not user input
    job = SpreadsheetImport.objects.create(
        kind=kind,
        file_name=sheet.name[:255],
        rows={"headers": sheet.headers, "rows": sheet.rows},
        total=len(sheet.rows),
        started_by=actor,
    )
    audit_record(
        actor=actor,
        action="spreadsheet_import.start",
        obj=job,
        changes={"kind": kind, "file": job.file_name, "rows": job.total},
        request=request,
    )
    job_id = job.pk
    transaction.on_commit(lambda: spreadsheet_import_run.enqueue(job_id))
    return job


def spreadsheet_import_resume(*, job: SpreadsheetImport, actor, request=None) -> bool:
    """Queue a stalled import again (its worker died). False if it is not stalled."""
    from core.tasks import spreadsheet_import_run

    if job.finished or timezone.now() - job.updated_at < STALLED_AFTER:
        return False
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="spreadsheet_import.resume",
            obj=job,
            changes={"done": job.done, "total": job.total},
            request=request,
        )
        job_id = job.pk
        transaction.on_commit(lambda: spreadsheet_import_run.enqueue(job_id))
    return True


def spreadsheet_import_continue(*, import_id: int) -> SpreadsheetImport:
    """Write the rows not yet written, chunk by chunk (the task's body). Safe to run twice at
    once: each chunk first checks, under the row lock, that nobody wrote it meanwhile."""
    job = SpreadsheetImport.objects.get(pk=import_id)
    if job.finished:
        return job
    kind = import_kind(job.kind)
    SpreadsheetImport.objects.filter(pk=job.pk).update(
        state=ImportState.RUNNING, updated_at=timezone.now()
    )
    offset = job.done
    remaining = Sheet(
        name=job.file_name,
        headers=list(job.rows["headers"]),
        rows=[(int(n), dict(r)) for n, r in job.rows["rows"][offset:]],
    )
    try:
        cleaned = kind.check(remaining)
    except ImportRejected as exc:
        return _finish(job, ImportState.FAILED, _rejected_text(job, exc))
    size = settings.SPREADSHEET_IMPORT_CHUNK
    for start in range(0, len(cleaned), size):
        chunk = cleaned[start : start + size]
        try:
            with transaction.atomic():
                job = SpreadsheetImport.objects.select_for_update().get(pk=import_id)
                if job.finished or job.done != offset + start:
                    return job  # another run of the task got here first
                made = kind.write(actor=job.started_by, rows=chunk)
                job.done += len(chunk)
                job.made = (job.made + list(made))[:MADE_KEPT]
                job.save(update_fields=["done", "made", "updated_at"])
        except ImportRejected as exc:
            job.refresh_from_db()
            return _finish(job, ImportState.FAILED, _rejected_text(job, exc))
        # SQLite's busy handler is not fair: a writer waiting for the lock polls every 100 ms
        # and would miss the instant between two chunks. A pause lets it in.
        time.sleep(settings.SPREADSHEET_IMPORT_PAUSE)
    return _finish(job, ImportState.DONE, "")


def _rejected_text(job: SpreadsheetImport, exc: ImportRejected) -> str:
    head = (
        "Nothing was imported."
        if not job.done
        else f"The first {job.done} of {job.total} rows were imported; the rest were not."
    )
    return "\n".join([head, *(str(e) for e in exc.errors)])


def _finish(job: SpreadsheetImport, state: str, error: str) -> SpreadsheetImport:
    with transaction.atomic():
        job.state, job.error, job.finished_at = state, error, timezone.now()
        job.rows = {}  # the confirmed rows may hold personal data: not kept past the import
        job.save(update_fields=["state", "error", "finished_at", "rows", "updated_at"])
        audit_record(
            actor=job.started_by,
            action=f"spreadsheet_import.{'done' if state == ImportState.DONE else 'failed'}",
            obj=job,
            changes={"kind": job.kind, "done": job.done, "total": job.total},
        )
    return job
