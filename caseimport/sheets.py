"""Spreadsheet import of cases (the screen is ``caseimport.views``).

Import, the one pattern of ``core.spreadsheets``: read the rows, check each with
:class:`CaseImportForm` (the intake form, plus the words people type in a spreadsheet), preview,
confirm. One bad row rejects the whole file with each bad row's number and reasons. The rows are
created through ``case_create`` (the same rule, audit and clock as the intake form) in one
transaction, keeping each complaint's original received time.

The report export of cases is in ``casereports.exports``.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from caseimport.rules import duplicate_source_references
from core import working_time
from core.spreadsheets import (
    ChoiceCellField,
    ImportRejected,
    RowError,
    Sheet,
    sheet_require,
    validate_rows,
)
from investigations.forms import CaseForm
from investigations.models import Case, Category, Priority, Source
from investigations.services import CaseError
from investigations.services.cases import case_create
from org.models import Department

IMPORT_COLUMNS = (
    "source, source_reference, received_at, complainant_name, complainant_phone, "
    "complainant_email, complainant_account, ward, councillor, department, category, priority, "
    "ims_references, description"
)
REQUIRED_COLUMNS = ("source", "received_at", "complainant_name", "description")


class CaseImportForm(CaseForm):
    """One row of a cases file. The original received time is required (deadlines count from
    it); source, category and department may be codes or names."""

    source = ChoiceCellField(Source.choices, "source")
    received_at = forms.DateTimeField(
        input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"]
    )
    department = forms.CharField(required=False)
    category = ChoiceCellField(Category.choices, "category", required=False)
    priority = ChoiceCellField(Priority.choices, "priority", required=False, empty=Priority.NORMAL)

    def clean_received_at(self):
        received = self.cleaned_data["received_at"]
        if timezone.is_naive(received):
            received = timezone.make_aware(received, working_time.TZ)
        if received > timezone.now():
            raise forms.ValidationError("the received time is in the future.")
        return received

    def clean_department(self):
        value = self.cleaned_data["department"]
        if not value:
            return None
        department = Department.objects.filter(
            Q(name__iexact=value) | Q(slug__iexact=value)
        ).first()
        if department is None:
            raise forms.ValidationError(f"{value!r} is unknown.")
        return department


def cases_rows_check(sheet: Sheet) -> list[tuple[int, dict]]:
    """Every row checked (the preview): ``[(row, cleaned data)]``, or ``ImportRejected`` with
    every bad row. Writes nothing."""
    sheet_require(sheet, REQUIRED_COLUMNS)
    rows = validate_rows(sheet, CaseImportForm)
    duplicates = duplicate_source_references(rows)
    if duplicates:
        raise ImportRejected([RowError(number, (reason,)) for number, reason in duplicates])
    return rows


def cases_rows_write(*, actor, rows: list[tuple[int, dict]], request=None) -> list[str]:
    """Open a case for each checked row, in the caller's transaction (a chunk of a background
    import, ``core.imports``, or the whole file). Returns the references; ``ImportRejected``
    naming the row when one cannot be opened."""
    made = []
    for number, cleaned in rows:
        try:
            case = case_create(actor=actor, request=request, via="import", **cleaned)
        except CaseError as exc:
            raise ImportRejected([RowError(number, tuple(exc.messages))]) from None
        made.append(case.reference)
    return made


def cases_import(*, actor, sheet: Sheet, request=None) -> list[Case]:
    """Check every row, then create all cases in one transaction, or raise ImportRejected and
    write nothing. (The import screen runs large files in the background: ``core.imports``.)"""
    rows = cases_rows_check(sheet)
    with transaction.atomic():
        references = cases_rows_write(actor=actor, rows=rows, request=request)
    return list(Case.objects.filter(reference__in=references).order_by("pk"))
