"""Coaching a team leader records after an evaluation, linked to the criteria that failed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.access import Role, user_roles


class CoachingQuerySet(models.QuerySet):
    def visible_to(self, user):
        roles = user_roles(user)
        if Role.QA_MANAGER in roles:
            return self
        scope = Q(pk__in=[])
        if Role.TEAM_LEADER in roles:
            scope |= Q(agent__team__leader=user) | Q(coach=user)
        if Role.AGENT in roles:
            scope |= Q(agent__user=user)
        return self.filter(scope)


class Coaching(models.Model):
    evaluation = models.ForeignKey(
        "qa.Evaluation", on_delete=models.PROTECT, related_name="coachings"
    )
    agent = models.ForeignKey("org.Agent", on_delete=models.PROTECT, related_name="coachings")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    coach_name = models.CharField(max_length=200)
    criteria = models.ManyToManyField("qa.Criterion", related_name="coachings")
    notes = models.TextField()
    follow_up_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects = CoachingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Coaching for {self.agent} on {self.created_at:%Y-%m-%d}"
