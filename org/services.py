"""Writes of the org app: roles and agents."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from audit.services import audit_record
from org.models import Agent, Section, Team
from org.roles import Role


def collect_role_permissions() -> dict[str, set[str]]:
    """Every installed app's ``roles.ROLE_PERMISSIONS``, merged by role."""
    merged: dict[str, set[str]] = {role: set() for role in Role.values}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            merged[str(role)].update(perms)
    return merged


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create the role groups and set each one's permissions exactly as declared.

    Idempotent; an unknown permission code is an error (a typo must not silently grant nothing).
    Returns the number of permissions per role.
    """
    counts = {}
    for role, codes in collect_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        perms = []
        for code in sorted(codes):
            app_label, codename = code.split(".", 1)
            try:
                perms.append(
                    Permission.objects.get(content_type__app_label=app_label, codename=codename)
                )
            except Permission.DoesNotExist:
                raise ValueError(f"Role {role!r} names unknown permission {code!r}") from None
        before = set(group.permissions.values_list("id", flat=True))
        after = {p.id for p in perms}
        if before != after:
            group.permissions.set(perms)
            audit_record(
                actor=None,
                action="role.permissions_set",
                obj=group,
                changes={"permissions": {"old": len(before), "new": sorted(codes)}},
            )
        counts[role] = len(perms)
    return counts


@transaction.atomic
def user_set_roles(*, user, roles: list[str], actor=None) -> None:
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")
    old = sorted(user.groups.filter(name__in=Role.values).values_list("name", flat=True))
    keep = user.groups.exclude(name__in=Role.values)
    groups = [Group.objects.get_or_create(name=r)[0] for r in roles]
    user.groups.set(list(keep) + groups)
    if old != sorted(roles):
        audit_record(
            actor=actor,
            action="user.roles_set",
            obj=user,
            changes={"roles": {"old": old, "new": sorted(roles)}},
        )


@transaction.atomic
def agent_upsert(
    *,
    employee_number: str,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    section: Section,
    team: Team | None,
    active: bool = True,
    actor=None,
) -> Agent:
    """Create or update an agent and their login (no password: set by an administrator)."""
    User = get_user_model()
    user, created_user = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": email},
    )
    if created_user:
        user.set_unusable_password()
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.full_clean()
    user.save()
    agent = Agent.objects.filter(employee_number=employee_number).first()
    old = None
    if agent is None:
        agent = Agent(employee_number=employee_number, user=user, section=section, team=team)
    else:
        old = {"section": agent.section_id, "team": agent.team_id, "active": agent.active}
        agent.user, agent.section, agent.team = user, section, team
    agent.active = active
    agent.full_clean()
    agent.save()
    user_set_roles(
        user=user,
        roles=sorted({*user.groups.filter(name__in=Role.values).values_list("name", flat=True),
                      Role.AGENT}),
        actor=actor,
    )
    new = {"section": agent.section_id, "team": agent.team_id, "active": agent.active}
    if old != new:
        audit_record(
            actor=actor,
            action="agent.create" if old is None else "agent.update",
            obj=agent,
            changes={k: {"old": (old or {}).get(k), "new": v} for k, v in new.items()
                     if (old or {}).get(k) != v},
        )
    return agent
