"""Sampling plans and the samples drawn from them (reproducible: the seed is stored)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class SamplingPlan(models.Model):
    class Period(models.TextChoices):
        WEEK = "week", "Week"
        MONTH = "month", "Month"

    class Mode(models.TextChoices):
        PER_AGENT = "per_agent", "N calls per agent"
        PERCENTAGE = "percentage", "Percentage of calls (with a minimum per agent)"

    name = models.CharField(max_length=200, unique=True)
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.WEEK)
    mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.PER_AGENT)
    calls_per_agent = models.PositiveIntegerField(default=4)
    percentage = models.DecimalField(max_digits=5, decimal_places=2, default=5)
    minimum_per_agent = models.PositiveIntegerField(default=2)
    sections = models.ManyToManyField(
        "org.Section",
        blank=True,
        related_name="sampling_plans",
        help_text="Sections whose calls are sampled; none means every section.",
    )
    # Risk pulls: reported separately from the random sample.
    risk_pulls = models.BooleanField(default=True)
    short_call_s = models.PositiveIntegerField("very short call (seconds)", default=30)
    long_call_s = models.PositiveIntegerField("very long call (seconds)", default=900)
    low_autoscore = models.PositiveIntegerField("low auto-score (below)", default=50)
    repeat_caller_calls = models.PositiveIntegerField(
        "repeat caller (calls in the period)", default=3
    )
    max_risk_per_agent = models.PositiveIntegerField(default=2)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percentage__gt=0, percentage__lte=100), name="plan_percentage_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Sample(models.Model):
    plan = models.ForeignKey(SamplingPlan, on_delete=models.PROTECT, related_name="samples")
    period_start = models.DateField()
    period_end = models.DateField(help_text="inclusive")
    seed = models.BigIntegerField()
    # The plan's settings when drawn, so the draw can be repeated after the plan changes.
    parameters = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    drawn_by_name = models.CharField(max_length=200)
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "period_start"], name="sample_one_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.period_start:%Y-%m-%d}"


class SampleItemQuerySet(models.QuerySet):
    def open(self):
        """Items whose evaluation is not submitted yet."""
        return self.filter(Q(evaluation__isnull=True) | Q(evaluation__state="draft"))

    def assigned_to(self, user):
        return self.filter(assigned_to=user)

    def queue_of(self, user):
        """The QA officer's queue: their open assigned items, in working order (risk pulls
        after the random sample, oldest call first), with what the queue page shows."""
        return (
            self.assigned_to(user)
            .open()
            .select_related("call__agent__user", "call__section", "sample__plan", "evaluation")
            .order_by("reason", "call__started_at", "pk")
        )


class SampleItem(models.Model):
    class Reason(models.TextChoices):
        RANDOM = "random", "Random sample"
        RISK = "risk", "Risk pull"

    sample = models.ForeignKey(Sample, on_delete=models.CASCADE, related_name="items")
    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="sample_items")
    reason = models.CharField(max_length=10, choices=Reason.choices)
    risk_reasons = models.JSONField(default=list, blank=True)
    stratum = models.CharField(max_length=120, blank=True)
    shift = models.CharField(max_length=20, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qa_assignments",
    )
    assigned_to_name = models.CharField(max_length=200, blank=True)

    objects = SampleItemQuerySet.as_manager()

    class Meta:
        ordering = ["sample", "reason", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sample", "call"], name="sample_item_unique_call"),
        ]
        indexes = [
            # The QA officer's queue: open items assigned to one officer.
            models.Index(fields=["assigned_to", "sample"], name="sample_item_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.call} ({self.get_reason_display()})"
