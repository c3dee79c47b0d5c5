"""Spreadsheet import and export (django-import-export formats, tablib datasets).

Import: every row is validated with the intake form before anything is written; one bad row
rejects the whole file with each bad row's number and reasons. The rows are then created through
``case_create`` (the same rule, audit and clock as the intake form) in one transaction, keeping
each complaint's original received time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from import_export import fields, resources

from core.exports import SafeExportMixin
from investigations import clock
from investigations.forms import CaseForm
from investigations.import_rules import duplicate_source_references
from investigations.models import Case, Category, Source
from investigations.services import CaseError
from investigations.services.cases import case_create
from org.models import Department
from org.resources import ImportFileError, dataset_read_upload

IMPORT_COLUMNS = [
    "source",
    "source_reference",
    "received_at",
    "complainant_name",
    "complainant_phone",
    "complainant_email",
    "complainant_account",
    "ward",
    "councillor",
    "department",
    "category",
    "priority",
    "ims_references",
    "description",
]
REQUIRED_COLUMNS = {"source", "received_at", "complainant_name", "description"}


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number (the header is row 1)
    reasons: list[str]

    def __str__(self) -> str:
        return f"Row {self.row}: " + "; ".join(self.reasons)


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def dataset_read(name: str, data: bytes):
    try:
        return dataset_read_upload(name, data)
    except ImportFileError as exc:
        raise ImportRejected([RowError(0, [str(exc)])]) from None


def _lookup(mapping: dict[str, str], value: str) -> str | None:
    value = (value or "").strip()
    lowered = {k.lower(): v for k, v in mapping.items()}
    return lowered.get(value.lower())


def _row_data(row: dict) -> tuple[dict, list[str]]:
    problems = []
    data = {k: ("" if row.get(k) is None else str(row.get(k)).strip()) for k in IMPORT_COLUMNS}
    sources = {**{v: v for v in Source.values}, **{label: v for v, label in Source.choices}}
    source = _lookup(sources, data["source"])
    if data["source"] and source is None:
        problems.append(f"source '{data['source']}' is not one of {', '.join(Source.values)}")
    data["source"] = source or ""
    if data["department"]:
        names = {d.name: str(d.pk) for d in Department.objects.all()}
        names.update({d.slug: str(d.pk) for d in Department.objects.all()})
        pk = _lookup(names, data["department"])
        if pk is None:
            problems.append(f"department '{data['department']}' is unknown")
        data["department"] = pk or ""
    if data["category"]:
        cats = {**{v: v for v in Category.values}, **{label: v for v, label in Category.choices}}
        data["category"] = _lookup(cats, data["category"]) or data["category"]
    if data["ward"].endswith(".0"):
        data["ward"] = data["ward"][:-2]
    data["priority"] = (data["priority"] or "normal").lower()
    # XLSX cells may come back as datetimes: use the same text form as CSV.
    value = row.get("received_at")
    if hasattr(value, "strftime"):
        data["received_at"] = value.strftime("%Y-%m-%d %H:%M")
    return data, problems


def cases_import(*, actor, name: str, data: bytes, request=None) -> list[Case]:
    """Validate every row, then create all cases, or raise ImportRejected and write nothing."""
    dataset = dataset_read(name, data)
    headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
    missing = REQUIRED_COLUMNS - set(headers)
    if missing:
        raise ImportRejected([RowError(1, [f"missing column(s): {', '.join(sorted(missing))}"])])
    if not len(dataset):
        raise ImportRejected([RowError(2, ["the file has no rows"])])
    errors: list[RowError] = []
    cleaned_rows = []
    now = timezone.now()
    for index, values in enumerate(dataset, start=2):
        row = dict(zip(headers, values, strict=False))
        data, problems = _row_data(row)
        form = CaseForm(data)
        if not form.is_valid():
            for field, field_errors in form.errors.items():
                problems.extend(f"{field}: {e}" for e in field_errors)
        elif not form.cleaned_data["received_at"]:
            problems.append("received_at: the original received time is required")
        elif form.cleaned_data["received_at"] > now:
            problems.append("received_at: in the future")
        if problems:
            errors.append(RowError(index, problems))
        else:
            cleaned_rows.append((index, form.cleaned_data))
    for number, reason in duplicate_source_references(cleaned_rows):
        errors.append(RowError(number, [reason]))
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.row))
    created = []
    with transaction.atomic():
        for index, cleaned in cleaned_rows:
            received = cleaned["received_at"]
            if timezone.is_naive(received):
                received = timezone.make_aware(received, clock.TZ)
            try:
                created.append(
                    case_create(
                        actor=actor,
                        request=request,
                        via="import",
                        **{**cleaned, "received_at": received},
                    )
                )
            except CaseError as exc:
                raise ImportRejected([RowError(index, exc.messages)]) from None
    return created


class CaseExportResource(SafeExportMixin, resources.ModelResource):
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
        return clock.local(value).strftime("%Y-%m-%d %H:%M") if value else ""

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
