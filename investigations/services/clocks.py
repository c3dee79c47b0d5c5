"""Deadlines of a case, derived from its event history, and the warning/breach monitor."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q

from core import working_time
from core.people import person_name
from core.workdays import days_to_respond
from investigations.models import OPEN_STATES, Case, CaseEvent, DeadlineAlert, State
from investigations.models.cases import next_due_of
from investigations.services.common import case_audit, now_or
from investigations.services.notifications import case_notify

THRESHOLDS = (
    (DeadlineAlert.Level.HALF, 0.5),
    (DeadlineAlert.Level.THREE_QUARTERS, 0.75),
    (DeadlineAlert.Level.BREACH, 1.0),
)


def case_holds(case: Case) -> list[working_time.Hold]:
    """The case's hold spans from its events (one query)."""
    holds: list[working_time.Hold] = []
    start = None
    for kind, at in case.events.filter(
        kind__in=(CaseEvent.Kind.HOLD_STARTED, CaseEvent.Kind.HOLD_ENDED)
    ).values_list("kind", "at"):
        if kind == CaseEvent.Kind.HOLD_STARTED:
            start = at
        elif start is not None:
            holds.append(working_time.Hold(start, at))
            start = None
    if start is not None:
        holds.append(working_time.Hold(start, None))
    return holds


def case_last_reopened_at(case: Case) -> dt.datetime | None:
    return (
        case.events.filter(kind=CaseEvent.Kind.REOPENED)
        .order_by("-at", "-pk")
        .values_list("at", flat=True)
        .first()
    )


def case_deadlines(
    case: Case, holds: list[working_time.Hold] | None = None
) -> working_time.Deadlines:
    """Recompute the case's deadlines from its received time, policy version and events."""
    return working_time.compute_deadlines(
        received_at=case.received_at,
        acknowledge_days=case.policy.acknowledge_days,
        response_days=case.policy.response_days,
        holds=case_holds(case) if holds is None else holds,
        reopened_at=case_last_reopened_at(case),
    )


DEADLINE_FIELDS = (
    "acknowledge_due",
    "response_due",
    "response_clock_start",
    "next_due",
    "response_working_days",
)


def case_deadlines_derived(case: Case) -> dict:
    """The stored deadline fields as the case's history and current state give them, with the
    working days its final response took (None until it is recorded)."""
    holds = case_holds(case)
    deadlines = case_deadlines(case, holds)
    return {
        "acknowledge_due": deadlines.acknowledge_due,
        "response_due": deadlines.response_due,
        "response_clock_start": deadlines.response_clock_start,
        "next_due": next_due_of(case.state, deadlines.acknowledge_due, deadlines.response_due),
        "response_working_days": (
            days_to_respond(deadlines.response_clock_start, case.responded_at, holds)
            if case.responded_at is not None
            else None
        ),
    }


def case_deadlines_refresh(case: Case) -> None:
    """Write the derived deadlines, and the one owed next in the case's (new) state, onto the
    case (the cache lists and the monitor read). Every service that changes a case's state or
    clock calls this before saving."""
    for name, value in case_deadlines_derived(case).items():
        setattr(case, name, value)


def case_deadlines_stale(case: Case) -> dict:
    """{field: (stored, derived)} for each stored deadline field that differs from the history."""
    return {
        name: (getattr(case, name), value)
        for name, value in case_deadlines_derived(case).items()
        if getattr(case, name) != value
    }


@transaction.atomic
def case_deadlines_repair(*, case: Case, actor=None, request=None) -> bool:
    """Store the deadlines derived from the case's history where the stored ones differ, with an
    audit event of the old and new values. False (nothing written) when they already agree."""
    case = Case.objects.select_for_update().select_related("policy").get(pk=case.pk)
    stale = case_deadlines_stale(case)
    if not stale:
        return False
    for name, (_old, new) in stale.items():
        setattr(case, name, new)
    case.full_clean()
    case.save(update_fields=list(stale))
    case_audit(
        case=case,
        actor=actor,
        action="case.clock_repair",
        request=request,
        changes={name: {"old": old, "new": new} for name, (old, new) in stale.items()},
    )
    return True


def _due_alerts(case: Case, now: dt.datetime) -> list[tuple[str, int, int, dt.datetime]]:
    """(deadline, level, cycle, due) the case has reached by ``now`` and should have recorded."""
    wanted = []
    # Acknowledgement: only the first cycle has one.
    ack_met = case.acknowledged_at
    if ack_met is not None:
        if ack_met > case.acknowledge_due:
            wanted.append(
                (
                    DeadlineAlert.Deadline.ACKNOWLEDGE,
                    DeadlineAlert.Level.BREACH,
                    0,
                    case.acknowledge_due,
                )
            )
    elif case.state == State.RECEIVED:
        start_day = working_time.counted_received_day(case.received_at)
        for level, fraction in THRESHOLDS:
            if _reached(start_day, case.acknowledge_due, fraction, now, ()):
                wanted.append((DeadlineAlert.Deadline.ACKNOWLEDGE, level, 0, case.acknowledge_due))
    # Final response, per cycle (each reopening starts a new one).
    cycle = case.reopen_count
    if case.responded_at is not None:
        if case.responded_at > case.response_due:
            wanted.append(
                (
                    DeadlineAlert.Deadline.RESPONSE,
                    DeadlineAlert.Level.BREACH,
                    cycle,
                    case.response_due,
                )
            )
    elif case.state in OPEN_STATES and case.state != State.ON_HOLD:
        start_day = working_time.counted_received_day(case.response_clock_start)
        hold_days = None
        for level, fraction in THRESHOLDS:
            # Days on hold only push a warning later: the case's events are read only when a
            # warning would be due without them.
            if hold_days is None and _reached(start_day, case.response_due, fraction, now, ()):
                hold_days = case_deadlines(case).hold_days
            if _reached(start_day, case.response_due, fraction, now, hold_days or ()):
                wanted.append((DeadlineAlert.Deadline.RESPONSE, level, cycle, case.response_due))
    return wanted


def _reached(start_day, due, fraction, now, skip) -> bool:
    """Warnings fall at fractions of the WORKING time (weekends, holidays and days on hold
    skipped; see working_time); the breach is the due moment itself."""
    if fraction >= 1:
        return now >= due
    if now >= due:
        return True
    return now >= working_time.working_threshold_at(start_day, due, fraction, skip)


def case_deadlines_check(*, case: Case, now: dt.datetime | None = None) -> list[DeadlineAlert]:
    """Record every warning or breach the case has reached and not yet recorded, and tell the
    assignee and the supervisor of each new one (inbox, and e-mail to those who want it). Safe
    to run any number of times: an alert exists at most once per (deadline, level, cycle),
    enforced by a unique constraint."""
    now = now_or(now)
    existing = set(case.alerts.values_list("deadline", "level", "cycle"))
    created = []
    for deadline, level, cycle, due in _due_alerts(case, now):
        if (deadline, level, cycle) in existing:
            continue
        try:
            with transaction.atomic():
                alert = DeadlineAlert(
                    case=case,
                    deadline=deadline,
                    level=level,
                    cycle=cycle,
                    due_at=due,
                    recorded_at=now,
                )
                alert.full_clean()
                alert.save()
                if level == DeadlineAlert.Level.BREACH and not case.breach_recorded:
                    Case.objects.filter(pk=case.pk).update(breach_recorded=True)
                    case.breach_recorded = True
                told = case_notify(
                    case=case, event="breach" if level == 100 else "deadline_warning", alert=alert
                )
                alert.notified = [person_name(p) for p in told]
                alert.save(update_fields=["notified"])
                case_audit(
                    case=case,
                    actor=None,
                    action="case.deadline_breach" if level == 100 else "case.deadline_warning",
                    changes={
                        "deadline": deadline,
                        "level": f"{level}%",
                        "due": working_time.local(due).strftime("%Y-%m-%d %H:%M"),
                        "cycle": cycle,
                    },
                )
        except IntegrityError:
            # Another run recorded it between our read and our write: recorded once all the same.
            continue
        created.append(alert)
    return created


def deadlines_check_all(*, now: dt.datetime | None = None) -> list[DeadlineAlert]:
    """Check every case whose deadlines can still produce an alert. One query per case checked."""
    now = now_or(now)
    created: list[DeadlineAlert] = []
    ack_breach = DeadlineAlert.objects.filter(
        case=OuterRef("pk"), deadline=DeadlineAlert.Deadline.ACKNOWLEDGE, level=100
    )
    response_breach = DeadlineAlert.objects.filter(
        case=OuterRef("pk"),
        deadline=DeadlineAlert.Deadline.RESPONSE,
        level=100,
        cycle=OuterRef("reopen_count"),
    )
    # Open cases, plus finished ones met late whose breach is not recorded yet: a case once
    # fully recorded is not read again, so the run stays proportional to the open work.
    candidates = Case.objects.filter(
        Q(state__in=OPEN_STATES)
        | (Q(acknowledged_at__gt=F("acknowledge_due")) & ~Exists(ack_breach))
        | (Q(responded_at__gt=F("response_due")) & ~Exists(response_breach))
    ).select_related("assignee", "supervisor", "policy")
    for case in candidates.order_by("pk"):
        with transaction.atomic():
            created.extend(case_deadlines_check(case=case, now=now))
    return created
