from __future__ import annotations

from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from audit.services import audit_bulk_read
from core.access import Role, role_required
from core.charts import chart_bars
from core.imports import spreadsheet_import_start
from core.models import SpreadsheetImport
from core.spreadsheets import ImportRejected, read_spreadsheet, sheet_sign, sheet_unsign
from investigations.forms import ImportForm, ReportFilterForm
from investigations.models import Source
from investigations.resources import (
    IMPORT_COLUMNS,
    CaseExportResource,
    cases_rows_check,
)
from investigations.selectors import report_cases, report_summary


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
        "investigations/reports.html",
        {
            "form": form,
            "summary": summary,
            "chart": chart_bars(summary["monthly"]),
            "query": request.GET.urlencode(),
        },
    )


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
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        response = HttpResponse(
            dataset.export("xlsx"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(dataset.export("csv"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="cases-{stamp}.{fmt}"'
    return response


@role_required(Role.INVESTIGATIONS_SUPERVISOR, Role.ADMINISTRATOR)
def case_import(request):
    """Upload -> every row checked and previewed (or every bad row listed) -> confirm."""
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "errors": [],
        "columns": IMPORT_COLUMNS,
        "imports": SpreadsheetImport.objects.of(request.user).filter(kind="cases")[:5],
        # Administrators run imports but may not read complainants' details.
        "personal": request.user.has_perm("investigations.view_complainant"),
    }
    salt = f"investigations.case_import:{request.user.pk}"
    try:
        if request.method == "POST" and "payload" in request.POST:
            sheet, _ = sheet_unsign(request.POST["payload"], salt=salt)
            job = spreadsheet_import_start(
                kind="cases", sheet=sheet, actor=request.user, request=request
            )
            return redirect("core:import_progress", pk=job.pk)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            sheet = read_spreadsheet(upload.name, upload.read())
            context["preview"] = [
                (number, case, Source(case["source"]).label)
                for number, case in cases_rows_check(sheet)
            ]
            context["source"] = upload.name
            context["payload"] = sheet_sign(sheet, salt=salt)
    except ImportRejected as exc:
        context["errors"] = exc.errors
    except signing.BadSignature:
        messages.error(request, "The preview has expired or was altered: upload the file again.")
        return redirect("investigations:case_import")
    return render(request, "investigations/import.html", context)
