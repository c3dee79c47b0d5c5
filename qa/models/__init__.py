from qa.models.calls import Call, CallMetrics, Recording, Transcript
from qa.models.scorecards import Criterion, CriterionGroup, Scorecard, ScorecardVersion

__all__ = [
    "Call",
    "CallMetrics",
    "Criterion",
    "CriterionGroup",
    "Recording",
    "Scorecard",
    "ScorecardVersion",
    "Transcript",
]
