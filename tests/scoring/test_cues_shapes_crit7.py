"""Shapes the labelled sets showed the rules missing for crit7, tried on wordings written for
these tests only (absent from the lexicon and from every labelled set):

- promise_to_pay: the agent saying back the sum the *customer* offered, with a day, is a
  read-back whatever words wrap it; weekday and date words of the official languages are days;
  a confirming word in another sentence of the same turn, or in the call's other languages,
  confirms; the customer agreeing in those languages confirms a sum and day read out to them;
  a condition said after the sum and day is no obstacle. Near misses must not fire: the debt
  and its due date after an identity "confirm", a bigger sum demanded, a reference number read
  out as digits, a condition that governs the sum.
"""

from __future__ import annotations

import pytest

from scoring.detectors.promise import agrees, sums
from scoring.detectors.text import normalise_words
from tests.scoring.conftest import detect, make_call

OUT_OPEN = ("A", "Afternoon, Lerato speaking from the City of Ekurhuleni revenue. Mr Dlamini?")
OUT_YES = ("C", "Yes, it's him.")
OUT_ID = ("A", "Thanks. For security, please confirm your ID number.")
OUT_ID_GIVEN = ("C", "Seven two zero four one one five.")
DEBT = (
    "A",
    "Thank you. I'm phoning about the account, it is in arrears by R4 380 and that was due on "
    "the 12th.",
)
OPTIONS = ("A", "You can settle it at Easypay, by EFT or we set up an arrangement.")
OUT_CLOSE = ("A", "Thanks for your time sir, goodbye.")


def _promise_call(*middle, mono: bool = False):
    return make_call(
        OUT_OPEN, OUT_YES, OUT_ID, OUT_ID_GIVEN, DEBT, OPTIONS, *middle, OUT_CLOSE, mono=mono
    )


def _promise(*middle, mono: bool = False) -> str:
    return detect("outbound.promise_to_pay", _promise_call(*middle, mono=mono)).answer


# --- the sums said ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("I can manage six hundred and seventy five", 675),
        ("so that's nineteen fifty then", 1950),
        ("maybe three fifty", 350),
        ("R2 240 on the ninth", 2240),
        ("ek kan sewe honderd betaal", 700),
    ],
)
def test_sums_read_figures_and_number_words(text, value):
    assert value in sums(normalise_words(text))


@pytest.mark.parametrize(
    "text",
    ["the reference is q b four four one zero two", "call me on the twenty first", "five rand"],
)
def test_digits_read_out_days_and_small_figures_are_no_sum(text):
    assert not sums(normalise_words(text))


@pytest.mark.parametrize("text", ["Ke a dumela.", "Ja, reg so.", "Ewe.", "ina ku lungile"])
def test_agreement_in_the_official_languages(text):
    assert agrees(normalise_words(text))


@pytest.mark.parametrize("text", ["No, I'm not agreeing to that.", "Nee, ek kan nie."])
def test_a_no_is_not_agreement(text):
    assert not agrees(normalise_words(text))


# --- promise_to_pay: read-backs the rules now see -------------------------------------------


@pytest.mark.parametrize(
    "offer, readback",
    [
        (
            "Eish. I can do six hundred and seventy five, the salary comes on the 25th.",
            "Okay, six hundred and seventy five on the 25th then.",
        ),
        (
            "Maybe nineteen fifty when I get paid on Thursday.",
            "Alright, that's the R1 950 you mentioned, this coming Thursday.",
        ),
    ],
)
def test_the_customers_own_sum_said_back_with_a_day_is_a_read_back(offer, readback):
    assert _promise(("C", offer), ("A", readback)) == "yes"


def test_a_confirming_word_in_the_next_sentence_of_the_turn_confirms():
    answer = _promise(
        ("C", "I'll put in R900 on Friday the 19th."),
        ("A", "Right, R900 this Friday the 19th. I've written that down on the system."),
    )
    assert answer == "yes"


@pytest.mark.parametrize(
    "offer, readback, agreed",
    [
        (
            "Nka lefa one thousand ka Labobedi.",
            "Ho lokile, R1 000 ka Labobedi, is that right?",
            "Ke a dumela.",
        ),
        (
            "Ek kan R650 betaal.",
            "Dan bevestig ek: R650 op die 2de van volgende maand.",
            "Ja, reg so.",
        ),
        (
            "Ngizokhokha.",
            "Kulungile baba, R1 200 ngoLwesibili, uyavuma?",
            "Ewe.",
        ),
    ],
)
def test_read_backs_and_agreement_in_the_official_languages(offer, readback, agreed):
    assert _promise(("C", offer), ("A", readback), ("C", agreed)) == "yes"


def test_a_condition_after_the_sum_and_day_is_no_obstacle():
    answer = _promise(
        ("C", "Fine, I'll pay eight fifty on the 28th."),
        (
            "A",
            "so eight hundred and fifty rand on the twenty eighth im putting it down but if it "
            "doesnt reflect the account goes to credit control",
        ),
    )
    assert answer == "yes"


def test_a_mono_read_back_of_the_offered_sum_counts():
    answer = _promise(
        ("C", "i can pay four hundred and twenty on the seventh"),
        ("A", "okay four hundred and twenty rand on the seventh of next month"),
        mono=True,
    )
    assert answer == "yes"


# --- promise_to_pay: near misses that must stay "no" ---------------------------------------


def test_an_identity_confirm_then_the_debt_and_due_date_is_no_read_back():
    answer = _promise(
        ("C", "Ja, I'll sort it out, maybe month end."),
        ("A", "Okay, month end. How much are you going to be paying?"),
        ("C", "We'll see what's left."),
    )
    assert answer == "no"


def test_a_day_alone_repeated_is_no_read_back():
    assert _promise(("C", "Uh, Tuesday?"), ("A", "Okay, Tuesday. Bye now.")) == "no"


def test_a_bigger_sum_demanded_after_the_offer_is_no_read_back():
    answer = _promise(
        ("C", "I can only do R300 on Friday."),
        ("A", "R300 is not enough sir, you must pay R2 000 by Friday."),
    )
    assert answer == "no"


def test_a_condition_that_governs_the_sum_is_no_read_back():
    answer = _promise(
        ("C", "I'm not sure when."),
        ("A", "If we don't receive the R4 380 by Monday the 16th, the supply gets restricted."),
        ("C", "Yes, I hear you."),
    )
    assert answer == "no"


def test_a_reference_read_out_with_a_day_is_no_read_back():
    answer = _promise(
        ("C", "The meter's wrong, I'm not paying a cent."),
        (
            "A",
            "I've logged a billing query, the reference is k l six six two zero four, noted "
            "on the account, an inspector comes on the 3rd.",
        ),
    )
    assert answer != "yes"


# --- amount_and_date: the due date said as a deadline ----------------------------------------

ASK = ("A", "Hi, it's Vuyo with the City of Ekurhuleni collections. Is that Ms Radebe?")
YES = ("C", "Yebo, speaking.")


@pytest.mark.parametrize(
    "debt",
    [
        "Okay. While I've got you, there's R3 410 sitting on the account, we'd need it in "
        "before the 18th.",
        "Right, the account shows four thousand two hundred rand, kindly clear it by Tuesday.",
        "Daar is R1 980 op die rekening, betaalbaar op die 9de.",
    ],
)
def test_a_sum_with_a_deadline_is_amount_and_due_date(debt):
    call = make_call(ASK, YES, ("A", debt), ("C", "Okay."), OUT_CLOSE)
    assert detect("outbound.amount_and_date", call).answer == "yes"


def test_the_customers_promise_read_back_is_no_due_date():
    call = make_call(
        ASK,
        YES,
        ("A", "There's R3 410 on the account."),
        ("C", "I'll pay R1 000 on the 30th."),
        ("A", "So R1 000 by the 30th, noted."),
        OUT_CLOSE,
    )
    assert detect("outbound.amount_and_date", call).answer == "no"


def test_a_sum_and_a_day_that_is_no_deadline_is_no_due_date():
    call = make_call(
        ASK,
        YES,
        ("A", "There's R3 410 on the account, I called you on Monday about it."),
        ("C", "Okay."),
        OUT_CLOSE,
    )
    assert detect("outbound.amount_and_date", call).answer == "no"


# --- right party not reached: the person is unknown at the number, or has died -------------


@pytest.mark.parametrize(
    "reply, follow",
    [
        ("Sorry? There's no Sipho at this house.", "Nope, I've had this number since 2019."),
        ("Hayi, there's no Themba here.", "I really don't know anybody with that surname."),
        ("Ag, my husband passed away last winter.", "What is it regarding?"),
    ],
)
def test_the_person_not_at_the_number_is_not_reached(reply, follow):
    call = make_call(
        (
            "A",
            "Good day, Palesa from the City of Ekurhuleni revenue, may I speak to Mr Sipho Zwane?",
        ),
        ("C", reply),
        ("A", "Oh, I apologise. Is this 083 440 1187?"),
        ("C", follow),
        ("A", "I'll update our records, sorry for the trouble. Thank you, goodbye."),
    )
    assert detect("outbound.call_purpose", call).answer == "na"
    assert detect("outbound.payment_options", call).answer == "na"


def test_a_bereaved_account_holder_who_confirmed_is_still_reached():
    call = make_call(
        ("A", "Good day, Palesa from the City of Ekurhuleni revenue, am I speaking to Mrs Zwane?"),
        ("C", "Yes, that's me."),
        ("A", "Mrs Zwane, I'm calling about the account, it is in arrears by R2 300."),
        ("C", "My husband passed away in March, it has been hard."),
        ("A", "I'm sorry for your loss. You can pay at Easypay or we can arrange instalments."),
        OUT_CLOSE,
    )
    assert detect("outbound.payment_options", call).answer == "yes"


# --- the agent's own name in an opening --------------------------------------------------------

INBOUND_FAULT = ("C", "Hi, the streetlights on our road have been dark for a week.")


@pytest.mark.parametrize(
    "opening",
    [
        "Good day, City of Ekurhuleni, you speak to Mpumi, how can I help?",
        "Morning, Ekurhuleni call centre, Bongiwe on the line. What can I do for you?",
        "Dumela, City of Ekurhuleni. Ke nna Refilwe. Ke ka o thusa jwang?",
    ],
)
def test_the_agents_name_in_south_african_frames(opening):
    call = make_call(("A", opening), INBOUND_FAULT, ("A", "Thank you, goodbye."))
    assert detect("inbound.agent_name", call).answer == "yes"


@pytest.mark.parametrize(
    "opening",
    [
        "Goeiemiddag meneer, dis Pieter van die Stad Ekurhuleni. Praat ek met mnr Botha?",
        "Dumela ntate, ke Lebogang, ke letsetsa ho tswa City of Ekurhuleni. Ke kopa ho bua le "
        "ntate Mokoena.",
        "Hello, Nkosinathi, City of Ekurhuleni. Is this Mr Botha?",
        "Goeie more, my naam is Elmarie, ek bel van die Stad Ekurhuleni. Is dit mnr Botha?",
    ],
)
def test_outbound_greeting_with_the_name_in_afrikaans_sesotho_or_bare(opening):
    call = make_call(("A", opening), ("C", "Ja."), OUT_CLOSE)
    assert detect("outbound.greeting", call).answer == "yes"


@pytest.mark.parametrize(
    "opening",
    [
        "Goeiemiddag, dis die Stad Ekurhuleni. Praat ek met mnr Botha?",
        "Dumela ntate, ke kopa ho bua le ntate Mokoena, City of Ekurhuleni.",
        "Hello, City of Ekurhuleni. Is this Mr Botha?",
    ],
)
def test_no_agent_name_in_those_frames_is_still_missing(opening):
    call = make_call(("A", opening), ("C", "Ja."), OUT_CLOSE)
    assert detect("outbound.greeting", call).answer == "no"


def test_on_a_mono_call_the_agents_own_name_is_no_caller_name_for_verification():
    call = make_call(
        ("A", "good morning city of ekurhuleni you speak to lindiwe how may i help"),
        ("C", "my account balance looks wrong this month"),
        ("A", "okay can i have your id number"),
        ("C", "eight one zero two zero three five five five one zero eight three"),
        ("A", "thank you your balance is r 1450 it is the new tariff"),
        ("C", "ok thanks"),
        mono=True,
    )
    # an ID number alone, with no name of the account holder, is not verification
    assert detect("inbound.verify_identity", call).answer != "yes"


# --- professional_language: blame with no rude word --------------------------------------------

IN_OPEN = ("A", "Good morning, City of Ekurhuleni, Zodwa speaking, how can I help?")
IN_CLOSE = ("A", "Thank you for calling, have a good day.")


@pytest.mark.parametrize(
    "blame",
    [
        "I see it now. The roads depot gets these and they just sit there for weeks.",
        "Honestly ma'am, our consultants rush through the calls, that's why it got lost.",
        "We did our bit, with the sanitation guys the ball is in their court now.",
        "The agent before me logged it wrong, they don't read properly.",
    ],
)
def test_blame_on_colleagues_without_a_rude_word_fails(blame):
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", blame), IN_CLOSE)
    assert detect("inbound.professional_language", call).answer == "no"


@pytest.mark.parametrize(
    "fine",
    [
        "I'm sorry, I'm in a bit of a rush to get this logged for you before the shift change.",
        "The team will sit there with you until the light is working again.",
        "I logged it under the wrong street earlier, my apologies, I've corrected it now.",
        "Please read the reference back to me so I know you have it.",
    ],
)
def test_near_misses_of_blame_stay_professional(fine):
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", fine), ("A", "I'm sorry about that."), IN_CLOSE)
    assert detect("inbound.professional_language", call).answer == "yes"


# --- hold_etiquette: asking and thanking in the call's other languages ------------------------


def _hold_call(ask: str, back: str):
    return make_call(
        IN_OPEN,
        INBOUND_FAULT,
        ("A", ask),
        ("C", "Okay."),
        ("A", back, 45.0),  # back after 45 seconds of silence: a hold
        ("C", "Alright."),
        IN_CLOSE,
    )


@pytest.mark.parametrize(
    "ask, back",
    [
        (
            "Ngicela ukukubamba isikhashana, ngibheke i-system.",
            "Siyabonga ngokubekezela, baba. The job is there already.",
        ),
        (
            "Kan ek jou vir 'n oomblik op hou plaas terwyl ek kyk?",
            "Dankie vir jou geduld, meneer. Die werk is oop.",
        ),
        (
            "This might take a couple of minutes, are you fine to hold?",
            "Ke a leboha ka ho leta, mme. I found the job.",
        ),
    ],
)
def test_a_hold_asked_and_thanked_in_the_official_languages(ask, back):
    assert detect("inbound.hold_etiquette", _hold_call(ask, back)).answer == "yes"


@pytest.mark.parametrize(
    "ask, back",
    [
        ("Ngicela ukukubamba isikhashana.", "Okay baba, the job is there already."),
        ("One second.", "Ngiyabonga. The job is there already."),
    ],
)
def test_a_hold_not_thanked_for_the_wait_is_still_a_miss(ask, back):
    assert detect("inbound.hold_etiquette", _hold_call(ask, back)).answer == "no"


# --- inbound greeting: a full formal opening with no greeting word -------------------------------


def test_city_name_and_offer_of_help_make_a_greeting():
    call = make_call(
        ("A", "Ekurhuleni customer care, Lwazi speaking, what can I do for you?"),
        INBOUND_FAULT,
        IN_CLOSE,
    )
    assert detect("inbound.greeting", call).answer == "yes"


@pytest.mark.parametrize(
    "opening",
    [
        "Ekurhuleni customer care, Lwazi.",  # curt: no offer of help
        "Customer care, what can I do for you?",  # no agent name
        "Lwazi speaking, what can I do for you?",  # no City
    ],
)
def test_part_of_a_formal_opening_is_no_greeting(opening):
    call = make_call(("A", opening), INBOUND_FAULT, IN_CLOSE)
    assert detect("inbound.greeting", call).answer == "no"


# --- reference_number: a code read out without the "reference number is" frame ----------------

LOGGED = ("A", "Right, I'm logging that now for Water and Sanitation.")


@pytest.mark.parametrize(
    "given",
    [
        "Die verwysingsnommer is KW 6630 2291, het u 'n pen?",
        "The job card for that is 7 7 1 0 4 2 9.",
        "Okay, it's captured. The number is RD 5512 0837.",
        "Nomoro ya referense ke P T six six one, four zero nine.",
    ],
)
def test_a_code_read_out_after_logging_is_a_reference(given):
    call = make_call(IN_OPEN, INBOUND_FAULT, LOGGED, ("A", given), IN_CLOSE)
    assert detect("inbound.reference_number", call).answer == "yes"


def test_a_code_in_the_turn_after_the_agent_names_the_reference():
    call = make_call(
        IN_OPEN,
        INBOUND_FAULT,
        ("A", "It's in. Your reference, do you have something to write with?"),
        ("C", "Hang on. Yes."),
        ("A", "It's S L, 4 0 9 9 2 1 7."),
        IN_CLOSE,
    )
    assert detect("inbound.reference_number", call).answer == "yes"


@pytest.mark.parametrize(
    "said",
    [
        "If nobody comes, phone the depot on 011 999 0421, the number is 0119990421.",
        "I can see your account number is 5500 1234 99 on the system.",
        "The team will be there within 48 hours, the query is with them.",
        "The number is 0832 217 114, is that still your cell?",
    ],
)
def test_numbers_that_are_no_reference_after_logging(said):
    call = make_call(IN_OPEN, INBOUND_FAULT, LOGGED, ("A", said), IN_CLOSE)
    assert detect("inbound.reference_number", call).answer == "no"


def test_the_callers_own_number_read_back_is_no_reference():
    call = make_call(
        IN_OPEN,
        INBOUND_FAULT,
        ("A", "What's a number to reach you?"),
        ("C", "Seven two four four one nine nine."),
        LOGGED,
        ("A", "Okay, the number is 7 2 4 4 1 9 9, noted."),
        IN_CLOSE,
    )
    assert detect("inbound.reference_number", call).answer == "no"


# --- no_threats / professional_language: false alarms that are no threat or blame -------------


@pytest.mark.parametrize(
    "said",
    [
        "I'll log a meter query now, a meter reader will come out within ten working days.",
        "Finance will get the meter tested, you'll get an SMS with the query number.",
        "Would paying it off over six months suit you better?",
        "I'll note that he has passed on, so we don't keep phoning this number.",
    ],
)
def test_meter_queries_and_plain_courtesy_are_no_threat(said):
    call = _promise_call(("C", "The bill is wrong."), ("A", said))
    assert detect("outbound.no_threats", call).answer == "yes"


@pytest.mark.parametrize(
    "said",
    [
        "If you don't pay today the team will remove your meter, they're in your street.",
        "You better pay before Friday or they come to cut you.",
        "We will keep phoning you every day until it's paid.",
    ],
)
def test_real_threats_still_fail(said):
    call = _promise_call(("C", "I can't pay now."), ("A", said))
    assert detect("outbound.no_threats", call).answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "The crew should be out by Thursday. If they don't come, phone us with the reference.",
        "In case they do not pitch by Friday, call back and we escalate.",
    ],
)
def test_what_to_do_if_the_team_does_not_come_blames_nobody(said):
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", "I'm sorry about that."), ("A", said), IN_CLOSE)
    assert detect("inbound.professional_language", call).answer == "yes"


def test_a_verdict_on_the_team_after_a_condition_still_fails():
    call = make_call(
        IN_OPEN,
        INBOUND_FAULT,
        ("A", "Between us, they never come when they say. If you're lucky maybe next week."),
        IN_CLOSE,
    )
    assert detect("inbound.professional_language", call).answer == "no"


def test_a_condition_carrying_a_verdict_on_colleagues_still_fails():
    call = make_call(
        IN_OPEN,
        INBOUND_FAULT,
        ("A", "I'm sorry about that."),
        ("A", "If the depot forgets again, which would not surprise me, not us, call back."),
        IN_CLOSE,
    )
    assert detect("inbound.professional_language", call).answer == "no"


# --- right_party: the person names themself, asks said in Afrikaans or "calling for" ----------

BALANCE = ("A", "Thank you. The account is in arrears by R3 150, it was due on the 7th.")


def _right_party(ask: str, reply: str) -> str:
    call = make_call(("A", ask), ("C", reply), BALANCE, ("C", "Okay."), OUT_CLOSE)
    return detect("outbound.right_party", call).answer


@pytest.mark.parametrize(
    "ask, reply",
    [
        (
            "Morning, Lwandle from the City of Ekurhuleni, could I speak to Mama Nozipho Dube?",
            "It's Nozipho.",
        ),
        (
            "Morning, Lwandle from the City of Ekurhuleni, could I speak to Mama Nozipho Dube?",
            "Nozipho speaking, who's this?",
        ),
        (
            "Goeiemore, Lwandle van die Stad Ekurhuleni. "
            "Kan ek asseblief met mevrou Annatjie Louw praat?",
            "Ja, dis sy.",
        ),
        (
            "Hi, Lwandle at the City of Ekurhuleni, I'm calling for Mister Pieter Louw.",
            "Yes, you are.",
        ),
    ],
)
def test_the_account_holder_confirming_in_other_words(ask, reply):
    assert _right_party(ask, reply) == "yes"


@pytest.mark.parametrize(
    "reply",
    [
        "It's Nozipho's sister, she's at work.",
        "No, Nozipho isn't here.",
        "Nozipho? She's at the clinic.",
    ],
)
def test_someone_else_answering_with_the_name_is_not_the_account_holder(reply):
    ask = "Morning, Lwandle from the City of Ekurhuleni, could I speak to Mama Nozipho Dube?"
    assert _right_party(ask, reply) == "no"


# --- verify_identity: account talk with a partial check but no account details ------------------


def _verify(*middle) -> str:
    call = make_call(IN_OPEN, *middle, IN_CLOSE)
    return detect("inbound.verify_identity", call).answer


def test_account_talk_without_details_needs_no_verification():
    answer = _verify(
        ("C", "Siyakhokha won't take my account number when I sign up."),
        ("A", "Type only the digits of the account number, without the dash or the letters."),
        ("C", "Oh, okay, it worked."),
    )
    assert answer == "na"


def test_a_change_to_the_account_after_a_partial_check_fails():
    answer = _verify(
        ("C", "I need to update the postal address on my account, we moved."),
        ("A", "Okay, the account number please?"),
        ("C", "4 4 0 1 9 2 7 7 3."),
        ("A", "Got it, what's the new postal address?"),
    )
    assert answer == "no"


def test_the_balance_told_after_a_partial_check_fails():
    answer = _verify(
        ("C", "Is my account up to date? The account number is 4 4 0 1 9 2 7 7 3."),
        ("A", "Let me see, there's an outstanding balance of R2 310 on it."),
    )
    assert answer == "no"


# --- reference_number: nothing for the City to log ------------------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "That leak is on your private plumbing, so it's the owner's responsibility, you'll "
        "need to call a plumber.",
        "There's a planned shutdown in your area today for a valve replacement, it's on the "
        "schedule until six.",
    ],
)
def test_a_leak_on_private_pipes_or_planned_work_needs_no_reference(said):
    call = make_call(
        IN_OPEN,
        ("C", "There's water leaking in my yard by the garage, the lawn is soaked."),
        ("A", said),
        IN_CLOSE,
    )
    assert detect("inbound.reference_number", call).answer == "na"


def test_a_leak_on_the_citys_side_still_needs_a_reference():
    call = make_call(
        IN_OPEN,
        ("C", "There's water leaking in my yard by the garage, the lawn is soaked."),
        ("A", "Is it before or after the meter? If it's before, it's ours, I'll log it now."),
        ("C", "Before the meter."),
        ("A", "Okay, it's logged for Water and Sanitation, they'll come within 48 hours."),
        IN_CLOSE,
    )
    assert detect("inbound.reference_number", call).answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "The cut-off crews are in your area this week, and I'd really hate for your gate to be "
        "the one they stop at.",
        "Pay R400 now and I'll get every cent of interest reversed, you have my word.",
    ],
)
def test_a_kind_sounding_warning_or_a_promise_nobody_may_make_is_a_threat(said):
    call = _promise_call(("C", "Things are tight."), ("A", said))
    assert detect("outbound.no_threats", call).answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "I'd hate for you to worry, so let's find an arrangement that works.",
        "The notice is a process step; a final notice comes first, and only then may supply be "
        "restricted.",
    ],
)
def test_kindness_and_the_factual_process_are_no_threat(said):
    call = _promise_call(("C", "Things are tight."), ("A", said))
    assert detect("outbound.no_threats", call).answer == "yes"


@pytest.mark.parametrize(
    "said",
    [
        "Potholes can wait, you'll just have to wait like everyone else, sir.",
        "Honestly, between you and me, the roads depot closes these a lot without going out.",
        "To be honest, me logging it again won't change much.",
    ],
)
def test_the_caller_brushed_off_or_the_depot_run_down_in_confidence_fails(said):
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", "I'm sorry."), ("A", said), IN_CLOSE)
    assert detect("inbound.professional_language", call).answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "The new tariff will not change much on your bill, it's about two percent.",
        "We get a lot of calls about that road, so the team already has it on the list.",
    ],
)
def test_plain_information_is_no_brush_off(said):
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", "I'm sorry."), ("A", said), IN_CLOSE)
    assert detect("inbound.professional_language", call).answer == "yes"


def test_a_day_said_as_twenty_something_th_is_a_day():
    answer = _promise(
        ("C", "Maybe the twenty-third? All of it."),
        ("A", "Okay, four thousand three hundred and eighty on the twenty-third. Captured."),
    )
    assert answer == "yes"


@pytest.mark.parametrize(
    "debt",
    [
        "Ke a leboha. Account ya hao e na le arrears tsa R2 870, e ne e lokela ho lefuwa "
        "kgweding e fetileng.",
        "Ngiyabonga. I-account ine-arrears ka R2 870, bekumele ikhokhwe ngomhlaka 20.",
    ],
)
def test_the_due_date_said_in_sesotho_or_isizulu(debt):
    call = make_call(ASK, YES, ("A", debt), ("C", "Ee."), OUT_CLOSE)
    assert detect("outbound.amount_and_date", call).answer == "yes"


def test_a_month_word_without_saying_it_was_due_is_no_due_date():
    call = make_call(
        ASK,
        YES,
        ("A", "Ke a leboha. Account ya hao e na le R2 870 kgweding ena."),
        ("C", "Ee."),
        OUT_CLOSE,
    )
    assert detect("outbound.amount_and_date", call).answer == "no"
