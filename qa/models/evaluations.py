"""Evaluations: one person's scoring of one call against one exact scorecard version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.access import Role, user_roles


class EvaluationQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "call", "version__scorecard", "agent__user", "agent__team", "agent__section"
        )

    def submitted(self):
        return self.exclude(state=Evaluation.State.DRAFT)

    def counted(self):
        """Evaluations that count in agent results: submitted, not calibration exercises."""
        return self.submitted().filter(kind=Evaluation.Kind.REGULAR)

    def visible_to(self, user):
        """What ``user`` may see: agents their own submitted evaluations; team leaders their
        teams' submitted evaluations; QA officers the ones they scored or that sit on calls
        assigned to them; QA managers all. Anyone else sees nothing (a guessed URL is a 404)."""
        roles = user_roles(user)
        if Role.QA_MANAGER in roles:
            return self
        scope = Q(pk__in=[])
        shared = Q(kind=Evaluation.Kind.REGULAR) & ~Q(state=Evaluation.State.DRAFT)
        if Role.QA_OFFICER in roles:
            scope |= Q(evaluator=user) | Q(sample_item__assigned_to=user)
        if Role.TEAM_LEADER in roles:
            scope |= shared & Q(agent__team__leader=user)
        if Role.AGENT in roles:
            scope |= shared & Q(agent__user=user)
        return self.filter(scope)


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        REGULAR = "regular", "Regular"
        CALIBRATION = "calibration", "Calibration"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        DISPUTED = "disputed", "Disputed"
        RESOLVED = "resolved", "Dispute resolved"

    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="evaluations")
    version = models.ForeignKey(
        "scorecards.ScorecardVersion", on_delete=models.PROTECT, related_name="evaluations"
    )
    agent = models.ForeignKey(
        "org.Agent", on_delete=models.PROTECT, null=True, blank=True, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="qa_evaluations",
    )
    evaluator_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REGULAR)
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    sample_item = models.OneToOneField(
        "qa.SampleItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation",
    )
    calibration_session = models.ForeignKey(
        "qa.CalibrationSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    comment = models.TextField("overall comment", blank=True)
    score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    earned = models.PositiveIntegerField(default=0)
    possible = models.PositiveIntegerField(default=0)
    critical_fail = models.BooleanField(default=False)
    passed = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The local (Africa/Johannesburg) day of submission: reports bucket by it without per-row
    # time-zone conversion.
    submitted_on = models.DateField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False),
                name="evaluation_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="evaluation_score_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind="calibration") | Q(calibration_session__isnull=False),
                name="evaluation_calibration_has_session",
            ),
            # One evaluation per officer per calibration session.
            models.UniqueConstraint(
                fields=["calibration_session", "evaluator"],
                condition=Q(calibration_session__isnull=False),
                name="evaluation_one_per_calibrator",
            ),
        ]
        indexes = [
            # Reports: counted evaluations of an agent in a period.
            models.Index(fields=["kind", "state", "submitted_at"], name="eval_report_idx"),
            models.Index(fields=["agent", "submitted_at"], name="eval_agent_period_idx"),
            # Reports: the trend groups counted evaluations by day.
            models.Index(fields=["submitted_on", "kind", "state"], name="eval_trend_idx"),
        ]

    def __str__(self) -> str:
        return f"Evaluation {self.pk} of call {self.call_id}"

    @property
    def is_submitted(self) -> bool:
        return self.state != self.State.DRAFT


class Answer(models.Model):
    class Value(models.TextChoices):
        UNANSWERED = "", "Not answered"
        YES = "yes", "Yes"
        NO = "no", "No"
        NA = "na", "N/A"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(
        "scorecards.Criterion", on_delete=models.PROTECT, related_name="answers"
    )
    answer = models.CharField(max_length=5, choices=Value.choices, blank=True)
    comment = models.TextField(blank=True)
    # Transcript segment indexes the evaluator picked as evidence.
    evidence = models.JSONField(default=list, blank=True)
    # What the auto-scorer suggested, kept beside the human answer (standards.md section 4).
    suggested_answer = models.CharField(max_length=5, choices=Value.choices, blank=True)
    suggestion_source = models.CharField(max_length=20, blank=True)
    suggestion_confidence = models.FloatField(null=True, blank=True)
    suggestion_evidence = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "criterion"], name="answer_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=["", "yes", "no", "na"]), name="answer_value_valid"
            ),
        ]
        indexes = [
            # Reports, "criteria failed most": the few no/na answers per criterion, covered.
            models.Index(fields=["answer", "criterion", "evaluation"], name="answer_outcome_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.key}: {self.answer or '-'}"

    @property
    def overrides_suggestion(self) -> bool:
        return bool(self.suggested_answer) and self.answer != self.suggested_answer


class DisputeQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=Dispute.State.OPEN)

    def visible_to(self, user):
        return self.filter(evaluation__in=Evaluation.objects.visible_to(user))


class Dispute(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    evaluation = models.OneToOneField(Evaluation, on_delete=models.PROTECT, related_name="dispute")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    raised_by_name = models.CharField(max_length=200)
    raised_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_by_name = models.CharField(max_length=200, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    score_before = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    score_after = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"Dispute of evaluation {self.evaluation_id}"


class DisputeItem(models.Model):
    class Decision(models.TextChoices):
        PENDING = "", "Pending"
        UPHELD = "upheld", "Upheld (answer stands)"
        CHANGED = "changed", "Changed"

    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="items")
    answer = models.ForeignKey(Answer, on_delete=models.PROTECT, related_name="dispute_items")
    reason = models.TextField()
    original_answer = models.CharField(max_length=5)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    new_answer = models.CharField(max_length=5, blank=True)
    resolution_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["answer__criterion__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["dispute", "answer"], name="dispute_item_unique"),
        ]

    def __str__(self) -> str:
        return f"Dispute item {self.pk}"

    @property
    def original_answer_words(self) -> str:
        return Answer.Value(self.original_answer).label

    @property
    def new_answer_words(self) -> str:
        return Answer.Value(self.new_answer).label if self.new_answer else ""
