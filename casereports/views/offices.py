"""Reports for the Offices: the figures page, its CSV/XLSX download and the monthly PDF pack
for the Head of Department. Investigations supervisors and QA managers (figures and case
references only; no complainant data)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from audit.services import audit_bulk_read
from casereports.charts import trend_chart
from casereports.exports import office_figures_dataset
from casereports.forms import MonthlyPackForm, OfficeFilterForm
from casereports.pack import pack_filename, pack_pdf
from casereports.selectors.monthly import month_first_days, monthly_pack, previous_month
from casereports.selectors.offices import REPORT_ROLES, office_cases, office_report_of
from casereports.views.cases import spreadsheet_response
from core.access import role_required


def _report(request, form):
    """The report of a valid filter form, or None (the form shows its errors)."""
    if not form.is_valid():
        return None
    flt = form.office_filter()
    cases = office_cases(request.user, flt)
    return flt, office_report_of(cases, dimension=form.cleaned_data.get("group") or "source")


def _default_filter() -> dict:
    """Without a filter the page shows the twelve months up to this one, by source."""
    today = timezone.localdate()
    first, _ = month_first_days(today.year, today.month, back=11)
    return {"start": first.isoformat(), "group": "source"}


@role_required(*REPORT_ROLES)
def offices(request):
    form = OfficeFilterForm(request.GET or _default_filter())
    result = _report(request, form)
    year, month = previous_month(timezone.localdate())
    context = {"form": form, "query": request.GET.urlencode(), "pack_month": f"{year}-{month:02}"}
    if result is not None:
        context["report"] = result[1]
        context["chart"] = trend_chart(result[1])
    status = 200 if result is not None else 400
    return render(request, "casereports/offices.html", context, status=status)


@role_required(*REPORT_ROLES)
def offices_export(request, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404("Download as csv or xlsx.")
    form = OfficeFilterForm(request.GET)
    result = _report(request, form)
    if result is None:
        return HttpResponse(
            "The filter is not valid: " + "; ".join(m for ms in form.errors.values() for m in ms),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    flt, report = result
    dataset = office_figures_dataset(report)
    audit_bulk_read(
        actor=request.user,
        action="case.report_export",
        object_type="investigations.case",
        what=f"reports for the Offices ({fmt.upper()})",
        filters={**flt.as_params(), "group": report.dimension},
        rows=len(dataset),
        request=request,
        format=fmt,
        cases=report.total.received,
    )
    return spreadsheet_response(dataset, fmt, "case-reports-offices")


@role_required(*REPORT_ROLES)
def monthly_pack_pdf(request):
    form = MonthlyPackForm(request.GET)
    if not form.is_valid():
        return HttpResponse(
            "The month or filter is not valid: "
            + "; ".join(m for ms in form.errors.values() for m in ms),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    month = form.cleaned_data.get("month")
    year, number = (month.year, month.month) if month else previous_month(timezone.localdate())
    pack = monthly_pack(request.user, form.office_filter(), year, number)
    pdf = pack_pdf(pack, filter_words=form.filter_words())
    audit_bulk_read(
        actor=request.user,
        action="case.report_export",
        object_type="investigations.case",
        what=f"monthly pack {year}-{number:02} (PDF)",
        filters=pack.filter.as_params(),
        rows=pack.by_source.total.received + len(pack.breaches),
        request=request,
        format="pdf",
        cases=pack.by_source.total.received,
        breaches=len(pack.breaches),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pack_filename(pack)}"'
    return response
