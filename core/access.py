"""Roles and the guards built on them. Roles are Django groups named by ``Role``'s codes; each
app declares which permissions each role gets in its own ``<app>/roles.py``
(``ROLE_PERMISSIONS``), collected here and applied by ``manage.py sync_roles``.

Permission scoping of data is a query (``visible_to``); ``role_required`` only checks that the
role may use a screen at all: a logged-in user without the role gets 403.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models

from core.discovery import app_modules


class Role(models.TextChoices):
    AGENT = "agent", "Agent"
    TEAM_LEADER = "team_leader", "Team leader"
    QA_OFFICER = "qa_officer", "QA officer"
    QA_MANAGER = "qa_manager", "QA manager"
    INVESTIGATOR = "investigator", "Investigator"
    INVESTIGATIONS_SUPERVISOR = "investigations_supervisor", "Investigations supervisor"
    ADMINISTRATOR = "administrator", "Administrator"


def user_roles(user) -> set[str]:
    """The role codes of ``user`` (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_siyalalela_roles", None)
    if cached is None:
        valid = set(Role.values)
        cached = {name for name in user.groups.values_list("name", flat=True) if name in valid}
        user._siyalalela_roles = cached
    return cached


def user_has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_has_role(request.user, *roles):
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def collect_role_permissions() -> dict[str, set[str]]:
    """Every installed app's ``roles.ROLE_PERMISSIONS``, merged by role."""
    merged: dict[str, set[str]] = {role: set() for role in Role.values}
    for _label, module in app_modules("roles"):
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged[str(role)].update(perms)
    return merged
