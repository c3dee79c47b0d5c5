"""Property-based tests of the scoring rule (scoring.scorecard.compute_score, standards.md 3),
as evaluations use it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.scorecard import CriterionRule, compute_score

criteria_lists = st.lists(
    st.builds(
        CriterionRule,
        key=st.text("abcdefgh", min_size=1, max_size=6),
        points=st.integers(0, 30),
        critical=st.booleans(),
    ),
    min_size=1,
    max_size=15,
    unique_by=lambda c: c.key,
)


@st.composite
def scored(draw):
    criteria = draw(criteria_lists)
    answers = {c.key: draw(st.sampled_from(["yes", "no", "na"])) for c in criteria}
    return criteria, answers


@settings(deadline=None)  # the shared CI machine is slow at times; the rule is not
@given(scored(), st.floats(0, 100))
def test_score_is_the_share_of_points_met_or_zero_on_a_critical_no(case, pass_mark):
    criteria, answers = case
    result = compute_score(criteria, answers, pass_mark=pass_mark)
    critical_no = any(c.critical and answers[c.key] == "no" for c in criteria)
    possible = sum(c.points for c in criteria if answers[c.key] != "na")
    earned = sum(c.points for c in criteria if answers[c.key] == "yes")
    assert result.critical_fail == critical_no
    assert (result.earned, result.possible) == (earned, possible)
    if critical_no:
        assert result.score == 0.0 and not result.passed
    elif possible == 0:
        assert result.score is None and not result.passed
    else:
        assert abs(result.score - 100 * earned / possible) <= 0.05 + 1e-9
        assert result.score == round(result.score, 1)
        assert result.passed == (result.score >= pass_mark)


@settings(deadline=None)  # the shared CI machine is slow at times; the rule is not
@given(scored())
def test_na_answers_leave_the_denominator(case):
    criteria, answers = case
    result = compute_score(criteria, answers)
    extra = CriterionRule(key="zzzzzzz", points=17, critical=True)
    with_na = compute_score([*criteria, extra], {**answers, "zzzzzzz": "na"})
    assert with_na == result


@settings(deadline=None)  # the shared CI machine is slow at times; the rule is not
@given(scored())
def test_turning_a_no_into_yes_never_lowers_the_score(case):
    criteria, answers = case
    before = compute_score(criteria, answers)
    for c in criteria:
        if answers[c.key] == "no":
            after = compute_score(criteria, {**answers, c.key: "yes"})
            if before.score is not None and after.score is not None:
                assert after.score >= before.score


def test_hand_computed_cases():
    rules = [CriterionRule("a", 5), CriterionRule("b", 15, True), CriterionRule("c", 10)]
    assert compute_score(rules, {"a": "yes", "b": "yes", "c": "no"}).score == 66.7
    assert compute_score(rules, {"a": "yes", "b": "na", "c": "no"}).score == 33.3
    assert compute_score(rules, {"a": "yes", "b": "no", "c": "yes"}).score == 0.0
    assert compute_score(rules, {"a": "na", "b": "na", "c": "na"}).score is None
