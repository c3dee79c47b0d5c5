from qa.models.autoscore import AutoAnswer, AutoScore
from qa.models.calibration import CalibrationSession
from qa.models.coaching import Coaching
from qa.models.evaluations import Answer, Dispute, DisputeItem, Evaluation
from qa.models.sampling import Sample, SampleItem, SamplingPlan
from qa.models.scorecards import Criterion, CriterionGroup, Scorecard, ScorecardVersion

__all__ = [
    "Answer",
    "AutoAnswer",
    "AutoScore",
    "CalibrationSession",
    "Coaching",
    "Criterion",
    "CriterionGroup",
    "Dispute",
    "DisputeItem",
    "Evaluation",
    "Sample",
    "SampleItem",
    "SamplingPlan",
    "Scorecard",
    "ScorecardVersion",
]
