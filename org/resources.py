"""Export of agents and teams (django-import-export): the administrator's download and the
Django admin's export, in the columns the import reads back (``org.forms.PEOPLE_COLUMNS``).

Imports do not come through here: they read the file with ``core.spreadsheets``, check each row
with ``org.forms.AgentRowForm`` / ``TeamRowForm`` and write through ``org.services``.
"""

from __future__ import annotations

import tablib
from import_export import fields, resources

from core.spreadsheets import ImportRejected, read_rows
from org.models import Agent, Team


class _Shown(fields.Field):
    """A column computed from the object."""

    def __init__(self, column_name: str, read):
        super().__init__(column_name=column_name, readonly=True)
        self._read = read

    def export(self, instance, **kwargs):
        return self._read(instance)


def _person(agent: Agent, name: str) -> str:
    return getattr(agent.user, name) if agent.user_id else ""


class AgentResource(resources.ModelResource):
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

    def get_queryset(self):
        return Agent.objects.with_people()


class TeamResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="name")
    section = _Shown("section", lambda team: team.section.slug if team.section_id else "")
    leader = _Shown("leader", lambda team: team.leader.username if team.leader_id else "")

    class Meta:
        model = Team
        import_id_fields = ("name",)
        fields = ("name", "section", "leader")

    def get_queryset(self):
        return Team.objects.select_related("section", "leader")


RESOURCES = {"agents": AgentResource, "teams": TeamResource}


class ImportFileError(ValueError):
    """The file as a whole cannot be read."""


def dataset_read_upload(filename: str, content: bytes) -> tablib.Dataset:
    """The call-metadata spreadsheet import (``qa.services.calls``) still reads a tablib
    Dataset; this hands it the rows of the one reader, ``core.spreadsheets.read_rows``, until
    that import validates its rows with ``core.spreadsheets.validate_rows`` too."""
    try:
        raw = read_rows(filename, content)
    except ImportRejected as exc:
        raise ImportFileError(str(exc)) from None
    width = max((len(r) for r in raw), default=0)
    headers = [*raw[0], *[None] * (width - len(raw[0]))] if raw else []
    dataset = tablib.Dataset(headers=headers)
    for row in raw[1:]:
        dataset.append([*row, *[None] * (width - len(row))])
    return dataset
