from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from core.access import Role, user_has_role
from investigations.models import Case

CASE_ROLES = (Role.INVESTIGATOR, Role.INVESTIGATIONS_SUPERVISOR)


def case_for(request, pk: int, *, work: bool = False) -> Case:
    """The case if the user may see it (else 404). ``work``: the user must also be allowed to
    change it, i.e. be its assignee or a supervisor (else 403)."""
    case = get_object_or_404(Case.objects.visible_to(request.user).with_related(), pk=pk)
    if work and not may_work(request.user, case):
        raise PermissionDenied("Only the case's investigator or a supervisor may change it.")
    return case


def may_work(user, case: Case) -> bool:
    return user_has_role(user, Role.INVESTIGATIONS_SUPERVISOR) or case.assignee_id == user.pk


def error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)
