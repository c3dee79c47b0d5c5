"""Calibration: several officers score the same call blind, then compare."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from core.access import Role, user_roles


class CalibrationSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        roles = user_roles(user)
        if Role.QA_MANAGER in roles:
            return self
        if Role.QA_OFFICER in roles:
            return self.filter(participants=user)
        return self.none()


class CalibrationSession(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open (blind scoring)"
        CLOSED = "closed", "Closed (results shown)"

    title = models.CharField(max_length=200)
    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="calibrations")
    version = models.ForeignKey(
        "qa.ScorecardVersion", on_delete=models.PROTECT, related_name="calibrations"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="calibration_sessions"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opened_by_name = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CalibrationSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
