"""Demo people for `make run`: one login per role (never loaded in production by default)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from core.access import Role
from org.models import Agent, Section, Team
from org.services import user_set_roles

DEMO_PASSWORD = "siyalalela"  # noqa: S105 - documented demo password, printed by make run


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    employee_number: str = ""
    section: str = ""
    team: str = ""


DEMO_PEOPLE = (
    DemoPerson("agent", "Thabo", "Nkosi", (Role.AGENT,), "EK10001", "inbound", "Inbound A"),
    DemoPerson(
        "agent2",
        "Lerato",
        "Mokoena",
        (Role.AGENT,),
        "EK10002",
        "outbound_collection",
        "Collections A",
    ),
    DemoPerson("agent3", "Sipho", "Dlamini", (Role.AGENT,), "EK10003", "inbound", "Inbound A"),
    DemoPerson("teamleader", "Nomsa", "Khumalo", (Role.TEAM_LEADER,)),
    DemoPerson("qaofficer", "Pieter", "van Wyk", (Role.QA_OFFICER,)),
    DemoPerson("qaofficer2", "Zanele", "Mahlangu", (Role.QA_OFFICER,)),
    DemoPerson("qamanager", "Ayesha", "Patel", (Role.QA_MANAGER,)),
    DemoPerson("investigator", "Bongani", "Zulu", (Role.INVESTIGATOR,)),
    DemoPerson("investigator2", "Karabo", "Molefe", (Role.INVESTIGATOR,)),
    DemoPerson("supervisor", "Johan", "Botha", (Role.INVESTIGATIONS_SUPERVISOR,)),
    DemoPerson("admin", "Site", "Administrator", (Role.ADMINISTRATOR,)),
)

# Which demo team each team leader leads.
DEMO_TEAM_LEADERS = {"teamleader": ("Inbound A", "Collections A")}


@transaction.atomic
def demo_people_ensure(password: str = DEMO_PASSWORD) -> list[DemoPerson]:
    """Create or repair the demo logins. Idempotent: existing users keep their data but get
    the demo password and roles back."""
    User = get_user_model()
    for person in DEMO_PEOPLE:
        user, _ = User.objects.get_or_create(
            username=person.username,
            defaults={
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{person.username}@ekurhuleni.invalid",
            },
        )
        user.set_password(password)
        if person.username == "admin":
            user.is_staff = user.is_superuser = True
        user.save()
        user_set_roles(user=user, roles=list(person.roles))
        if person.employee_number:
            Agent.objects.update_or_create(
                employee_number=person.employee_number,
                defaults={
                    "user": user,
                    "section": Section.objects.get(slug=person.section),
                    "team": Team.objects.get(name=person.team),
                },
            )
    for username, team_names in DEMO_TEAM_LEADERS.items():
        Team.objects.filter(name__in=team_names).update(leader=User.objects.get(username=username))
    return list(DEMO_PEOPLE)
