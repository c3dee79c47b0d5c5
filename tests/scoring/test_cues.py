"""The cues a phrase list misses, tried on wordings that are in no phrase list.

Every sentence below was written for these tests, and none is matched by the phrases the rule
detectors use for its criterion (``rude``/``blame``, ``threat``, ``third_party``/
``rp_not_reached``, ``promise_confirm`` in ``scoring.detectors.lexicon`` and ``sa_lexicon``; a few
share a word with the softer concepts only the learned models weigh, such as ``vague``): the
cues read the *shape* of what is said (a group plus a verdict, a consequence made urgent, a
relative of the account holder), so a new wording must still count, and a near-miss that only
shares words must not.
"""

from __future__ import annotations

import pytest

from scoring.calibrated import CRITICAL_YES_FLOOR, CriterionScorer, floored
from scoring.calibration import fit_platt
from scoring.detectors import analyse
from scoring.detectors.base import Detection
from scoring.detectors.cues import cue_features, cues
from scoring.features import call_features
from tests.scoring.conftest import detect, make_call

OPEN = ("A", "Good morning, City of Ekurhuleni, this is Zanele, how can I help you?")
OUT_OPEN = ("A", "Good afternoon, Zanele from the City of Ekurhuleni. May I speak to Mr Dube?")
CLOSE = ("A", "Thank you for calling the City of Ekurhuleni, goodbye.")


def _found(name: str, *turns, mono: bool = False) -> list[int]:
    return cues(analyse(make_call(*turns, mono=mono)))[name]


# --- blame without a rude word ------------------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "Honestly, the billing section upstairs messes up every second statement.",
        "Between us, those okes at the depot drag their feet with everything.",
        "Haai, lababantu be-stormwater, they never finish a job properly.",  # code-switching
        "It is not us, the contractor sat on this job for a month.",
    ],
)
def test_blaming_another_department_fails_professional_language(said):
    call = make_call(OPEN, ("C", "my drain is blocked"), ("A", said), CLOSE)
    found = detect("inbound.professional_language", call)
    assert found.answer == "no"
    assert said in [e.text for e in found.evidence]


@pytest.mark.parametrize(
    "said",
    [
        "The roads team will come out within seven working days, I'm sorry for the wait.",
        "It is not your fault at all, I understand the bill looks high.",
        "They will phone you before they come out tomorrow.",
    ],
)
def test_ordinary_talk_about_another_team_is_not_blame(said):
    call = make_call(OPEN, ("C", "my drain is blocked"), ("A", said), CLOSE)
    assert _found("blame", OPEN, ("C", "hello"), ("A", said)) == []
    assert detect("inbound.professional_language", call).answer == "yes"


def test_talking_down_to_the_caller_is_belittling():
    said = "Ma'am, had you opened your statement you'd have seen it. It's all written there."
    assert _found("belittle", OPEN, ("C", "why is my bill so high"), ("A", said)) == [2]


# --- threats and negation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "Pay before Thursday or I'm dispatching the disconnection crew to you personally.",
        "Between you and me, if nothing comes in by tonight the attorneys will take the house.",
        "We will phone you every morning at your office until it is settled.",
        "Sisi, ngikutshela njengomngane, the switch-off crew goes street by street tomorrow.",
    ],
)
def test_a_threat_in_unlisted_words_fails_no_threats(said):
    call = make_call(OUT_OPEN, ("C", "Speaking."), ("A", said), ("C", "ok"), CLOSE)
    assert detect("outbound.no_threats", call).answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "We will not disconnect you today, nobody is going to cut you off.",
        "If the account stays unpaid, credit control may restrict the supply after a final notice.",
    ],
)
def test_a_negated_or_factual_consequence_is_not_a_threat(said):
    call = make_call(OUT_OPEN, ("C", "Speaking."), ("A", said), ("C", "ok"), CLOSE)
    assert _found("threat", OUT_OPEN, ("C", "Speaking."), ("A", said)) == []
    assert detect("outbound.no_threats", call).answer == "yes"


# --- who is on the line -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "reply",
    [
        "No, he's at the clinic today, this is his granddaughter.",
        "Ke nna, his sister-in-law... no wait, I'm his niece, I look after the house.",
        "We are just lodging here, the landlord stays in Polokwane.",
        "Eish, she's away in the Eastern Cape, I'm her nephew.",
    ],
)
def test_a_relative_or_tenant_on_the_line_is_not_the_right_party(reply):
    call = make_call(
        OUT_OPEN,
        ("C", reply),
        ("A", "Okay, the account is in arrears by R4 200, please tell him to pay."),
        ("C", "I'll tell him."),
        CLOSE,
    )
    right = detect("outbound.right_party", call)
    assert right.answer == "no"
    assert "not the account holder" in right.note
    # the rest of the right-party criteria are not applicable
    assert detect("outbound.call_purpose", call).answer == "na"
    assert detect("outbound.amount_and_date", call).answer == "na"


def test_a_relative_who_is_told_nothing_keeps_right_party_yes():
    call = make_call(
        OUT_OPEN,
        ("C", "He's at work, I'm his daughter."),
        ("A", "No problem, please ask him to phone us back about a personal matter."),
        CLOSE,
    )
    assert detect("outbound.right_party", call).answer == "yes"


def test_an_authorised_person_is_the_right_party():
    call = make_call(
        OUT_OPEN,
        ("C", "He passed away. I'm his son, and I'm the executor of the estate."),
        ("A", "I'm sorry for your loss. Can you confirm the estate number?"),
        ("C", "Yes, 4411 of 2025."),
        ("A", "Thank you. The account is in arrears by R9 100, which was due on the 7th."),
        CLOSE,
    )
    assert detect("outbound.right_party", call).answer == "yes"


def test_a_bare_name_question_is_a_right_party_check():
    call = make_call(
        ("A", "Mrs Palesa Mokoena?"),
        ("C", "Yebo, it's me."),
        ("A", "Hi, Sipho from the City of Ekurhuleni. Your account is R2 300 in arrears."),
        CLOSE,
    )
    assert detect("outbound.right_party", call).answer == "yes"


# --- promises, due dates, time frames, locations ------------------------------------------------


@pytest.mark.parametrize(
    "promise",
    [
        "Let me see what's left after groceries, possibly something around payday.",
        "Ja, I'll organise a little bit whenever the stokvel pays out.",
    ],
)
def test_a_vague_promise_accepted_as_it_is_is_no_promise(promise):
    call = make_call(
        OUT_OPEN,
        ("C", "Yes, speaking."),
        ("A", "Your account is R3 000 in arrears, it was due on the 1st. When can you pay?"),
        ("C", promise),
        ("A", "Great, I'll make a note of that."),
        CLOSE,
    )
    assert detect("outbound.promise_to_pay", call).answer == "no"


def test_a_promise_read_back_with_amount_and_date_is_a_promise():
    call = make_call(
        OUT_OPEN,
        ("C", "Yes, speaking."),
        ("A", "Your account is R3 000 in arrears, it was due on the 1st. When can you pay?"),
        ("C", "Maybe R1 500 on the 25th."),
        ("A", "So I'm capturing R1 500 on the 25th of this month, is that right?"),
        ("C", "Yes."),
        CLOSE,
    )
    assert detect("outbound.promise_to_pay", call).answer == "yes"


def test_a_flat_refusal_makes_promise_to_pay_not_applicable():
    call = make_call(
        OUT_OPEN,
        ("C", "Yes."),
        ("A", "Your account is R3 000 in arrears, it was due on the 1st."),
        ("C", "I'm not paying for estimated readings, full stop."),
        CLOSE,
    )
    assert detect("outbound.promise_to_pay", call).answer == "na"


def test_an_amount_with_only_the_promised_date_has_no_due_date():
    call = make_call(
        OUT_OPEN,
        ("C", "Yes."),
        ("A", "There is R3 000 on your account."),
        ("C", "I can pay it on Friday the 14th."),
        ("A", "So R3 000 on Friday the 14th, noted."),
        CLOSE,
    )
    assert detect("outbound.amount_and_date", call).answer == "no"


def test_the_team_will_attend_is_not_a_time_frame():
    vague = _found("team_no_time", OPEN, ("C", "pipe burst"), ("A", "The plumbers will go out."))
    dated = _found(
        "team_no_time", OPEN, ("C", "pipe burst"), ("A", "The plumbers will go out by Tuesday.")
    )
    assert vague == [2]
    assert dated == []


def test_a_location_asked_for_but_never_read_back():
    turns = [OPEN, ("C", "streetlight out"), ("A", "Which road is it on?"), ("C", "Vos Street")]
    assert _found("location_ask", *turns) == [2]
    assert _found("location_confirm", *turns) == []
    turns.append(("A", "So 14 Vos Street, Primrose, is that correct?"))
    assert _found("location_confirm", *turns) == [4]


# --- features and the critical floor ------------------------------------------------------------


def test_cues_reach_the_learned_models_as_features():
    call = make_call(
        OPEN, ("C", "my drain"), ("A", "Those guys at the depot never pitch, it is not us.")
    )
    view = analyse(call)
    assert cue_features(view)["cue:blame"] == 1.0
    assert call_features(view)["cue:blame"] == 1.0


def _rule(answer: str, confidence: float) -> Detection:
    return Detection(answer=answer, confidence=confidence)


def test_a_critical_yes_the_rule_doubts_or_contradicts_is_always_a_question():
    doubt = _rule("yes", CRITICAL_YES_FLOOR - 0.05)
    assert floored("yes", 0.99, critical=True, rule=doubt)
    assert floored("yes", 0.99, critical=True, rule=_rule("no", 0.85))
    assert not floored("yes", 0.99, critical=True, rule=_rule("yes", 0.8))
    assert not floored("yes", 0.99, critical=False, rule=doubt)
    assert not floored("no", 0.99, critical=True, rule=doubt)
    scorer = CriterionScorer(
        scorecard="inbound", key="professional_language", critical=True, use="rule",
        platt=(1.0, 5.0), threshold=0.1,
    )  # fmt: skip
    shown = scorer.decide_many([{}, {}], [doubt, _rule("yes", 0.8)])
    assert [s for s, _, _ in shown] == ["check", "yes"]


def test_an_uncourteous_clean_call_gets_a_doubtful_yes():
    curt = make_call(
        ("A", "City of Ekurhuleni, Lindiwe."),
        ("C", "my streetlight is out"),
        ("A", "Logged. Reference 445566."),
        ("C", "when will they fix it"),
        ("A", "When they get there. Bye."),
    )
    found = detect("inbound.professional_language", curt)
    assert found.answer == "yes"
    assert found.confidence < CRITICAL_YES_FLOOR


def test_platt_never_turns_a_higher_raw_confidence_into_a_lower_one():
    raw = [0.9, 0.9, 0.9, 0.5, 0.5, 0.5, 0.9, 0.5]
    right = [False, False, True, True, True, True, False, True]
    slope, _ = fit_platt(raw, right)
    assert slope >= 0
