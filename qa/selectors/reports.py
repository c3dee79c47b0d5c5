"""Report figures. Every figure comes with the evaluations behind it (a filter the evaluation
list applies), how many there are, and an interval. Query count is fixed: it does not grow
with agents or evaluations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, FloatField, Q, Sum
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.http import urlencode

from core.charts import trend_svg
from core.stats import Interval, mean_interval, wilson_interval
from qa.models import Answer, Evaluation

GROUPINGS = {
    "agent": ("agent_id", "Agent"),
    "team": ("agent__team_id", "Team"),
    "section": ("agent__section_id", "Section"),
}


@dataclass
class ReportFilter:
    date_from: date | None = None
    date_to: date | None = None
    agent: int | None = None
    team: int | None = None
    section: int | None = None
    scorecard: int | None = None
    extra: dict = field(default_factory=dict)

    def params(self, **more) -> dict:
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "agent": self.agent,
            "team": self.team,
            "section": self.section,
            "scorecard": self.scorecard,
        }
        values.update(more)
        return {k: v for k, v in values.items() if v not in (None, "")}

    def query(self, **more) -> str:
        return urlencode(self.params(**more))

    def apply(self, qs):
        tz = timezone.get_current_timezone()
        if self.date_from:
            qs = qs.filter(submitted_at__gte=datetime.combine(self.date_from, time.min, tzinfo=tz))
        if self.date_to:
            end = datetime.combine(self.date_to + timedelta(days=1), time.min, tzinfo=tz)
            qs = qs.filter(submitted_at__lt=end)
        if self.agent:
            qs = qs.filter(agent_id=self.agent)
        if self.team:
            qs = qs.filter(agent__team_id=self.team)
        if self.section:
            qs = qs.filter(agent__section_id=self.section)
        if self.scorecard:
            qs = qs.filter(version__scorecard_id=self.scorecard)
        return qs


def apply_outcome(qs, outcome: str):
    """The evaluation-list filters behind pass-rate and critical-fail figures."""
    if outcome == "passed":
        return qs.filter(passed=True)
    if outcome == "failed":
        return qs.filter(passed=False)
    if outcome == "critical":
        return qs.filter(critical_fail=True)
    return qs


@dataclass
class Figure:
    key: object
    label: str
    n: int
    mean: Interval
    pass_rate: Interval
    critical_rate: Interval
    query: str
    few: bool


def _score_float():
    return Cast("score", FloatField())


def _figure_aggregates() -> dict:
    """What a Figure is made of, as aggregates over evaluations (per group or overall)."""
    return {
        "n": Count("pk"),
        "scored": Count("score"),
        "total": Sum(_score_float()),
        "total_sq": Sum(_score_float() * _score_float()),
        "passed_n": Count("pk", filter=Q(passed=True)),
        "critical_n": Count("pk", filter=Q(critical_fail=True)),
    }


def _figure(r: dict, *, key, label: str, query: str) -> Figure:
    return Figure(
        key=key,
        label=label,
        n=r["n"],
        mean=mean_interval(r["scored"], r["total"] or 0.0, r["total_sq"] or 0.0),
        pass_rate=wilson_interval(r["passed_n"], r["n"]),
        critical_rate=wilson_interval(r["critical_n"], r["n"]),
        query=query,
        few=r["n"] < settings.QA_MIN_EVALUATIONS,
    )


def group_figures(qs, grouping: str, flt: ReportFilter) -> list[Figure]:
    """One row per agent/team/section with n, mean score (95 % t interval), pass rate and
    critical-fail rate (Wilson intervals). Two queries."""
    from org.models import Agent, Section, Team

    column, _ = GROUPINGS[grouping]
    rows = list(qs.values(column).annotate(**_figure_aggregates()).order_by(column))
    ids = [r[column] for r in rows if r[column] is not None]
    if grouping == "agent":
        names = {a.pk: a.full_name for a in Agent.objects.filter(pk__in=ids).select_related("user")}
    elif grouping == "team":
        names = dict(Team.objects.filter(pk__in=ids).values_list("pk", "name"))
    else:
        names = dict(Section.objects.filter(pk__in=ids).values_list("pk", "name"))
    figures = [
        _figure(
            r,
            key=r[column],
            label=names.get(r[column], "(none)"),
            query=flt.query(**{grouping: r[column]}),
        )
        for r in rows
    ]
    figures.sort(key=lambda f: f.label)
    return figures


def overall_figure(qs, flt: ReportFilter) -> Figure:
    return _figure(qs.aggregate(**_figure_aggregates()), key=None, label="All", query=flt.query())


def most_failed_criteria(qs, flt: ReportFilter, limit: int = 10) -> list[dict]:
    """Criteria answered 'no' most often, as a share of the answers that were not N/A.

    'no' and 'na' answers are few, so they are counted from a covering index; the number of
    answers per criterion is the number of evaluations on its scorecard version. Three queries,
    whatever the number of evaluations."""
    from scorecards.models import Criterion

    per_version = dict(qs.order_by().values_list("version").annotate(n=Count("pk")))
    counts = (
        Answer.objects.filter(answer__in=["no", "na"], evaluation__in=qs.order_by().values("pk"))
        .order_by()
        .values_list("criterion", "answer")
        .annotate(n=Count("pk"))
    )
    failed: dict[int, int] = {}
    not_applicable: dict[int, int] = {}
    for criterion_id, answer, n in counts:
        (failed if answer == "no" else not_applicable)[criterion_id] = n
    criteria = {
        c.pk: c
        for c in Criterion.objects.filter(pk__in=list(failed)).select_related("version__scorecard")
    }
    rows = []
    for criterion_id, n_failed in failed.items():
        c = criteria[criterion_id]
        answered = per_version.get(c.version_id, 0) - not_applicable.get(criterion_id, 0)
        rows.append(
            {
                "key": c.key,
                "text": c.text,
                "scorecard": c.version.scorecard.slug,
                "failed": n_failed,
                "answered": answered,
                "rate": wilson_interval(n_failed, answered),
                "query": flt.query(criterion=c.key, outcome="no"),
            }
        )
    rows.sort(key=lambda r: (-r["failed"], r["key"]))
    return rows[:limit]


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def trend(qs, flt: ReportFilter) -> list[dict]:
    """Average score per month with n and interval. One query grouped by day (indexed), folded
    into months here: no per-row date arithmetic in the database."""
    rows = (
        qs.order_by()
        .values("submitted_on")
        .annotate(
            n=Count("pk"),
            scored=Count("score"),
            total=Sum(_score_float()),
            total_sq=Sum(_score_float() * _score_float()),
        )
    )
    months: dict[date, list[float]] = {}
    for r in rows:
        if r["submitted_on"] is None:
            continue
        bucket = months.setdefault(r["submitted_on"].replace(day=1), [0, 0, 0.0, 0.0])
        bucket[0] += r["n"]
        bucket[1] += r["scored"]
        bucket[2] += r["total"] or 0.0
        bucket[3] += r["total_sq"] or 0.0
    points = []
    for day in sorted(months):
        n, scored, total, total_sq = months[day]
        end = _month_end(day)
        points.append(
            {
                "start": day,
                "end": end,
                "n": n,
                "mean": mean_interval(scored, total, total_sq),
                "query": ReportFilter(
                    date_from=max(day, flt.date_from) if flt.date_from else day,
                    date_to=min(end, flt.date_to) if flt.date_to else end,
                    agent=flt.agent,
                    team=flt.team,
                    section=flt.section,
                    scorecard=flt.scorecard,
                ).query(),
            }
        )
    return points


def report(user, flt: ReportFilter, grouping: str = "agent") -> dict:
    qs = flt.apply(Evaluation.objects.visible_to(user).counted())
    points = trend(qs, flt)
    return {
        "overall": overall_figure(qs, flt),
        "groups": group_figures(qs, grouping, flt),
        "failed_criteria": most_failed_criteria(qs, flt),
        "trend": points,
        "chart": trend_svg(points),
    }
