"""The life of an evaluation as one table: state + action -> next state, who may do it, what it
needs. ``qa.services.evaluations`` applies it to every change; views and templates ask
:func:`allowed_actions` instead of repeating the rules.

    draft --save--> draft --submit--> submitted --acknowledge--> acknowledged
                                      submitted | acknowledged --dispute--> disputed
                                      disputed --resolve--> resolved

A step not allowed is refused before anything is written: the wrong person gets
``PermissionDenied``; the wrong state, or a missing condition (the dispute window has closed),
gets a ``ValidationError`` that names the state and what is allowed now.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.access import Role, user_has_role
from qa.models import Evaluation

State = Evaluation.State


def _is_evaluator(evaluation: Evaluation, user) -> bool:
    return evaluation.evaluator_id is not None and evaluation.evaluator_id == user.pk


def _is_agent(evaluation: Evaluation, user) -> bool:
    return evaluation.agent is not None and evaluation.agent.user_id == user.pk


def _is_resolver(evaluation: Evaluation, user) -> bool:
    return user_has_role(user, Role.QA_MANAGER) and not _is_evaluator(evaluation, user)


def dispute_deadline(evaluation: Evaluation) -> dt.datetime | None:
    """The end of the window in which the agent may dispute; None before submission."""
    if not evaluation.submitted_at:
        return None
    return evaluation.submitted_at + dt.timedelta(days=settings.QA_DISPUTE_WINDOW_DAYS)


def _agents_result(evaluation: Evaluation, now: dt.datetime) -> str:
    if evaluation.kind != Evaluation.Kind.REGULAR:
        return "A calibration exercise is not the agent's result."
    return ""


def _within_dispute_window(evaluation: Evaluation, now: dt.datetime) -> str:
    refused = _agents_result(evaluation, now)
    if refused:
        return refused
    deadline = dispute_deadline(evaluation)
    if deadline is None or now > deadline:
        return (
            f"The dispute window ({settings.QA_DISPUTE_WINDOW_DAYS} days after submission) "
            "has closed."
        )
    return ""


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    who: str  # the words shown when someone else tries
    may: Callable[[Evaluation, object], bool]
    needs: str = ""  # what the step needs besides the state, in words
    # Returns why the step cannot be taken now ("" when it can).
    guard: Callable[[Evaluation, dt.datetime], str] | None = None


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "save",
            "Save",
            (State.DRAFT,),
            State.DRAFT,
            who="the evaluator",
            may=_is_evaluator,
            needs="answers that are yes, no or N/A; evidence that names transcript segments",
        ),
        Transition(
            "submit",
            "Submit",
            (State.DRAFT,),
            State.SUBMITTED,
            who="the evaluator",
            may=_is_evaluator,
            needs="every criterion answered",
        ),
        Transition(
            "acknowledge",
            "Acknowledge",
            (State.SUBMITTED,),
            State.ACKNOWLEDGED,
            who="the agent evaluated",
            may=_is_agent,
            guard=_agents_result,
        ),
        Transition(
            "dispute",
            "Dispute",
            (State.SUBMITTED, State.ACKNOWLEDGED),
            State.DISPUTED,
            who="the agent evaluated",
            may=_is_agent,
            needs="a reason for each disputed criterion, within the dispute window",
            guard=_within_dispute_window,
        ),
        Transition(
            "resolve",
            "Resolve the dispute",
            (State.DISPUTED,),
            State.RESOLVED,
            who="a QA manager who did not score the call",
            may=_is_resolver,
            needs="a decision and a reason for every disputed criterion",
        ),
    )
}


def allowed_actions(
    evaluation: Evaluation, user, *, now: dt.datetime | None = None
) -> dict[str, Transition]:
    """The steps ``user`` may take on ``evaluation`` now, by action (what its pages offer).
    No query beyond the evaluation's agent (select it with the evaluation) and the user's
    roles."""
    now = now or timezone.now()
    return {
        t.action: t
        for t in TRANSITIONS.values()
        if evaluation.state in t.sources
        and t.may(evaluation, user)
        and not (t.guard and t.guard(evaluation, now))
    }


def transition_check(
    evaluation: Evaluation, action: str, actor, *, now: dt.datetime | None = None
) -> Transition:
    """The transition for ``action``, or the refusal: ``PermissionDenied`` for the wrong person,
    ``ValidationError`` for the wrong state or a missing condition."""
    transition = TRANSITIONS[action]
    if not transition.may(evaluation, actor):
        raise PermissionDenied(f"Only {transition.who} may {transition.label.lower()}.")
    if evaluation.state not in transition.sources:
        allowed = [t.label.lower() for t in TRANSITIONS.values() if evaluation.state in t.sources]
        raise ValidationError(
            f"Cannot {transition.label.lower()} evaluation {evaluation.pk}: it is "
            f"{evaluation.get_state_display().lower()}. Allowed now: "
            f"{', '.join(allowed) if allowed else 'nothing'}."
        )
    refused = transition.guard(evaluation, now or timezone.now()) if transition.guard else ""
    if refused:
        raise ValidationError(refused)
    return transition
