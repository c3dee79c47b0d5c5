"""Each detector's yes / no / na, with varied wordings, noise and mono calls."""

from __future__ import annotations

import pytest

from scoring.default_scorecards import DEFAULT_SCORECARDS
from scoring.detectors import DETECTORS
from scoring.detectors.base import MONO_CONFIDENCE
from tests.scoring.conftest import detect, make_call

FAULT = ("C", "there is no water in my street since this morning")


def test_every_default_criterion_has_a_detector():
    keys = {c.detector_key for criteria in DEFAULT_SCORECARDS.values() for c in criteria}
    assert keys <= set(DETECTORS)
    assert len(keys) == 20


# --- inbound opening ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        "Good morning, City of Ekurhuleni, you're speaking to Thabo.",
        "morning youre through to the city call centre",
        "Hello and welcome to Ekurhuleni customer care.",
        "good day um a kuru leni municipality",
        "Thank you for calling the City, Lerato speaking.",
        "Sawubona, Ekurhuleni call center.",
    ],
)
def test_greeting_yes_whatever_the_wording(opening):
    found = detect("inbound.greeting", make_call(("A", opening), ("C", "hi")))
    assert found.answer == "yes"
    assert found.evidence[0].segment_index == 0


@pytest.mark.parametrize(
    "opening",
    ["Account number?", "Good morning.", "City of Ekurhuleni.", "yes what"],
)
def test_greeting_no_without_greeting_and_organisation(opening):
    assert detect("inbound.greeting", make_call(("A", opening), ("C", "hi"))).answer == "no"


def test_greeting_is_judged_on_the_agents_first_turn_only():
    later = make_call(
        ("A", "Hello?"),
        ("C", "Hi, is this the municipality?"),
        ("A", "Ja."),
        ("C", "ok"),
        ("A", "Thank you for calling the City of Ekurhuleni."),
    )
    assert detect("inbound.greeting", later).answer == "no"
    # The caller saying the City's name does not make the agent's greeting.
    caller = make_call(("C", "Hello, City of Ekurhuleni?"), ("A", "Yes, what is it"))
    assert detect("inbound.greeting", caller).answer == "no"


@pytest.mark.parametrize(
    "opening",
    [
        "Good morning, my name is Sipho, how can I help?",
        "Ekurhuleni, Naledi here.",
        "city of ekurhuleni zanele speaking",
        "you are speaking with Mpho",
        "hi its andile from the city",
        "This is Bongani at the call centre.",
    ],
)
def test_agent_name_yes(opening):
    assert detect("inbound.agent_name", make_call(("A", opening), ("C", "hi"))).answer == "yes"


@pytest.mark.parametrize(
    "opening",
    [
        "Good morning, City of Ekurhuleni, how can I help?",
        "Hello, I am calling about your query.",
        "This is the City of Ekurhuleni.",
        "Good morning, I'm here to help.",
    ],
)
def test_agent_name_no(opening):
    assert detect("inbound.agent_name", make_call(("A", opening), ("C", "hi"))).answer == "no"


@pytest.mark.parametrize(
    "opening",
    [
        "How may I help you today?",
        "what can i do for you",
        "How can I be of assistance?",
        "Hi, what are you calling about?",
        "how can I uh assist",
    ],
)
def test_offer_help_yes(opening):
    found = detect("inbound.offer_help", make_call(("A", "City of Ekurhuleni. " + opening)))
    assert found.answer == "yes"


def test_offer_help_no():
    found = detect("inbound.offer_help", make_call(("A", "City of Ekurhuleni, account number?")))
    assert found.answer == "no"


# --- verification -------------------------------------------------------------------------------


def test_verify_identity_yes_when_name_and_number_come_before_the_balance():
    found = detect(
        "inbound.verify_identity",
        make_call(
            ("C", "I want to know my balance"),
            ("A", "Sure, may I have your full name and account number?"),
            ("C", "Jan Smit, 5 0 0 1 2 3 4 5 6"),
            ("A", "Thanks Mr Smit, your balance is R1 200."),
        ),
    )
    assert found.answer == "yes"
    assert {e.segment_index for e in found.evidence} >= {1, 3}


def test_verify_identity_no_when_the_balance_comes_first():
    found = detect(
        "inbound.verify_identity",
        make_call(
            ("C", "what is the balance on the account for 3 kruger road"),
            ("A", "the balance is R1250 due on the 7th"),
            ("A", "can i have your full name and id number"),
        ),
    )
    assert found.answer == "no"
    assert found.evidence[0].segment_index == 1


def test_verify_identity_no_with_only_one_factor():
    found = detect(
        "inbound.verify_identity",
        make_call(
            ("C", "my meter reading is wrong"),
            ("A", "what is your account number"),
            ("C", "four one zero zero seven seven eight two"),
            ("A", "i can see the reading on the account is 5432"),
        ),
    )
    assert found.answer == "no"


def test_verify_identity_na_when_no_account_is_discussed():
    found = detect("inbound.verify_identity", make_call(FAULT, ("A", "Which street is that?")))
    assert found.answer == "na"
    assert found.evidence == ()


# --- fault reports ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    ["What's the street address?", "where exactly is the leak", "Which suburb are you in?"],
)
def test_capture_location_yes(question):
    assert detect("inbound.capture_location", make_call(FAULT, ("A", question))).answer == "yes"


def test_capture_location_no_and_na():
    assert detect("inbound.capture_location", make_call(FAULT, ("A", "ok noted"))).answer == "no"
    info = make_call(("C", "what time do you close on saturday"), ("A", "at twelve"))
    assert detect("inbound.capture_location", info).answer == "na"


@pytest.mark.parametrize(
    "giving",
    [
        "Your reference number is 4 4 7 1 9 0 2.",
        "the ref number is five five zero eight one two",
        "I've opened a ticket, number 3 3 4 8 1 0.",
        "reference ek 2 2 8 7 6 5",
        "your complaint reference is C 4 4 1 0 9",
    ],
)
def test_reference_number_yes(giving):
    found = detect("inbound.reference_number", make_call(FAULT, ("A", "I've logged it. " + giving)))
    assert found.answer == "yes"


def test_reference_number_no_when_logged_without_a_number():
    logged = make_call(FAULT, ("A", "I've logged the fault for you."))
    assert detect("inbound.reference_number", logged).answer == "no"
    by_sms = make_call(FAULT, ("A", "Logged. You'll receive the reference number by SMS."))
    found = detect("inbound.reference_number", by_sms)
    assert found.answer == "no"
    assert found.confidence < 0.7


def test_reference_number_na_when_nothing_is_logged():
    referred = make_call(
        ("C", "we have no electricity in tsakane"),
        ("A", "That area is supplied by Eskom, you need to contact Eskom. We can't log it."),
    )
    assert detect("inbound.reference_number", referred).answer == "na"
    info = make_call(("C", "when is refuse collection in glen marais"), ("A", "on tuesdays"))
    assert detect("inbound.reference_number", info).answer == "na"


# --- conversation -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        "I'm so sorry to hear that.",
        "i understand mam",
        "Oh no, that must be really frustrating.",
        "Shame, I hope nobody was hurt.",
        "We apologise for the inconvenience.",
        "eish sorry about that sir",
    ],
)
def test_empathy_yes(words):
    assert detect("inbound.empathy", make_call(FAULT, ("A", words))).answer == "yes"


@pytest.mark.parametrize(
    "words",
    ["Sorry, can you repeat that?", "Address?", "I don't understand what you want."],
)
def test_empathy_no(words):
    assert detect("inbound.empathy", make_call(FAULT, ("A", words))).answer == "no"


def test_empathy_from_the_caller_does_not_count():
    call = make_call(("C", "I'm so sorry to bother you, I understand you are busy"), ("A", "Yes"))
    assert detect("inbound.empathy", call).answer == "no"


def test_hold_etiquette_yes_when_asked_and_thanked():
    call = make_call(
        FAULT,
        ("A", "May I put you on hold while I check?"),
        ("C", "ok"),
        ("A", "Thank you for holding.", 40),
    )
    found = detect("inbound.hold_etiquette", call)
    assert (found.answer, found.source) == ("yes", "metric")


def test_hold_etiquette_no_for_unannounced_dead_air():
    call = make_call(FAULT, ("A", "ok"), ("A", "right, I've logged it", 45))
    found = detect("inbound.hold_etiquette", call)
    assert found.answer == "no"
    assert found.source == "metric"


def test_hold_etiquette_no_when_not_thanked_and_na_without_a_hold():
    unthanked = make_call(FAULT, ("A", "Please hold."), ("A", "Okay, it's logged.", 30))
    assert detect("inbound.hold_etiquette", unthanked).answer == "no"
    no_hold = make_call(FAULT, ("A", "Thank you for your patience, goodbye."))
    assert detect("inbound.hold_etiquette", no_hold).answer == "na"


@pytest.mark.parametrize(
    "words",
    [
        "A team will be out within 24 hours.",
        "the plumbers should be there within seventy two hours",
        "They'll sort it out by tonight.",
        "someone will be there within a day",
    ],
)
def test_expectation_yes(words):
    assert detect("inbound.expectation", make_call(FAULT, ("A", words))).answer == "yes"


def test_expectation_no_and_na():
    vague = make_call(FAULT, ("A", "I can't tell you when, it's up to them."))
    assert detect("inbound.expectation", vague).answer == "no"
    info = make_call(("C", "what are your hours"), ("A", "eight to four"))
    assert detect("inbound.expectation", info).answer == "na"


@pytest.mark.parametrize(
    "words",
    [
        "Those guys at roads are useless, they never come out.",
        "that's not my problem",
        "I don't have time for this.",
        "what the hell do you want",
        "it's their fault, the finance people are always late",
    ],
)
def test_professional_language_no(words):
    found = detect("inbound.professional_language", make_call(FAULT, ("A", words)))
    assert found.answer == "no"
    assert found.evidence[0].segment_index == 1


def test_professional_language_yes_even_when_the_caller_is_rude():
    call = make_call(
        ("C", "You people are useless idiots!"),
        ("A", "I hear you sir, I'm not blaming anyone, let me help."),
    )
    assert detect("inbound.professional_language", call).answer == "yes"


@pytest.mark.parametrize(
    "words",
    ["Is there anything else I can help with?", "anything more for you today", "Is that all?"],
)
def test_anything_else_yes(words):
    assert detect("inbound.anything_else", make_call(("A", words))).answer == "yes"


def test_anything_else_no():
    assert detect("inbound.anything_else", make_call(("A", "ok bye"))).answer == "no"


@pytest.mark.parametrize(
    "closing",
    [
        "Thank you for calling, goodbye.",
        "cheers have a good evening",
        "Enjoy the rest of your day.",
    ],
)
def test_closing_yes(closing):
    call = make_call(("A", "Hello"), ("C", "bye"), ("A", closing))
    assert detect("inbound.closing", call).answer == "yes"


@pytest.mark.parametrize("closing", ["Okay.", "bye", "Right."])
def test_closing_no(closing):
    call = make_call(("A", "Hello"), ("C", "thanks bye"), ("A", closing))
    assert detect("inbound.closing", call).answer == "no"


# --- outbound -----------------------------------------------------------------------------------

RPC = [
    ("C", "Hello?"),
    ("A", "Good morning, my name is Sizwe from the City of Ekurhuleni. May I speak to Mr Dube?"),
    ("C", "Speaking."),
]


def test_outbound_greeting_needs_name_and_organisation():
    assert detect("outbound.greeting", make_call(*RPC)).answer == "yes"
    nameless = make_call(("C", "Hello"), ("A", "Good morning, City of Ekurhuleni here."))
    assert detect("outbound.greeting", nameless).answer == "no"


def test_right_party_yes_when_confirmed_before_the_balance():
    call = make_call(*RPC, ("A", "Mr Dube, your account is R4 820 in arrears."))
    assert detect("outbound.right_party", call).answer == "yes"


def test_right_party_no_when_the_balance_comes_first():
    call = make_call(
        ("C", "Hello, Dlamini residence."),
        ("A", "Hi, Precious from the City. Your account is R6 300 in arrears."),
        ("C", "I'm his wife, he's not here."),
    )
    found = detect("outbound.right_party", call)
    assert found.answer == "no"
    assert found.evidence[0].segment_index == 1


def test_right_party_reached_decides_na_for_the_rest():
    wrong = make_call(
        ("C", "Hello"),
        (
            "A",
            "Good afternoon, Kagiso from the City of Ekurhuleni. Am I speaking to Mrs Shabalala?",
        ),
        ("C", "No, you've got the wrong number."),
        ("A", "Apologies, thank you, goodbye."),
    )
    assert detect("outbound.right_party", wrong).answer == "yes"
    for key in ("call_purpose", "amount_and_date", "payment_options", "promise_to_pay"):
        assert detect(f"outbound.{key}", wrong).answer == "na", key


def test_collection_criteria_with_amounts_in_words():
    call = make_call(
        *RPC,
        (
            "A",
            "I'm calling about your account, the arrears are two thousand rand due by the 15th.",
        ),
        ("C", "I'll pay half on Friday."),
        ("A", "You can pay by EFT or at any Pick n Pay."),
        ("A", "So to confirm, one thousand rand on Friday the 28th."),
        ("A", "Thank you Mr Dube, goodbye."),
    )
    keys = ("call_purpose", "amount_and_date", "payment_options", "promise_to_pay", "closing")
    answers = {k: detect(f"outbound.{k}", call).answer for k in keys}
    assert answers == dict.fromkeys(answers, "yes")


def test_amount_without_date_and_unconfirmed_promise_are_no():
    call = make_call(
        *RPC,
        ("A", "I'm calling about your account, you have arrears of R5 600."),
        ("C", "I'll pay on Friday."),
        ("A", "Okay, bye."),
    )
    assert detect("outbound.amount_and_date", call).answer == "no"
    assert detect("outbound.promise_to_pay", call).answer == "no"
    assert detect("outbound.closing", call).answer == "no"


def test_promise_to_pay_na_when_the_customer_refuses():
    call = make_call(*RPC, ("A", "Your account is R3 400 overdue."), ("C", "I'm not paying that."))
    assert detect("outbound.promise_to_pay", call).answer == "na"


@pytest.mark.parametrize(
    "words",
    [
        "We're sending guys today to cut your electricity and you'll be blacklisted.",
        "If you don't pay we'll open a criminal case with the police.",
        "I'll phone your employer and keep calling you every day.",
        "your electricity will be cut off tomorrow morning",
    ],
)
def test_no_threats_no(words):
    found = detect("outbound.no_threats", make_call(*RPC, ("A", words)))
    assert found.answer == "no"
    assert found.evidence[0].segment_index == 3


def test_no_threats_yes_for_a_factual_credit_control_explanation():
    call = make_call(
        *RPC,
        ("A", "If the account stays in arrears the City may restrict the supply in terms of the "
              "credit control policy, after a final notice. We will not cut you off today."),
    )  # fmt: skip
    assert detect("outbound.no_threats", call).answer == "yes"


# --- noise and mono -----------------------------------------------------------------------------


def test_noisy_lowercase_call_without_punctuation_scores_like_the_clean_one():
    clean = make_call(
        ("A", "Good morning, City of Ekurhuleni, Thabo speaking. How can I help?"),
        ("C", "There's a burst pipe on Main Street."),
        ("A", "I'm sorry to hear that. I've logged it, reference 4 4 7 1 9."),
    )
    noisy = make_call(
        ("A", "good morning um city of ekurhuleni uh thabo speaking how can i help"),
        ("C", "theres a burst pipe on main street"),
        ("A", "im sorry to hear that ive logged it uh reference four four seven one nine"),
    )
    for key in ("greeting", "agent_name", "offer_help", "empathy", "reference_number"):
        assert detect(f"inbound.{key}", clean).answer == "yes", key
        assert detect(f"inbound.{key}", noisy).answer == "yes", key


def test_mono_calls_answer_with_lower_confidence():
    turns = [
        ("A", "Good morning, City of Ekurhuleni, Thabo speaking."),
        ("C", "Hi there"),
        ("A", "I understand, that's frustrating."),
    ]
    stereo = detect("inbound.empathy", make_call(*turns))
    mono = detect("inbound.empathy", make_call(*turns, mono=True))
    assert stereo.answer == mono.answer == "yes"
    assert mono.confidence == pytest.approx(stereo.confidence * MONO_CONFIDENCE, abs=0.01)
    assert "mono" in mono.note


def test_mono_rude_words_that_sound_like_the_caller_are_not_pinned_on_the_agent():
    call = make_call(
        ("A", "Good day, Ekurhuleni call centre."),
        ("C", "you people are idiots, my electricity has been off since friday"),
        ("A", "I'm sorry for the inconvenience."),
        mono=True,
    )
    found = detect("inbound.professional_language", call)
    assert found.answer == "yes"
    assert found.confidence < 0.5
    swearing_agent = make_call(
        ("A", "morning ekurhuleni"), ("C", "hi"), ("A", "what the hell do you want"), mono=True
    )
    assert detect("inbound.professional_language", swearing_agent).answer == "no"


def test_an_empty_transcript_is_answered_with_low_confidence_not_an_error():
    empty = make_call()
    for key, detector in DETECTORS.items():
        found = detector.func(__import__("scoring.detectors", fromlist=["analyse"]).analyse(empty))
        assert found.answer in ("yes", "no", "na"), key
        assert found.confidence <= 0.85, key


def test_only_english_stretches_feed_the_detectors():
    from dataclasses import replace

    call = make_call(
        ("A", "Hello, you are speaking to Thabo."),
        ("C", "hi"),
        ("A", "Thank you for calling the City of Ekurhuleni, goodbye."),
    )
    assert detect("inbound.closing", call).answer == "yes"
    # The same closing words in a stretch identified as another language (a transcript of
    # untrusted text) must not count.
    call.segments[2] = replace(call.segments[2], language="und", language_guess="sn")
    assert detect("inbound.closing", call).answer == "no"
    call.segments[2] = replace(call.segments[2], language="en")
    assert detect("inbound.closing", call).answer == "yes"
