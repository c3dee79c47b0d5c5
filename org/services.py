"""Writes of the org app: roles and agents."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from audit.services import audit_record
from org.models import Agent, ApiToken, Section, Team
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
    request=None,
) -> Agent:
    """Create or update an agent (keyed by employee number) and their login, and give the login
    the agent role. A new login gets no usable password: an administrator sets one.

    Audits ``agent.create`` or ``agent.update`` with the fields that changed (nothing when
    nothing changed). Raises ValidationError on a bad value (nothing is saved).
    """
    User = get_user_model()
    agent = Agent.objects.select_related("user").filter(employee_number=employee_number).first()
    user = User.objects.filter(username=username).first()
    created_user = user is None
    if created_user:
        user = User(username=username)
        user.set_unusable_password()
    old = _agent_state(agent) if agent is not None else None
    user.first_name, user.last_name, user.email = first_name, last_name, email
    user.full_clean()
    user.save()
    if agent is None:
        agent = Agent(employee_number=employee_number, user=user, section=section, team=team)
    else:
        agent.user, agent.section, agent.team = user, section, team
    agent.active = active
    agent.full_clean()
    agent.save()
    user_set_roles(
        user=user,
        roles=sorted(
            {*user.groups.filter(name__in=Role.values).values_list("name", flat=True), Role.AGENT}
        ),
        actor=actor,
    )
    new = _agent_state(agent)
    if old != new:
        audit_record(
            actor=actor,
            action="agent.create" if old is None else "agent.update",
            obj=agent,
            changes=_changes(old or {}, new),
            request=request,
        )
    return agent


def _agent_state(agent: Agent) -> dict:
    return {
        "username": agent.user.username,
        "first_name": agent.user.first_name,
        "last_name": agent.user.last_name,
        "email": agent.user.email,
        "section": agent.section.slug,
        "team": agent.team.name if agent.team_id else None,
        "active": agent.active,
    }


def _changes(old: dict, new: dict) -> dict:
    return {k: {"old": old.get(k), "new": v} for k, v in new.items() if old.get(k) != v}


@transaction.atomic
def team_upsert(*, name: str, section: Section, leader=None, actor=None, request=None) -> Team:
    """Create or update a team (keyed by name). A leader is given the team leader role.

    Audits ``team.create`` or ``team.update`` with what changed. Raises ValidationError on a
    bad value (nothing is saved).
    """
    team = Team.objects.select_related("section", "leader").filter(name=name).first()
    old = _team_state(team) if team is not None else None
    if team is None:
        team = Team(name=name)
    team.section, team.leader = section, leader
    team.full_clean()
    team.save()
    if leader is not None and Role.TEAM_LEADER not in set(
        leader.groups.values_list("name", flat=True)
    ):
        roles = set(leader.groups.filter(name__in=Role.values).values_list("name", flat=True))
        user_set_roles(user=leader, roles=sorted(roles | {Role.TEAM_LEADER}), actor=actor)
    new = _team_state(team)
    if old != new:
        audit_record(
            actor=actor,
            action="team.create" if old is None else "team.update",
            obj=team,
            changes=_changes(old or {}, new),
            request=request,
        )
    return team


def _team_state(team: Team) -> dict:
    return {
        "section": team.section.slug,
        "leader": team.leader.username if team.leader_id else None,
    }


def org_import_record(
    *,
    kind: str,
    actor,
    source: str,
    created: int,
    updated: int,
    unchanged: int,
    request=None,
) -> None:
    """The summary event of one accepted import (each row has its own create/update event).
    Called by the import resources inside the import's transaction."""
    audit_record(
        actor=actor,
        action=f"{kind}.import",
        object_type=f"org.{kind}",
        object_repr=f"{kind} from {source}" if source else kind,
        changes={
            "file": source,
            "created": created,
            "updated": updated,
            "unchanged": unchanged,
        },
        request=request,
    )


def people_export_record(*, kind: str, actor, rows: int, request=None) -> None:
    """Personal data leaving the system (an agents or teams download) is a read event."""
    audit_record(
        actor=actor,
        action=f"{kind}.export",
        object_type=f"org.{kind}",
        object_repr=f"{kind} export",
        changes={"rows": rows},
        request=request,
    )


@dataclass
class ImportOutcome:
    """What an import did (or, on a dry run, would do). ``problems`` lists (row, reason);
    row 0 means the file as a whole. ``applied`` is true only when rows were written."""

    kind: str
    dry_run: bool
    rows: list = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def people_import(*, kind: str, dataset, actor, dry_run: bool, source: str = "", request=None):
    """Import agents or teams from a tablib Dataset (see ``org.resources`` for the columns).

    All or nothing: every row is checked and, if any is bad, nothing is written and each bad
    row is reported with its spreadsheet row number and reason. ``dry_run`` reports what would
    be created or updated and writes nothing. Cost: a few queries per row, one transaction.
    """
    from org.resources import RESOURCES, spreadsheet_row

    if kind not in RESOURCES:
        raise ValueError(f"Unknown import kind {kind!r}")
    resource = RESOURCES[kind]()
    result = resource.import_data(
        dataset, dry_run=dry_run, user=actor, source_name=source, request=request
    )
    outcome = ImportOutcome(kind=kind, dry_run=dry_run, rows=resource.plan)
    for error in result.base_errors:
        outcome.problems.append((0, str(error.error)))
    if outcome.problems:
        # A file-level problem (a missing column) makes every row fail the same way: say it once.
        outcome.rows = []
        return outcome
    for invalid in result.invalid_rows:
        reasons = []
        for messages in invalid.error_dict.values():
            reasons.extend(str(m) for m in messages)
        outcome.problems.append((spreadsheet_row(invalid.number), " ".join(reasons)))
    for number, errors in result.row_errors():
        for error in errors:
            outcome.problems.append((spreadsheet_row(number), str(error.error)))
    outcome.problems.sort()
    if outcome.problems:
        outcome.rows = []
    outcome.applied = not dry_run and outcome.ok
    return outcome


@transaction.atomic
def api_token_create(*, user, name: str, actor=None, request=None) -> tuple[ApiToken, str]:
    """Make an API key for ``user``. Returns the stored token and the key itself, which is
    shown this once and never again (only its hash is kept)."""
    from org.tokens import token_generate, token_hash

    key = token_generate()
    token = ApiToken(user=user, name=name.strip(), prefix=key[:8], key_hash=token_hash(key))
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="api_token.create",
        obj=token,
        changes={"user": user.get_username(), "name": token.name, "prefix": token.prefix},
        request=request,
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor=None, request=None) -> ApiToken:
    """Stop a key working. Revoking twice changes nothing the second time."""
    from django.utils import timezone

    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="api_token.revoke",
            obj=token,
            changes={"prefix": token.prefix},
            request=request,
        )
    return token
