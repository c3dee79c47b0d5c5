from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models


class Source(models.TextChoices):
    """Where an escalated complaint comes from (standards.md section 5)."""

    CITY_MANAGER = "city_manager", "City Manager's Office"
    SPEAKER = "speaker", "Office of the Speaker"
    EXECUTIVE_MAYOR = "executive_mayor", "Office of the Executive Mayor"
    COUNCILLOR = "councillor", "Councillor"
    HEAD_OF_DEPARTMENT = "head_of_department", "Head of Department / Division Head"
    PRESIDENTIAL_HOTLINE = "presidential_hotline", "Presidential Hotline"
    PROVINCIAL_HOTLINE = "provincial_hotline", "Provincial Hotline"
    SOCIAL_MEDIA = "social_media", "Social media"
    EMAIL = "email", "E-mail"
    WALK_IN = "walk_in", "Walk-in"
    OTHER = "other", "Other"


class PolicyQuerySet(models.QuerySet):
    def in_force(self, source: str, on: dt.date) -> ServiceLevelPolicy:
        """The policy version for ``source`` in force on ``on`` (latest effective date <= on)."""
        policy = (
            self.filter(source=source, effective_from__lte=on).order_by("-effective_from").first()
        )
        if policy is None:
            raise ServiceLevelPolicy.DoesNotExist(
                f"No service level for source {source!r} in force on {on:%Y-%m-%d}."
            )
        return policy


class ServiceLevelPolicy(models.Model):
    """Acknowledge and final-response days for one source, from an effective date.

    A change is a new row with a later ``effective_from``: a case keeps the version in force when
    it was received, so a policy change never rewrites an old case's deadlines.
    """

    source = models.CharField(max_length=30, choices=Source.choices)
    acknowledge_days = models.PositiveSmallIntegerField()
    response_days = models.PositiveSmallIntegerField("final response days")
    effective_from = models.DateField()
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["source", "-effective_from"]
        verbose_name = "service-level policy"
        verbose_name_plural = "service-level policies"
        constraints = [
            models.UniqueConstraint(
                fields=["source", "effective_from"], name="inv_policy_one_version_per_date"
            ),
            models.CheckConstraint(
                condition=models.Q(acknowledge_days__gte=1)
                & models.Q(response_days__gte=models.F("acknowledge_days")),
                name="inv_policy_days_sensible",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_source_display()}: acknowledge {self.acknowledge_days}, "
            f"respond {self.response_days} working days (from {self.effective_from:%Y-%m-%d})"
        )
