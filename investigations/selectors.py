"""Reads: a case's deadlines as screens show them, its history in plain words, the response
draft, the queue and workloads (report figures: ``casereports``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone

from audit.models import AuditEvent
from core import working_time
from investigations.models import (
    OPEN_STATES,
    BathoPele,
    Case,
    DeadlineAlert,
    Outcome,
    RootCause,
    State,
)

STATE_LABELS = dict(State.choices)


def call_ids_linked_to_cases_of(user):
    """Ids (a subquery) of the calls linked, as evidence still present, to the cases ``user``
    may see: for an investigator, the cases assigned to them or that they worked on. Scopes
    which calls an investigator reads unredacted (``Call.objects.unredacted_for``)."""
    from investigations.models import Evidence

    return (
        Evidence.objects.present()
        .filter(case__in=Case.objects.visible_to(user), call__isnull=False)
        .values("call_id")
    )


ACTION_WORDS = {
    "case.create": "opened the case",
    "case.view": "opened the case page",
    "case.classify": "set the department or category",
    "case.assign": "assigned the case",
    "case.findings_update": "recorded findings",
    "case.corrective_action_add": "added a corrective action",
    "case.follow_up": "opened a follow-up case",
    "case.deadline_warning": "recorded a deadline warning",
    "case.deadline_breach": "recorded a deadline BREACH",
    "case.clock_repair": "repaired the stored deadlines from the case history",
    "evidence.link_call": "linked a call",
    "evidence.add_document": "added a document",
    "evidence.add_note": "added an internal note",
    "evidence.remove": "removed evidence",
    "evidence.open_transcript": "opened a call transcript",
    "evidence.open_recording": "listened to a call recording",
    "evidence.open_document": "opened a document",
    "case.letter_view": "opened the response letter",
}


@dataclass(frozen=True)
class HistoryLine:
    when: dt.datetime  # when the step took effect
    who: str
    words: str
    kind: str  # css hook: transition, alert, evidence, view, other
    recorded: dt.datetime | None = None  # when it was written down, if not when it took effect


def _took_effect(event: AuditEvent) -> dt.datetime | None:
    """When a step recorded at another time took effect: the ``effective_at`` of a back-dated
    step (an import, the API, the demo), or the received time of a case opened later."""
    changes = event.changes or {}
    text = changes.get("effective_at")
    if event.action == "case.create":
        text = changes.get("received_at")
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text).replace(tzinfo=working_time.TZ)
    except (TypeError, ValueError):
        return None
    # Recorded within the minute it took effect: not back-dated.
    return moment if abs((event.occurred_at - moment).total_seconds()) >= 60 else None


def _state(code: str) -> str:
    return STATE_LABELS.get(code, code).lower()


def history_words(event: AuditEvent) -> str:
    changes = event.changes or {}
    if event.action == "case.transition":
        state = changes.get("state", {})
        text = (
            f"moved the case from {_state(state.get('old', ''))} to {_state(state.get('new', ''))}"
        )
        if changes.get("sign_off"):
            text = f"signed off the findings ({changes.get('outcome', '')}); {text}"
        if changes.get("merged_into") and isinstance(changes["merged_into"], str):
            text += f", as a duplicate of {changes['merged_into']}"
        if changes.get("reason"):
            text += f". Reason: {changes['reason']}"
        if changes.get("letter"):
            text += (
                f"; the letter sent: {changes['letter']} "
                f"(SHA-256 {str(changes.get('letter_sha256', ''))[:12]}…)"
            )
        if changes.get("comment"):
            text += f". Comment: {changes['comment']}"
        if changes.get("late_reason"):
            text += f". Recorded later than it took effect because: {changes['late_reason']}"
        if changes.get("closed_with_open_actions"):
            text += f". Closed with corrective actions open: {changes['closed_with_open_actions']}"
        return text
    if event.action == "case.assign":
        return f"assigned the case to {changes.get('assignee', {}).get('new', '')}"
    if event.action in ("case.deadline_warning", "case.deadline_breach"):
        deadline = (
            "acknowledgement" if changes.get("deadline") == "acknowledge" else "final response"
        )
        if event.action == "case.deadline_breach":
            return f"recorded a BREACH of the {deadline} deadline (due {changes.get('due')})"
        return (
            f"recorded a warning: {changes.get('level')} of the {deadline} time used "
            f"(due {changes.get('due')})"
        )
    if event.action == "case.view":
        shown = changes.get("personal_data_shown")
        return "opened the case page" + (" (complainant's personal data shown)" if shown else "")
    if event.action == "evidence.remove":
        return f"removed {changes.get('item', 'evidence')}. Reason: {changes.get('reason', '')}"
    if event.action == "evidence.add_document":
        return f"added document {changes.get('name')} (SHA-256 {str(changes.get('sha256'))[:12]}…)"
    if event.action == "evidence.link_call":
        return f"linked call {changes.get('call_id')}"
    if event.action == "case.create":
        return (
            f"opened the case (via {changes.get('via', 'form')}, received "
            f"{changes.get('received_at')})"
        )
    if event.action == "case.findings_update":
        return "recorded findings: " + "; ".join(_findings_change_words(changes))
    if event.action == "case.corrective_action_add":
        return (
            f"added a corrective action: {changes.get('description', '')} "
            f"({changes.get('owner', '')}, by {changes.get('due_date', '')})"
        )
    if event.action == "case.corrective_action_done":
        return f"marked a corrective action done: {changes.get('description', '')}"
    if event.action in ACTION_WORDS:
        return ACTION_WORDS[event.action]
    return event.describe()


FINDINGS_FIELD_WORDS = {
    "outcome": ("outcome", Outcome),
    "root_cause": ("root cause", RootCause),
    "batho_pele_breached": ("Batho Pele principle breached", BathoPele),
}


def _findings_change_words(changes: dict) -> list[str]:
    """Each changed findings field in words: choices by their labels, long texts by size."""
    words = []
    for field, change in changes.items():
        if not isinstance(change, dict):
            continue
        if field in FINDINGS_FIELD_WORDS:
            name, choices = FINDINGS_FIELD_WORDS[field]
            labels = dict(choices.choices)
            old = labels.get(change.get("old"), change.get("old")) or "none"
            new = labels.get(change.get("new"), change.get("new")) or "none"
            words.append(f"{name} {str(old).lower()} → {str(new).lower()}")
        elif field == "findings":
            words.append(f"findings text {change.get('old')} → {change.get('new')}")
        elif field == "response_text":
            words.append(f"response letter {change.get('old')} → {change.get('new')}")
    return words or ["no change"]


def case_history(case: Case, *, include_views: bool = False) -> list[HistoryLine]:
    """The case's steps in words, in the order they took effect; a back-dated step also says
    when it was recorded (and the line's ``who`` is who recorded it)."""
    events = AuditEvent.objects.for_object(case)
    if not include_views:
        events = events.exclude(action="case.view")
    lines = []
    for event in events:
        kind = (
            "alert"
            if "deadline" in event.action
            else "transition"
            if event.action in ("case.transition", "case.assign")
            else "evidence"
            if event.action.startswith("evidence.")
            else "other"
        )
        effect = _took_effect(event)
        lines.append(
            HistoryLine(
                effect or event.occurred_at,
                event.actor_name,
                history_words(event),
                kind,
                recorded=event.occurred_at if effect else None,
            )
        )
    return sorted(lines, key=lambda line: line.when)  # stable: same moment, recorded order


@dataclass(frozen=True)
class DeadlineView:
    """One deadline as a screen shows it."""

    name: str
    due: dt.datetime
    met_at: dt.datetime | None
    status: str  # met, met_late, ok, warning, breach, paused, stopped
    used: float  # fraction of the time used (0..1+)
    working_days_left: int

    @property
    def css(self) -> str:
        return {
            "breach": "bad",
            "met_late": "bad",
            "warning": "warn",
            "met": "ok",
            "ok": "ok",
        }.get(self.status, "")

    @property
    def label(self) -> str:
        return {
            "met": "met",
            "met_late": "met late (breached)",
            "ok": "on track",
            "warning": "warning",
            "breach": "breached",
            "paused": "paused while on hold",
            "stopped": "no longer running",
        }[self.status]


def _fraction(start: dt.datetime, due: dt.datetime, at: dt.datetime) -> float:
    span = (due - start).total_seconds()
    return (at - start).total_seconds() / span if span > 0 else 1.0


def _view(name, start, due, met_at, *, running: bool, paused: bool, now) -> DeadlineView:
    if met_at is not None:
        status = "met_late" if met_at > due else "met"
        used = _fraction(start, due, met_at)
    elif paused:
        status, used = "paused", _fraction(start, due, now)
    elif not running:
        status, used = "stopped", _fraction(start, due, now)
    else:
        used = _fraction(start, due, now)
        status = "breach" if now > due else ("warning" if used >= 0.5 else "ok")
    return DeadlineView(name, due, met_at, status, used, working_time.working_days_left(now, due))


def case_deadline_views(case: Case, *, now: dt.datetime | None = None) -> list[DeadlineView]:
    """Both deadlines of the case with their status at ``now``, from the cached fields."""
    now = now or timezone.now()
    ack = _view(
        "Acknowledge",
        case.received_at,
        case.acknowledge_due,
        case.acknowledged_at,
        running=case.state == State.RECEIVED,
        paused=False,
        now=now,
    )
    response = _view(
        "Final response",
        case.response_clock_start,
        case.response_due,
        case.responded_at,
        running=case.state in OPEN_STATES,
        paused=case.state == State.ON_HOLD,
        now=now,
    )
    return [ack, response]


def response_draft(case: Case) -> str:
    """A first draft of the response to the originating office, from the letter template."""
    return render_to_string(
        "investigations/letters/response_draft.txt",
        {
            "case": case,
            "received": working_time.local(case.received_at),
            "actions": list(case.corrective_actions.all()),
        },
    ).strip()


def queue_for(user):
    """(assigned to ``user``, others they may see) open cases, soonest deadline first. The first
    is asked of the assignee index alone (every case assigned to someone is theirs to see)."""
    mine = Case.objects.filter(assignee=user)
    others = Case.objects.visible_to(user, assigned_to_them=False)
    return tuple(
        cases.with_related().prefetch_related("alerts").by_time_left() for cases in (mine, others)
    )


def board_lists(user) -> dict[str, tuple]:
    """The supervisor board's lists, each (open cases, least time left first; how many in all).
    The four counts are one query read from the open cases' index (``Case.next_due``)."""
    from django.db.models import Count, Q

    lists = {
        "unassigned": Q(state__in=(State.RECEIVED, State.ACKNOWLEDGED), assignee__isnull=True),
        "awaiting": Q(state=State.FINDINGS_SUBMITTED),
        "breached": Q(breach_recorded=True),
        "in_progress": Q(assignee__isnull=False) & ~Q(state=State.FINDINGS_SUBMITTED),
    }
    visible = Case.objects.visible_to(user)
    counts = visible.filter(next_due__isnull=False).aggregate(
        **{name: Count("pk", filter=where) for name, where in lists.items()}
    )
    # No state filter beyond each list's own: open cases are those with a next_due, so SQLite
    # walks the next_due index in order and stops at the page's end.
    cases = visible.with_related().prefetch_related("alerts")
    return {
        name: (cases.filter(where).by_time_left(), counts[name]) for name, where in lists.items()
    }


def alert_level(case: Case) -> int:
    """The highest alert level recorded for the deadline the case currently owes (uses the
    prefetched alerts)."""
    deadline = (
        DeadlineAlert.Deadline.ACKNOWLEDGE
        if case.state == State.RECEIVED
        else DeadlineAlert.Deadline.RESPONSE
    )
    levels = [
        a.level
        for a in case.alerts.all()
        if a.deadline == deadline and (deadline == "acknowledge" or a.cycle == case.reopen_count)
    ]
    return max(levels, default=0)


def investigator_workloads() -> dict[int, tuple[int, object]]:
    """Each assignee's open cases and nearest deadline owed (local), one query read from the
    (assignee, next_due) index: open cases are those with a next_due."""
    from django.db.models import Count, Min

    rows = (
        Case.objects.filter(assignee__isnull=False, next_due__isnull=False)
        .order_by()
        .values("assignee")
        .annotate(n=Count("pk"), nearest=Min("next_due"))
    )
    return {
        r["assignee"]: (r["n"], working_time.local(r["nearest"]) if r["nearest"] else None)
        for r in rows
    }
