"""Reports for the Offices: per complaint source, department and ward, by month of receipt,
how many complaints came in, how many were closed and closed on time, how many breached a
deadline, how many are open now, and the median working days to the final response.

``office_report_of`` adds it all up in the database: one grouped query for the counts (by month
and group) and one for how many responses took each number of working days (the medians come
from that histogram), whatever the number of cases. The working days of each response are
stored on the case when the response is recorded (``Case.response_working_days``, written with
the deadlines by ``investigations.services.clocks``). ``case_figures`` and ``office_report``
give the same figures case by case (the per-case view the tests check by hand).

Definitions (docs/guide, "Reports for the Offices"):
- a case counts in the month (Africa/Johannesburg) it was received;
- closed: the case is closed (the final response was sent and the case closed);
- closed on time: closed, and the final response was sent by its deadline;
- breached: a deadline was missed: acknowledged or responded after its deadline, still owed
  past its deadline now, or a breach recorded by the deadline monitor (breaches are never
  cleared, so a reopened case keeps the breach of its first response);
- open now: the case is in an open state (received to approved);
- working days to respond: ``core.workdays.days_to_respond`` of every case with a final
  response (responded or closed), counted from the received time or the last reopening.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Count,
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

from core.access import Role, user_has_role
from investigations import working_time
from investigations.models import OPEN_STATES, Case, Source, State

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

    def add_counts(self, counts: tuple[int, int, int, int, int]) -> None:
        received, closed, on_time, breached, open_now = counts
        self.received += received
        self.closed += closed
        self.closed_on_time += on_time
        self.breached += breached
        self.open_now += open_now

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
    """Each case of ``cases`` as the report counts it. Two queries. The comparisons (closed on
    time, breached) and the local month are worked out by the database."""
    now = now or timezone.now()
    rows = list(
        cases.annotate(
            month_index=_month_index(cases),
            is_breached=_flag(_breached(now)),
            is_on_time=_flag(_on_time()),
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
            "response_working_days",
        )
    )
    months = _month_labels(cases)
    return [
        CaseFigures(
            pk=pk,
            reference=reference,
            month=months[month],
            source=_group_label("source", source),
            department=_group_label("department", department),
            ward=_group_label("ward", ward),
            closed=state == State.CLOSED,
            closed_on_time=bool(on_time),
            breached=bool(breached),
            open_now=state in OPEN_STATES,
            response_days=days,
        )
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
            days,
        ) in rows
    ]


def _on_time() -> Q:
    return Q(state=State.CLOSED, responded_at__lte=F("response_due"))


# The column each grouping reads, and the words it shows.
GROUP_FIELDS = {"source": "source", "department": "department__name", "ward": "ward"}


def _group_label(dimension: str, value) -> str:
    if dimension == "source":
        return SOURCE_LABELS.get(value, value)
    if dimension == "department":
        return value or "not set"
    return f"Ward {value}" if value else "no ward"


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


class _Adder:
    """The figures of a report as they are added up: in total, per month, per group and per
    month and group."""

    def __init__(self):
        self.total = Figures()
        self.monthly: dict[str, Figures] = defaultdict(Figures)
        self.groups: dict[str, Figures] = defaultdict(Figures)
        self.month_groups: dict[tuple[str, str], Figures] = defaultdict(Figures)

    def targets(self, month: str, group: str) -> tuple[Figures, ...]:
        return (
            self.total,
            self.monthly[month],
            self.groups[group],
            self.month_groups[(month, group)],
        )

    def report(self, dimension: str) -> OfficeReport:
        return OfficeReport(
            dimension=dimension,
            total=self.total,
            monthly=sorted(self.monthly.items()),
            groups=sorted(self.groups.items(), key=lambda kv: (-kv[1].received, kv[0])),
            month_groups=[(m, g, f) for (m, g), f in sorted(self.month_groups.items())],
        )


def _check_dimension(dimension: str) -> None:
    if dimension not in DIMENSIONS:
        raise ValueError(f"group by one of {', '.join(DIMENSIONS)}")


def office_report(figures: list[CaseFigures], *, dimension: str = "source") -> OfficeReport:
    """The figures of ``case_figures`` added up. No queries."""
    _check_dimension(dimension)
    adder = _Adder()
    for row in figures:
        for target in adder.targets(row.month, row.group(dimension)):
            target.add(row)
    return adder.report(dimension)


def office_report_of(
    cases, *, dimension: str = "source", now: dt.datetime | None = None
) -> OfficeReport:
    """The same report as ``office_report(case_figures(cases))``, added up by the database: the
    counts per month and group in one query, and per month, group and working days to respond
    in another (the medians come from that histogram). Three queries with the month span; the
    rows read are months x groups (x distinct day counts), not cases."""
    _check_dimension(dimension)
    now = now or timezone.now()
    months = _month_labels(cases)
    keyed = cases.order_by().annotate(
        month_index=_month_index(cases), group=F(GROUP_FIELDS[dimension])
    )
    counts = keyed.values("month_index", "group").annotate(
        received=Count("pk"),
        closed=Count("pk", filter=Q(state=State.CLOSED)),
        on_time=Count("pk", filter=_on_time()),
        breached=Count("pk", filter=_breached(now)),
        open_now=Count("pk", filter=Q(state__in=OPEN_STATES)),
    )
    adder = _Adder()
    for row in counts:
        month, group = months[row["month_index"]], _group_label(dimension, row["group"])
        numbers = (row["received"], row["closed"], row["on_time"], row["breached"], row["open_now"])
        for target in adder.targets(month, group):
            target.add_counts(numbers)
    histogram = (
        keyed.filter(response_working_days__isnull=False)
        .values_list("month_index", "group", "response_working_days")
        .annotate(n=Count("pk"))
    )
    for month_index, group, days, n in histogram:
        month, label = months[month_index], _group_label(dimension, group)
        for target in adder.targets(month, label):
            target.response_days.extend([days] * n)
    return adder.report(dimension)
