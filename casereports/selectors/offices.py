"""Reports for the Offices: per complaint source, department and ward, by month of receipt,
how many complaints came in, how many were closed and closed on time, how many breached a
deadline, how many are open now, and the median working days to the final response.

Reads are flat: the cases of the filter in one query (with "has a recorded breach" as a
subquery) and the hold events of the responded ones in a second, whatever the number of cases.
Everything else is counted in Python.

Definitions (docs/guide, "Reports for the Offices"):
- a case counts in the month (Africa/Johannesburg) it was received;
- closed: the case is closed (the final response was sent and the case closed);
- closed on time: closed, and the final response was sent by its deadline;
- breached: a deadline was missed: acknowledged or responded after its deadline, still owed
  past its deadline now, or a breach recorded by the deadline monitor (breaches are never
  cleared, so a reopened case keeps the breach of its first response);
- open now: the case is in an open state (received to approved);
- working days to respond: ``casereports.workdays.days_to_respond`` of every case with a final
  response (responded or closed), counted from the received time or the last reopening.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    Value,
    When,
)
from django.db.models import Case as SqlCase
from django.utils import timezone

from casereports.workdays import days_to_respond
from core.access import Role, user_has_role
from investigations import working_time
from investigations.models import OPEN_STATES, Case, CaseEvent, Source, State

REPORT_ROLES = (Role.INVESTIGATIONS_SUPERVISOR, Role.QA_MANAGER)
DIMENSIONS = {"source": "Source", "department": "Department", "ward": "Ward"}
SOURCE_LABELS = dict(Source.choices)


@dataclass(frozen=True)
class OfficeFilter:
    """Which cases the report counts: received from ``start`` to ``end`` (local dates,
    inclusive), and optionally one source, department (id) and ward."""

    start: dt.date | None = None
    end: dt.date | None = None
    source: str = ""
    department: int | None = None
    ward: int | None = None

    def as_params(self) -> dict:
        """The filter as codes and ISO dates (for links and the audit record)."""
        params = {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "source": self.source or None,
            "department": self.department,
            "ward": self.ward,
        }
        return {key: value for key, value in params.items() if value is not None}


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=working_time.TZ)


def office_cases(user, flt: OfficeFilter):
    """The cases the report counts. Investigations supervisors and QA managers count every case
    (the report shows figures and references, never a complainant); other roles none."""
    if not user_has_role(user, *REPORT_ROLES):
        return Case.objects.none()
    cases = Case.objects.all()
    if flt.start:
        cases = cases.filter(received_at__gte=_day_start(flt.start))
    if flt.end:
        cases = cases.filter(received_at__lt=_day_start(flt.end + dt.timedelta(days=1)))
    if flt.source:
        cases = cases.filter(source=flt.source)
    if flt.department:
        cases = cases.filter(department_id=flt.department)
    if flt.ward:
        cases = cases.filter(ward=flt.ward)
    return cases


@dataclass
class Figures:
    received: int = 0
    closed: int = 0
    closed_on_time: int = 0
    breached: int = 0
    open_now: int = 0
    response_days: list[int] = field(default_factory=list)

    def add(self, row: CaseFigures) -> None:
        self.received += 1
        self.closed += row.closed
        self.closed_on_time += row.closed_on_time
        self.breached += row.breached
        self.open_now += row.open_now
        if row.response_days is not None:
            self.response_days.append(row.response_days)

    def merge(self, other: Figures) -> None:
        self.received += other.received
        self.closed += other.closed
        self.closed_on_time += other.closed_on_time
        self.breached += other.breached
        self.open_now += other.open_now
        self.response_days.extend(other.response_days)

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.response_days) if self.response_days else None

    @property
    def on_time_rate(self) -> float | None:
        """Closed on time, as a percentage of the closed cases."""
        return round(100 * self.closed_on_time / self.closed, 1) if self.closed else None


@dataclass(frozen=True)
class CaseFigures:
    """One case as the report counts it."""

    pk: int
    reference: str
    month: str  # YYYY-MM of the local received time
    source: str
    department: str
    ward: str
    closed: bool
    closed_on_time: bool
    breached: bool
    open_now: bool
    response_days: int | None

    def group(self, dimension: str) -> str:
        return getattr(self, dimension)


def _holds_by_case(cases) -> dict[int, list[working_time.Hold]]:
    """The hold spans of the responded cases among ``cases``, one query."""
    events = (
        CaseEvent.objects.filter(
            case__in=cases.filter(responded_at__isnull=False).values("pk"),
            kind__in=(CaseEvent.Kind.HOLD_STARTED, CaseEvent.Kind.HOLD_ENDED),
        )
        .order_by("case_id", "at", "pk")
        .values_list("case_id", "kind", "at")
    )
    holds: dict[int, list[working_time.Hold]] = defaultdict(list)
    started: dict[int, dt.datetime] = {}
    for case_id, kind, at in events:
        if kind == CaseEvent.Kind.HOLD_STARTED:
            started[case_id] = at
        elif case_id in started:
            holds[case_id].append(working_time.Hold(started.pop(case_id), at))
    return holds


def _flag(condition: Q) -> SqlCase:
    return SqlCase(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _breached(now: dt.datetime) -> Q:
    """A deadline missed: met late, still owed past it at ``now``, or a breach recorded by the
    monitor (``Case.breach_recorded``, stored by the deadline monitor and never cleared)."""
    return (
        Q(breach_recorded=True)
        | Q(acknowledged_at__gt=F("acknowledge_due"))
        | Q(acknowledged_at__isnull=True, state=State.RECEIVED, acknowledge_due__lt=now)
        | Q(responded_at__gt=F("response_due"))
        | Q(responded_at__isnull=True, state__in=OPEN_STATES, response_due__lt=now)
    )


def _first_days(cases) -> list[dt.date]:
    """The first (local) day of every month from the earliest to the latest received case,
    and of the month after (one query, cached on the queryset object)."""
    cached = getattr(cases, "_report_first_days", None)
    if cached is not None:
        return cached
    span = cases.order_by().aggregate(first=Min("received_at"), last=Max("received_at"))
    days: list[dt.date] = []
    if span["first"] is not None:
        day = working_time.local(span["first"]).date().replace(day=1)
        last = working_time.local(span["last"]).date()
        while day <= last:
            days.append(day)
            day = (day + dt.timedelta(days=32)).replace(day=1)
        days.append(day)
    cases._report_first_days = days
    return days


def _month_index(cases) -> SqlCase:
    """The local month a case was received in, as an index into ``_first_days``: comparisons
    of the stored time with each month's start, so the database converts no dates."""
    days = _first_days(cases)
    whens = [
        When(received_at__lt=_day_start(day), then=Value(index))
        for index, day in enumerate(days[1:])
    ]
    if not whens:
        return Value(0, output_field=IntegerField())
    return SqlCase(*whens, default=Value(len(whens) - 1), output_field=IntegerField())


def _month_labels(cases) -> list[str]:
    return [day.strftime("%Y-%m") for day in _first_days(cases)]


def case_figures(cases, *, now: dt.datetime | None = None) -> list[CaseFigures]:
    """Each case of ``cases`` as the report counts it. Three queries.

    The comparisons (closed on time, breached) and the local month are worked out by the
    database, so only the two times a response's working days need are read as datetimes: at
    50,000 cases, turning six datetimes a row into Python objects was most of the time."""
    now = now or timezone.now()
    rows = list(
        cases.annotate(
            month_index=_month_index(cases),
            is_breached=_flag(_breached(now)),
            is_on_time=_flag(Q(state=State.CLOSED, responded_at__lte=F("response_due"))),
        )
        .order_by("received_at", "pk")
        .values_list(
            "pk",
            "reference",
            "source",
            "department__name",
            "ward",
            "state",
            "month_index",
            "is_breached",
            "is_on_time",
            "response_clock_start",
            "responded_at",
        )
    )
    months = _month_labels(cases)
    holds = _holds_by_case(cases) if any(r[-1] for r in rows) else {}
    figures = []
    for (
        pk,
        reference,
        source,
        department,
        ward,
        state,
        month,
        breached,
        on_time,
        start,
        responded,
    ) in rows:
        figures.append(
            CaseFigures(
                pk=pk,
                reference=reference,
                month=months[month],
                source=SOURCE_LABELS.get(source, source),
                department=department or "not set",
                ward=f"Ward {ward}" if ward else "no ward",
                closed=state == State.CLOSED,
                closed_on_time=bool(on_time),
                breached=bool(breached),
                open_now=state in OPEN_STATES,
                response_days=(
                    days_to_respond(start, responded, holds.get(pk, ()))
                    if responded is not None
                    else None
                ),
            )
        )
    return figures


@dataclass
class OfficeReport:
    dimension: str
    total: Figures
    monthly: list[tuple[str, Figures]]
    groups: list[tuple[str, Figures]]
    month_groups: list[tuple[str, str, Figures]]

    @property
    def dimension_label(self) -> str:
        return DIMENSIONS[self.dimension]


def office_report(figures: list[CaseFigures], *, dimension: str = "source") -> OfficeReport:
    """The figures added up: in total, per month, per group (source, department or ward) and
    per month and group. No queries."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"group by one of {', '.join(DIMENSIONS)}")
    total = Figures()
    monthly: dict[str, Figures] = defaultdict(Figures)
    groups: dict[str, Figures] = defaultdict(Figures)
    month_groups: dict[tuple[str, str], Figures] = defaultdict(Figures)
    for row in figures:
        group = row.group(dimension)
        for target in (total, monthly[row.month], groups[group], month_groups[(row.month, group)]):
            target.add(row)
    return OfficeReport(
        dimension=dimension,
        total=total,
        monthly=sorted(monthly.items()),
        groups=sorted(groups.items(), key=lambda kv: (-kv[1].received, kv[0])),
        month_groups=[(m, g, f) for (m, g), f in sorted(month_groups.items())],
    )
