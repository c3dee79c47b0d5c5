"""Large imports run in the background, in chunks, with progress (core.imports), shown on the
case import: the request returns at once, other writes wait for one chunk only, a bad file writes
nothing, a row failing mid-way stops the import saying exactly which rows were written, a worker
that died resumes without writing a row twice, and nobody watches another person's import."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from core.imports import spreadsheet_import_continue, spreadsheet_import_start
from core.models import ImportState, SpreadsheetImport
from core.spreadsheets import read_spreadsheet
from investigations.models import Case

pytestmark = pytest.mark.django_db

HEADER = "source,source_reference,received_at,complainant_name,description\n"


def cases_csv(count: int, *, bad_row: int | None = None) -> bytes:
    lines = [HEADER]
    for i in range(count):
        source = "nobody" if bad_row == i + 2 else "councillor"
        lines.append(f"{source},CLR-{i:05d},2026-11-02 10:00,Caller {i},Water leak {i}\n")
    return "".join(lines).encode()


def preview_payload(client, data: bytes) -> str:
    response = client.post(
        reverse("caseimport:case_import"), {"file": SimpleUploadedFile("cases.csv", data)}
    )
    return re.search(r'name="payload" value="([^"]+)"', response.content.decode()).group(1)


@override_settings(SPREADSHEET_IMPORT_CHUNK=4)
def test_confirm_starts_a_background_import_written_in_chunks(
    client, supervisor_user, django_capture_on_commit_callbacks
):
    client.force_login(supervisor_user)
    payload = preview_payload(client, cases_csv(10))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("caseimport:case_import"), {"payload": payload})
    assert len(callbacks) >= 1
    job = SpreadsheetImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:import_progress", args=[job.pk])
    assert (job.state, job.done, job.total) == (ImportState.DONE, 10, 10)
    assert Case.objects.count() == 10
    assert job.rows == {}  # the confirmed rows (personal data) are not kept past the import
    assert job.made[:2] == list(Case.objects.order_by("pk").values_list("reference", flat=True)[:2])
    page = client.get(reverse("core:import_progress", args=[job.pk])).content.decode()
    assert "10 of 10 rows written" in page and "Imported" in page
    assert 'http-equiv="refresh"' not in page  # a finished import stops reloading
    listed = client.get(reverse("caseimport:case_import")).content.decode()
    assert reverse("core:import_progress", args=[job.pk]) in listed and "cases.csv" in listed
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"spreadsheet_import.start", "spreadsheet_import.done"} <= actions


@override_settings(SPREADSHEET_IMPORT_CHUNK=3)
def test_the_task_checks_every_row_again_before_writing_any(
    supervisor_user, django_capture_on_commit_callbacks
):
    """The rows are checked again in the background (the preview may be old): a bad row stops
    the import before its first chunk, and nothing is written."""
    sheet = read_spreadsheet("cases.csv", cases_csv(8, bad_row=7))
    with django_capture_on_commit_callbacks(execute=False):
        job = spreadsheet_import_start(kind="cases", sheet=sheet, actor=supervisor_user)
    job = spreadsheet_import_continue(import_id=job.pk)
    assert job.state == ImportState.FAILED and job.done == 0 and not Case.objects.exists()
    assert job.error.startswith("Nothing was imported.") and "Row 7: source" in job.error
    assert job.rows == {}


@override_settings(SPREADSHEET_IMPORT_CHUNK=3)
def test_a_clash_that_appears_mid_import_keeps_earlier_chunks_and_names_the_row(
    supervisor_user, monkeypatch, django_capture_on_commit_callbacks
):
    """A duplicate entered between the check and the chunk that holds it (forced here by
    making the write of row 8 fail as the real service does)."""
    import caseimport.sheets as resources
    from core import imports
    from investigations.services import CaseError

    sheet = read_spreadsheet("cases.csv", cases_csv(9))
    with django_capture_on_commit_callbacks(execute=False):
        job = spreadsheet_import_start(kind="cases", sheet=sheet, actor=supervisor_user)
    real_create = resources.case_create

    def create(**kwargs):
        if kwargs["source_reference"] == "CLR-00006":  # row 8
            raise CaseError("source_reference: a case with this reference was opened meanwhile")
        return real_create(**kwargs)

    monkeypatch.setattr(resources, "case_create", create)
    assert imports.import_kind("cases").write is resources.cases_rows_write
    job = spreadsheet_import_continue(import_id=job.pk)
    assert job.state == ImportState.FAILED
    assert job.done == 6 and Case.objects.count() == 6  # rows 2-7: two whole chunks
    assert "The first 6 of 9 rows were imported; the rest were not." in job.error
    assert "Row 8: source_reference: a case with this reference was opened meanwhile" in job.error


def test_a_bad_file_is_refused_at_preview_and_nothing_starts(client, supervisor_user):
    client.force_login(supervisor_user)
    response = client.post(
        reverse("caseimport:case_import"),
        {"file": SimpleUploadedFile("cases.csv", cases_csv(5, bad_row=4))},
    )
    assert "Row 4" in response.content.decode()
    assert not SpreadsheetImport.objects.exists() and not Case.objects.exists()


@override_settings(SPREADSHEET_IMPORT_CHUNK=2)
def test_a_dead_worker_is_resumed_from_the_last_chunk_without_writing_twice(
    client, supervisor_user, django_capture_on_commit_callbacks
):
    sheet = read_spreadsheet("cases.csv", cases_csv(7))
    with django_capture_on_commit_callbacks(execute=False):
        job = spreadsheet_import_start(kind="cases", sheet=sheet, actor=supervisor_user)
    # The worker wrote two chunks, then died: simulate by writing them as it would have.
    from caseimport.sheets import cases_rows_check, cases_rows_write

    rows = cases_rows_check(sheet)[:4]
    cases_rows_write(actor=supervisor_user, rows=rows)
    SpreadsheetImport.objects.filter(pk=job.pk).update(
        done=4, state=ImportState.RUNNING, updated_at=timezone.now() - dt.timedelta(minutes=30)
    )
    client.force_login(supervisor_user)
    page = client.get(reverse("core:import_progress", args=[job.pk])).content.decode()
    assert "Resume the import" in page and "4 of 7 rows written" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("core:import_resume", args=[job.pk]))
    job.refresh_from_db()
    assert (job.state, job.done) == (ImportState.DONE, 7)
    refs = list(Case.objects.values_list("source_reference", flat=True))
    assert sorted(refs) == [f"CLR-{i:05d}" for i in range(7)]  # each once
    # Running the task again (a redelivery) writes nothing more.
    spreadsheet_import_continue(import_id=job.pk)
    assert Case.objects.count() == 7


def test_a_running_import_is_not_resumed_and_nobody_else_sees_it(
    client, supervisor_user, admin_user, django_capture_on_commit_callbacks
):
    sheet = read_spreadsheet("cases.csv", cases_csv(3))
    with django_capture_on_commit_callbacks(execute=False):
        job = spreadsheet_import_start(kind="cases", sheet=sheet, actor=supervisor_user)
    client.force_login(supervisor_user)
    page = client.get(reverse("core:import_progress", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "Resume" not in page
    client.post(reverse("core:import_resume", args=[job.pk]))
    assert SpreadsheetImport.objects.get().done == 0 and not Case.objects.exists()
    client.force_login(admin_user)  # may import cases too, but did not start this one
    assert client.get(reverse("core:import_progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("core:import_resume", args=[job.pk])).status_code == 404
