"""The case workflow: explicit allowed transitions, enforced here for every entry point.

An action not allowed from the case's state is refused with a message naming the state and
what is allowed, and nothing changes (the whole action is one transaction).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core import working_time
from core.access import Role, user_has_role
from core.people import person_name
from investigations.models import OPEN_STATES, Case, CaseEvent, Outcome, State
from investigations.services import CaseError
from investigations.services.clocks import case_deadlines_refresh
from investigations.services.common import (
    case_audit,
    case_investigators,
    effective_at,
    event_write,
    now_or,
)
from investigations.services.notifications import case_notify


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: decided by the action (unmerge restores the earlier state)
    needs_reason: bool = False
    supervisor_only: bool = False
    confirm: bool = False  # asked to confirm, with an optional comment kept in the history
    # May be recorded by a person with an earlier "took effect at" time (and a reason).
    back_datable: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "acknowledge", "Acknowledge", (State.RECEIVED,), State.ACKNOWLEDGED, back_datable=True
        ),
        Transition("assign", "Assign", (State.ACKNOWLEDGED,), State.ASSIGNED, supervisor_only=True),
        Transition("start", "Start investigating", (State.ASSIGNED,), State.INVESTIGATING),
        Transition(
            "hold",
            "Put on hold",
            (State.INVESTIGATING,),
            State.ON_HOLD,
            needs_reason=True,
            back_datable=True,
        ),
        Transition(
            "resume", "Take off hold", (State.ON_HOLD,), State.INVESTIGATING, back_datable=True
        ),
        Transition(
            "submit_findings", "Submit findings", (State.INVESTIGATING,), State.FINDINGS_SUBMITTED
        ),
        Transition(
            "return",
            "Return for more work",
            (State.FINDINGS_SUBMITTED,),
            State.INVESTIGATING,
            needs_reason=True,
            supervisor_only=True,
        ),
        Transition(
            "approve",
            "Approve findings and response",
            (State.FINDINGS_SUBMITTED,),
            State.APPROVED,
            supervisor_only=True,
            confirm=True,
        ),
        Transition(
            "respond", "Record response sent", (State.APPROVED,), State.RESPONDED, confirm=True
        ),
        Transition("close", "Close", (State.RESPONDED,), State.CLOSED, confirm=True),
        Transition(
            "reopen",
            "Reopen",
            (State.CLOSED,),
            State.INVESTIGATING,
            needs_reason=True,
            supervisor_only=True,
        ),
        Transition("withdraw", "Withdraw", tuple(OPEN_STATES), State.WITHDRAWN, needs_reason=True),
        Transition(
            "merge",
            "Merge into another case as a duplicate",
            tuple(OPEN_STATES),
            State.MERGED,
            needs_reason=True,
            supervisor_only=True,
        ),
        Transition(
            "unmerge",
            "Undo the merge",
            (State.MERGED,),
            None,
            needs_reason=True,
            supervisor_only=True,
        ),
    )
}

# Re-assignment keeps the state; these are the states in which the assignee may change.
REASSIGN_STATES = (State.ASSIGNED, State.INVESTIGATING, State.ON_HOLD, State.FINDINGS_SUBMITTED)


def allowed_actions(case: Case, user) -> list[Transition]:
    """The actions ``user`` may take on ``case`` now (what the case page offers)."""
    supervisor = user_has_role(user, Role.INVESTIGATIONS_SUPERVISOR)
    actions = [
        t
        for t in TRANSITIONS.values()
        if case.state in t.sources and (supervisor or not t.supervisor_only)
    ]
    # Separation of duties: whoever investigated the case is not offered its approval.
    if any(t.action == "approve" for t in actions) and user.pk in case_investigators(case):
        actions = [t for t in actions if t.action != "approve"]
    return actions


def _check(case: Case, action: str, actor, reason: str) -> Transition:
    transition = TRANSITIONS[action]
    if case.state not in transition.sources:
        allowed = [t.label.lower() for t in TRANSITIONS.values() if case.state in t.sources]
        raise CaseError(
            f"Cannot {transition.label.lower()} case {case.reference}: it is "
            f"{case.get_state_display().lower()}. Allowed now: "
            f"{', '.join(allowed) if allowed else 'nothing'}."
        )
    if transition.supervisor_only and not user_has_role(actor, Role.INVESTIGATIONS_SUPERVISOR):
        raise CaseError(f"Only an investigations supervisor may {transition.label.lower()}.")
    if transition.needs_reason and not reason.strip():
        raise CaseError(f"A reason is required to {transition.label.lower()}.")
    return transition


# A step recorded within this long of when it took effect is not back-dated (as effective_at).
BACK_DATED_AFTER = dt.timedelta(seconds=60)


def _took_effect_check(case: Case, transition: Transition, at: dt.datetime, late_reason: str):
    """A person recording a step with an earlier effect time: not in the future, not before the
    case's previous step, and a reason when it is in the past. Raises ``CaseError``."""
    label = transition.label.lower()
    if not transition.back_datable:
        raise CaseError(f"The time it took effect cannot be given to {label}.")
    real_now = timezone.now()
    when = working_time.local(at).strftime("%Y-%m-%d %H:%M")
    if at > real_now + BACK_DATED_AFTER:
        raise CaseError(f"The time it took effect, {when}, is in the future.")
    # The received step counts from when the complaint came (its event is when it was typed).
    previous = case.events.exclude(kind=CaseEvent.Kind.RECEIVED).order_by("-at", "-pk").first()
    step, step_at = ("received", case.received_at)
    if previous is not None and previous.at > step_at:
        step, step_at = previous.get_kind_display().lower(), previous.at
    if at < step_at:
        before = working_time.local(step_at).strftime("%Y-%m-%d %H:%M")
        raise CaseError(
            f"The time it took effect, {when}, is before the case's previous step ({step} at "
            f"{before}): a step cannot take effect before the one it follows."
        )
    if real_now - at > BACK_DATED_AFTER and not late_reason.strip():
        raise CaseError(
            f"Say why the step is recorded now when it took effect at {when}: a reason is "
            "required for an earlier time."
        )
    if len(late_reason.strip()) > 500:
        raise CaseError("The reason for the earlier time is at most 500 characters.")


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("policy").get(pk=case.pk)


def _apply(
    *,
    case: Case,
    action: str,
    actor,
    reason: str = "",
    now: dt.datetime | None = None,
    request=None,
    kind: str = CaseEvent.Kind.TRANSITION,
    target: str | None = None,
    data: dict | None = None,
    extra_changes: dict | None = None,
    before_save=None,
    late_reason: str | None = None,
) -> Case:
    """One transition. ``now`` is when it took effect; ``late_reason`` is given (possibly
    empty) only when a person typed that time, which is then checked (``_took_effect_check``);
    a time taken from a record (an import, the demo) is not."""
    now = now_or(now)
    case = _locked(case)
    transition = _check(case, action, actor, reason)
    if late_reason is not None:
        _took_effect_check(case, transition, now, late_reason)
        late_reason = late_reason.strip() if timezone.now() - now > BACK_DATED_AFTER else ""
        if late_reason:
            data = {**(data or {}), "late_reason": late_reason}
            extra_changes = {**(extra_changes or {}), "late_reason": late_reason}
    old = case.state
    new = target or transition.target
    if before_save is not None:
        before_save(case, now)
    case.state = new
    event_write(
        case=case,
        kind=kind,
        actor=actor,
        at=now,
        from_state=old,
        to_state=new,
        reason=reason.strip(),
        data={"action": action, **(data or {})},
    )
    case_deadlines_refresh(case)
    case.full_clean()
    case.save()
    changes = {"state": {"old": old, "new": new}, "action": action}
    if reason.strip():
        changes["reason"] = reason.strip()
    changes.update(extra_changes or {})
    changes.update(effective_at(now))
    case_audit(case=case, actor=actor, action="case.transition", changes=changes, request=request)
    return case


def _comment(comment: str) -> dict:
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise CaseError("A comment is at most 2,000 characters.")
    return {"comment": comment} if comment else {}


@transaction.atomic
def case_acknowledge(
    *, case: Case, actor, now=None, late_reason: str | None = None, request=None
) -> Case:
    def stamp(c, at):
        c.acknowledged_at = at

    return _apply(
        case=case,
        action="acknowledge",
        actor=actor,
        now=now,
        request=request,
        before_save=stamp,
        late_reason=late_reason,
    )


@transaction.atomic
def case_assign(*, case: Case, actor, assignee, now=None, request=None) -> Case:
    """Assign (from acknowledged) or re-assign (while the work is in progress)."""
    if not user_has_role(assignee, Role.INVESTIGATOR, Role.INVESTIGATIONS_SUPERVISOR):
        raise CaseError(f"{person_name(assignee)} is not an investigator.")
    if not user_has_role(actor, Role.INVESTIGATIONS_SUPERVISOR):
        raise CaseError("Only an investigations supervisor may assign cases.")
    now = now_or(now)
    locked = _locked(case)
    if locked.state in REASSIGN_STATES:
        if locked.assignee_id == assignee.pk:
            raise CaseError(f"{locked.reference} is already assigned to {person_name(assignee)}.")
        old_name = person_name(locked.assignee) if locked.assignee_id else ""
        locked.assignee = assignee
        locked.supervisor = actor
        locked.full_clean()
        locked.save(update_fields=["assignee", "supervisor"])
    else:

        def set_assignee(c, at):
            c.assignee = assignee
            c.supervisor = actor

        old_name = ""
        locked = _apply(
            case=case,
            action="assign",
            actor=actor,
            now=now,
            request=request,
            before_save=set_assignee,
            data={"assignee_id": assignee.pk},
        )
    event_write(
        case=locked,
        kind=CaseEvent.Kind.ASSIGNED,
        actor=actor,
        at=now,
        data={"assignee_id": assignee.pk, "assignee": person_name(assignee)},
    )
    case_audit(
        case=locked,
        actor=actor,
        action="case.assign",
        request=request,
        changes={"assignee": {"old": old_name, "new": person_name(assignee)}, **effective_at(now)},
    )
    case_notify(case=locked, event="assigned", actor=actor)
    return locked


@transaction.atomic
def case_start(*, case: Case, actor, now=None, request=None) -> Case:
    return _apply(case=case, action="start", actor=actor, now=now, request=request)


@transaction.atomic
def case_hold(
    *, case: Case, actor, reason: str, now=None, late_reason: str | None = None, request=None
) -> Case:
    """Stop the final-response clock while waiting for someone outside (reason required)."""
    return _apply(
        case=case,
        action="hold",
        actor=actor,
        reason=reason,
        now=now,
        request=request,
        kind=CaseEvent.Kind.HOLD_STARTED,
        late_reason=late_reason,
    )


@transaction.atomic
def case_resume(
    *, case: Case, actor, now=None, late_reason: str | None = None, request=None
) -> Case:
    return _apply(
        case=case,
        action="resume",
        actor=actor,
        now=now,
        request=request,
        kind=CaseEvent.Kind.HOLD_ENDED,
        late_reason=late_reason,
    )


@transaction.atomic
def case_submit_findings(*, case: Case, actor, now=None, request=None) -> Case:
    locked = _locked(case)
    missing = [
        label
        for label, value in (
            ("outcome", locked.outcome),
            ("root cause", locked.root_cause),
            ("findings", locked.findings.strip()),
            ("response to the originating office", locked.response_text.strip()),
        )
        if not value
    ]
    if missing and locked.state == State.INVESTIGATING:
        raise CaseError("Before submitting, record the " + ", ".join(missing) + ".")
    case = _apply(
        case=case,
        action="submit_findings",
        actor=actor,
        now=now,
        request=request,
        kind=CaseEvent.Kind.FINDINGS_SUBMITTED,
        extra_changes={"outcome": locked.outcome},
    )
    case_notify(case=case, event="awaiting_approval", actor=actor)
    return case


@transaction.atomic
def case_approve(*, case: Case, actor, comment: str = "", now=None, request=None) -> Case:
    """Sign-off. Separation of duties: the approver cannot be the case's investigator (its
    assignee or anyone who submitted its findings)."""
    locked = _locked(case)
    if actor.pk in case_investigators(locked):
        raise CaseError(
            "You investigated this case, so you cannot approve its findings: another supervisor "
            "must sign off."
        )
    case = _apply(
        case=case,
        action="approve",
        actor=actor,
        now=now,
        request=request,
        kind=CaseEvent.Kind.APPROVED,
        extra_changes={
            "sign_off": person_name(actor),
            "outcome": locked.outcome,
            **_comment(comment),
        },
    )
    case_notify(case=case, event="approved", actor=actor)
    return case


@transaction.atomic
def case_return(*, case: Case, actor, reason: str, now=None, request=None) -> Case:
    case = _apply(
        case=case,
        action="return",
        actor=actor,
        reason=reason,
        now=now,
        request=request,
        kind=CaseEvent.Kind.RETURNED,
    )
    case_notify(case=case, event="returned", actor=actor, reason=reason)
    return case


@transaction.atomic
def case_respond(
    *, case: Case, actor, comment: str = "", letter: dict | None = None, now=None, request=None
) -> Case:
    """Record the response sent; ``letter`` names the stored PDF (see services.letters)."""

    def stamp(c, at):
        c.responded_at = at

    return _apply(
        case=case,
        action="respond",
        actor=actor,
        now=now,
        request=request,
        before_save=stamp,
        extra_changes={**_comment(comment), **(letter or {})},
    )


@transaction.atomic
def case_close(
    *, case: Case, actor, comment: str = "", override: str = "", now=None, request=None
) -> Case:
    """Close a responded case. Refused while a corrective action is still open, unless the
    closer gives a reason to close anyway (kept in the history)."""
    open_actions = [a for a in case.corrective_actions.all() if a.done_at is None]
    override = (override or "").strip()
    extra = _comment(comment)
    if open_actions and case.state in TRANSITIONS["close"].sources:
        if not override:
            names = "; ".join(f"{a.description[:60]} ({a.owner})" for a in open_actions)
            raise CaseError(
                f"{len(open_actions)} corrective action"
                f"{'s are' if len(open_actions) != 1 else ' is'} still open: {names}. Mark "
                "them done, or give a reason to close anyway."
            )
        extra["closed_with_open_actions"] = f"{len(open_actions)}. Reason: {override}"

    def stamp(c, at):
        c.closed_at = at

    return _apply(
        case=case,
        action="close",
        actor=actor,
        now=now,
        request=request,
        before_save=stamp,
        extra_changes=extra,
    )


def reopen_window_ends(case: Case) -> dt.datetime | None:
    if case.closed_at is None:
        return None
    return case.closed_at + dt.timedelta(days=settings.INVESTIGATIONS_REOPEN_WINDOW_DAYS)


@transaction.atomic
def case_reopen(*, case: Case, actor, reason: str, now=None, request=None) -> Case:
    """Reopen a closed case within the window: a new final-response deadline counted from now.
    After the window the case stays closed; open a linked follow-up case instead."""
    now = now_or(now)
    locked = _locked(case)
    ends = reopen_window_ends(locked)
    if locked.state == State.CLOSED and ends is not None and now > ends:
        raise CaseError(
            f"{locked.reference} was closed more than "
            f"{settings.INVESTIGATIONS_REOPEN_WINDOW_DAYS} days ago and cannot be reopened: "
            "open a follow-up case linked to it instead."
        )

    def bump(c, at):
        c.reopen_count += 1
        c.responded_at = None
        c.closed_at = None

    return _apply(
        case=case,
        action="reopen",
        actor=actor,
        reason=reason,
        now=now,
        request=request,
        kind=CaseEvent.Kind.REOPENED,
        before_save=bump,
    )


@transaction.atomic
def case_withdraw(*, case: Case, actor, reason: str, now=None, request=None) -> Case:
    """Withdrawn by the complainant or the originating office; the outcome says so unless
    findings already gave one."""

    def mark(c, at):
        if not c.outcome:
            c.outcome = Outcome.WITHDRAWN

    return _apply(
        before_save=mark,
        case=case,
        action="withdraw",
        actor=actor,
        reason=reason,
        now=now,
        request=request,
    )


@transaction.atomic
def case_merge(*, case: Case, actor, into: Case, reason: str, now=None, request=None) -> Case:
    """Mark ``case`` a duplicate of ``into`` (reversible with ``case_unmerge``)."""
    if into.pk == case.pk:
        raise CaseError("A case cannot be merged into itself.")
    into = Case.objects.get(pk=into.pk)
    if into.state == State.MERGED:
        raise CaseError(f"{into.reference} is itself merged; merge into {into.merged_into}.")

    def point(c, at):
        c.merged_into = into

    return _apply(
        case=case,
        action="merge",
        actor=actor,
        reason=reason,
        now=now,
        request=request,
        kind=CaseEvent.Kind.MERGED,
        before_save=point,
        data={"into": into.reference},
        extra_changes={"merged_into": into.reference},
    )


@transaction.atomic
def case_unmerge(*, case: Case, actor, reason: str, now=None, request=None) -> Case:
    locked = _locked(case)
    merged = locked.events.filter(kind=CaseEvent.Kind.MERGED).order_by("-at", "-pk").first()
    previous = merged.from_state if merged else State.RECEIVED
    former = locked.merged_into.reference if locked.merged_into_id else ""

    def clear(c, at):
        c.merged_into = None

    return _apply(
        case=case,
        action="unmerge",
        actor=actor,
        reason=reason,
        now=now,
        request=request,
        kind=CaseEvent.Kind.UNMERGED,
        target=previous,
        before_save=clear,
        extra_changes={"merged_into": {"old": former, "new": ""}},
    )


ACTION_SERVICES = {
    "acknowledge": case_acknowledge,
    "start": case_start,
    "hold": case_hold,
    "resume": case_resume,
    "submit_findings": case_submit_findings,
    "return": case_return,
    "approve": case_approve,
    "respond": case_respond,
    "close": case_close,
    "reopen": case_reopen,
    "withdraw": case_withdraw,
    "unmerge": case_unmerge,
}


@transaction.atomic
def case_acknowledge_and_assign(
    *, case: Case, actor, assignee, now=None, late_reason: str | None = None, request=None
) -> Case:
    """Acknowledge and assign in one step (a supervisor at intake): both or neither, both
    taking effect at ``now``."""
    case = case_acknowledge(
        case=case, actor=actor, now=now, late_reason=late_reason, request=request
    )
    return case_assign(case=case, actor=actor, assignee=assignee, now=now, request=request)
