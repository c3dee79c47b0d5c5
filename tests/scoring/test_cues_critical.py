"""Critical failures a confident ``yes`` used to hide: each kind first seen in the old sealed
sets (issue 11, second round), tried here on wordings written for these tests only and absent
from the lexicon: impatience and minimising as belittling, a habit pinned on another
department as blame, harassment spread over two sentences, arrears told to a tenant or
relative in words the balance phrases miss, and a reference promised for later (or a "number
if you have one") taken as a reference given.
"""

from __future__ import annotations

import pytest

from scoring.detectors import analyse
from scoring.detectors.cues import cues
from tests.scoring.conftest import detect, make_call

OPEN = ("A", "Good morning, City of Ekurhuleni, this is Zanele, how can I help you?")
OUT_OPEN = ("A", "Good afternoon, Zanele from the City of Ekurhuleni. May I speak to Mr Dube?")
CLOSE = ("A", "Thank you for calling the City of Ekurhuleni, goodbye.")


def _inbound(said: str):
    return make_call(OPEN, ("C", "the streetlight on my corner is out"), ("A", said), CLOSE)


@pytest.mark.parametrize(
    "said",
    [
        "Baba, I have explained it twice now, it is a streetlight, not your prepaid.",
        "Sir, I explained already that it is logged, please just listen.",
        "A streetlight we will get to when we get to it, sir.",
        "Sisi, it's not the end of the world, it is one light.",
    ],
)
def test_impatience_or_making_the_problem_small_fails_professional_language(said):
    found = detect("inbound.professional_language", _inbound(said))
    assert found.answer == "no"
    assert said in [e.text for e in found.evidence]


@pytest.mark.parametrize(
    "said",
    [
        "Between you and me, the electricity depot in Benoni does this every time, they just "
        "don't check their job cards.",
        "Shame, Revenue pulls this stunt all the time, they never read the meters.",
        "Ja, that contractor dropped the ball on your street again.",
    ],
)
def test_a_habit_or_failing_pinned_on_another_department_is_blame(said):
    found = detect("inbound.professional_language", _inbound(said))
    assert found.answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "I will log it now and the team attends every time within 48 hours.",
        "We get these calls all the time in winter, I'm sorry, I will log it now.",
        "They do not charge for a streetlight repair, and they come out every time it is logged.",
    ],
)
def test_ordinary_habit_talk_is_not_blame_or_belittling(said):
    call = _inbound(said)
    found = cues(analyse(call))
    assert found["blame"] == [] and found["belittle"] == []


def test_harassment_spread_over_two_sentences_fails_no_threats():
    said = (
        "Look, I say this kindly. We do have your boss's number from your application. "
        "It would be a pity if we had to ring them about this, so give me a date today."
    )
    call = make_call(OUT_OPEN, ("C", "Speaking."), ("A", said), ("C", "ok"), CLOSE)
    assert detect("outbound.no_threats", call).answer == "no"


def test_a_deduction_arranged_with_the_employer_is_not_harassment():
    said = (
        "One option is a salary deduction. We can contact your employer's payroll "
        "to set it up if you agree."
    )
    call = make_call(OUT_OPEN, ("C", "Speaking."), ("A", said), ("C", "ok"), CLOSE)
    assert cues(analyse(call))["harassment"] == []


@pytest.mark.parametrize(
    "told",
    [
        "Alright, just let her know the rates account is running behind, she should sort it "
        "out with us before the end of the month.",
        "Please pass on to him that his municipal account is overdue, he can phone us.",
    ],
)
def test_arrears_told_to_a_third_party_in_unlisted_words_fails_right_party(told):
    call = make_call(
        OUT_OPEN,
        ("C", "No, I'm her grandson, she is at the clinic."),
        ("A", told),
        ("C", "Okay I'll tell her."),
        CLOSE,
    )
    right = detect("outbound.right_party", call)
    assert right.answer == "no"
    assert "not the account holder" in right.note


def test_a_refusal_to_discuss_the_arrears_with_a_third_party_keeps_right_party_yes():
    call = make_call(
        OUT_OPEN,
        ("C", "No, I'm her grandson, she is at the clinic."),
        ("A", "I cannot discuss the balance with you, please ask her to phone us back."),
        CLOSE,
    )
    assert detect("outbound.right_party", call).answer == "yes"


def test_a_question_about_authority_is_no_claim_of_it_in_a_mono_call():
    call = make_call(
        ("A", "Morning, Thabo from the City of Ekurhuleni, am I speaking to Mr Dube?"),
        ("C", "No, we are renting the place, Mr Dube lives in Durban."),
        ("A", "Are you authorised to handle the account?"),
        ("C", "No, we only pay rent to him."),
        ("A", "Then please let him know his account is owing, he must phone us."),
        mono=True,
    )
    assert detect("outbound.right_party", call).answer == "no"


@pytest.mark.parametrize(
    "later",
    [
        "Done, it's captured. The system will text you the reference number on the number "
        "ending 7-3-2, and the electricians usually come within two days.",
        "It is logged, you'll receive an e-mail with the reference number, normally within 3 "
        "hours.",
    ],
)
def test_a_reference_promised_for_later_is_not_a_reference_given(later):
    call = make_call(
        OPEN,
        ("C", "the streetlight on my corner is out"),
        ("A", "Which street?"),
        ("C", "Kruger Street, Alberton."),
        ("A", later),
        CLOSE,
    )
    assert detect("inbound.reference_number", call).answer == "no"


def test_a_reference_read_out_beside_a_promised_sms_is_given():
    said = (
        "The tokens will be sent by SMS. Your reference number is four four one nine eight "
        "two, please keep it."
    )
    call = make_call(OPEN, ("C", "the streetlight on my corner is out"), ("A", said), CLOSE)
    assert detect("inbound.reference_number", call).answer == "yes"


def test_a_number_the_caller_may_have_is_not_a_reference_given():
    said = (
        "For the damage claim you'll need photos and an incident number if you have one. "
        "It's logged for the roads team."
    )
    call = make_call(OPEN, ("C", "a pothole broke my rim on Main Road"), ("A", said), CLOSE)
    assert detect("inbound.reference_number", call).answer == "no"
