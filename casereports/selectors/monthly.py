"""The monthly pack for the Head of Department: the month's figures (cases received in the
month, by source and by department), the six months up to it (the chart), and every deadline
that fell in the month and was missed, with its case reference. The figures are added up by
the database (``office_report_of``): about ten queries, whatever the number of cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from casereports.selectors.offices import (
    SOURCE_LABELS,
    Figures,
    OfficeFilter,
    OfficeReport,
    office_cases,
    office_report_of,
)
from investigations import working_time
from investigations.models import OPEN_STATES, DeadlineAlert, State

TREND_MONTHS = 6
# The pack is one page: longer lists are cut, the rest counted (all are in the downloads).
BREACHES_LISTED = 10
GROUPS_LISTED = 10


def month_first_days(year: int, month: int, *, back: int = 0) -> tuple[dt.date, dt.date]:
    """(first day of the month ``back`` months before year-month, first day of the month after
    year-month)."""
    index = year * 12 + month - 1
    start = index - back
    return dt.date(start // 12, start % 12 + 1, 1), dt.date(
        (index + 1) // 12, (index + 1) % 12 + 1, 1
    )


def previous_month(today: dt.date) -> tuple[int, int]:
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


@dataclass(frozen=True)
class MissedDeadline:
    reference: str
    source: str
    department: str
    deadline: str
    due: dt.datetime
    met_at: dt.datetime | None
    state: str


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=working_time.TZ)


def missed_deadlines(cases, first: dt.date, after: dt.date, *, now: dt.datetime):
    """Deadlines due in [first, after) and missed (met late, still owed past the deadline, or a
    breach recorded by the monitor), soonest first. One query."""
    start, end = _at(first), _at(after)
    breach = DeadlineAlert.objects.filter(
        case=OuterRef("pk"), level=DeadlineAlert.Level.BREACH, due_at__gte=start, due_at__lt=end
    )
    ack_breach = breach.filter(deadline=DeadlineAlert.Deadline.ACKNOWLEDGE)
    resp_breach = breach.filter(deadline=DeadlineAlert.Deadline.RESPONSE).order_by("due_at")
    rows = (
        cases.filter(
            Q(acknowledge_due__gte=start, acknowledge_due__lt=end)
            | Q(response_due__gte=start, response_due__lt=end)
            | Exists(breach)
        )
        .annotate(
            ack_recorded=Exists(ack_breach),
            resp_alert_due=Subquery(resp_breach.values("due_at")[:1]),
        )
        .values(
            "reference",
            "source",
            "department__name",
            "state",
            "acknowledge_due",
            "acknowledged_at",
            "response_due",
            "responded_at",
            "ack_recorded",
            "resp_alert_due",
        )
    )
    missed = []
    for r in rows:
        base = {
            "reference": r["reference"],
            "source": SOURCE_LABELS.get(r["source"], r["source"]),
            "department": r["department__name"] or "not set",
            "state": dict(State.choices).get(r["state"], r["state"]),
        }
        ack_due, ack_at = r["acknowledge_due"], r["acknowledged_at"]
        if r["ack_recorded"] or (
            start <= ack_due < end
            and (
                (ack_at is not None and ack_at > ack_due)
                or (ack_at is None and r["state"] == State.RECEIVED and now > ack_due)
            )
        ):
            missed.append(
                MissedDeadline(**base, deadline="Acknowledgement", due=ack_due, met_at=ack_at)
            )
        resp_due, resp_at = r["response_due"], r["responded_at"]
        if start <= resp_due < end and (
            (resp_at is not None and resp_at > resp_due)
            or (resp_at is None and r["state"] in OPEN_STATES and now > resp_due)
        ):
            missed.append(
                MissedDeadline(**base, deadline="Final response", due=resp_due, met_at=resp_at)
            )
        elif r["resp_alert_due"] is not None:
            # A breach of an earlier response cycle (the case was reopened since).
            missed.append(
                MissedDeadline(
                    **base, deadline="Final response", due=r["resp_alert_due"], met_at=None
                )
            )
    return sorted(missed, key=lambda m: (m.due, m.reference, m.deadline))


@dataclass
class MonthlyPack:
    year: int
    month: int
    label: str
    filter: OfficeFilter
    by_source: OfficeReport
    by_department: OfficeReport
    trend: OfficeReport
    breaches: list[MissedDeadline]
    generated_at: dt.datetime
    breach_limit: int = BREACHES_LISTED
    group_limit: int = GROUPS_LISTED

    @property
    def breaches_listed(self) -> list[MissedDeadline]:
        return self.breaches[: self.breach_limit]

    @property
    def breaches_more(self) -> int:
        return max(0, len(self.breaches) - self.breach_limit)

    @property
    def departments_listed(self) -> list[tuple[str, Figures]]:
        """The departments with the most complaints, and the others added up as one row."""
        groups = self.by_department.groups
        limit = self.group_limit
        if len(groups) <= limit:
            return groups
        rest = Figures()
        for _, figures in groups[limit - 1 :]:
            rest.merge(figures)
        return [*groups[: limit - 1], (f"{len(groups) - limit + 1} other departments", rest)]


def monthly_pack(
    user, flt: OfficeFilter, year: int, month: int, *, now: dt.datetime | None = None
) -> MonthlyPack:
    """The pack's figures for ``year``-``month`` (the period of ``flt`` is replaced by the
    month; its source, department and ward apply)."""
    now = now or timezone.now()
    first, after = month_first_days(year, month)
    trend_first, _ = month_first_days(year, month, back=TREND_MONTHS - 1)
    last = after - dt.timedelta(days=1)
    in_month = replace(flt, start=first, end=last)
    trend_cases = office_cases(user, replace(flt, start=trend_first, end=last))
    month_cases = office_cases(user, in_month)
    scope = office_cases(user, replace(flt, start=None, end=None))
    return MonthlyPack(
        year=year,
        month=month,
        label=first.strftime("%B %Y"),
        filter=in_month,
        by_source=office_report_of(month_cases, dimension="source", now=now),
        by_department=office_report_of(month_cases, dimension="department", now=now),
        trend=office_report_of(trend_cases, now=now),
        breaches=missed_deadlines(scope, first, after, now=now),
        generated_at=now,
    )
