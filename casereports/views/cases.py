"""The case reports of the investigations supervisor and the case list download (moved from
``investigations.views.reports``; same URLs and access)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from audit.services import audit_bulk_read
from casereports.exports import CaseExportResource
from casereports.forms import ReportFilterForm
from casereports.selectors.cases import report_cases, report_summary
from core.access import Role, role_required
from core.charts import chart_bars

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filtered(request):
    form = ReportFilterForm(request.GET or None)
    start = end = None
    if form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    return (
        form,
        report_cases(request.user, start=start, end=end),
        {key: value.isoformat() for key, value in (("start", start), ("end", end)) if value},
    )


@role_required(Role.INVESTIGATIONS_SUPERVISOR)
def reports(request):
    form, cases, _ = _filtered(request)
    summary = report_summary(cases)
    return render(
        request,
        "casereports/reports.html",
        {
            "form": form,
            "summary": summary,
            "chart": chart_bars(summary["monthly"]),
            "query": request.GET.urlencode(),
        },
    )


def spreadsheet_response(dataset, fmt: str, name: str) -> HttpResponse:
    """``dataset`` (formulas already escaped) as a CSV or XLSX download."""
    if fmt == "xlsx":
        response = HttpResponse(dataset.export("xlsx"), content_type=XLSX)
    else:
        response = HttpResponse(dataset.export("csv"), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response


@role_required(Role.INVESTIGATIONS_SUPERVISOR)
def reports_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Export as csv or xlsx.")
    _, cases, filters = _filtered(request)
    dataset = CaseExportResource().export(
        cases.select_related("department", "assignee").order_by("received_at")
    )
    audit_bulk_read(
        actor=request.user,
        action="case.export",
        object_type="investigations.case",
        what=f"case report export ({fmt.upper()})",
        filters=filters,
        rows=len(dataset),
        request=request,
        format=fmt,
    )
    return spreadsheet_response(dataset, fmt, "cases")
