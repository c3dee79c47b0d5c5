"""The scorer: detector keys pick the rule, unanswered criteria, scoring, section 4 output."""

from __future__ import annotations

import json

from scoring.autoscore import AutoCriterion, autoscore, autoscore_many
from scoring.default_scorecards import INBOUND
from tests.scoring.conftest import make_call

GOOD = make_call(
    ("A", "Good morning, City of Ekurhuleni, Thabo speaking, how can I help?"),
    ("C", "There's no water in Tembisa."),
    ("A", "I'm sorry to hear that. What's the street address?"),
    ("C", "14 Mpho Street."),
    (
        "A",
        "I've logged it, your reference number is 4 4 7 1 9. A team will be out within 24 hours.",
    ),
    ("A", "Is there anything else I can help with?"),
    ("C", "No."),
    ("A", "Thank you for calling the City, goodbye."),
)


def test_output_has_every_field_of_standards_section_4():
    data = json.loads(json.dumps(autoscore(GOOD, INBOUND).to_dict()))
    assert {"criteria", "score", "critical_fail", "passed"} <= set(data)
    assert [c["key"] for c in data["criteria"]] == [c.key for c in INBOUND]
    for item in data["criteria"]:
        assert item["answer"] in ("yes", "no", "na")
        assert 0 <= item["confidence"] <= 1
        assert item["source"] in ("rule", "metric", "model")
        for e in item["evidence"]:
            assert set(e) == {"segment_index", "start", "end", "text"}
    assert data["score"] == 100.0 and data["passed"] and not data["critical_fail"]


def test_a_critical_no_fails_the_call_whatever_else_was_met():
    rude = make_call(*[(("A" if s.speaker == "agent" else "C"), s.text) for s in GOOD.segments],
                     ("A", "Honestly those guys are useless."))  # fmt: skip
    result = autoscore(rude, INBOUND)
    assert result.critical_fail and result.score == 0.0 and not result.passed
    assert result.failed_critical == ("professional_language",)


def test_a_criterion_without_a_detector_is_left_to_humans_and_out_of_the_score():
    criteria = [
        AutoCriterion("greeting", 5, False, "inbound.greeting"),
        AutoCriterion("tone", 50, False, ""),
        AutoCriterion("new_rule", 10, False, "inbound.no_such_detector"),
    ]
    result = autoscore(GOOD, criteria)
    by_key = result.by_key()
    assert by_key["tone"].answer is None and by_key["tone"].source == "human"
    assert by_key["new_rule"].answer is None
    assert result.unanswered == ("tone", "new_rule") and not result.complete
    assert (result.earned, result.possible, result.score) == (5, 5, 100.0)


def test_batch_scoring_gives_the_same_answers():
    one = autoscore(GOOD, INBOUND).answers()
    assert [r.answers() for r in autoscore_many([GOOD, GOOD], INBOUND)] == [one, one]
