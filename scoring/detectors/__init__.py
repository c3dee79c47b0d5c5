"""Rule detectors: one per criterion of the default scorecards, keyed by detector key.

view = analyse(transcript)            # normalise + match once
DETECTORS["inbound.greeting"](view)   # -> Detection(answer, confidence, source, evidence)
"""

from . import inbound, outbound  # noqa: F401  (registers the detectors)
from .base import CallView, Detection, Evidence, analyse, get_lexicon
from .registry import DETECTORS, RULES_VERSION, Detector, detector, get_detector

__all__ = [
    "DETECTORS",
    "RULES_VERSION",
    "CallView",
    "Detection",
    "Detector",
    "Evidence",
    "analyse",
    "detector",
    "get_detector",
    "get_lexicon",
]
