"""Open work on a scorecard's earlier versions, and the QA manager's choice to move it."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render

from core.access import Role, role_required
from qa.selectors.versions import open_work_summary
from qa.services.versions import open_work_move
from qa.views.common import report_error
from scorecards.models import ScorecardVersion


@role_required(Role.QA_MANAGER)
def open_work(request, pk):
    """GET: the queued calls and draft evaluations still on earlier versions. POST (with the
    confirmation ticked): move them to this version, which auto-scores them again."""
    version = get_object_or_404(ScorecardVersion.objects.select_related("scorecard"), pk=pk)
    summary = open_work_summary(version)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm") != "on":
            error = "Tick the confirmation to move the open work."
        else:
            try:
                moved = open_work_move(actor=request.user, version=version, request=request)
            except ValidationError as exc:
                report_error(request, exc)
            else:
                messages.success(
                    request,
                    f"Moved {moved['queued']} queued calls and {moved['drafts']} draft "
                    f"evaluations to {version}; their suggestions were scored again on it.",
                )
            return redirect("qa:open_work", pk=pk)
    return render(
        request,
        "qa/open_work.html",
        {
            "version": version,
            "summary": summary,
            "can_move": version.status == ScorecardVersion.Status.PUBLISHED and bool(summary),
            "error": error,
        },
    )
