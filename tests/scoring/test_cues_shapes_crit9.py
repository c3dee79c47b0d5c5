"""Shapes the seventh sealed set showed the rules missing for crit9, tried on wordings written
for these tests only (absent from the lexicon and from every labelled set):

- no_threats: the house or its contents taken or sold ("they'll come and take your home"),
  in English or Afrikaans ("die Stad sal die huis vat"), made urgent or certain, is a threat;
  the family left "in the dark" is a supply cut off. Near misses: the owner's own sale ("when
  the property is sold, the arrears come out of it"), a negated dark ("you won't be in the
  dark"), a cut-off explained with "may" and a notice.
- right_party: "is this the Mokoena household?" asks for a house, not the account holder; a
  relative who came to the phone and says yes to "are you also on the account?" is
  authorised; a message passed on ("tell her she must pay the account") is no claim of
  authority by whoever takes it.
- professional_language: a group ranked the worst ("the stormwater guys are the worst"), or
  work passed back and forth ("they pass the buck"), is blame; two teams that talk to each
  other, or the worst storm in years, is none.
"""

from __future__ import annotations

import pytest

from scoring.detectors.cues import (
    is_asking,
    is_authority,
    is_authority_question,
    is_belittle,
    is_blame,
    is_threat,
)
from scoring.detectors.text import normalise_words
from tests.scoring.conftest import detect, in_any_sentence, make_call
from tests.scoring.test_cues_shapes_crit7 import IN_CLOSE, IN_OPEN, _promise_call

# --- no_threats: the house taken, the family in the dark ---------------------------------------


@pytest.mark.parametrize(
    "said",
    [
        "Sir, they will come and take your home, that's how it works with arrears.",
        "If nothing is paid this week the municipality is going to sell the property.",
        "Mevrou, as u nie vandag betaal nie, sal hulle die eiendom verkoop.",
        "I wouldn't want your little ones to end up in the dark tonight, ma'am.",
        "You will be sitting in the dark by Friday if this isn't settled.",
    ],
)
def test_the_house_taken_or_the_family_in_the_dark_is_a_threat(said):
    assert in_any_sentence(is_threat, said)
    call = _promise_call(("C", "I can't pay it all now."), ("A", said))
    assert detect("outbound.no_threats", call).answer == "no"


@pytest.mark.parametrize(
    "said",
    [
        "When the property is sold, the arrears will come out of the transfer anyway.",
        "If the house is being sold, the conveyancer will ask us for a clearance figure.",
        "Once you pay, you won't be in the dark, the supply comes back by itself.",
        "After a final notice the supply may be restricted, that is the credit control process.",
        "You can take the statement home and check it with your wife.",
    ],
)
def test_the_owners_sale_a_negated_dark_and_factual_credit_control_are_no_threat(said):
    assert not in_any_sentence(is_threat, said)
    call = _promise_call(("C", "I can't pay it all now."), ("A", said))
    assert detect("outbound.no_threats", call).answer == "yes"


# --- right_party: a household, a relative on the account, a message passed on -----------------

HOUSE_ASK = ("A", "Good day, Nandi from the City of Ekurhuleni revenue. Is this the Zulu home?")
HOUSE_DEBT = ("A", "I'm phoning because the account is R2 950 in arrears, due on the 7th.")
RP_CLOSE = ("A", "Thank you for your time, goodbye.")


def test_a_household_confirmed_is_not_the_account_holder():
    call = make_call(HOUSE_ASK, ("C", "Yes, it's the Zulus."), HOUSE_DEBT, RP_CLOSE)
    assert detect("outbound.right_party", call).answer == "no"


def test_the_account_holder_confirmed_by_name_still_counts():
    call = make_call(
        ("A", "Good day, Nandi from the City of Ekurhuleni revenue. Am I speaking to Mr Zulu?"),
        ("C", "Yes, speaking."),
        HOUSE_DEBT,
        RP_CLOSE,
    )
    assert detect("outbound.right_party", call).answer == "yes"


def _relative_call(reply: str, mono: bool = False):
    return make_call(
        ("A", "Morning, Thabo from the City of Ekurhuleni. May I speak to Mr Vilakazi?"),
        ("C", "He went to work, this is his wife."),
        ("A", "Alright ma'am, and is your name also on the account?"),
        ("C", reply),
        HOUSE_DEBT,
        RP_CLOSE,
        mono=mono,
    )


def test_a_relative_who_says_yes_to_being_on_the_account_is_authorised():
    call = _relative_call("Yes, we opened it together when we bought.")
    assert detect("outbound.right_party", call).answer == "yes"


def test_a_relative_who_says_no_to_being_on_the_account_is_not():
    call = _relative_call("No, only he is, I just live here.")
    assert detect("outbound.right_party", call).answer == "no"


@pytest.mark.parametrize(
    "said, asks",
    [
        ("Oh okay madam, are you also on the account?", True),
        ("Right, do you have permission to discuss the account?", True),
        ("The account is on both our names.", False),
    ],
)
def test_an_authority_question_after_lead_in_words(said, asks):
    words = normalise_words(said)
    assert is_authority_question(words) is asks
    assert is_asking(words) is asks


@pytest.mark.parametrize(
    "said, claims",
    [
        ("I pay the bills for my father.", True),
        ("We handle the municipal account between the two of us.", True),
        ("Please tell her she must pay the account before the 20th.", False),
        ("He pays the account himself, usually.", False),
    ],
)
def test_authority_by_handling_the_account_is_the_speakers_own(said, claims):
    assert in_any_sentence(is_authority, said) is claims


# --- professional_language: ranked the worst, the buck passed ---------------------------------

INBOUND_FAULT = ("C", "The storm drain on our corner in Duduza is blocked again.")


@pytest.mark.parametrize(
    "blame, blamed",
    [
        ("I'll log it, but those stormwater guys are the worst, I'm telling you.", True),
        ("The depot and the contractors just pass it back and forth, pushing each other.", True),
        ("Between the two sections they keep passing the buck.", True),
        ("The stormwater team and the roads team talk to each other every morning.", False),
        ("They said it was the worst storm in ten years, so the crews are busy.", False),
    ],
)
def test_a_group_ranked_worst_or_passing_work_back_is_blame(blame, blamed):
    assert in_any_sentence(is_blame, blame) is blamed
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", blame), IN_CLOSE)
    answer = detect("inbound.professional_language", call).answer
    assert (answer == "no") is blamed


# --- expectation: a time still to come, in any language ------------------------------------


def _expectation(*turns) -> str:
    return detect("inbound.expectation", make_call(IN_OPEN, *turns, IN_CLOSE)).answer


def test_opening_hours_and_an_accounts_past_in_an_enquiry_are_no_time_frame():
    answer = _expectation(
        ("C", "Where do I apply for a rates rebate as a pensioner?"),
        ("A", "At the Alberton customer care centre, they're open weekdays until four."),
        ("A", "Your last rebate was approved for three months. They will help you renew it."),
    )
    assert answer == "na"


def test_a_process_with_a_time_still_to_come_in_an_enquiry_is_a_time_frame():
    answer = _expectation(
        ("C", "I changed my postal address, when do the bills start going there?"),
        ("A", "I've updated it. The statements will come to the new address within two weeks."),
        ("A", "And they will keep going there from now on."),
    )
    assert answer == "yes"


def test_a_past_date_beside_a_logged_job_is_no_time_frame():
    answer = _expectation(
        ("C", "The pipe by my gate is leaking again, 12 Acacia Road, Vosloorus."),
        ("A", "I see it was reported on the 4th of this month. I've logged it again for you."),
        ("A", "Somebody from Water will come out to it, I can't tell you when."),
    )
    assert answer == "no"


def test_a_past_reading_beside_a_time_ahead_still_counts():
    answer = _expectation(
        ("C", "My water bill is double, I think the reading is wrong."),
        ("A", "I've logged a reading query. If the reading was wrong it is fixed within ten days."),
        ("A", "Someone will come out to read the meter."),
    )
    assert answer == "yes"


@pytest.mark.parametrize(
    "said",
    [
        "Ke e kwadile. Ba tla tla mo matsatsing a le 3, pele ga Labone.",  # Setswana
        "Ek het dit aangeteken. Die span kom binne 24 uur.",  # Afrikaans
        "Ngiyibhalile. Bazofika emahoreni angu 48.",  # isiZulu
    ],
)
def test_a_time_frame_said_in_another_language_counts(said):
    answer = _expectation(
        ("C", "The sewer is overflowing at 9 Khumalo Street, Katlehong."),
        ("A", "Your reference is 4471902."),
        ("A", said),
    )
    assert answer == "yes"


def test_an_afrikaans_word_without_a_span_is_no_time_frame():
    answer = _expectation(
        ("C", "The sewer is overflowing at 9 Khumalo Street, Katlehong."),
        ("A", "Your reference is 4471902."),
        ("A", "Ek het dit aangeteken, die span sal kom."),
    )
    assert answer == "no"


@pytest.mark.parametrize(
    "said, fault",
    [
        ("Ga re na meetse mo Tembisa go tloga maabane.", True),  # Sepedi/Setswana
        ("Amanzi awekho kusukela izolo.", True),  # isiZulu
        ("Ipayipi iyavuza phambi kwendlu yami.", True),  # isiZulu: the pipe is leaking
        ("Ngifuna ukukhokha i-akhawunti yamanzi.", False),  # paying the water account
        ("Ke batla go lefa akhaonto ya meetse.", False),  # paying the water account
    ],
)
def test_no_water_said_in_another_language_is_a_fault(said, fault):
    call = make_call(
        IN_OPEN,
        ("C", said),
        ("A", "I'm sorry to hear that. What is the address?"),
        ("C", "1204 Moagi Street, Tembisa."),
        IN_CLOSE,
    )
    assert (detect("inbound.capture_location", call).answer != "na") is fault


# --- greeting and agent_name: the agent's name in the call's other languages ------------------


def _outbound_greeting(opening_text: str) -> str:
    call = make_call(("A", opening_text), ("C", "Yes, speaking."), RP_CLOSE)
    return detect("outbound.greeting", call).answer


@pytest.mark.parametrize(
    "opening_text",
    [
        "Sawubona baba, ngingu-Lwandle, ngishayela ngivela eCity of Ekurhuleni. UMnu Khoza?",
        "Goeiemiddag, hier praat Jaco van die Stad Ekurhuleni. Is dit meneer Botha?",
        "Dumela rra, ke Lesego, ke leletsa go tswa kwa City of Ekurhuleni. A ke Rra Molefe?",
    ],
)
def test_the_agents_name_in_another_language_counts(opening_text):
    assert _outbound_greeting(opening_text) == "yes"


@pytest.mark.parametrize(
    "opening_text",
    [
        "Dumela rra, ke a leboga, ke leletsa go tswa kwa City of Ekurhuleni. A ke Rra Molefe?",
        "Goeiemiddag, hier praat ons oor die Stad Ekurhuleni se rekening. Meneer Botha?",
        "morning sir it's uh mm from the city of ekurhuleni is this mister khoza",
    ],
)
def test_no_name_a_filler_or_a_pronoun_is_no_name(opening_text):
    assert _outbound_greeting(opening_text) == "no"


@pytest.mark.parametrize(
    "opening_text, named",
    [
        ("Goeie more, City of Ekurhuleni, dis Riaan wat praat, how can I help?", True),
        ("Thobela, City of Ekurhuleni, o bolela le Karabo. Nka go thusa ka eng?", True),
        ("Goeie more, City of Ekurhuleni, wat praat ek mee? How can I help?", False),
    ],
)
def test_inbound_agent_name_in_afrikaans_and_sepedi(opening_text, named):
    call = make_call(("A", opening_text), INBOUND_FAULT, IN_CLOSE)
    assert (detect("inbound.agent_name", call).answer == "yes") is named


# --- amount_and_date: a debt's history is no due date; a deadline said any way is ------------

AD_ASK = ("A", "Morning, Thabo from the City of Ekurhuleni revenue. Am I speaking to Mr Nel?")
AD_YES = ("C", "Yes, that's me.")


def _amount_and_date(*turns, mono: bool = False) -> str:
    call = make_call(AD_ASK, AD_YES, *turns, RP_CLOSE, mono=mono)
    return detect("outbound.amount_and_date", call).answer


def test_the_month_the_debt_started_is_no_due_date():
    said = "Your account is R6 210 in arrears. Nothing has come in since October."
    assert _amount_and_date(("A", said)) == "no"


@pytest.mark.parametrize(
    "said",
    [
        "There's R6 210 outstanding on the account; the latest we can take it is the 28th.",
        "You owe R6 210, and that needed to be paid on the 5th of this month.",
        "The account is R6 210 in arrears, it was due on the 5th.",
    ],
)
def test_a_deadline_or_a_payment_owed_by_a_day_is_the_due_date(said):
    assert _amount_and_date(("A", said)) == "yes"


def test_on_a_mono_call_the_debt_restated_with_a_deadline_is_not_an_offer():
    answer = _amount_and_date(
        ("A", "I'm calling about the account, it's R6 210 in arrears."),
        ("C", "Hmm, okay."),
        ("A", "So it's R6 210 in arrears. We need a payment by the end of this month, the 30th."),
        mono=True,
    )
    assert answer == "yes"


def test_the_customers_offer_read_back_is_still_no_due_date():
    answer = _amount_and_date(
        ("A", "I'm calling about the account, it's R6 210 in arrears."),
        ("C", "I can pay R2 000 by the 30th."),
        ("A", "So R2 000 by the 30th, noted."),
    )
    assert answer == "no"


# --- right_party answered where it is clear ---------------------------------------------------


def _rp(*turns, mono: bool = False) -> str:
    return detect("outbound.right_party", make_call(*turns, RP_CLOSE, mono=mono)).answer


def test_a_department_named_debt_collection_is_no_balance():
    answer = _rp(
        ("A", "Hi, Vusi here from the City of Ekurhuleni, debt management. Is this Ms Nkosi?"),
        ("C", "Yes, it is."),
        HOUSE_DEBT,
    )
    assert answer == "yes"


def test_the_debt_itself_in_the_opening_still_comes_before_the_check():
    answer = _rp(
        ("A", "Hi, Vusi from the City of Ekurhuleni about your debt of R2 950. Is this Ms Nkosi?"),
        ("C", "Yes, it is."),
        HOUSE_DEBT,
    )
    assert answer == "no"


def _checked(reply_to_check: str) -> str:
    return _rp(
        ("A", "Good day, Vusi from the City of Ekurhuleni revenue. Am I speaking to Ms Nkosi?"),
        ("C", "Why, what is this about?"),
        ("A", "First I must confirm who I'm talking to. Your surname and date of birth, please?"),
        ("C", "Nkosi. Twelve March seventy-one."),
        ("A", reply_to_check),
        HOUSE_DEBT,
    )


def test_details_the_agent_says_match_confirm_the_right_party():
    assert _checked("Thanks, everything matches on my side.") == "yes"


def test_details_that_do_not_match_confirm_nothing():
    assert _checked("Sorry, that does not match what I have here.") == "no"


@pytest.mark.parametrize(
    "ask, reply",
    [
        (
            "Sawubona, ngingu Zola wase City of Ekurhuleni. "
            "Ngicela ukukhuluma noNkosikazi Mthembu?",
            "Yebo, nguye okhulumayo.",
        ),
        ("hello its zola from city of ekurhuleni i am looking for missus mthembu", "thats me"),
    ],
)
def test_the_right_party_asked_and_answered_in_isizulu_or_asr_text(ask, reply):
    assert _rp(("A", ask), ("C", reply), HOUSE_DEBT) == "yes"


def _tenant_call(agent_check: str) -> str:
    return _rp(
        ("A", "Good day, Vusi from the City of Ekurhuleni revenue. May I speak to Mr Daniels?"),
        ("C", "He doesn't stay here, he's my landlord. I'm the tenant, I pay the account."),
        ("A", "Let me check the account, one moment."),
        ("A", agent_check),
        HOUSE_DEBT,
    )


def test_an_authorisation_the_agent_finds_on_the_account_makes_the_tenant_the_right_party():
    assert (
        _tenant_call("Okay, Mr Daniels gave written authorisation for you, so we can talk.")
        == "yes"
    )


@pytest.mark.parametrize(
    "agent_check",
    [
        "I'm sorry, there's no authorisation for you on the account.",
        "I can only discuss it if you're authorised on the account.",
    ],
)
def test_no_authorisation_found_leaves_the_tenant_a_third_party(agent_check):
    assert _tenant_call(agent_check) == "no"


# --- capture_location: where the water runs, an arrears block, the agent's guess --------------


def _location(*turns) -> str:
    return detect("inbound.capture_location", make_call(IN_OPEN, *turns, IN_CLOSE)).answer


LEAK_NEAR = ("C", "A pipe is leaking badly next to the clinic in Thokoza.")


def test_asking_where_the_water_runs_does_not_place_the_fault():
    assert _location(LEAK_NEAR, ("A", "Shame. Is the water running across the road?")) == "no"


def test_asking_which_road_places_it():
    assert _location(LEAK_NEAR, ("A", "Shame. Which road is the clinic on?")) == "yes"


def test_a_supply_restricted_for_arrears_said_a_sentence_later_is_no_fault():
    answer = _location(
        ("C", "We have no water since this morning at our flat."),
        (
            "A",
            "The account is R9 300 in arrears. That's why the supply is restricted.",
        ),
    )
    assert answer == "na"


def test_a_restricted_supply_with_no_arrears_is_still_a_fault():
    answer = _location(
        ("C", "We have no water since this morning at our flat."),
        ("A", "The supply is restricted in your area for a valve replacement."),
    )
    assert answer == "no"


HIGH_BILL = ("C", "My water bill doubled this month, R2 400 instead of R1 100.")


def test_the_agents_guess_at_a_leak_behind_a_high_bill_is_no_fault_report():
    answer = _location(
        HIGH_BILL,
        ("A", "That reading was actual. Maybe there's a leak on your side, check your taps."),
    )
    assert answer == "na"


def test_a_leak_the_caller_reports_is_a_fault():
    answer = _location(
        ("C", "There's a leak at my meter, water everywhere."),
        ("A", "Maybe it's the seal. I'll log it."),
    )
    assert answer in ("yes", "no")


# --- empathy: the caller's feeling named and owned ------------------------------------------


def _empathy(said: str) -> str:
    call = make_call(IN_OPEN, HIGH_BILL, ("A", said), IN_CLOSE)
    return detect("inbound.empathy", call).answer


@pytest.mark.parametrize(
    "said",
    [
        "I know this whole thing is confusing. Let me look at the readings.",
        "I get why you'd be upset about that. Let me look at the readings.",
        "Honestly I'd be concerned too. Let me look at the readings.",
        "Many people are struggling with the new tariffs. Let me look at the readings.",
        "I know it's a lot to take in. Let me look at the readings.",
    ],
)
def test_the_callers_feeling_named_is_empathy(said):
    assert _empathy(said) == "yes"


@pytest.mark.parametrize(
    "said",
    [
        "I know the account number, it's on my screen. Let me look at the readings.",
        "I see why the reading jumped: it was estimated before. The new one is actual.",
        "Many people pay by debit order. Let me look at the readings.",
    ],
)
def test_knowing_a_fact_or_seeing_a_cause_is_no_empathy(said):
    assert _empathy(said) == "no"


# --- critical false alarms: credit control as a condition, a name for a list, a caller's wish --


@pytest.mark.parametrize(
    "said, threat",
    [
        ("If the arrears stay unpaid, the prepaid meter will be blocked for vending.", False),
        ("Once the final notice lapses, the supply will be restricted, that's the policy.", False),
        ("If you don't pay today, we will switch you off tonight.", True),
        ("We will cut the electricity, I'm telling you.", True),
    ],
)
def test_credit_control_told_as_a_condition_is_no_threat(said, threat):
    assert in_any_sentence(is_threat, said) is threat


@pytest.mark.parametrize(
    "said, blamed",
    [
        ("The list, what they call the demand database, is kept by the housing office.", False),
        ("That's what they do at that depot, they close the job without going out.", True),
    ],
)
def test_naming_what_they_call_something_is_no_blame(said, blamed):
    assert in_any_sentence(is_blame, said) is blamed


@pytest.mark.parametrize(
    "said, belittled",
    [
        ("I do not want my neighbours to know I phoned.", False),
        ("Sorry ma'am, that's not my department, but I'll transfer you.", True),
        ("Did you actually read the meter yourself?", True),
        ("You don't have to shout at me, I'm logging it.", True),
        ("Please shout if the line breaks up.", False),
    ],
)
def test_a_wish_for_privacy_is_no_belittling_but_doubt_and_scolding_are(said, belittled):
    assert in_any_sentence(is_belittle, said) is belittled


# --- reference_number: a person's standing is no job logged ------------------------------------


def _reference(said: str) -> str:
    call = make_call(
        IN_OPEN,
        ("C", "How do I get the free basic electricity for my gran?"),
        ("A", said),
        IN_CLOSE,
    )
    return detect("inbound.reference_number", call).answer


def test_a_person_registered_somewhere_is_no_job_logged():
    said = "If she is registered as indigent at the customer care centre, the units load monthly."
    assert _reference(said) == "na"


def test_a_request_registered_is_still_a_job_logged():
    assert _reference("Okay, her application is registered now, I'll SMS you.") == "no"


# --- offer_help and anything_else in the call's other languages -------------------------------


@pytest.mark.parametrize(
    "opening_text, offered",
    [
        ("Sawubona, City of Ekurhuleni, uThandi lo. Ngingakusiza ngani namhlanje?", True),
        ("Dumela, City of Ekurhuleni, ke Palesa. Nka go thusa ka eng?", True),
        ("Goeie more, City of Ekurhuleni, Marike praat. Hoe kan ek u vandag help?", True),
        ("Sawubona, City of Ekurhuleni, uThandi lo.", False),
    ],
)
def test_an_offer_of_help_in_another_language(opening_text, offered):
    call = make_call(("A", opening_text), INBOUND_FAULT, IN_CLOSE)
    assert (detect("inbound.offer_help", call).answer == "yes") is offered


@pytest.mark.parametrize(
    "asked, yes",
    [
        ("Kukhona okunye engingakwenza?", True),
        ("Is daar nog iets wat ek vir u kan doen?", True),
        ("A go na le sengwe gape?", True),
        ("Ngiyabonga, sala kahle.", False),
    ],
)
def test_anything_else_asked_in_another_language(asked, yes):
    call = make_call(IN_OPEN, INBOUND_FAULT, ("A", asked), IN_CLOSE)
    assert (detect("inbound.anything_else", call).answer == "yes") is yes


def test_the_name_before_praat_is_the_agents_but_who_is_speaking_is_not():
    named = make_call(("A", "Goeie more, City of Ekurhuleni, Marike praat."), INBOUND_FAULT)
    asked = make_call(("A", "Goeie more, City of Ekurhuleni, met wie praat ek?"), INBOUND_FAULT)
    assert detect("inbound.agent_name", named).answer == "yes"
    assert detect("inbound.agent_name", asked).answer == "no"


# --- call_purpose in Afrikaans ----------------------------------------------------------------


@pytest.mark.parametrize(
    "said, stated",
    [
        ("Meneer, ek bel oor die rekening, dit is agterstallig met R3 400.", True),
        ("Meneer, ek bel net om te hoor of die nuwe meter werk.", False),
    ],
)
def test_the_purpose_said_in_afrikaans(said, stated):
    call = make_call(
        ("A", "Goeie more, hier praat Jaco van die Stad Ekurhuleni. Praat ek met meneer Botha?"),
        ("C", "Ja, dis hy."),
        ("A", said),
        RP_CLOSE,
    )
    assert (detect("outbound.call_purpose", call).answer == "yes") is stated
