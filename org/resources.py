"""Bulk import (and export) of agents and teams through django-import-export.

The same resources serve the administrator's import screen (``org.views.people_import``) and the
Django admin. Every row is checked before anything is written: a file with any bad row is
rejected whole (the import runs in one transaction that is rolled back), and each bad row is
reported with its number as a spreadsheet shows it (the header is row 1, the first person row 2).
Writes go through ``org.services`` (``agent_upsert``, ``team_upsert``), which audit them.

Columns (header names are case-insensitive; spaces count as underscores; other columns are
ignored):

agents: employee_number, username, first_name, last_name, email, section required;
        team and active optional (active: yes/no, default yes).
teams:  name, section required; leader optional (the username of an existing login).

``section`` is a section's code (``inbound``) or name (``Inbound``); ``team`` a team's name.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import PurePath

import tablib
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from import_export import fields, resources
from import_export.formats.base_formats import CSV, XLSX

from core.exports import SafeExportMixin
from org.models import Agent, Section, Team

_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}

IMPORT_FORMATS = {".csv": CSV, ".xlsx": XLSX}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong type, not a spreadsheet, no header)."""


def _cell(value) -> str:
    """A cell as text: spreadsheets give numbers and dates where people meant codes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | Decimal) and value == int(value):
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value).strip()


def _header(value) -> str:
    return _cell(value).lower().replace(" ", "_").replace("-", "_")


def normalise_dataset(dataset: tablib.Dataset) -> None:
    """In place: header names as codes, every cell as stripped text."""
    headers = [_header(h) for h in (dataset.headers or [])]
    rows = [[_cell(v) for v in row] for row in dataset]
    dataset.wipe()
    dataset.headers = headers
    for row in rows:
        dataset.append(row)


def dataset_from_upload(filename: str, content: bytes) -> tablib.Dataset:
    """Read an uploaded CSV (UTF-8, with or without BOM) or XLSX file (first sheet), header names
    as codes and every cell as text."""
    dataset = dataset_read_upload(filename, content)
    if not dataset.headers or not any(dataset.headers):
        raise ImportFileError(f"{filename}: the first row must hold the column names.")
    normalise_dataset(dataset)
    return dataset


def dataset_read_upload(filename: str, content: bytes) -> tablib.Dataset:
    """An uploaded CSV (UTF-8, with or without BOM) or XLSX file (first sheet) as it is; a file
    that is neither, or cannot be read, raises ImportFileError saying so. The people and case
    imports read their files here."""
    suffix = PurePath(filename).suffix.lower()
    fmt = IMPORT_FORMATS.get(suffix)
    if fmt is None:
        raise ImportFileError(f"{filename}: only .csv and .xlsx files can be imported.")
    try:
        if suffix == ".csv":
            dataset = fmt().create_dataset(content.decode("utf-8-sig"))
        else:
            dataset = fmt().create_dataset(content)
    except UnicodeDecodeError:
        raise ImportFileError(f"{filename}: a CSV file must be saved as UTF-8.") from None
    except Exception as exc:  # tablib/openpyxl raise many kinds for a damaged file
        kind = suffix[1:].upper()
        raise ImportFileError(f"{filename}: cannot be read as {kind} ({exc}).") from None
    return dataset


def dataset_from_rows(headers: list[str], rows: list[list[str]]) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=headers)
    for row in rows:
        dataset.append(row)
    return dataset


def spreadsheet_row(row_number: int) -> int:
    """import-export counts data rows from 1; a spreadsheet shows the header as row 1."""
    return row_number + 1


@dataclass
class PlannedRow:
    """What importing one row will do, for the preview."""

    row: int
    action: str  # "create", "update" or "unchanged"
    key: str
    label: str
    changes: dict = field(default_factory=dict)


class _Shown(fields.Field):
    """A column computed from the object for export and for the admin's preview; on import
    the resource reads the row itself (``import_instance``)."""

    def __init__(self, column_name: str, read):
        super().__init__(column_name=column_name, readonly=True)
        self._read = read

    def export(self, instance, **kwargs):
        return self._read(instance)


def _person(agent, name: str) -> str:
    # A new agent being previewed has no login yet: show the row's values.
    staged = getattr(agent, "_import_row", None)
    if staged is not None:
        return staged[name]
    return getattr(agent.user, name) if agent.user_id else ""


class _PeopleResource(SafeExportMixin, resources.ModelResource):
    """Shared behaviour: required columns, text cells, whole-file transaction, row plans."""

    required_columns: tuple[str, ...] = ()
    unique_columns: tuple[str, ...] = ()  # no value may appear twice in one file
    kind: str = ""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.plan: list[PlannedRow] = []
        self.duplicates: dict[str, dict[str, list[int]]] = {}

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # One transaction for the whole file, rolled back on any bad row: never half an import.
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def before_import(self, dataset, **kwargs):
        normalise_dataset(dataset)
        missing = [c for c in self.required_columns if c not in dataset.headers]
        if missing:
            raise ValueError(
                "The file is missing required column(s): "
                + ", ".join(missing)
                + ". Required: "
                + ", ".join(self.required_columns)
                + "."
            )
        for column in self.unique_columns:
            seen: dict[str, list[int]] = defaultdict(list)
            index = dataset.headers.index(column)
            for number, row in enumerate(dataset, 1):
                if row[index]:
                    seen[row[index].casefold()].append(spreadsheet_row(number))
            self.duplicates[column] = {k: rows for k, rows in seen.items() if len(rows) > 1}

    def _duplicate_error(self, column: str, value: str, row_number: int) -> str | None:
        rows = self.duplicates.get(column, {}).get(value.casefold())
        if not rows:
            return None
        others = [str(r) for r in rows if r != spreadsheet_row(row_number)]
        return f"{value} appears more than once in the file (also on row {', '.join(others)})."

    def skip_row(self, instance, original, row, import_validation_errors=None):
        # A blank line (spreadsheets often end with some) is not a row to import or reject.
        return not any(row.values())

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Rows are checked in import_instance; the services run full_clean when saving.
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        from org.services import org_import_record

        org_import_record(
            kind=self.kind,
            actor=kwargs.get("user"),
            source=kwargs.get("source_name", "") or kwargs.get("file_name", ""),
            created=sum(1 for p in self.plan if p.action == "create"),
            updated=sum(1 for p in self.plan if p.action == "update"),
            unchanged=sum(1 for p in self.plan if p.action == "unchanged"),
            request=kwargs.get("request"),
        )

    @staticmethod
    def _section(value: str, errors: dict) -> Section | None:
        if not value:
            errors.setdefault("section", []).append("section is required.")
            return None
        section = (
            Section.objects.filter(slug__iexact=value).first()
            or Section.objects.filter(name__iexact=value).first()
        )
        if section is None:
            known = ", ".join(Section.objects.values_list("slug", flat=True))
            errors.setdefault("section", []).append(
                f"unknown section {value!r} (use one of: {known})."
            )
        return section


class AgentResource(_PeopleResource):
    required_columns = (
        "employee_number",
        "username",
        "first_name",
        "last_name",
        "email",
        "section",
    )
    unique_columns = ("employee_number", "username")
    kind = "agents"

    employee_number = fields.Field(attribute="employee_number", column_name="employee_number")
    username = _Shown("username", lambda agent: _person(agent, "username"))
    first_name = _Shown("first_name", lambda agent: _person(agent, "first_name"))
    last_name = _Shown("last_name", lambda agent: _person(agent, "last_name"))
    email = _Shown("email", lambda agent: _person(agent, "email"))
    section = _Shown("section", lambda agent: agent.section.slug if agent.section_id else "")
    team = _Shown("team", lambda agent: agent.team.name if agent.team_id else "")
    active = _Shown("active", lambda agent: "yes" if agent.active else "no")

    class Meta:
        model = Agent
        import_id_fields = ("employee_number",)
        fields = (
            "employee_number",
            "username",
            "first_name",
            "last_name",
            "email",
            "section",
            "team",
            "active",
        )
        clean_model_instances = False

    def get_queryset(self):
        return Agent.objects.with_people()

    def import_instance(self, instance, row, **kwargs):
        row_number = kwargs.get("row_number", 0)
        errors: dict[str, list[str]] = {}

        def need(column: str) -> str:
            value = row.get(column, "")
            if not value:
                errors.setdefault(column, []).append(f"{column} is required.")
            return value

        employee_number = need("employee_number")
        username = need("username")
        first_name = need("first_name")
        last_name = need("last_name")
        email = need("email")
        if employee_number:
            duplicate = self._duplicate_error("employee_number", employee_number, row_number)
            if duplicate:
                errors.setdefault("employee_number", []).append("employee number " + duplicate)
            if len(employee_number) > 20:
                errors.setdefault("employee_number", []).append(
                    "employee number is longer than 20 characters."
                )
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.setdefault("email", []).append(f"{email!r} is not a valid e-mail address.")
        User = get_user_model()
        if username:
            duplicate = self._duplicate_error("username", username, row_number)
            if duplicate:
                errors.setdefault("username", []).append("username " + duplicate)
            try:
                User.username_validator(username)
            except ValidationError:
                errors.setdefault("username", []).append(
                    f"{username!r} is not a valid username (letters, digits and @.+-_ only)."
                )
            else:
                taken = (
                    Agent.objects.filter(user__username=username)
                    .exclude(employee_number=employee_number)
                    .values_list("employee_number", flat=True)
                    .first()
                )
                if taken:
                    errors.setdefault("username", []).append(
                        f"username {username!r} already belongs to agent {taken}."
                    )
        section = self._section(row.get("section", ""), errors)
        team = None
        team_name = row.get("team", "")
        if team_name:
            team = Team.objects.select_related("section").filter(name__iexact=team_name).first()
            if team is None:
                errors.setdefault("team", []).append(f"unknown team {team_name!r}.")
            elif section is not None and team.section_id != section.pk:
                errors.setdefault("team", []).append(
                    f"team {team.name!r} belongs to {team.section.name}, not {section.name}."
                )
        active_text = row.get("active", "").lower()
        if active_text and active_text not in _TRUE | _FALSE:
            errors.setdefault("active", []).append(
                f"active must be yes or no, not {row.get('active')!r}."
            )
        if errors:
            raise ValidationError(errors)

        staged = {
            "employee_number": employee_number,
            "username": username,
            "first_name": first_name,
            "last_name": last_name,
            "email": email,
            "section": section,
            "team": team,
            "active": active_text not in _FALSE,
        }
        if instance.pk is None:
            action, changes = "create", {}
        else:
            from org.services import _agent_state

            old = _agent_state(instance)
            new = {
                "username": username,
                "first_name": first_name,
                "last_name": last_name,
                "email": email,
                "section": section.slug,
                "team": team.name if team else None,
                "active": staged["active"],
            }
            changes = {k: (old[k], v) for k, v in new.items() if old[k] != v}
            action = "update" if changes else "unchanged"
        self.plan.append(
            PlannedRow(
                row=spreadsheet_row(row_number),
                action=action,
                key=employee_number,
                label=f"{first_name} {last_name} ({username})",
                changes=changes,
            )
        )
        instance.employee_number = employee_number
        instance.section, instance.team, instance.active = section, team, staged["active"]
        instance._import_row = staged

    def save_instance(self, instance, is_create, row, **kwargs):
        from org.services import agent_upsert

        staged = instance._import_row
        agent = agent_upsert(
            employee_number=staged["employee_number"],
            username=staged["username"],
            first_name=staged["first_name"],
            last_name=staged["last_name"],
            email=staged["email"],
            section=staged["section"],
            team=staged["team"],
            active=staged["active"],
            actor=kwargs.get("user"),
            request=kwargs.get("request"),
        )
        instance.pk, instance.user = agent.pk, agent.user


class TeamResource(_PeopleResource):
    required_columns = ("name", "section")
    unique_columns = ("name",)
    kind = "teams"

    name = fields.Field(attribute="name", column_name="name")
    section = _Shown("section", lambda team: team.section.slug if team.section_id else "")
    leader = _Shown("leader", lambda team: team.leader.username if team.leader_id else "")

    class Meta:
        model = Team
        import_id_fields = ("name",)
        fields = ("name", "section", "leader")
        clean_model_instances = False

    def get_queryset(self):
        return Team.objects.select_related("section", "leader")

    def get_instance(self, instance_loader, row):
        # Team names are matched without regard to case, as people type them.
        name = row.get("name", "")
        return Team.objects.select_related("section", "leader").filter(name__iexact=name).first()

    def import_instance(self, instance, row, **kwargs):
        row_number = kwargs.get("row_number", 0)
        errors: dict[str, list[str]] = {}
        name = row.get("name", "")
        if not name:
            errors.setdefault("name", []).append("name is required.")
        else:
            duplicate = self._duplicate_error("name", name, row_number)
            if duplicate:
                errors.setdefault("name", []).append("team " + duplicate)
            if len(name) > 120:
                errors.setdefault("name", []).append("name is longer than 120 characters.")
        section = self._section(row.get("section", ""), errors)
        leader = None
        leader_name = row.get("leader", "")
        if leader_name:
            leader = get_user_model().objects.filter(username=leader_name).first()
            if leader is None:
                errors.setdefault("leader", []).append(f"no login with username {leader_name!r}.")
        if errors:
            raise ValidationError(errors)
        if instance.pk is None:
            action, changes = "create", {}
        else:
            from org.services import _team_state

            old = _team_state(instance)
            new = {"section": section.slug, "leader": leader.username if leader else None}
            changes = {k: (old[k], v) for k, v in new.items() if old[k] != v}
            action = "update" if changes else "unchanged"
        self.plan.append(
            PlannedRow(
                row=spreadsheet_row(row_number),
                action=action,
                key=instance.name if instance.pk else name,
                label=f"{section.name}" + (f", led by {leader.username}" if leader else ""),
                changes=changes,
            )
        )
        if instance.pk is None:
            instance.name = name
        instance.section, instance.leader = section, leader
        instance._import_row = {"name": instance.name, "section": section, "leader": leader}

    def save_instance(self, instance, is_create, row, **kwargs):
        from org.services import team_upsert

        staged = instance._import_row
        team = team_upsert(
            name=staged["name"],
            section=staged["section"],
            leader=staged["leader"],
            actor=kwargs.get("user"),
            request=kwargs.get("request"),
        )
        instance.pk = team.pk


RESOURCES = {"agents": AgentResource, "teams": TeamResource}
