"""The permissions each role gets in the org and auth apps (collected with every other app's
``roles.py`` by ``core.access.collect_role_permissions``; the roles themselves are
``core.access.Role``)."""

from __future__ import annotations

from core.access import Role

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
    + ["auth.view_group"],
}
