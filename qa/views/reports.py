"""Reports per agent, team, section and period, and the CSV/XLSX exports."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render

from core.access import Role, role_required
from qa.forms import report_filter_from_query
from qa.models import Answer, Evaluation
from qa.resources import AnswerResource, EvaluationResource
from qa.selectors.reports import GROUPINGS, report
from qa.views.common import REVIEWERS
from scoring.scorecard import FORMULA_TEXT

EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


@role_required(Role.QA_MANAGER, Role.QA_OFFICER, Role.TEAM_LEADER)
def reports(request):
    form, flt = report_filter_from_query(request.GET, request.user)
    grouping = request.GET.get("group") if request.GET.get("group") in GROUPINGS else "agent"
    data = report(request.user, flt, grouping)
    return render(
        request,
        "qa/reports/report.html",
        {
            "form": form,
            "flt": flt,
            "grouping": grouping,
            "grouping_label": GROUPINGS[grouping][1],
            "formula": FORMULA_TEXT,
            "min_n": settings.QA_MIN_EVALUATIONS,
            **data,
        },
    )


@role_required(*REVIEWERS)
def export(request, what, fmt):
    if fmt not in EXPORT_FORMATS or what not in ("evaluations", "answers"):
        raise Http404
    _, flt = report_filter_from_query(request.GET, request.user)
    evaluations = flt.apply(Evaluation.objects.visible_to(request.user).submitted())
    if what == "evaluations":
        qs = evaluations.select_related(
            "agent__user", "agent__team", "agent__section", "version__scorecard"
        )
        dataset = EvaluationResource().export(queryset=qs.order_by("pk"))
    else:
        qs = Answer.objects.filter(evaluation__in=evaluations.values("pk")).select_related(
            "criterion"
        )
        dataset = AnswerResource().export(queryset=qs.order_by("evaluation_id", "criterion__order"))
    content_type, ext = EXPORT_FORMATS[fmt]
    body = dataset.export(ext)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{what}.{ext}"'
    return response
