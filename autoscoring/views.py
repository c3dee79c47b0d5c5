"""Auto-scoring screens: suggestions on a call, and the agreement dashboard for QA managers."""

from __future__ import annotations

import json

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from autoscoring.models import AutoScore
from autoscoring.selectors import agreement_report
from autoscoring.services.suggestions import (
    AutoscoreError,
    call_autoscore,
    model_folder,
    skip_reason,
    version_for,
)
from calls.models import Call
from core.access import Role, role_required
from scorecards.models import Scorecard, ScorecardVersion

SUGGESTION_ROLES = (Role.QA_OFFICER, Role.QA_MANAGER)


def suggestions_context(call: Call) -> dict:
    """What ``autoscoring/_suggestions.html`` needs: the call's auto-scores with their answers (two
    queries). Other screens (the QA workspace) can embed the include with this context."""
    autoscores = list(AutoScore.objects.for_call(call).prefetch_related("answers__criterion"))
    return {"call": call, "autoscores": autoscores, "skip_reason": skip_reason(call)}


@role_required(*SUGGESTION_ROLES)
@require_http_methods(["GET"])
def call_suggestions(request, pk: int):
    call = get_object_or_404(Call.objects.visible_to(request.user).with_related(), pk=pk)
    return render(request, "autoscoring/call_suggestions.html", suggestions_context(call))


@role_required(*SUGGESTION_ROLES)
@require_POST
def call_rescore(request, pk: int):
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=pk)
    reason = skip_reason(call)
    if reason:
        messages.error(request, f"Not auto-scored: {reason}.")
    elif call_autoscore(call=call, actor=request.user) is None:
        messages.error(request, "No published scorecard applies to this call's section.")
    else:
        messages.success(request, "Auto-score suggestions are up to date.")
    return redirect("autoscoring:call_suggestions", pk=call.pk)


@role_required(Role.QA_MANAGER)
@require_http_methods(["GET"])
def autoscore_agreement(request, pk: int | None = None):
    """Per criterion agreement of one scorecard version: the current one unless another is
    chosen (``?scorecard=slug&version=N``, or a version's own address), so the figures of
    retired versions stay readable after a new one is published."""
    scorecards = list(Scorecard.objects.order_by("name"))
    chosen = get_object_or_404(ScorecardVersion, pk=pk) if pk else None
    slug = (
        chosen.scorecard.slug
        if chosen
        else request.GET.get("scorecard") or (scorecards[0].slug if scorecards else "")
    )
    try:
        weeks = min(max(int(request.GET.get("weeks", 12)), 1), 52)
    except ValueError:
        weeks = 12
    context = {"scorecards": scorecards, "slug": slug, "weeks": weeks, "rows": [], "error": ""}
    versions = list(
        ScorecardVersion.objects.filter(scorecard__slug=slug)
        .exclude(status=ScorecardVersion.Status.DRAFT)
        .order_by("-number")
    )
    context["versions"] = versions
    number = request.GET.get("version", "")
    if chosen is None and number.isdigit():
        chosen = next((v for v in versions if v.number == int(number)), None)
        if chosen is None:
            context["error"] = f"That scorecard has no published or retired version {number}."
    context["selected_number"] = chosen.number if chosen else None
    if slug and not context["error"]:
        try:
            version = chosen or version_for(slug)
        except AutoscoreError as exc:
            context["error"] = str(exc)
        else:
            cards = _model_cards(version)
            rows = agreement_report(version=version, weeks=weeks)
            for row in rows:
                row.card = cards.get(row.key)
            context.update({"version": version, "rows": rows})
    return render(request, "autoscoring/agreement.html", context)


def _model_cards(version) -> dict:
    index = model_folder(version) / "index.json"
    try:
        return json.loads(index.read_text()).get("criteria", {})
    except (OSError, ValueError):
        return {}
