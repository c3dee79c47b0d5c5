"""Findings, corrective actions and the response to the originating office."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from investigations.models import Case, CorrectiveAction, State
from investigations.services import CaseError
from investigations.services.common import case_audit

EDITABLE_STATES = (State.INVESTIGATING, State.ON_HOLD)
FIELDS = ("outcome", "root_cause", "batho_pele_breached", "findings", "response_text")


@transaction.atomic
def case_findings_update(*, case: Case, actor, request=None, **values) -> Case:
    """Record the investigator's findings and draft response (while investigating)."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown findings fields: {sorted(unknown)}")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.state not in EDITABLE_STATES:
        raise CaseError(
            f"Findings can be changed only while investigating; {case.reference} is "
            f"{case.get_state_display().lower()}."
        )
    changes = {}
    for field, value in values.items():
        value = (value or "").strip() if isinstance(value, str) else value
        if getattr(case, field) != value:
            # Long texts are recorded by length, not content, to keep the trail readable.
            if field in ("findings", "response_text"):
                changes[field] = {
                    "old": f"{len(getattr(case, field))} chars",
                    "new": f"{len(value)} chars",
                }
            else:
                changes[field] = {"old": getattr(case, field), "new": value}
            setattr(case, field, value)
    if not changes:
        return case
    case.full_clean()
    case.save(update_fields=list(values))
    case_audit(
        case=case, actor=actor, action="case.findings_update", changes=changes, request=request
    )
    return case


@transaction.atomic
def corrective_action_add(
    *,
    case: Case,
    actor,
    description: str,
    owner: str,
    due_date: dt.date,
    department=None,
    request=None,
) -> CorrectiveAction:
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.state not in EDITABLE_STATES:
        raise CaseError("Corrective actions are recorded while investigating.")
    if due_date < timezone.localdate():
        raise CaseError("The due date of a corrective action cannot be in the past.")
    action = CorrectiveAction(
        case=case,
        description=description.strip(),
        owner=owner.strip(),
        due_date=due_date,
        department=department,
    )
    action.full_clean()
    action.save()
    case_audit(
        case=case,
        actor=actor,
        action="case.corrective_action_add",
        request=request,
        changes={
            "owner": action.owner,
            "due_date": due_date.isoformat(),
            "description": action.description[:200],
        },
    )
    return action


@transaction.atomic
def case_response_draft(*, case: Case, actor, request=None) -> tuple[Case, bool]:
    """Draft the response letter from the recorded findings.

    Nothing typed is overwritten: a response already written is kept (the investigator clears
    it to redraft), and there is no draft without findings to draft it from. Returns the case
    and whether a draft was written."""
    from investigations.selectors import response_draft

    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.state not in EDITABLE_STATES:
        raise CaseError(
            f"The response can be drafted only while investigating; {case.reference} is "
            f"{case.get_state_display().lower()}."
        )
    if not case.findings.strip():
        raise CaseError("Write the findings first: the response is drafted from them.")
    if case.response_text.strip():
        return case, False
    return (
        case_findings_update(
            case=case, actor=actor, request=request, response_text=response_draft(case)
        ),
        True,
    )


@transaction.atomic
def corrective_action_done(*, action: CorrectiveAction, actor, now=None, request=None):
    """Mark a corrective action carried out (while the case is open)."""
    action = CorrectiveAction.objects.select_for_update().select_related("case").get(pk=action.pk)
    if action.case.state in (State.CLOSED, State.WITHDRAWN, State.MERGED):
        raise CaseError("Corrective actions are marked done before the case is closed.")
    if action.done_at is not None:
        raise CaseError("That corrective action is already marked done.")
    action.done_at = now or timezone.now()
    action.save(update_fields=["done_at"])
    case_audit(
        case=action.case,
        actor=actor,
        action="case.corrective_action_done",
        request=request,
        changes={"owner": action.owner, "description": action.description[:200]},
    )
    return action
