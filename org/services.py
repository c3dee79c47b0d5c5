"""Writes of the org app: roles and agents."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction

from core.access import Role, collect_role_permissions
from core.audit import audit_record
from core.spreadsheets import ImportRejected, RowError, Sheet, sheet_require, validate_rows
from org.forms import AgentRowForm, TeamRowForm
from org.models import Agent, Section, Team


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
    """The summary event of one accepted import (each row has its own create/update event),
    written inside the import's transaction."""
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
class PlannedRow:
    """What importing one row will do, for the preview."""

    row: int
    action: str  # "create", "update" or "unchanged"
    key: str
    label: str
    changes: dict = field(default_factory=dict)


@dataclass
class ImportOutcome:
    """What an import did (or, on a dry run, would do). ``problems`` lists every bad row
    (``core.spreadsheets.RowError``; row 0 is the file as a whole). ``applied`` is true only
    when rows were written."""

    kind: str
    dry_run: bool
    rows: list[PlannedRow] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def _plan(number: int, old: dict | None, new: dict, key: str, label: str) -> PlannedRow:
    if old is None:
        return PlannedRow(row=number, action="create", key=key, label=label)
    changes = {k: (old[k], v) for k, v in new.items() if old[k] != v}
    return PlannedRow(number, "update" if changes else "unchanged", key, label, changes)


def _agent_plan(number: int, data: dict) -> PlannedRow:
    agent = (
        Agent.objects.select_related("user", "section", "team")
        .filter(employee_number=data["employee_number"])
        .first()
    )
    new = {
        "username": data["username"],
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "email": data["email"],
        "section": data["section"].slug,
        "team": data["team"].name if data["team"] else None,
        "active": data["active"],
    }
    label = f"{data['first_name']} {data['last_name']} ({data['username']})"
    old = _agent_state(agent) if agent else None
    return _plan(number, old, new, data["employee_number"], label)


def _team_plan(number: int, data: dict) -> PlannedRow:
    team = (
        Team.objects.select_related("section", "leader").filter(name__iexact=data["name"]).first()
    )
    leader = data["leader"]
    new = {"section": data["section"].slug, "leader": leader.username if leader else None}
    label = data["section"].name + (f", led by {leader.username}" if leader else "")
    old = _team_state(team) if team else None
    return _plan(number, old, new, team.name if team else data["name"], label)


def _agent_write(data: dict, actor, request) -> None:
    agent_upsert(**data, actor=actor, request=request)


def _team_write(data: dict, actor, request) -> None:
    # A team named as it already exists, whatever the case the file uses.
    team = Team.objects.filter(name__iexact=data["name"]).first()
    name = team.name if team else data["name"]
    team_upsert(**{**data, "name": name}, actor=actor, request=request)


PEOPLE_IMPORTS = {
    # kind: (row form, columns unique within a file, what a row would do, the write)
    "agents": (AgentRowForm, ("employee_number", "username"), _agent_plan, _agent_write),
    "teams": (TeamRowForm, ("name",), _team_plan, _team_write),
}


def people_import(*, kind: str, sheet: Sheet, actor, dry_run: bool, request=None) -> ImportOutcome:
    """Import agents or teams from a read spreadsheet (columns: ``org.forms.PEOPLE_COLUMNS``).

    All or nothing: every row is checked by its form and, if any is bad, nothing is written and
    each bad row is reported with its row number and reasons. ``dry_run`` (the preview) reports
    what would be created or updated and writes nothing. Writes go through ``agent_upsert`` /
    ``team_upsert`` (one audit event per changed row) plus one summary event, in one
    transaction. Cost: a few queries per row.
    """
    form_class, unique, plan, write = PEOPLE_IMPORTS[kind]
    outcome = ImportOutcome(kind=kind, dry_run=dry_run)
    try:
        sheet_require(sheet, [name for name, f in form_class.base_fields.items() if f.required])
        rows = validate_rows(sheet, form_class, unique=unique)
    except ImportRejected as exc:
        outcome.problems = exc.errors
        return outcome
    outcome.rows = [plan(number, data) for number, data in rows]
    if dry_run:
        return outcome
    with transaction.atomic():
        for number, data in rows:
            try:
                write(data, actor, request)
            except ValidationError as exc:  # changed since the rows were checked
                transaction.set_rollback(True)
                outcome.problems = [RowError(number, tuple(exc.messages))]
                outcome.rows = []
                return outcome
        org_import_record(
            kind=kind,
            actor=actor,
            source=sheet.name,
            created=outcome.count("create"),
            updated=outcome.count("update"),
            unchanged=outcome.count("unchanged"),
            request=request,
        )
    outcome.applied = True
    return outcome
