"""The agent's home: what needs them (evaluations to acknowledge and by when, dispute windows
still open, coaching to acknowledge), their last scores with the criteria they missed and the
coaching on them, and their trend once there are enough evaluations to mean something. No
manager filters: an agent sees only their own work. Laid out for a phone first."""

from __future__ import annotations

import datetime as dt
import math

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils import timezone

from core.access import Role, role_required
from core.charts import trend_svg
from qa.models import Answer, Coaching, Evaluation
from qa.selectors.reports import ReportFilter, overall_figure, trend
from qa.services.evaluation_workflow import dispute_deadline
from scoring.scorecard import FORMULA_TEXT

RECENT_PER_PAGE = 10


def _time_left(deadline, now) -> str:
    seconds = (deadline - now).total_seconds()
    if seconds <= 0:
        return "closed"
    if seconds < 86400:
        hours = max(1, math.ceil(seconds / 3600))
        return f"{hours} hour{'s' if hours != 1 else ''} left"
    days = math.floor(seconds / 86400)
    return f"{days} day{'s' if days != 1 else ''} left"


def _with_deadline(evaluations, now):
    rows = []
    for evaluation in evaluations:
        deadline = dispute_deadline(evaluation)
        evaluation.deadline = deadline
        evaluation.time_left = _time_left(deadline, now)
        evaluation.closing_soon = (deadline - now).total_seconds() < 2 * 86400
        rows.append(evaluation)
    return rows


@role_required(Role.AGENT)
def my_evaluations(request):
    now = timezone.now()
    user = request.user
    mine = Evaluation.objects.visible_to(user).filter(agent__user=user).counted()
    window_start = now - dt.timedelta(days=settings.QA_DISPUTE_WINDOW_DAYS)
    to_acknowledge = _with_deadline(
        mine.filter(state=Evaluation.State.SUBMITTED).with_related().order_by("submitted_at"),
        now,
    )
    still_disputable = _with_deadline(
        mine.filter(state=Evaluation.State.ACKNOWLEDGED, submitted_at__gt=window_start)
        .with_related()
        .order_by("submitted_at"),
        now,
    )
    coaching_open = list(
        Coaching.objects.visible_to(user)
        .filter(agent__user=user, acknowledged_at__isnull=True)
        .select_related("evaluation__call")
        .prefetch_related("criteria")
    )
    recent = (
        mine.with_related()
        .order_by("-submitted_at", "-id")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.filter(answer=Answer.Value.NO).select_related("criterion"),
                to_attr="missed",
            ),
            Prefetch(
                "coachings",
                queryset=Coaching.objects.prefetch_related("criteria"),
                to_attr="coaching_list",
            ),
        )
    )
    page = Paginator(recent, RECENT_PER_PAGE).get_page(request.GET.get("page"))
    flt = ReportFilter()
    summary = overall_figure(mine, flt)
    enough = summary.n >= settings.QA_MIN_EVALUATIONS
    points = trend(mine, flt) if enough else []
    return render(
        request,
        "qa/evaluations/agent_home.html",
        {
            "to_acknowledge": to_acknowledge,
            "still_disputable": still_disputable,
            "coaching_open": coaching_open,
            "needs_me": len(to_acknowledge) + len(coaching_open),
            "page": page,
            "summary": summary,
            "enough": enough,
            "trend": points,
            "chart": trend_svg(points) if enough else None,
            "min_n": settings.QA_MIN_EVALUATIONS,
            "window_days": settings.QA_DISPUTE_WINDOW_DAYS,
            "formula": FORMULA_TEXT,
        },
    )
