"""Shapes the fifth sealed set (blind_sealed5) showed the detectors missing, tried on wordings
written for these tests only (absent from the lexicon and from every labelled set):

- a reference promised by SMS "on" or "to" the caller's cell number is not read out: the digits
  are where it goes, and digits the caller gave first (cell, stand, house number) read back by
  the agent are the caller's, never a reference (a critical yes-for-no when taken as one);
- a reference read out after a long name of what it refers to ("your reference for the ...
  request is ...") is given;
- the agent's name said bare beside a greeting or the City ("Morning, Ekurhuleni, Tshepo."),
  after "it's" with no frame after it, or in another language's frame ("o bua le X", isiZulu
  "ukhuluma no-X" written as one word); a word of address ("Hello baba") or the customer's name
  asked for is no agent's name.
"""

from __future__ import annotations

import pytest

from tests.scoring.conftest import detect, make_call

OPEN = ("A", "Good morning, City of Ekurhuleni, this is Zanele, how can I help you?")
CLOSE = ("A", "Thank you for calling the City of Ekurhuleni, goodbye.")
FAULT = ("C", "the water's been off in our whole street since yesterday afternoon")


# --- reference_number: which digits are a reference -----------------------------------------


@pytest.mark.parametrize(
    "contact, promise",
    [
        (
            "It's 083 517 2260.",
            "Okay, the burst is logged for the water depot, the reference comes by SMS to "
            "083 517 2260 within the hour.",
        ),
        (
            "oh eight two, six six one, four oh four seven",
            "alright it's captured with the plumbers, they'll text the ref number on oh eight "
            "two six six one four oh four seven",
        ),
    ],
)
def test_a_reference_sent_to_the_callers_number_is_not_given(contact, promise):
    call = make_call(
        OPEN,
        FAULT,
        ("A", "Which street is that, and a number to reach you?"),
        ("C", "Mthembu Road in Tokoza. " + contact),
        ("A", promise),
        CLOSE,
    )
    detection = detect("inbound.reference_number", call)
    assert detection.answer == "no"


def test_a_house_number_read_back_beside_a_logged_job_is_no_reference():
    call = make_call(
        OPEN,
        FAULT,
        ("A", "What's the address?"),
        ("C", "1187 Mthembu Road, Tokoza."),
        ("A", "I've opened a job for 1187 Mthembu Road with the water team."),
        CLOSE,
    )
    assert detect("inbound.reference_number", call).answer == "no"


def test_a_new_code_beside_an_sms_promise_is_still_given():
    call = make_call(
        OPEN,
        FAULT,
        ("A", "And a number where we can reach you?"),
        ("C", "083 517 2260."),
        (
            "A",
            "You'll get an SMS on 083 517 2260 as well, but your reference number is "
            "7 7 3 0 1 9, please write it down.",
        ),
        CLOSE,
    )
    assert detect("inbound.reference_number", call).answer == "yes"


@pytest.mark.parametrize(
    "said",
    [
        "Your reference for the meter replacement request is WM 3318 07.",
        "The ref on your new prepaid vending complaint is 55 20 416.",
    ],
)
def test_a_reference_after_a_long_name_of_what_it_is_for_is_given(said):
    call = make_call(
        OPEN,
        ("C", "my prepaid meter is rejecting every token I buy"),
        ("A", "I've logged it with the prepaid team."),
        ("A", said),
        CLOSE,
    )
    assert detect("inbound.reference_number", call).answer == "yes"


# --- agent_name: a name with no English frame around it ----------------------------------------

CALLER_FIRST = ("C", "Hi, I want to report a leaking meter on my pavement.")


@pytest.mark.parametrize(
    "opening",
    [
        "Morning, Ekurhuleni, Tshepo.",
        "Good afternoon, City of Ekurhuleni water desk, Lindiwe.",
        "ekurhuleni good afternoon its refilwe what can i do for you",
        "City of Ekurhuleni, hello, it's Kagiso on the line, how may I assist?",
        "Lotjhani, good morning, o bua le Mpho, City of Ekurhuleni.",
        "sanibonani ukhuluma nonomsa wase ekurhuleni how can i help",
    ],
)
def test_a_bare_or_other_language_name_in_the_opening_is_the_agents(opening):
    call = make_call(("A", opening), CALLER_FIRST, ("A", "Where is the meter?"), CLOSE)
    assert detect("inbound.agent_name", call).answer == "yes"


@pytest.mark.parametrize(
    "opening",
    [
        "Hello baba, Ekurhuleni!",
        "Good evening, Ekurhuleni call centre, how can I help you this evening?",
        "Ja, hello?",
        "Good morning, Ekurhuleni roads and stormwater, Ekurhuleni.",
    ],
)
def test_an_opening_without_the_agents_name_gives_none(opening):
    call = make_call(("A", opening), CALLER_FIRST, ("A", "Where is the meter?"), CLOSE)
    assert detect("inbound.agent_name", call).answer == "no"


@pytest.mark.parametrize(
    "opening",
    [
        "Good day, I'm phoning from the City of Ekurhuleni credit section. Could I speak to "
        "Mrs Thandeka Radebe?",
        "morning from ekurhuleni revenue am i talking to mister naidoo",
    ],
)
def test_the_customers_name_asked_for_is_not_the_agents(opening):
    call = make_call(
        ("A", opening),
        ("C", "Yes, speaking."),
        ("A", "Your account is R2 140 in arrears, due on the 3rd of this month."),
        ("A", "Thank you for your time, goodbye."),
    )
    detection = detect("outbound.greeting", call)
    assert detection.answer == "no"
