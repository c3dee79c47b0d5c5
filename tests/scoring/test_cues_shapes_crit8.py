"""Shapes the sixth sealed set showed the rules missing for crit8, tried on wordings written for
these tests only (absent from the lexicon and from every labelled set):

- no_threats: regret voiced over a cut-off that has not happened ("it'd be sad if they had to
  switch you off") is a threat dressed as kindness; paying a little now sold as being passed
  over by the cut-off team ("then they skip you") misleads. Near misses must not fire: sorrow
  over an outage that happened, SA "shame" as sympathy, regret over a missed discount, a
  negated cut-off, "we won't skip you".
- professional_language: the problem declared hopeless for everyone ("there's nothing anybody
  can do about it") is dismissive; an offer "is there anything we can do" is not.
"""

from __future__ import annotations

import pytest

from scoring.detectors.cues import is_belittle, is_blame, is_third_party, is_threat
from tests.scoring.conftest import detect, in_any_sentence, make_call
from tests.scoring.test_cues_shapes_crit7 import IN_CLOSE, IN_OPEN, _promise_call

# --- no_threats: kindness over a cut-off, and a skip sold for a payment ------------------------


@pytest.mark.parametrize(
    "said",
    [
        "It'd be sad if they had to switch you off, hey, so close to the holidays.",
        "Mama, it would be a real shame if the house got disconnected while you're at work.",
        "Honestly it would be terrible if you were blacklisted over this.",
        "Pay even two hundred this morning, then the crew skips you on their list.",
    ],
)
def test_regret_over_a_cut_off_or_a_skip_for_a_payment_is_a_threat(said):
    assert in_any_sentence(is_threat, said)
    call = _promise_call(("C", "Money is tight this month."), ("A", said))
    assert detect("outbound.no_threats", call).answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "I'm sorry if the power went off while you were holding for me.",
        "It's a pity the supply went off last week, that was the substation.",
        "Shame, if your lights are off since Friday I'll log it for you right now.",
        "It would be a pity if you missed the settlement discount, it ends this month.",
        "It would be sad if you weren't cut off by mistake, I mean we checked.",
        "We won't skip you, the arrangement is on the system.",
    ],
)
def test_sorrow_sympathy_and_negated_cut_offs_are_no_threat(said):
    assert not in_any_sentence(is_threat, said)


def test_a_call_with_sympathy_for_an_outage_keeps_no_threats_yes():
    call = _promise_call(
        ("C", "Our power was off the whole weekend."),
        ("A", "Shame, I'm sorry if the power went off on you, that was the cable theft."),
    )
    assert detect("outbound.no_threats", call).answer == "yes"


# --- professional_language: the problem declared hopeless -----------------------------------

INBOUND_FAULT = ("C", "Our streetlight has been flickering for a month in Wattville.")


@pytest.mark.parametrize(
    "said",
    [
        "That line is ancient, it'll keep doing that. There's nothing anybody can do about it.",
        "Ja, those poles are old. Nothing one can really do there.",
    ],
)
def test_a_problem_declared_hopeless_is_dismissive(said):
    assert in_any_sentence(is_belittle, said)
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", said), IN_CLOSE)
    assert detect("inbound.professional_language", call).answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "Is there anything we can do to make it easier for you to get the reference?",
        "There's nothing we can't sort out, I'm logging it now.",
        "Nothing you need to do, the team will come by Thursday.",
    ],
)
def test_offers_and_reassurance_are_not_dismissive(said):
    assert not in_any_sentence(is_belittle, said)


# --- verify_identity: a name said before anything was asked --------------------------------

BILL_OPEN = ("A", "Good morning, City of Ekurhuleni, Pieter speaking, how can I help?")


def _identity(*middle) -> str:
    call = make_call(BILL_OPEN, *middle, IN_CLOSE)
    return detect("inbound.verify_identity", call).answer


@pytest.mark.parametrize(
    "opener",
    [
        "Morning Pieter, I'm phoning on behalf of the ward committee about a pensioner's bill.",
        "Hi, I am stuck at home with this water bill of R3 100, it can't be right.",
        "Hello, this is Refilwe from the Tembisa advice office, about a lady's rates account.",
    ],
)
def test_a_name_said_up_front_with_only_an_account_number_is_no_check(opener):
    answer = _identity(
        ("C", opener),
        ("A", "Sure. What's the account number?"),
        ("C", "4 4 1 0 2 9 8 7 3 3."),
        ("A", "Got it. The balance is R3 104.55 and the last payment was R500 in May."),
    )
    assert answer == "no"


def test_a_name_said_up_front_then_account_and_id_checked_is_verified():
    answer = _identity(
        ("C", "Hello Pieter, this is Gerhard Botha, I need my outstanding balance please."),
        ("A", "Of course Mr Botha. Your account number and your ID number, please?"),
        ("C", "Account 6 6 2 0 1 4 5 5 9 0, ID 7 1 0 3 0 3 5 0 8 8 0 8 1."),
        ("A", "Thank you. The balance is R2 870.10, due on the 15th."),
    )
    assert answer == "yes"


def test_a_name_given_when_asked_still_counts():
    answer = _identity(
        ("C", "Hi, I'd like my balance please."),
        ("A", "May I have your full name and the account number?"),
        ("C", "My name is Lindiwe Sithole, account 3 3 0 9 8 1 2 4 4 7."),
        ("A", "Thank you Ms Sithole. The balance is R1 240.00."),
    )
    assert answer == "yes"


# --- mono calls: the City's "we have been ..." is the agent's voice ----------------------------


def test_on_a_mono_call_the_citys_we_have_been_keeps_a_threat_with_the_agent():
    call = _promise_call(
        ("C", "I pay the current every month."),
        (
            "A",
            "Sure. We've been disconnecting a lot in Daveyton lately. It'd be a pity if the "
            "power got cut before the school holidays, hey.",
        ),
        mono=True,
    )
    assert detect("outbound.no_threats", call).answer == "no"


def test_on_a_mono_call_the_household_we_have_been_stays_the_callers_voice():
    call = _promise_call(
        (
            "C",
            "We've been struggling since the retrenchment. It would be a pity if they cut us "
            "off now.",
        ),
        ("A", "I understand, let's find an arrangement that suits you."),
        mono=True,
    )
    assert detect("outbound.no_threats", call).answer == "yes"


# --- professional_language: the caller sent away until they behave ---------------------------


@pytest.mark.parametrize(
    "said",
    [
        "Ma'am, phone us again when you're calmer, okay.",
        "If you're going to carry on like that, I'm ending the call.",
        "Look, I've got other customers too, you know.",
    ],
)
def test_sending_the_caller_away_until_they_behave_is_dismissive(said):
    assert in_any_sentence(is_belittle, said)
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", said), IN_CLOSE)
    assert detect("inbound.professional_language", call).answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "Please phone back when you have the meter number with you.",
        "Sorry for the long wait, there are many other callers in the queue tonight.",
        "The team will carry on with the repairs like they planned, by Friday.",
        "I'll keep working on it like this until it's sorted.",
    ],
)
def test_call_backs_queues_and_carrying_on_with_work_are_not_dismissive(said):
    assert not in_any_sentence(is_belittle, said)


# --- reference_number / capture_location: nothing logged now ----------------------------------

BIN_ASK = ("C", "Which day is refuse collected in Rynfield? Is it still on the public holiday?")
BIN_ANSWER = ("A", "Rynfield is on Tuesdays, and holidays usually still run, just later.")


@pytest.mark.parametrize(
    "said",
    [
        "Whenever the truck skips your street, give us a ring and we'll log it there and then.",
        "If nothing comes by Wednesday evening, phone us and we will log it as missed.",
        "You can lodge a complaint about the route on Siyakhokha as well.",
    ],
)
def test_a_log_for_a_case_that_may_arise_is_nothing_logged(said):
    call = make_call(IN_OPEN, BIN_ASK, BIN_ANSWER, ("A", said), IN_CLOSE)
    assert detect("inbound.reference_number", call).answer == "na"


@pytest.mark.parametrize(
    "said",
    [
        "Let me check if it's been logged already. No, so I'm logging it now.",
        "If you hold on a moment I'll log it for you right away.",
    ],
)
def test_a_log_made_now_still_needs_a_reference(said):
    call = make_call(IN_OPEN, BIN_ASK, BIN_ANSWER, ("A", said), IN_CLOSE)
    assert detect("inbound.reference_number", call).answer == "no"


BLOCKED = ("C", "Our lights are off since yesterday, the meter won't take my voucher in Duduza.")
BLOCK_EXPLAINED = (
    "A",
    "I see the account. The supply is restricted because of the arrears, it only lifts once "
    "an arrangement is made at the Duduza office.",
)


def test_a_supply_blocked_for_arrears_is_no_fault_to_locate_or_log():
    call = make_call(IN_OPEN, BLOCKED, BLOCK_EXPLAINED, IN_CLOSE)
    assert detect("inbound.capture_location", call).answer == "na"
    assert detect("inbound.reference_number", call).answer == "na"


def test_a_block_mentioned_beside_a_fault_that_is_logged_keeps_the_fault():
    call = make_call(
        IN_OPEN,
        BLOCKED,
        BLOCK_EXPLAINED,
        ("A", "The cable sparking at the pole is separate, I'm logging that as an emergency."),
        IN_CLOSE,
    )
    assert detect("inbound.capture_location", call).answer != "na"
    assert detect("inbound.reference_number", call).answer == "no"


# --- verify_identity: a name and number taken only for a fault job ---------------------------

LEAK = ("C", "There's water pouring from the pavement outside 22 Kiaat Street, Birch Acres.")
JOB_DETAILS = ("A", "Shame, that's a lot of water. Your name and account number for the job?")
GIVEN = ("C", "My name is Vusi Ndaba, account 7 7 0 1 2 3 9 8 4 5.")
LOGGED_JOB = ("A", "Thanks Mr Ndaba, it's logged for Water, your reference is 5 5 1 9 0 3 2.")


def test_a_name_and_number_taken_for_a_fault_job_with_the_account_unopened_is_na():
    call = make_call(IN_OPEN, LEAK, JOB_DETAILS, GIVEN, LOGGED_JOB, IN_CLOSE)
    assert detect("inbound.verify_identity", call).answer == "na"


def test_the_account_looked_at_after_the_check_stays_verified():
    looked = ("A", "Thank you. Pulling it up... right, I can see the meter was replaced in May.")
    call = make_call(IN_OPEN, LEAK, JOB_DETAILS, GIVEN, looked, LOGGED_JOB, IN_CLOSE)
    assert detect("inbound.verify_identity", call).answer == "yes"


# --- false alarms: a meter as a place, a condition mid-sentence, water going to waste --------


@pytest.mark.parametrize(
    "said",
    [
        "If the leak is behind the meter it is the owner's side, otherwise the City must fix it.",
        "Is the water coming from the neighbour's meter or from the main line?",
    ],
)
def test_a_meter_named_as_the_place_of_a_leak_is_no_threat(said):
    assert not in_any_sentence(is_threat, said)
    call = _promise_call(("C", "There's water at the gate."), ("A", said))
    assert detect("outbound.no_threats", call).answer == "yes"


def test_taking_the_meter_away_is_still_a_threat():
    said = "Pay before Monday or the crew will come and take away the meter from your wall."
    assert in_any_sentence(is_threat, said)


def test_a_condition_after_a_promise_in_one_unpunctuated_sentence_blames_nobody():
    said = (
        "ja sewage spills are urgent they should be there by tonight if they do not pitch "
        "phone us again with the reference"
    )
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", "Sorry about that."), ("A", said), IN_CLOSE)
    assert detect("inbound.professional_language", call).answer == "yes"


def test_a_verdict_outside_the_condition_still_blames():
    said = "those guys never pitch anyway if they do not come just phone again"
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", said), IN_CLOSE)
    assert detect("inbound.professional_language", call).answer == "no"


@pytest.mark.parametrize(
    "said, blamed",
    [
        ("Eish, so much water going to waste, and it's a mess in your yard, I'm sorry.", False),
        ("The waste guys are a mess, they never keep to the schedule.", True),
    ],
)
def test_water_going_to_waste_is_no_department(said, blamed):
    assert in_any_sentence(is_blame, said) is blamed


# --- right_party: the name said back confirms where it is said ------------------------------

RP_ASK = ("A", "Afternoon, Sello from the City of Ekurhuleni. May I speak to Ms Palesa Ndlovu?")
RP_CHECK = ("A", "Thank you. Please confirm the street address on the account for me.")
RP_ADDRESS = ("C", "44 Kwezi Street, Tsakane.")
RP_DEBT = ("A", "That matches. The account is in arrears by R3 220, it was due on the 5th.")
RP_LATER_YES = ("C", "Ja, it's been a difficult month for us.")


def _right_party(reply: str) -> str:
    call = make_call(RP_ASK, ("C", reply), RP_CHECK, RP_ADDRESS, RP_DEBT, RP_LATER_YES)
    return detect("outbound.right_party", call).answer


def test_the_name_asked_for_said_back_confirms_before_a_later_ja():
    assert _right_party("This is Palesa.") == "yes"


@pytest.mark.parametrize("reply", ["This is Palesa's sister.", "No, Palesa is not here."])
def test_a_relative_or_a_no_with_the_name_is_no_confirmation(reply):
    assert _right_party(reply) == "no"


# --- greeting: the customer's name in "am I speaking to ...?" is not the agent's -------------


def _outbound_greeting(opening_text: str) -> str:
    call = make_call(("A", opening_text), ("C", "Yes, speaking."), OUT_CLOSE_LINE)
    return detect("outbound.greeting", call).answer


OUT_CLOSE_LINE = ("A", "Thank you for your time, goodbye.")


def test_the_customers_name_in_the_question_is_not_the_agents():
    opening_text = "Good day, I'm phoning from the City of Ekurhuleni, am I speaking to Busisiwe?"
    assert _outbound_greeting(opening_text) == "no"


def test_the_agents_own_name_beside_the_question_still_counts():
    opening_text = (
        "Good day, Andile speaking from the City of Ekurhuleni, am I speaking to Busisiwe?"
    )
    assert _outbound_greeting(opening_text) == "yes"


# --- right party: the person asked for is out -----------------------------------------------


@pytest.mark.parametrize(
    "said, out",
    [
        ("Mrs Dube's not in, she went to the clinic. Can I take a message?", True),
        ("No, sir is not around today, he's on leave.", True),
        ("He's not in arrears any more, he paid on Friday.", False),
        ("I'm not in the office, I'm on my cell.", False),
    ],
)
def test_the_person_asked_for_being_out_is_someone_else_on_the_line(said, out):
    assert in_any_sentence(is_third_party, said) is out


def test_the_debt_told_to_whoever_answers_for_someone_out_leaves_the_rest_na():
    call = make_call(
        ("C", "Good morning, Kempton Tyres, Lindi speaking."),
        ("A", "Morning Lindi, it's Thabo from the City of Ekurhuleni. May I speak to Mr Botes?"),
        ("C", "Mr Botes is not in, he's at the bank. What's it about?"),
        ("A", "Just tell him the account is R8 400 in arrears, due on the 1st, he can pay by EFT."),
        ("C", "Okay, I'll tell him."),
        ("A", "Thank you, goodbye."),
    )
    assert detect("outbound.right_party", call).answer == "no"
    assert detect("outbound.amount_and_date", call).answer == "na"
    assert detect("outbound.payment_options", call).answer == "na"


# --- a person out of work is no fault ---------------------------------------------------------

INDIGENT_ASK = ("C", "How do I register as indigent? I'm not working since March.")
INDIGENT_ANSWER = (
    "A",
    "Bring your ID, and if you are not working an affidavit, to any customer care centre.",
)


def test_a_person_not_working_is_no_fault_to_locate_or_log():
    call = make_call(IN_OPEN, INDIGENT_ASK, INDIGENT_ANSWER, IN_CLOSE)
    assert detect("inbound.capture_location", call).answer == "na"
    assert detect("inbound.reference_number", call).answer == "na"


def test_streetlights_not_working_are_still_a_fault():
    call = make_call(
        IN_OPEN,
        ("C", "The streetlights are not working on Kerk Street."),
        INDIGENT_ANSWER,
        IN_CLOSE,
    )
    assert detect("inbound.reference_number", call).answer == "no"


# --- reference_number: a job the City already holds, or another metro's ----------------------

OUTAGE = ("C", "We have no water in Windmill Park since this morning.")


@pytest.mark.parametrize(
    "said",
    [
        "There's a valve replacement in Windmill Park, it's already on the system, so I won't "
        "log a new one. Water should be back by eight tonight.",
        "Ivory Park side falls under the City of Johannesburg, so their call centre on 0860 "
        "562 874 will take it.",
    ],
)
def test_a_job_already_held_or_another_metros_place_needs_no_reference(said):
    call = make_call(IN_OPEN, OUTAGE, ("A", "Sorry about that."), ("A", said), IN_CLOSE)
    assert detect("inbound.reference_number", call).answer == "na"


def test_an_outage_with_nothing_said_about_it_still_needs_a_reference():
    said = "Okay, the team will look at the system in Windmill Park by eight tonight."
    call = make_call(IN_OPEN, OUTAGE, ("A", "Sorry about that."), ("A", said), IN_CLOSE)
    assert detect("inbound.reference_number", call).answer == "no"


# --- payment_options: a way to pay offered, not the customer's own payment -------------------


def _options(said: str, *, mono: bool = False) -> str:
    call = make_call(
        ("A", "Morning, Ayanda from the City of Ekurhuleni. Am I speaking to Mr Zulu?"),
        ("C", "Yes, it's me."),
        ("A", "The account is R2 100 in arrears, due on the 7th."),
        ("C", "Hau."),
        ("A", said),
        ("A", "Thank you for your time, goodbye."),
        mono=mono,
    )
    return detect("outbound.payment_options", call).answer


def test_a_small_amount_at_the_post_office_is_a_way_to_pay():
    assert _options("You could pay a little bit each month at the post office, baba.") == "yes"


def test_on_a_mono_call_the_customers_own_debit_order_is_no_offer():
    assert (
        _options("Oh, I thought my debit order covered it, so when can you pay?", mono=True) == "no"
    )


# --- expectation: midnight and noon are times -------------------------------------------------


@pytest.mark.parametrize(
    "said, answer",
    [
        ("The crew is on site, they should have it restored before midnight.", "yes"),
        ("The crew is on site, they should have it restored.", "no"),
    ],
)
def test_midnight_or_noon_is_a_time_frame(said, answer):
    call = make_call(
        IN_OPEN,
        INBOUND_FAULT,
        ("A", "I've logged it, reference 4 4 1 8 2 0 6."),
        ("A", said),
        IN_CLOSE,
    )
    assert detect("inbound.expectation", call).answer == answer
