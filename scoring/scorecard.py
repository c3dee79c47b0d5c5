"""The scoring rule of standards.md section 3, in one place.

    score = 100 * sum(points of criteria answered yes) / sum(points of criteria not answered na)

rounded to one decimal (half up). Any critical criterion answered ``no`` makes the score 0.0 and
``critical_fail`` true. When every criterion is ``na`` there is nothing to score: the score is
``None`` and the evaluation neither passes nor fails on points. ``passed`` is
``score >= pass_mark and not critical_fail``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ANSWERS = ("yes", "no", "na")
DEFAULT_PASS_MARK = 80.0

FORMULA_TEXT = (
    "Score = points of criteria met (yes) / points of all criteria not marked N/A, "
    "as a percentage with one decimal. Any critical criterion not met makes the score 0.0. "
    "Pass when the score is at least the pass mark and no critical criterion failed."
)


@dataclass(frozen=True, slots=True)
class CriterionRule:
    key: str
    points: int
    critical: bool = False


@dataclass(frozen=True, slots=True)
class ScoreResult:
    score: float | None
    earned: int
    possible: int
    critical_fail: bool
    passed: bool
    failed_critical: tuple[str, ...] = ()

    @property
    def score_decimal(self) -> Decimal | None:
        """The score as the Decimal a one-decimal database column stores exactly.

        ``Decimal(72.7)`` from the float carries binary noise (72.7000000000000028...), which a
        ``DecimalField(decimal_places=1)`` rejects; going through the one-decimal text does not.
        """
        return score_decimal(self.score)


def score_decimal(score: float | Decimal | None) -> Decimal | None:
    """``score`` (as ``compute_score`` returns it) as an exact one-decimal Decimal, or None."""
    if score is None:
        return None
    return Decimal(str(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class ScoringError(ValueError):
    pass


def compute_score(
    criteria: Iterable[CriterionRule],
    answers: Mapping[str, str],
    pass_mark: float = DEFAULT_PASS_MARK,
) -> ScoreResult:
    """Score ``answers`` (criterion key -> yes/no/na) against ``criteria``.

    Every criterion must be answered; an unknown key or answer is an error, never ignored.
    """
    criteria = list(criteria)
    keys = {c.key for c in criteria}
    unknown = set(answers) - keys
    if unknown:
        raise ScoringError(f"answers for unknown criteria: {', '.join(sorted(unknown))}")
    earned = possible = 0
    failed_critical: list[str] = []
    for criterion in criteria:
        answer = answers.get(criterion.key)
        if answer not in ANSWERS:
            raise ScoringError(f"criterion {criterion.key!r} has no valid answer (got {answer!r})")
        if answer == "na":
            continue
        possible += criterion.points
        if answer == "yes":
            earned += criterion.points
        elif criterion.critical:
            failed_critical.append(criterion.key)
    critical_fail = bool(failed_critical)
    if critical_fail:
        score: float | None = 0.0
    elif possible == 0:
        score = None
    else:
        raw = Decimal(earned) * 100 / Decimal(possible)
        score = float(raw.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    passed = score is not None and not critical_fail and score >= pass_mark
    return ScoreResult(
        score=score,
        earned=earned,
        possible=possible,
        critical_fail=critical_fail,
        passed=passed,
        failed_critical=tuple(failed_critical),
    )
