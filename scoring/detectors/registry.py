"""The detector registry: which rule answers which criterion, keyed by detector key.

A criterion names its detector by key (``inbound.greeting``), so a new scorecard version reuses
detectors by naming them, and a criterion without a detector is left to humans.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .base import CallView, Detection

# Bump when any rule's behaviour changes: stored suggestions record the version that gave them.
RULES_VERSION = "rules-1"


@dataclass(frozen=True, slots=True)
class Detector:
    key: str
    description: str
    func: Callable[[CallView], Detection]
    version: str = RULES_VERSION

    def __call__(self, view: CallView) -> Detection:
        return self.func(view)


DETECTORS: dict[str, Detector] = {}


def detector(key: str, description: str) -> Callable[[Callable[[CallView], Detection]], Detector]:
    def register(func: Callable[[CallView], Detection]) -> Detector:
        if key in DETECTORS:
            raise ValueError(f"detector {key!r} is registered twice")
        found = Detector(key=key, description=description, func=func)
        DETECTORS[key] = found
        return found

    return register


def get_detector(key: str) -> Detector | None:
    return DETECTORS.get(key)
