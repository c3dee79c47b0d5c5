"""Shapes the fourth sealed set (blind_sealed4) showed the detectors missing, tried on wordings
written for these tests only (absent from the lexicon and from every labelled set):

- a tenant who says they pay or handle the bill is no authorised person on the owner's account
  (a relative who handles the accounts, or a tenant with a power of attorney, still is), and a
  landlord who "rents the place out" is no third party;
- a lecture on what the caller ought to know, or the fault pinned on the caller, is belittling;
  the fault disowned for the City's side is a deflection (a question for the officer); "it's
  not your fault" is neither;
- the customer's neighbours or family watching a cut-off, or their embarrassment, used as
  pressure is harassment;
- the call's purpose needs the arrears said, not only "about your account";
- a read-back is the customer's promise, not the agent's condition or the debt's due date,
  and amounts spoken in words count.
"""

from __future__ import annotations

import pytest

from scoring.detectors import analyse
from scoring.detectors.cues import cues, is_formal_authority, is_tenant
from scoring.detectors.doubt import doubts
from scoring.detectors.text import normalise_words
from tests.scoring.conftest import detect, make_call

OPEN = ("A", "Good morning, City of Ekurhuleni, this is Zanele, how can I help you?")
CLOSE = ("A", "Thank you for calling the City of Ekurhuleni, goodbye.")
OUT_ASK = ("A", "Hello, Sizwe here from the City of Ekurhuleni accounts. Is that Mrs Mokoena?")
OUT_CLOSE = ("A", "Thank you for your time, goodbye.")


def _outbound(*middle, mono: bool = False):
    return make_call(OUT_ASK, *middle, OUT_CLOSE, mono=mono)


# --- right party: who is on the line, and what standing they claim ------------------------


@pytest.mark.parametrize(
    "tenant, claim",
    [
        (
            "No, I'm just the lodger in her back room, she moved to Polokwane.",
            "But I'm the one paying the water and lights bill, she told me to.",
        ),
        (
            "No sorry, we rent the cottage from her.",
            "We sort out the municipal bills ourselves, it's in our rent.",
        ),
    ],
)
def test_a_tenant_paying_the_bill_is_not_authorised_and_the_arrears_fail_right_party(tenant, claim):
    call = _outbound(
        ("C", tenant),
        ("A", "Oh, I see. Do you look after the account then?"),
        ("C", claim),
        ("A", "Right. The account is R3 870 in arrears, due on the 9th of last month."),
        ("C", "Oh no."),
    )
    found = detect("outbound.right_party", call)
    assert found.answer == "no"


def test_a_tenant_with_a_power_of_attorney_is_authorised():
    call = _outbound(
        ("C", "No, I'm renting her flat, but she gave me a power of attorney for the account."),
        ("A", "Thank you. The account is R3 870 in arrears, due on the 9th of last month."),
        ("C", "Okay."),
    )
    assert detect("outbound.right_party", call).answer == "yes"


def test_a_relative_who_runs_the_accounts_keeps_their_standing():
    call = _outbound(
        ("C", "She's at the clinic, I'm her nephew, I run all her bills and accounts."),
        ("A", "Thank you. The account is R3 870 in arrears, due on the 9th of last month."),
        ("C", "Okay."),
    )
    assert detect("outbound.right_party", call).answer == "yes"


@pytest.mark.parametrize(
    "said, tenant",
    [
        ("I'm renting the back room from him.", True),
        ("This is their lodger speaking.", True),
        ("Yes it's me, but I rent it out to students.", False),
        ("We are letting out the cottage since June.", False),
    ],
)
def test_tenancy_is_the_speaker_renting_in_not_a_landlord_letting_out(said, tenant):
    assert is_tenant(normalise_words(said)) is tenant


@pytest.mark.parametrize(
    "said, formal",
    [
        ("I hold a power of attorney for my aunt.", True),
        ("We are both on the account, my husband and I.", True),
        ("I pay the water bill every month.", False),
        ("Are you authorised on the account?", False),
    ],
)
def test_formal_authority_is_a_standing_on_the_account(said, formal):
    assert is_formal_authority(normalise_words(said)) is formal


def test_a_landlord_letting_the_house_out_is_the_right_party():
    call = _outbound(
        ("C", "Speaking. Although I let it out these days."),
        ("A", "Thank you. Can you confirm your ID number?"),
        ("C", "7 1 0 2 0 3 5 5 5 1 0 8 2."),
        ("A", "Thank you. The account is R3 870 in arrears, due on the 9th of last month."),
        ("C", "The people staying there must pay the bills, it's in the lease."),
    )
    found = cues(analyse(call))
    assert found["third_party"] == []
    assert detect("outbound.right_party", call).answer == "yes"


# --- professional language: talking down to the caller, disowning the fault --------------


def _inbound(said: str):
    return make_call(OPEN, ("C", "My drain at the back is backing up into the yard."), ("A", said))


@pytest.mark.parametrize(
    "said",
    [
        "Mama, people ought to know by now that wet wipes don't flush.",
        "Honestly sir, you must have learnt this from the last time it happened.",
        "Well that's your own fault for planting the tree on the pipe.",
    ],
)
def test_a_lecture_or_the_fault_pinned_on_the_caller_fails_professional_language(said):
    found = detect("inbound.professional_language", _inbound(said))
    assert found.answer == "no"
    assert said in [e.text for e in found.evidence]


def test_telling_the_caller_it_is_not_their_fault_is_courtesy():
    said = "I'm sorry ma'am, it's not your fault at all, I'll log it for Sanitation now."
    call = _inbound(said)
    found = cues(analyse(call))
    assert found["belittle"] == [] and found["blame"] == []
    assert doubts(analyse(call))["deflect"] == []


def test_the_fault_disowned_for_the_city_is_a_question_not_a_pass():
    said = "I'm sorry, but that's really not the depot's fault, I'll log it now for you."
    call = make_call(OPEN, ("C", "My drain is backing up."), ("A", said), CLOSE)
    assert doubts(analyse(call))["deflect"] == [2]
    found = detect("inbound.professional_language", call)
    assert found.answer == "yes" and found.confidence < 0.4  # floored to `check`


def test_a_fault_on_the_line_is_no_disowning():
    said = "There isn't a fault on our side of the meter, so I'm sending a technician to look."
    call = make_call(OPEN, ("C", "My lights are off."), ("A", said), CLOSE)
    assert doubts(analyse(call))["deflect"] == []


# --- no threats: shaming before the people around the customer ----------------------------


@pytest.mark.parametrize(
    "said",
    [
        "I'm telling you as a favour: the cut-off crew parks right outside and your whole "
        "congregation will see them at your gate. Think about it.",
        "People notice, hey. Your family visiting while the lights are disconnected, that's "
        "humiliating for anyone.",
    ],
)
def test_shaming_before_neighbours_or_family_fails_no_threats(said):
    call = _outbound(
        ("C", "Yes, speaking."),
        ("A", "The account is R5 200 in arrears, due on the 1st."),
        ("C", "I'll pay when I can."),
        ("A", said),
    )
    assert detect("outbound.no_threats", call).answer == "no"


def test_a_neighbour_mentioned_without_pressure_is_no_harassment():
    said = "If your neighbour is also without water, ask them to phone us too, we'll log it."
    call = _outbound(("C", "Yes, speaking."), ("A", said))
    assert cues(analyse(call))["harassment"] == []


# --- call purpose: the arrears said ---------------------------------------------------------


def _purpose_call(said: str):
    return _outbound(
        ("C", "Yes, that's me."),
        ("A", "Can you confirm your ID number, please?"),
        ("C", "8 0 0 1 0 1 5 0 0 0 0 8 8."),
        ("A", said),
        ("C", "Okay."),
    )


def test_a_call_about_the_account_without_its_arrears_is_no_purpose():
    said = "I'm phoning regarding your rates account, there's R1 950 on it for the 14th."
    found = detect("outbound.call_purpose", _purpose_call(said))
    assert found.answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "I'm phoning regarding your rates account, it's R1 950 overdue since the 14th.",
        "I'm phoning regarding your rates account, payments have fallen behind by R1 950.",
    ],
)
def test_a_call_about_the_account_in_arrears_is_a_purpose(said):
    assert detect("outbound.call_purpose", _purpose_call(said)).answer == "yes"


# --- promise to pay: a read-back is the customer's promise --------------------------------


def test_a_condition_with_amount_and_date_is_no_read_back():
    call = _outbound(
        ("C", "Yes, speaking."),
        ("A", "So unless R6 400 reaches us by Thursday, the matter goes further."),
        ("C", "I'll come to the office on Monday."),
        ("A", "Alright, see you Monday."),
    )
    assert cues(analyse(call))["readback"] == []
    assert detect("outbound.promise_to_pay", call).answer != "yes"


def test_a_read_back_spoken_in_words_counts():
    call = _outbound(
        ("C", "Yes, speaking."),
        ("A", "The account is R6 400 in arrears, due on the 2nd."),
        ("C", "I can do three thousand on Friday and the rest next month."),
        ("A", "Noted: three thousand two hundred rand this Friday the 12th, then the rest."),
    )
    assert cues(analyse(call))["readback"] == [4]
    assert detect("outbound.promise_to_pay", call).answer == "yes"


# --- verify identity: the account held by the caller's relative -------------------------


@pytest.mark.parametrize(
    "said, third",
    [
        ("The account is in my granny's name, Mavis Khoza.", True),
        ("It's my late uncle's account, we still stay there.", True),
        ("My husband and I are both on it.", False),
        ("I always pay my account on time.", False),
    ],
)
def test_an_account_held_by_a_relative_is_a_third_party(said, third):
    from scoring.detectors.cues import is_third_party

    assert is_third_party(normalise_words(said)) is third


def test_arrears_told_to_the_holders_relative_fail_verify_identity():
    call = make_call(
        OPEN,
        ("C", "Our lights were cut today, 14 Nala Street, Tembisa."),
        ("A", "Let me look. Do you have the account number?"),
        ("C", "Yes, 6 6 1 0 2 2 4 5 9 1. It's in my granny's name, Mavis Khoza."),
        ("A", "Okay. It was disconnected for non-payment, there's R4 310 outstanding."),
        ("C", "Hau, okay."),
        CLOSE,
    )
    assert detect("inbound.verify_identity", call).answer == "no"
