"""Downloads of the case reports, formulas escaped (``core.exports``): the case list
(django-import-export, without complainant personal data; moved from
``caseimport.sheets``) and the figures of the Reports for the Offices."""

from __future__ import annotations

import tablib
from import_export import fields, resources, widgets

from core.exports import SafeExportMixin, escape_dataset
from investigations import working_time
from investigations.models import Case


class _LocalTime(widgets.Widget):
    """A date-time as people read it: Johannesburg time, "YYYY-MM-DD HH:MM"."""

    def render(self, value, obj=None, **kwargs):
        return working_time.local(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _when(name: str) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=_LocalTime())


class CaseExportResource(SafeExportMixin, resources.ModelResource):
    """Cases for reports: no complainant personal data."""

    source = fields.Field(attribute="get_source_display", column_name="source")
    department = fields.Field(attribute="department__name", column_name="department")
    state = fields.Field(attribute="get_state_display", column_name="state")
    category = fields.Field(attribute="get_category_display", column_name="category")
    assignee = fields.Field(attribute="assignee__get_full_name", column_name="assignee")
    received_at = _when("received_at")
    acknowledge_due = _when("acknowledge_due")
    acknowledged_at = _when("acknowledged_at")
    response_due = _when("response_due")
    responded_at = _when("responded_at")
    outcome = fields.Field(attribute="get_outcome_display", column_name="outcome")

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


FIGURE_HEADERS = (
    "received",
    "closed",
    "closed on time",
    "breached",
    "open now",
    "median working days to respond",
)


def _figure_cells(figures) -> list:
    return [
        figures.received,
        figures.closed,
        figures.closed_on_time,
        figures.breached,
        figures.open_now,
        figures.median_days if figures.median_days is not None else "",
    ]


def office_figures_dataset(report) -> tablib.Dataset:
    """The Reports for the Offices as a sheet: one row per month and group, then one per group
    for the whole period and the total. Formulas escaped (a department could be named
    "=HYPERLINK(...)")."""
    dataset = tablib.Dataset(title="Reports for the Offices")
    dataset.headers = ["month", report.dimension_label.lower(), *FIGURE_HEADERS]
    for month, group, figures in report.month_groups:
        dataset.append([month, group, *_figure_cells(figures)])
    for group, figures in report.groups:
        dataset.append(["whole period", group, *_figure_cells(figures)])
    dataset.append(["whole period", "all", *_figure_cells(report.total)])
    return escape_dataset(dataset)
