from __future__ import annotations

from django.conf import settings
from django.db import models

from core.access import Role, user_roles
from core.people import person_name


class Department(models.Model):
    """A service department a complaint or breakdown is routed to (standards.md section 1)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Section(models.Model):
    class Kind(models.TextChoices):
        INBOUND = "inbound", "Inbound"
        OUTBOUND_COLLECTION = "outbound_collection", "Outbound Revenue Collection"
        SIYAKHOKHA = "siyakhokha", "Siyakhokha"
        CORRESPONDENCE = "correspondence", "Correspondence"
        QUALITY_ASSURANCE = "quality_assurance", "Quality Assurance"

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(max_length=120, unique=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="teams")
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CareCentre(models.Model):
    """A walk-in customer care centre ("one stop" service)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "customer care centre"

    def __str__(self) -> str:
        return self.name


class AgentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def with_people(self):
        return self.select_related("user", "section", "team", "team__leader")

    def visible_to(self, user):
        """Agents a user may see: themselves; a team leader their teams; QA and admins all."""
        roles = user_roles(user)
        if roles & {Role.QA_OFFICER, Role.QA_MANAGER, Role.ADMINISTRATOR}:
            return self
        scope = models.Q(user=user)
        if Role.TEAM_LEADER in roles:
            scope |= models.Q(team__leader=user)
        return self.filter(scope)


class Agent(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agent_profile"
    )
    employee_number = models.CharField(max_length=20, unique=True)
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="agents")
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="agents"
    )
    active = models.BooleanField(default=True)

    objects = AgentQuerySet.as_manager()

    class Meta:
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.employee_number})"

    @property
    def full_name(self) -> str:
        return person_name(self.user)

    @property
    def team_leader(self):
        return self.team.leader if self.team_id else None
