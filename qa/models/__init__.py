from qa.models.autoscore import AutoAnswer, AutoScore
from qa.models.calls import Call, Recording, Transcript
from qa.models.scorecards import Criterion, CriterionGroup, Scorecard, ScorecardVersion

__all__ = [
    "AutoAnswer",
    "AutoScore",
    "Call",
    "Criterion",
    "CriterionGroup",
    "Recording",
    "Scorecard",
    "ScorecardVersion",
    "Transcript",
]
