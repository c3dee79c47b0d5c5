"""The detector registry: which rule answers which criterion, keyed by detector key.

A criterion names its detector by key (``inbound.greeting``), so a new scorecard version reuses
detectors by naming them, and a criterion without a detector is left to humans.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .base import CallView, Detection

# What the rules' answers depend on: the lexicon, the detectors and the silence measurement.
RULE_SOURCES = (
    *sorted(Path(__file__).parent.glob("*.py")),
    Path(__file__).parent.parent / "metrics.py",
)


def rules_version(sources: Iterable[Path] = RULE_SOURCES) -> str:
    """``rules-`` and the first 12 hex digits of a SHA-256 over the rule sources (names and
    bytes). Any edit to the lexicon or a detector gives a new version, so stored suggestions
    always name the exact rules that gave them; nobody has to remember to bump it."""
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return "rules-" + digest.hexdigest()[:12]


RULES_VERSION = rules_version()


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
