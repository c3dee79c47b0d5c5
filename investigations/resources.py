"""Spreadsheet import and export of cases.

Import, the one pattern of ``core.spreadsheets``: read the rows, check each with
:class:`CaseImportForm` (the intake form, plus the words people type in a spreadsheet), preview,
confirm. One bad row rejects the whole file with each bad row's number and reasons. The rows are
created through ``case_create`` (the same rule, audit and clock as the intake form) in one
transaction, keeping each complaint's original received time.

Export: django-import-export, without complainant personal data.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils import timezone
from import_export import fields, resources

from core.spreadsheets import ImportRejected, RowError, Sheet, sheet_require, validate_rows
from investigations import working_time
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


def _choice(choices, value: str, what: str) -> str:
    """A choice's code from its code or its label, as people type them."""
    by_word = {k.lower(): k for k, _ in choices} | {label.lower(): k for k, label in choices}
    found = by_word.get(value.strip().lower())
    if found is None:
        raise forms.ValidationError(
            f"{value!r} is not a known {what} (use one of: {', '.join(k for k, _ in choices)})."
        )
    return found


class CaseImportForm(CaseForm):
    """One row of a cases file. The original received time is required (deadlines count from
    it); source, category and department may be codes or names."""

    source = forms.CharField()
    received_at = forms.DateTimeField(
        input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"]
    )
    department = forms.CharField(required=False)
    category = forms.CharField(required=False)
    priority = forms.CharField(required=False)

    def clean_source(self):
        return _choice(Source.choices, self.cleaned_data["source"], "source")

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
        department = (
            Department.objects.filter(name__iexact=value).first()
            or Department.objects.filter(slug__iexact=value).first()
        )
        if department is None:
            raise forms.ValidationError(f"{value!r} is unknown.")
        return department

    def clean_category(self):
        value = self.cleaned_data["category"]
        return _choice(Category.choices, value, "category") if value else ""

    def clean_priority(self):
        value = self.cleaned_data["priority"]
        return _choice(Priority.choices, value, "priority") if value else Priority.NORMAL


def cases_rows_check(sheet: Sheet) -> list[tuple[int, dict]]:
    """Every row checked (the preview): ``[(row, cleaned data)]``, or ``ImportRejected`` with
    every bad row. Writes nothing."""
    sheet_require(sheet, REQUIRED_COLUMNS)
    return validate_rows(sheet, CaseImportForm)


def cases_import(*, actor, sheet: Sheet, request=None) -> list[Case]:
    """Check every row, then create all cases in one transaction, or raise ImportRejected and
    write nothing."""
    rows = cases_rows_check(sheet)
    created = []
    with transaction.atomic():
        for number, cleaned in rows:
            try:
                created.append(case_create(actor=actor, request=request, via="import", **cleaned))
            except CaseError as exc:
                raise ImportRejected([RowError(number, tuple(exc.messages))]) from None
    return created


class CaseExportResource(resources.ModelResource):
    """Cases for reports: no complainant personal data."""

    source = fields.Field(attribute="get_source_display", column_name="source")
    department = fields.Field(attribute="department__name", column_name="department")
    state = fields.Field(attribute="get_state_display", column_name="state")
    category = fields.Field(attribute="get_category_display", column_name="category")
    assignee = fields.Field(column_name="assignee")
    received_at = fields.Field(column_name="received_at")
    acknowledge_due = fields.Field(column_name="acknowledge_due")
    acknowledged_at = fields.Field(column_name="acknowledged_at")
    response_due = fields.Field(column_name="response_due")
    responded_at = fields.Field(column_name="responded_at")
    outcome = fields.Field(attribute="get_outcome_display", column_name="outcome")
    ward = fields.Field(attribute="ward", column_name="ward")

    class Meta:
        model = Case
        fields = (
            "reference",
            "source",
            "source_reference",
            "ward",
            "department",
            "category",
            "priority",
            "state",
            "assignee",
            "received_at",
            "acknowledge_due",
            "acknowledged_at",
            "response_due",
            "responded_at",
            "outcome",
        )
        export_order = fields

    @staticmethod
    def _when(value):
        return working_time.local(value).strftime("%Y-%m-%d %H:%M") if value else ""

    def dehydrate_assignee(self, case):
        return case.assignee.get_full_name() if case.assignee_id else ""

    def dehydrate_received_at(self, case):
        return self._when(case.received_at)

    def dehydrate_acknowledge_due(self, case):
        return self._when(case.acknowledge_due)

    def dehydrate_acknowledged_at(self, case):
        return self._when(case.acknowledged_at)

    def dehydrate_response_due(self, case):
        return self._when(case.response_due)

    def dehydrate_responded_at(self, case):
        return self._when(case.responded_at)
