"""CSV/XLSX export of evaluations and answers (django-import-export)."""

from __future__ import annotations

from import_export import fields, resources

from core.exports import SafeExportMixin
from qa.models import Answer, Evaluation


class EvaluationResource(SafeExportMixin, resources.ModelResource):
    agent = fields.Field(attribute="agent__user__username", column_name="agent")
    agent_name = fields.Field(column_name="agent_name")
    team = fields.Field(attribute="agent__team__name", column_name="team")
    section = fields.Field(attribute="agent__section__name", column_name="section")
    scorecard = fields.Field(attribute="version__scorecard__slug", column_name="scorecard")
    scorecard_version = fields.Field(attribute="version__number", column_name="scorecard_version")

    class Meta:
        model = Evaluation
        fields = (
            "id",
            "call",
            "agent",
            "agent_name",
            "team",
            "section",
            "scorecard",
            "scorecard_version",
            "evaluator_name",
            "kind",
            "state",
            "score",
            "earned",
            "possible",
            "critical_fail",
            "passed",
            "submitted_at",
            "acknowledged_at",
        )
        export_order = fields

    def dehydrate_agent_name(self, evaluation):
        return evaluation.agent.full_name if evaluation.agent else ""


class AnswerResource(SafeExportMixin, resources.ModelResource):
    evaluation = fields.Field(attribute="evaluation_id", column_name="evaluation")
    criterion = fields.Field(attribute="criterion__key", column_name="criterion")
    points = fields.Field(attribute="criterion__points", column_name="points")
    critical = fields.Field(attribute="criterion__critical", column_name="critical")

    class Meta:
        model = Answer
        fields = (
            "evaluation",
            "criterion",
            "points",
            "critical",
            "answer",
            "comment",
            "evidence",
            "suggested_answer",
            "suggestion_source",
            "suggestion_confidence",
        )
        export_order = fields
