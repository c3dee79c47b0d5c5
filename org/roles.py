"""Roles are Django groups; each app declares which permissions each role gets in its own
``<app>/roles.py`` (``ROLE_PERMISSIONS``), and ``manage.py sync_roles`` applies them exactly."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    AGENT = "agent", "Agent"
    TEAM_LEADER = "team_leader", "Team leader"
    QA_OFFICER = "qa_officer", "QA officer"
    QA_MANAGER = "qa_manager", "QA manager"
    INVESTIGATOR = "investigator", "Investigator"
    INVESTIGATIONS_SUPERVISOR = "investigations_supervisor", "Investigations supervisor"
    ADMINISTRATOR = "administrator", "Administrator"


# Permissions of the org and auth apps, by role.
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.AGENT: ["org.view_agent"],
    Role.TEAM_LEADER: ["org.view_agent", "org.view_team"],
    Role.QA_OFFICER: ["org.view_agent", "org.view_team", "org.view_section"],
    Role.QA_MANAGER: ["org.view_agent", "org.view_team", "org.view_section"],
    Role.INVESTIGATOR: ["org.view_department"],
    Role.INVESTIGATIONS_SUPERVISOR: ["org.view_department"],
    Role.ADMINISTRATOR: [
        f"org.{verb}_{model}"
        for model in ("department", "section", "team", "carecentre", "agent")
        for verb in ("add", "change", "delete", "view")
    ]
    + [f"auth.{verb}_user" for verb in ("add", "change", "view")]
    + ["auth.view_group"]
    + [f"org.{verb}_apitoken" for verb in ("add", "change", "view")],
}


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
