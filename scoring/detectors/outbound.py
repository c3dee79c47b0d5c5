"""Detectors for the ``outbound_collection`` scorecard (standards.md section 3.2)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .base import CallView, Detection, Hit
from .common import closing_window, language_check, opening
from .cues import (
    RELATIONS,
    _any_seq,
    _set,
    cues,
    is_asking,
    is_authority_question,
    is_formal_authority,
    is_tenant,
    sentences,
)
from .doubt import THREAT_DOUBTS
from .lexicon import NOT_A_NAME
from .promise import has_day, promise_readbacks, sums
from .registry import detector


@detector("outbound.greeting", "Greets, names the organisation and gives own name")
def greeting(view: CallView) -> Detection:
    # The person called usually speaks first and the right-party check can come before the
    # introduction, so the opening here is the agent's first three turns.
    opened = opening(view, 3)
    if not opened.segments:
        return view.detection("no", 0.5, note="the agent never speaks")
    parts = {
        "greeting": opened.greeting,
        "organisation": opened.organisation,
        "own name": opened.name,
    }
    missing = [name for name, found in parts.items() if not found]
    evidence = sorted({i for found in parts.values() for i in found})
    if not missing:
        return view.detection("yes", 0.85, evidence, note="greeting, organisation and name")
    return view.detection(
        "no", 0.7, evidence or opened.segments[:1], note=f"opening lacks: {', '.join(missing)}"
    )


@dataclass(frozen=True, slots=True)
class RightParty:
    reached: bool
    asked: list[int]
    confirmed: list[int]
    not_reached: list[int]
    third_party: list[int] = field(default_factory=list)  # someone else on the line, unauthorised


def right_party_status(view: CallView) -> RightParty:
    """Was the account holder (or an authorised person) reached, and where was it checked?

    Someone who says they are a relative, tenant or helper of the account holder ("I'm his
    wife", "I'm renting here") is not the right party, whatever "yes" they said, unless they
    claim authority on the account (executor, "I handle the accounts")."""
    agent = view.agent_indices()
    callers = view.non_agent_indices()
    found = cues(view)
    asked = sorted(set(view.find("rpc_ask", agent)) | set(found["name_question"]))
    # "are you authorised on the account?" is the agent's question (a caller's turn only in a
    # mono call), not a claim
    third = [i for i in found["third_party"] if i in set(callers[:4])]
    tenant = any(is_tenant(view.words[i]) for i in third)
    authorised = sorted(
        i
        for i in set(view.find("authorised", callers)) | set(found["authority"])
        if not is_asking(view.words[i])
        # a tenant who pays or handles the bill has a lease with the owner, not a standing on
        # the owner's account: only a formal authority (authorised, power of attorney) counts
        and not (tenant and not is_formal_authority(view.words[i]))
    )
    authorised = sorted(set(authorised) | set(_authority_affirmed(view, third)))
    confirmed: list[int] = []
    if asked:
        first = asked[0]
        following = [i for i in callers if i > first][:3]
        confirmed = [i for i in view.find("affirm", following) if i != first and i not in third]
        # "This is Imraan." right after the ask confirms there, even when the first "ja" of
        # the call comes turns later ("Ja, business has been slow")
        named = [i for i in following if i not in third and _names_themself(view, first, i)]
        confirmed = sorted(set(confirmed) | set(named) | set(_check_passed(view, first, third)))
    not_reached = view.find("rp_not_reached", callers)
    if third and not authorised:
        return RightParty(
            reached=False,
            asked=asked,
            confirmed=[],
            not_reached=sorted(set(not_reached) | set(third)),
            third_party=third,
        )
    if authorised:
        reached = True
        confirmed = sorted(set(confirmed + authorised))
    elif confirmed and not any(i <= confirmed[0] for i in not_reached):
        reached = True
    else:
        reached = not not_reached
    return RightParty(reached=reached, asked=asked, confirmed=confirmed, not_reached=not_reached)


# The agent says the details given match: "thank you, that matches", "you're verified"
CHECK_PASSED = (
    ("that", "matches"),
    ("it", "matches"),
    ("details", "match"),
    ("everything", "matches"),
    ("you", "are", "verified"),
    ("dit", "klop"),
)


def _check_passed(view: CallView, ask: int, third: list[int]) -> list[int]:
    """Caller answers after the right-party ask that the agent's next turn says match ("Sithole,
    last four 0883." - "Thank you, that matches."): the person is confirmed where they answered,
    even with no "yes" said."""
    agent = set(view.agent_indices())
    out = []
    for j in range(ask + 2, len(view.segments)):
        if j - 1 not in agent and _someone_else(view, j - 1):
            break  # "No, Palesa is not here", "this is her sister": whoever answers is not her
        answered = j in agent and j - 1 not in agent and j - 1 not in third
        if answered and any(
            _any_seq(words, CHECK_PASSED, 1) for words in sentences(view.words[j])[:2]
        ):
            out.append(j - 1)
    return out


def _someone_else(view: CallView, i: int) -> bool:
    words = view.words[i]
    return (
        view.has("rp_not_reached", i)
        or not RELATIONS.isdisjoint(words)
        or words[:1] in (["no"], ["not"], ["nee"])
    )


def _authority_affirmed(view: CallView, third: list[int]) -> list[int]:
    """The relative who came to the phone is asked whether they are on the account or
    authorised, and the next turn says yes ("ja, we registered it in both names"): where the
    yes is said. A "no" or "not" in the reply claims nothing."""
    if not third:
        return []
    agent = set(view.agent_indices())
    callers = set(view.non_agent_indices())
    for q in range(third[0] + 1, min(third[0] + 5, len(view.segments))):
        if q in agent and not view.mono and _authority_on_file(view.words[q]):
            return [q]
        if q not in agent or q + 1 >= len(view.segments):
            continue
        if not is_authority_question(view.words[q]):
            continue
        reply = q + 1
        words = view.words[reply]
        if reply in callers and words[:1] in YES_FIRST and NOT_ME.isdisjoint(words):
            return [reply]
    return []


def _authority_on_file(words: list[str]) -> bool:
    """The agent finds the authority on the account ("there is a tenant authorisation on file
    for you", "yes, you're listed as authorised"); "I can't discuss it unless you're authorised"
    and "are you authorised?" find none."""
    for part in sentences(words):
        ws = set(part)
        if not ws & AUTHORITY_FOUND or ws & NOT_FOUND or is_authority_question(part):
            continue
        return True
    return False


AUTHORITY_FOUND = _set("authorisation authorization authorised authorized mandate")
NOT_FOUND = _set("not no never unless if nothing cannot whether")
YES_FIRST = (["yes"], ["ja"], ["yebo"], ["ye"], ["ee"], ["yah"], ["yeah"])
SELF_LEADS = _set("is its am speaking ke dis ngu ngi yes ye ja yebo")
NOT_ME = _set("not no nee never")


def _names_themself(view: CallView, ask: int, reply: int) -> bool:
    """The person answers the agent's "could I speak to Mama Grace Mabena?" with the name
    asked for ("it's Grace", "ye it's Thandi", "Grace speaking"), with no "no"/"not"."""
    asked = {w for w in view.words[ask] if w.isalpha() and len(w) > 2} - NOT_A_NAME
    words = view.words[reply]
    if not asked or not NOT_ME.isdisjoint(words):
        return False
    for j, w in enumerate(words):
        if w not in asked:
            continue
        before = words[max(0, j - 2) : j]
        after = words[j + 1 : j + 3]
        if after[:1] == ["s"] or not RELATIONS.isdisjoint(after):
            return False  # "it's Thandi's sister", "Grace my daughter is out"
        if not SELF_LEADS.isdisjoint(before) or after[:1] in (["speaking"], ["here"]):
            return True
    return False


def _first_ask(view: CallView, status: RightParty) -> Hit | None:
    """Where the agent first asks for the account holder: a phrase ("am I speaking to") or a
    bare name question ("Mrs Ntombi Khumalo?", :mod:`.cues`), whichever comes first."""
    ask = view.first_hit("rpc_ask", view.agent_indices())
    questions = [i for i in cues(view)["name_question"] if i in status.asked]
    if questions:
        start = view.offsets[questions[0]]
        if ask is None or start < ask.start:
            ask = Hit(questions[0], start, start + 1)
    return ask


def _not_reached(view: CallView, status: RightParty) -> Detection:
    return view.detection("na", 0.7, status.not_reached[:2], note="the right party was not reached")


DEBT_WORDS = _set("arrears arrear outstanding overdue owing owes owe behind debt balance overdrawn")


def _debt_told(view: CallView, status: RightParty) -> list[int]:
    """Agent segments after a third party spoke that tell the account's state in words the
    balance lexicon may not hold ("his account is in arrears", "it's three thousand that's
    behind, she must pay by Friday"); a refusal to discuss it ("I can't discuss the
    balance") tells nothing."""
    from .cues import _negated, sentences

    if not status.third_party:
        return []
    first = status.third_party[0]
    out = []
    for i in view.agent_indices():
        if i <= first or i in status.third_party:
            continue
        for words in sentences(view.words[i]):
            if any(w in DEBT_WORDS and not _negated(words, j) for j, w in enumerate(words)):
                out.append(i)
                break
    return out


def _refused(view: CallView, i: int) -> bool:
    """The segment names the balance only to refuse to discuss it ("I cannot discuss the
    balance with you"): every debt word negated, no figure."""
    from .cues import _negated

    words = view.words[i]
    debt = [j for j, w in enumerate(words) if w in DEBT_WORDS]
    return (
        bool(debt)
        and all(_negated(words, j) for j in debt)
        and not any(w[:1].isdigit() for w in words)
    )


def _later_third_party(view: CallView, status: RightParty) -> list[int]:
    """Caller segments after the opening where the person on the line says they are not the
    account holder ("she's my sister", "I sold that house"): whoever said "yes" at first, the
    balance may have gone to someone else. Empty when they claim authority on the account."""
    if status.third_party:
        return []
    found = cues(view)
    if any(not is_asking(view.words[i]) for i in found["authority"]):
        return []
    return [i for i in found["third_party"] if i in set(view.non_agent_indices())]


# "calling from the City, debt collection": a department's name, not the customer's debt
DEPARTMENT_AFTER = _set(
    "collection collections management recovery section department unit division team desk"
)


def _first_balance(view: CallView, agent: list[int]) -> Hit | None:
    """The first balance word in the agent's turns that is not a department's name."""
    for hit in view.hits_in("balance", agent):
        words = view.words[hit.segment]
        after = hit.end - view.offsets[hit.segment]
        if words[after : after + 1] and words[after] in DEPARTMENT_AFTER:
            continue
        return hit
    return None


@detector("outbound.right_party", "Right party confirmed before any balance or arrears")
def right_party(view: CallView) -> Detection:
    agent = view.agent_indices()
    status = right_party_status(view)
    balance = _first_balance(view, agent)
    ask = _first_ask(view, status)
    told = _debt_told(view, status)
    if balance is not None and status.third_party and _refused(view, balance.segment):
        balance = None  # "I cannot discuss the balance with you" tells nothing
    if told and (balance is None or told[0] < balance.segment):
        return view.detection(
            "no",
            0.8,
            [status.third_party[0], told[0]],
            note="the account's arrears told to someone who is not the account holder",
        )
    if balance is None:
        if ask is not None:
            return view.detection(
                "yes", 0.75, [ask.segment], note="right party checked; no balance mentioned"
            )
        return view.detection("no", 0.6, note="no right-party check")
    if ask is None or ask.start > balance.start:
        return view.detection(
            "no",
            0.85,
            [balance.segment],
            note="balance mentioned before the right party was confirmed",
        )
    if status.third_party and status.third_party[0] <= balance.segment:
        return view.detection(
            "no",
            0.85,
            [status.third_party[0], balance.segment],
            note="balance told to someone who is not the account holder",
        )
    confirmed_before = [i for i in status.confirmed if view.offsets[i] < balance.start]
    later = _later_third_party(view, status)
    if confirmed_before and later:
        return view.detection(
            "yes",
            0.3,
            [ask.segment, *confirmed_before[:1], balance.segment, later[0]],
            note="confirmed before the balance, but the person later says they are someone else",
        )
    if confirmed_before:
        return view.detection(
            "yes",
            0.85,
            [ask.segment, *confirmed_before[:1], balance.segment],
            note="right party confirmed before the balance",
        )
    return view.detection(
        "no",
        0.55,
        [ask.segment, balance.segment],
        note="asked for the account holder but mentioned the balance before they confirmed",
    )


@detector("outbound.call_purpose", "Agent states the purpose of the call (the account in arrears)")
def call_purpose(view: CallView) -> Detection:
    status = right_party_status(view)
    if not status.reached:
        return _not_reached(view, status)
    found = view.agent_find("purpose")
    agent = view.agent_indices()
    both = [
        i
        for i in view.find("account_word", agent)
        if view.has("calling", i) or view.has("balance", i)
    ]
    if (found or both) and not _arrears_told(view):
        # "I'm calling about your account", "a courtesy call on your account", with an amount
        # perhaps, but never that it is in arrears: the purpose the standard asks for is the
        # account *in arrears*.
        return view.detection(
            "no",
            0.6,
            (found or both)[:2],
            note="the call is about the account, but the agent never says it is in arrears",
        )
    if found:
        return view.detection("yes", 0.85, found, note="purpose of the call stated")
    if both:
        return view.detection("yes", 0.65, both, note="call linked to the account's arrears")
    return view.detection("no", 0.75, note="purpose of the call not stated")


# The account's state in the agent's words: arrears (as the recogniser also writes it, "in a
# rears"), overdue, owing, behind, unpaid.
ARREARS_WORDS = _set(
    """arrears arrear rears overdue outstanding owing owes owe owed behind debt unpaid
    overdrawn achterstallig agterstallig agterstand saletse salele esalele sekoloto
    isikweletu"""
)


def _arrears_told(view: CallView) -> bool:
    from .cues import _negated, sentences

    for i in view.agent_indices():
        for words in sentences(view.words[i]):
            for j, w in enumerate(words):
                misheard = w == "rear" and words[j - 1 : j] == ["a"]  # "in a rear"
                if (w in ARREARS_WORDS or misheard) and not _negated(words, j):
                    return True
    return False


DEADLINE_WORDS = _set("by before until till latest voor teen")
# "the latest I can give you to settle is the 7th": the day may come at the sentence's end
FAR_DEADLINE_WORDS = _set("latest deadline")
RESTATED = _set("arrears arrear overdue owing outstanding")
# A payment that was owed by a day: "it had to be paid on the 10th", "should have been paid by"
OWED_BY = (
    ("had", "to", "be", "paid"),
    ("should", "have", "been", "paid"),
    ("supposed", "to", "be", "paid"),
    ("needed", "to", "be", "paid"),
)


def _deadlines(view: CallView, amount: list[int]) -> list[int]:
    """Agent segments that tell the sum and the day it must be in by, before the customer
    offers anything ("there's R1 200 to be paid by the 15th", "can you settle R2 100 by the
    25th", "we need that in by the seventh"): the due date said as a deadline. After the
    customer's offer, "so R500 by Friday" is their promise read back, not a due date."""
    told = amount[0] if amount else 0
    offers = [
        i
        for i in view.non_agent_indices()
        if i > told
        and (view.has("promise", i) or (sums(view.words[i]) and has_day(view.words[i])))
        # on a mono call, the agent's own "the account is R5 600 in arrears, we need a payment
        # by the 31st" is the debt restated, not the customer's offer
        and not (view.mono and not view.has("promise", i) and RESTATED & set(view.words[i]))
    ]
    first_offer = min(offers, default=len(view.segments))
    out = []
    for i in amount:
        if i >= first_offer:
            continue
        if any(_says_deadline(words) for words in sentences(view.words[i])):
            out.append(i)
    return out


def _says_deadline(words: list[str]) -> bool:
    for j, w in enumerate(words):
        reach = 12 if w in FAR_DEADLINE_WORDS else 8
        if w in DEADLINE_WORDS and has_day(words[j + 1 : j + reach]):
            return True
    return _any_seq(words, OWED_BY, 1) and has_day(words)


@detector("outbound.amount_and_date", "Agent states the amount in arrears and a due date")
def amount_and_date(view: CallView) -> Detection:
    status = right_party_status(view)
    if not status.reached:
        return _not_reached(view, status)
    amount = view.agent_find("amount")
    date = view.agent_find("date_expr")
    due = cues(view)["due_date"]
    if amount and not due:
        due = _deadlines(view, amount)
    if amount and due:
        return view.detection("yes", 0.9, amount[:2] + due[:2], note="amount and due date")
    if amount and date:
        # A date, but not said to be the due date: often the promised payment's date.
        return view.detection(
            "no", 0.55, amount[:2] + date[:2], note="amount and a date, not called the due date"
        )
    if amount:
        return view.detection("no", 0.65, amount[:2], note="amount stated without a due date")
    return view.detection("no", 0.8, date[:1], note="no amount stated")


@detector("outbound.payment_options", "Agent offers ways to pay or a payment arrangement")
def payment_options(view: CallView) -> Detection:
    status = right_party_status(view)
    if not status.reached:
        return _not_reached(view, status)
    found = [i for i in view.agent_find("pay_options") if not _own_payment(view.words[i])]
    if found:
        return view.detection("yes", 0.85, found, note="ways to pay offered")
    return view.detection("no", 0.75, note="no ways to pay offered")


# The customer telling of their own payment ("I thought the debit order went through", "I
# paid at Shoprite"), heard as the agent's on a mono recording: no way to pay offered.
OWN_PAYMENT = (
    ("i", "thought"),
    ("i", "paid"),
    ("i", "have", "paid"),
    ("my", "debit"),
    ("my", "stop"),
)


def _own_payment(words: list[str]) -> bool:
    return _any_seq(words, OWN_PAYMENT, 2)


@detector("outbound.promise_to_pay", "Agent confirms a concrete promise (amount and date) back")
def promise_to_pay(view: CallView) -> Detection:
    status = right_party_status(view)
    if not status.reached:
        return _not_reached(view, status)
    agent = view.agent_indices()
    found = cues(view)
    readback = sorted(set(found["readback"]) | set(promise_readbacks(view)))
    if not readback and found["refusal"]:
        return view.detection("na", 0.8, found["refusal"][:2], note="the customer refused to pay")
    if not readback and found["vague_promise"]:
        return view.detection(
            "no",
            0.7,
            found["vague_promise"][:2],
            note="a vague promise (no firm amount and date) not turned into a concrete one",
        )
    confirmed: list[int] = list(readback)
    # "confirm ... amount ... date" over two agent turns is a read-back only once the debt has
    # been told: before that it is the identity check ("confirm your ID number") followed by
    # the balance and its due date.
    told = view.first_hit("balance", agent)
    for i in view.find("promise_confirm", agent):
        if told is None or i <= told.segment:
            continue
        window = [i] + [j for j in agent if j > i][:1]
        if view.find("amount", window) and view.find("date_expr", window):
            confirmed.append(i)
    confirmed = sorted(set(confirmed))
    if confirmed:
        return view.detection("yes", 0.85, confirmed, note="promise confirmed with amount and date")
    refused = view.find("refusal", view.non_agent_indices())
    promised = view.find("promise", view.non_agent_indices())
    if refused and not promised:
        return view.detection("na", 0.6, refused[:2], note="the customer refused to pay")
    if promised:
        return view.detection(
            "no",
            0.7,
            promised[:2],
            note="customer promised but the agent did not confirm amount and date",
        )
    return view.detection("no", 0.6, note="no concrete promise confirmed")


@detector("outbound.no_threats", "No threats, harassment or misleading statements")
def no_threats(view: CallView) -> Detection:
    return language_check(
        view,
        ("threat",),
        "threatening or misleading language",
        ("threat", "harassment"),
        THREAT_DOUBTS,
    )


@detector("outbound.closing", "Agent thanks the customer and closes politely")
def closing(view: CallView) -> Detection:
    window = closing_window(view)
    if not window:
        return view.detection("no", 0.5, note="the agent never speaks")
    thanks = view.find("thanks", window)
    if thanks:
        return view.detection("yes", 0.85, thanks, note="thanks the customer at the close")
    farewell = view.find("farewell", window)
    if farewell:
        return view.detection("no", 0.6, farewell, note="farewell without thanks")
    return view.detection("no", 0.75, window[-1:], note="no thanks at the close")
