"""Calibration sessions: open (manager), score blind (officers), compare (after closing)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.access import Role, role_required, user_has_role
from qa.forms import CalibrationForm
from qa.models import CalibrationSession
from qa.selectors.calibration import calibration_results
from qa.services import calibration as svc
from qa.services.evaluations import evaluation_start
from qa.views.common import QA_STAFF, report_error
from scoring.scorecard import FORMULA_TEXT


@role_required(*QA_STAFF)
def calibration_list(request):
    is_manager = user_has_role(request.user, Role.QA_MANAGER)
    form = CalibrationForm(request.POST or None) if is_manager else None
    if request.method == "POST":
        if not is_manager:
            return redirect("qa:calibration_list")
        if form.is_valid():
            try:
                session = svc.calibration_open(
                    actor=request.user,
                    call=form.cleaned_data["call"],
                    title=form.cleaned_data["title"],
                    participants=form.cleaned_data["participants"],
                    request=request,
                )
                messages.success(request, f"Calibration session '{session}' opened.")
                return redirect("qa:calibration_detail", pk=session.pk)
            except ValidationError as exc:
                report_error(request, exc)
    sessions = (
        CalibrationSession.objects.visible_to(request.user)
        .select_related("call", "version__scorecard")
        .prefetch_related("participants")
    )
    return render(request, "qa/calibration/list.html", {"sessions": sessions, "form": form})


@role_required(*QA_STAFF)
def calibration_detail(request, pk):
    session = get_object_or_404(
        CalibrationSession.objects.visible_to(request.user).select_related(
            "call", "version__scorecard"
        ),
        pk=pk,
    )
    is_manager = user_has_role(request.user, Role.QA_MANAGER)
    mine = session.evaluations.filter(evaluator=request.user).first()
    context = {
        "session": session,
        "is_manager": is_manager,
        "mine": mine,
        "submitted_count": session.evaluations.submitted()
        .filter(evaluator__in=session.participants.all())
        .count(),
        "reference_submitted": session.evaluations.submitted()
        .filter(evaluator=session.opened_by_id)
        .exists(),
        "participants": session.participants.order_by("last_name"),
        "formula": FORMULA_TEXT,
    }
    # Blind: nobody sees others' answers until the manager closes the session.
    if session.state == CalibrationSession.State.CLOSED:
        context["results"] = calibration_results(session)
    return render(request, "qa/calibration/detail.html", context)


@role_required(*QA_STAFF)
@require_POST
def calibration_score(request, pk):
    session = get_object_or_404(CalibrationSession.objects.visible_to(request.user), pk=pk)
    is_participant = session.participants.filter(pk=request.user.pk).exists()
    if not is_participant and session.opened_by_id != request.user.pk:
        messages.error(request, "You are not a participant of this session.")
        return redirect("qa:calibration_detail", pk=pk)
    try:
        evaluation = evaluation_start(
            actor=request.user, call=session.call, calibration_session=session
        )
    except ValidationError as exc:
        report_error(request, exc)
        return redirect("qa:calibration_detail", pk=pk)
    return redirect("qa:evaluation_score", pk=evaluation.pk)


@role_required(Role.QA_MANAGER)
@require_POST
def calibration_close(request, pk):
    session = get_object_or_404(CalibrationSession.objects.visible_to(request.user), pk=pk)
    try:
        svc.calibration_close(actor=request.user, session=session, request=request)
        messages.success(request, "Session closed: results are shown.")
    except ValidationError as exc:
        report_error(request, exc)
    return redirect("qa:calibration_detail", pk=pk)
