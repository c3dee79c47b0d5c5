"""A critical ``yes`` needs a clean call (issue 11, the third sealed set's 12 confident wrong
passes). Polite blame, dismissiveness, pressure and promises beyond an agent's authority make
the rule's ``yes`` too unsure to be shown (a question for the QA officer); a third party later
in the call stops a right-party ``yes``; on a mono call a ``yes`` that rests on who spoke is
always a question. Wordings here were written for these tests, not taken from any labelled call
or the lexicon; each kind has near misses that must stay clean.
"""

from __future__ import annotations

import pytest

from scoring.calibrated import CRITICAL_YES_FLOOR, CriterionScorer, floored
from scoring.detectors import analyse
from scoring.detectors.doubt import doubts
from scoring.features import call_features
from tests.scoring.conftest import detect, make_call

OPEN = ("A", "Good morning, City of Ekurhuleni, this is Zanele, how can I help you?")
CLOSE = ("A", "Thank you for calling the City of Ekurhuleni, goodbye.")
OUT_OPEN = ("A", "Good afternoon, Zanele from the City of Ekurhuleni. Am I speaking to Mr Dube?")


def _inbound(said: str, reply: str = "Okay."):
    return make_call(
        OPEN,
        ("C", "I'm sorry to phone again, the sewer in our lane is overflowing since Tuesday."),
        ("A", "I'm sorry about that. " + said),
        ("C", reply),
        CLOSE,
    )


def _outbound(said: str, reply: str = "Okay."):
    return make_call(
        OUT_OPEN,
        ("C", "Yes, speaking."),
        ("A", "Thank you. Please confirm your ID number."),
        ("C", "7001015800081."),
        ("A", "Thank you, Mr Dube. Your account is R4 200 in arrears, due on the 7th."),
        ("C", "I know, money is tight."),
        ("A", said),
        ("C", reply),
        CLOSE,
    )


def _unsure_yes(found) -> bool:
    """The rule says yes but too unsurely for a critical yes to be shown."""
    return found.answer == "yes" and found.confidence < CRITICAL_YES_FLOOR


@pytest.mark.parametrize(
    "said",
    [
        # deflecting: another side's job, not ours
        "Look, it is not the call centre's doing, we did our part, the sewer crews are "
        "another story.",
        "Honestly, that is them at the Benoni works, the ball is in their court now.",
        # dismissing: the problem made small or hopeless
        "A blocked sewer is not urgent for us, you will just have to wait your turn like "
        "everyone else.",
        "There is not much you can do, logging it again will not change much, but fine.",
        # a colleague pinned with a failing
        "Whoever captured it last week typed the wrong suburb, that is why nobody came.",
    ],
)
def test_polite_blame_or_dismissal_makes_professional_language_a_question(said):
    found = detect("inbound.professional_language", _inbound(said))
    assert found.answer == "no" or _unsure_yes(found)
    assert found.answer == "no" or "not a clean call" in found.note


@pytest.mark.parametrize(
    "reply",
    [
        "So what is the point of me phoning you people then?",
        "Wow, thanks for nothing, that is just great.",
        "There's no need to be like that with me.",
    ],
)
def test_the_caller_rebuffing_the_agent_makes_professional_language_a_question(reply):
    found = detect("inbound.professional_language", _inbound("It's logged.", reply))
    assert _unsure_yes(found) or found.answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "Our side cannot log Eskom faults, here is their number, they will give you a reference.",
        "I will do what I can from my side and mark it urgent.",
        "I cannot say the exact hour, but the standby crew attends sewer blockages within a day.",
        "What can I do for you today? I see the earlier job, I will escalate it.",
        "They just need the stand number to find the manhole, which is it?",
    ],
)
def test_ordinary_service_talk_keeps_professional_language_clean(said):
    call = _inbound(said)
    found = detect("inbound.professional_language", call)
    assert (found.answer, found.confidence) == ("yes", 0.8)
    assert not any(doubts(analyse(call)).values())


@pytest.mark.parametrize(
    "said",
    [
        # a loss of property said as a plain fact, soon
        "With arrears like these the council can attach your furniture and sell it, and fast.",
        # a conditional ultimatum
        "If you do not pay something this afternoon, you can forget about that rebate.",
        # leverage
        "I'm telling you for your own good, settle it before it goes further.",
        # a promise beyond an agent's authority
        "Pay two hundred now and I promise the penalties get scrapped, nobody will touch "
        "your water.",
    ],
)
def test_pressure_or_promises_beyond_authority_make_no_threats_a_question(said):
    found = detect("outbound.no_threats", _outbound(said))
    assert found.answer == "no" or _unsure_yes(found)


def test_a_frightened_customer_makes_no_threats_a_question():
    call = _outbound("You can pay on Siyakhokha.", "Please, I can't lose my house over this.")
    assert _unsure_yes(detect("outbound.no_threats", call))


@pytest.mark.parametrize(
    "said",
    [
        "If the account stays unpaid, the credit control policy may lead to a restriction "
        "after a final notice.",
        "If you don't have the full amount, we can set up an arrangement over six months.",
        "I'll make sure the arrangement is captured today and you get an SMS.",
        "You can pay at any Shoprite, on Siyakhokha or by EFT.",
    ],
)
def test_factual_credit_control_and_options_keep_no_threats_clean(said):
    found = detect("outbound.no_threats", _outbound(said))
    assert (found.answer, found.confidence) == ("yes", 0.8)


@pytest.mark.parametrize(
    "who",
    [
        "Ja, he is my father, I'm only visiting from Polokwane.",
        "Eish, we sold the place in 2023, that's the new owners' account now.",
    ],
)
def test_someone_else_later_in_the_call_makes_right_party_a_question(who):
    call = make_call(
        OUT_OPEN,
        ("C", "Yes, Dube."),
        ("A", "Thank you. Your account is R4 200 in arrears, due on the 7th."),
        ("C", who),
        ("A", "Okay, please ask the account holder to phone us."),
        CLOSE,
    )
    found = detect("outbound.right_party", call)
    assert found.answer == "no" or _unsure_yes(found)


def test_an_authorised_relative_keeps_right_party():
    call = make_call(
        OUT_OPEN,
        ("C", "Yes, Dube."),
        ("A", "Thank you. Your account is R4 200 in arrears, due on the 7th."),
        ("C", "That's my father's house, but I handle the municipal account for him."),
        CLOSE,
    )
    assert detect("outbound.right_party", call).confidence >= CRITICAL_YES_FLOOR


def test_account_details_told_to_a_tenant_fail_verify_identity():
    call = make_call(
        OPEN,
        ("C", "Hi, I'm renting a flat in Kempton Park, I want to know what the landlord owes."),
        ("A", "What's the stand number and the owner's name?"),
        ("C", "Stand 4471, Mr Venter."),
        ("A", "Let me see. The account balance is R9 300, last payment was in June."),
        CLOSE,
    )
    found = detect("inbound.verify_identity", call)
    assert found.answer == "no" and "not the account holder" in found.note


RIGHT_PARTY_YES = (
    OUT_OPEN,
    ("C", "Yes, it's me."),
    ("A", "Thank you. Your account is R4 200 in arrears, due on the 7th."),
    ("C", "Okay, I will pay Friday."),
    CLOSE,
)


def _mono_right_party_yes():
    return make_call(*RIGHT_PARTY_YES, mono=True)


def test_a_mono_right_party_yes_rests_on_an_unknown_speaker():
    mono = detect("outbound.right_party", _mono_right_party_yes())
    assert mono.answer == "yes" and mono.speaker_unknown
    assert floored("yes", 0.99, critical=True, rule=mono)
    stereo = detect("outbound.right_party", make_call(*RIGHT_PARTY_YES))
    assert stereo.answer == "yes" and not stereo.speaker_unknown
    assert not floored("yes", 0.99, critical=True, rule=stereo)


def test_a_mono_right_party_yes_is_shown_as_check_even_at_full_confidence():
    view = analyse(_mono_right_party_yes())
    rule = detect("outbound.right_party", _mono_right_party_yes())
    scorer = CriterionScorer("outbound_collection", "right_party", True, "rule", (0.0, 9.0), 0.0)
    shown, given, confidence = scorer.decide_many([call_features(view)], [rule])[0]
    assert (shown, given) == ("check", "yes") and confidence > 0.99


def test_a_clean_mono_call_keeps_its_professional_language_yes():
    call = make_call(
        OPEN,
        ("C", "My bin was not collected on Monday, 12 Oak Street."),
        ("A", "I'm sorry about that. I have logged it, reference 5 5 1 2 0, within two days."),
        CLOSE,
        mono=True,
    )
    found = detect("inbound.professional_language", call)
    assert found.answer == "yes" and not found.speaker_unknown
    assert not floored("yes", 0.99, critical=True, rule=found)


def test_a_mono_reference_read_out_is_the_agents_words():
    call = make_call(
        OPEN,
        ("C", "My bin was not collected on Monday, 12 Oak Street."),
        ("A", "I have logged it, your reference number is 5 5 1 2 0."),
        CLOSE,
        mono=True,
    )
    found = detect("inbound.reference_number", call)
    assert found.answer == "yes" and not found.speaker_unknown
