from qa.models.calibration import CalibrationSession
from qa.models.coaching import Coaching
from qa.models.evaluations import Answer, Dispute, DisputeItem, Evaluation
from qa.models.sampling import Sample, SampleItem, SamplingPlan

__all__ = [
    "Answer",
    "CalibrationSession",
    "Coaching",
    "Dispute",
    "DisputeItem",
    "Evaluation",
    "Sample",
    "SampleItem",
    "SamplingPlan",
]
