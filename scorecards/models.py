"""Scorecards, their versions, criterion groups and criteria.

The tables keep the names they had when these models lived in qa (``db_table``), so moving
them to this app moved no data (scorecards 0001). Audit events written before the move carry
the old labels, listed in ``audit_former_labels``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from scoring.scorecard import CriterionRule


class ScorecardQuerySet(models.QuerySet):
    def for_call(self, call):
        """The scorecard that applies to a call: one listing the call's section, preferring one
        whose direction matches; None when no scorecard applies."""
        candidates = self.filter(sections=call.section_id) if call.section_id else self.none()
        match = candidates.filter(direction=call.direction).first()
        return match or candidates.first()


class Scorecard(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    sections = models.ManyToManyField("org.Section", blank=True, related_name="scorecards")
    direction = models.CharField(
        max_length=10, choices=[("inbound", "Inbound"), ("outbound", "Outbound")], default="inbound"
    )

    objects = ScorecardQuerySet.as_manager()
    audit_former_labels = ("qa.scorecard",)

    class Meta:
        db_table = "qa_scorecard"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def current_version(self):
        return (
            self.versions.filter(status=ScorecardVersion.Status.PUBLISHED)
            .order_by("-number")
            .first()
        )


class ScorecardVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    scorecard = models.ForeignKey(Scorecard, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    pass_mark = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=80,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The score (0 to 100) a call needs to pass",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    change_note = models.TextField(blank=True, help_text="What changed from the previous version")

    audit_former_labels = ("qa.scorecardversion",)

    class Meta:
        db_table = "qa_scorecardversion"
        ordering = ["scorecard", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "number"], name="scorecard_version_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scorecard.slug} v{self.number}"

    @property
    def is_editable(self) -> bool:
        """Only a draft may change; a published or retired version is frozen (the service
        refuses, and so does a database trigger)."""
        return self.status == self.Status.DRAFT

    def rules(self) -> list[CriterionRule]:
        return [
            CriterionRule(key=c.key, points=c.points, critical=c.critical)
            for c in self.criteria.order_by("order", "id")
        ]


class CriterionGroup(models.Model):
    version = models.ForeignKey(ScorecardVersion, on_delete=models.CASCADE, related_name="groups")
    title = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "qa_criteriongroup"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    class AnswerType(models.TextChoices):
        YES_NO_NA = "yes_no_na", "Yes / No / N/A"

    version = models.ForeignKey(ScorecardVersion, on_delete=models.CASCADE, related_name="criteria")
    group = models.ForeignKey(
        CriterionGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="criteria"
    )
    key = models.SlugField(max_length=60)
    text = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    points = models.PositiveIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="A whole number from 1 to 100",
    )
    critical = models.BooleanField(default=False)
    na_when = models.CharField("N/A when", max_length=300, blank=True)
    answer_type = models.CharField(
        max_length=20, choices=AnswerType.choices, default=AnswerType.YES_NO_NA
    )
    detector_key = models.CharField(max_length=80, blank=True)
    order = models.PositiveIntegerField(default=0)

    audit_former_labels = ("qa.criterion",)

    class Meta:
        db_table = "qa_criterion"
        verbose_name_plural = "criteria"
        ordering = ["version", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="criterion_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.text}"
