"""Every score a scorecard can produce is stored exactly: evaluations, auto-scores, disputes."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from autoscoring.models import AutoScore
from autoscoring.services.suggestions import call_autoscore
from qa.models import Dispute, Evaluation
from scorecards.models import Scorecard
from scoring.scorecard import compute_score
from tests.autoscoring.factories import INBOUND_SEGMENTS, make_call

pytestmark = pytest.mark.django_db

SCORE_FIELDS = [
    AutoScore._meta.get_field("score"),
    Evaluation._meta.get_field("score"),
    Dispute._meta.get_field("score_before"),
    Dispute._meta.get_field("score_after"),
]


def _every_score(rules):
    """Every distinct score over all yes/no/na answer combinations of ``rules``."""
    scores = set()
    for answers in itertools.product(("yes", "no", "na"), repeat=len(rules)):
        result = compute_score(rules, {r.key: a for r, a in zip(rules, answers, strict=True)})
        scores.add(result.score_decimal)
    return scores


def test_every_score_of_the_default_scorecards_is_a_valid_stored_value(site_data):
    seen = set()
    for scorecard in Scorecard.objects.all():
        rules = list(scorecard.current_version().rules())
        scores = _every_score(rules)
        assert Decimal("72.7") in scores or Decimal("66.7") in scores or len(rules) < 12
        for score in scores - {None}:
            for field in SCORE_FIELDS:
                assert field.clean(score, None) == score
        seen |= scores
    assert Decimal("72.7") in seen and Decimal("66.7") in seen


def test_a_call_with_a_fractional_score_gets_its_suggestions_stored(site_data):
    # Drop the apology (empathy, 10 points) and the "anything else" question (5 points): 65 of
    # 80 applicable points, 81.3 -- a float the one-decimal column used to reject.
    segments = [dict(s) for s in INBOUND_SEGMENTS]
    segments[2]["text"] = "Is the street address 14 Mpho Street?"
    segments[5]["text"] = "Okay."
    call = make_call(segments=segments)
    auto = call_autoscore(call=call)
    assert auto is not None and auto.answers.count() == 12
    auto.refresh_from_db()
    assert auto.score == Decimal(
        str(
            compute_score(
                auto.version.rules(), {a.criterion_key: a.answer for a in auto.answers.all()}
            ).score
        )
    )
    assert auto.score.as_tuple().exponent == -1
    # Scoring again is recognised as the same suggestion, not rewritten.
    assert call_autoscore(call=call).pk == auto.pk
