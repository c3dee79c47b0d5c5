"""Auto-score suggestions: what the machine answered for a call, per scorecard version.

Kept apart from human answers: an evaluation copies a suggestion beside the officer's answer
(``qa.Answer.suggested_answer``), and these rows stay as the machine gave them. One
``AutoScore`` per call and scorecard version; re-scoring replaces its answers (the engine
version records which rules or models gave them).

The models moved here from qa (``autoscoring/migrations/0001``, state only): the tables keep
their ``qa_`` names.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from calls.models import Call


class AutoAnswerValue(models.TextChoices):
    UNANSWERED = "", "Left to the QA officer"
    YES = "yes", "Yes"
    NO = "no", "No"
    NA = "na", "N/A"


class AutoScoreQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Suggestions of the calls ``user`` may see (the call's own scoping)."""
        return self.filter(call__in=Call.objects.visible_to(user))

    def with_related(self):
        return self.select_related("call", "version__scorecard")

    def for_call(self, call):
        return self.filter(call=call).with_related().order_by("-version__number")


class AutoScore(models.Model):
    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="autoscores")
    version = models.ForeignKey(
        "scorecards.ScorecardVersion", on_delete=models.PROTECT, related_name="autoscores"
    )
    engine = models.CharField(
        max_length=200, help_text="Rules version, plus the model versions used, if any."
    )
    score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    earned = models.PositiveIntegerField(default=0)
    possible = models.PositiveIntegerField(default=0)
    critical_fail = models.BooleanField(default=False)
    passed = models.BooleanField(default=False)
    complete = models.BooleanField(
        default=True, help_text="False when some criteria have no detector and await a person."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AutoScoreQuerySet.as_manager()

    class Meta:
        db_table = "qa_autoscore"
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "version"], name="autoscore_one_per_version"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="autoscore_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Auto-score of call {self.call_id} on {self.version}"


class AutoAnswerQuerySet(models.QuerySet):
    def answered(self):
        return self.exclude(answer=AutoAnswerValue.UNANSWERED)


class AutoAnswer(models.Model):
    class Source(models.TextChoices):
        RULE = "rule", "Rule"
        METRIC = "metric", "Speech metric"
        MODEL = "model", "Learned model"
        HUMAN = "human", "Left to a person"

    auto_score = models.ForeignKey(AutoScore, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(
        "scorecards.Criterion", on_delete=models.PROTECT, related_name="auto_answers"
    )
    criterion_key = models.SlugField(max_length=60)
    answer = models.CharField(max_length=5, choices=AutoAnswerValue.choices, blank=True)
    confidence = models.FloatField(default=0.0)
    source = models.CharField(max_length=10, choices=Source.choices)
    evidence = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=300, blank=True)
    detector_key = models.CharField(max_length=80, blank=True)
    engine_version = models.CharField(max_length=80, blank=True)

    objects = AutoAnswerQuerySet.as_manager()

    class Meta:
        db_table = "qa_autoanswer"
        ordering = ["criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["auto_score", "criterion"], name="autoanswer_one_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(answer__in=["", "yes", "no", "na"]), name="autoanswer_value_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1),
                name="autoanswer_confidence_range",
            ),
            models.CheckConstraint(
                condition=Q(answer="", source="human") | (~Q(answer="") & ~Q(source="human")),
                name="autoanswer_human_iff_unanswered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_key}: {self.answer or '-'} ({self.source})"
