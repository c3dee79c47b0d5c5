"""Where auto-scoring meets the people who check it.

Human QA (qa) sits above autoscoring in the layers and must not be imported from here, yet
training learns from the answers QA officers confirmed, and the agreement dashboard compares
the suggestions with them. So qa registers, in its ``AppConfig.ready()``, the two reads::

    from autoscoring.hooks import agreement_answers, training_answers
    training_answers.register(qa.selectors.checked_answers.training_answers)
    agreement_answers.register(qa.selectors.checked_answers.agreement_answers)

Without a registered source (auto-scoring installed without human QA) there is nothing to learn
from and nothing to compare with: both read as an empty list. See docs/architecture.md, "Hooks".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CheckedAnswer:
    """An officer's final answer to one criterion of a submitted evaluation, with the machine's
    suggestion that was kept beside it."""

    call_id: int
    criterion_key: str
    answer: str  # the final answer (after any dispute): yes, no or na
    suggested: str  # the machine's suggestion ("" when it had none)
    submitted_on: date | None
    # A dispute changed the answer away from what the machine had suggested: the machine was
    # wrong in a way a person checked twice.
    corrected_against_machine: bool = False


class AnswersSource:
    """One function an app above registers to read checked answers of a scorecard version."""

    def __init__(self, name: str):
        self.name = name
        self.provider: Callable[..., list[CheckedAnswer]] | None = None

    def register(self, provider: Callable[..., list[CheckedAnswer]]) -> None:
        self.provider = provider

    def __call__(self, version, **options) -> list[CheckedAnswer]:
        return list(self.provider(version, **options)) if self.provider else []

    def __repr__(self) -> str:
        return f"<AnswersSource {self.name}: {self.provider!r}>"


# (version) -> answers fit to learn from: regular evaluations submitted and not under an open
# dispute, of calls whose transcript was not flagged.
training_answers = AnswersSource("training_answers")
# (version, since=date) -> answers of regular evaluations submitted on or after ``since`` that
# had a suggestion to agree or disagree with.
agreement_answers = AnswersSource("agreement_answers")
