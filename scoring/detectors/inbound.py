"""Detectors for the ``inbound`` scorecard (standards.md section 3.1)."""

from __future__ import annotations

from dataclasses import dataclass

from scoring.spoken_digits import DIGIT_VALUES

from .base import CallView, Detection
from .common import closing_window, language_check, opening
from .cues import _any_seq, _set, cues, segment_sentences
from .doubt import LANGUAGE_DOUBTS
from .registry import detector
from .speech import holds
from .text import SEPARATOR


@detector("inbound.greeting", "Greets and names the City in the agent's first turn")
def greeting(view: CallView) -> Detection:
    opened = opening(view, 1)
    if not opened.segments:
        return view.detection("no", 0.5, note="the agent never speaks")
    if opened.greeting and opened.organisation:
        return view.detection(
            "yes", 0.9, opened.greeting + opened.organisation, note="greeting and organisation"
        )
    offer = view.find("help_offer", opened.segments)
    if opened.organisation and opened.name and offer:
        # "City of Ekurhuleni, Sipho speaking, how can I help?": the City, the agent's name and
        # an offer of help make a full formal opening, which callers and officers take as the
        # greeting; "Ekurhuleni, Sipho." alone is curt and is not.
        return view.detection(
            "yes",
            0.6,
            sorted(set(opened.organisation + opened.name + offer)),
            note="formal opening (City, own name, offer of help) without a greeting word",
        )
    missing = "organisation" if opened.greeting else "greeting"
    if not opened.greeting and not opened.organisation:
        missing = "greeting and organisation"
    return view.detection(
        "no", 0.75, opened.segments[:1], note=f"no {missing} in the agent's first turn"
    )


@detector("inbound.agent_name", "Agent gives their own name in the opening")
def agent_name(view: CallView) -> Detection:
    opened = opening(view, 2)
    if opened.name:
        return view.detection("yes", 0.85, opened.name, note="agent's name in the opening")
    return view.detection("no", 0.7, opened.segments[:1], note="no name given in the opening")


@detector("inbound.offer_help", "Agent offers help in the opening")
def offer_help(view: CallView) -> Detection:
    segments = view.opening(3)
    found = view.find("help_offer", segments)
    if found:
        return view.detection("yes", 0.85, found, note="offer of help in the opening")
    return view.detection("no", 0.7, segments[:1], note="no offer of help in the opening")


@detector(
    "inbound.verify_identity",
    "Caller verified (name plus account number, ID number or address) before account details",
)
def verify_identity(view: CallView) -> Detection:
    account = view.any_find("account_topic")
    if not account:
        return view.detection(
            "na", 0.85, note="no account information discussed", speaker_dependent=False
        )
    facts = _identity_facts(view)
    disclosure = view.first_hit("disclosure", view.agent_indices())
    if disclosure is not None:
        return _verified_before_disclosure(view, disclosure, facts)
    return _verified_without_disclosure(view, account, facts)


@dataclass(frozen=True)
class _IdentityFacts:
    """Where in the call the caller's name and a second fact (account or ID number, address)
    were asked for or given; early_names are names the caller said before any question."""

    names: list[int]
    early_names: list[int]
    seconds: list[int]


def _identity_facts(view: CallView) -> _IdentityFacts:
    everyone = list(range(len(view.segments)))
    agent = view.agent_indices()
    # Name factor: asked for or given ("full names please", "my name is ...").
    names = [h.start for h in view.hits_in("name_factor", everyone)]
    # (on a mono call the first turn is the agent introducing themself, not the caller)
    givers = [i for i in view.non_agent_indices() if not (view.mono and i in view.opening(1))]
    # A caller naming themself before the agent has asked for anything ("Hi, this is Zanele
    # from the councillor's office", "I'm alone in the house") says who is phoning, not that
    # they hold the account: the name counts once an identity question has been put.
    asked = [
        h.segment for label in ("name_factor", "second_factor") for h in view.hits_in(label, agent)
    ] + view.agent_find("verify_word")
    early_names: list[int] = []
    if not view.mono:
        first_ask = min(asked, default=len(view.segments))
        early_names = [h.start for h in view.hits_in("name_after", givers) if h.segment < first_ask]
        givers = [i for i in givers if i > first_ask]
    names += [h.start for h in view.hits_in("name_after", givers)]
    seconds = [h.start for h in view.hits_in("second_factor", everyone)]
    seconds += [view.offsets[i] for i in view.long_numbers(everyone)]
    return _IdentityFacts(names, early_names, seconds)


def _factor_segments(view: CallView, limit: int | None) -> list[int]:
    """Evidence: the first segments where identity facts were asked for or given."""
    chosen = [
        h.segment
        for label in ("name_factor", "second_factor")
        for h in view.hits_in(label, range(len(view.segments)))
        if limit is None or h.start < limit
    ]
    return sorted(set(chosen + view.agent_find("verify_word")))[:3]


def _verified_before_disclosure(view: CallView, disclosure, facts: _IdentityFacts) -> Detection:
    before = disclosure.start
    callers = view.non_agent_indices()
    found = cues(view)
    third = [i for i in found["third_party"] if view.offsets[i] < before and i in callers]
    if third and not found["authority"]:
        return view.detection(
            "no",
            0.8,
            [third[0], disclosure.segment],
            note="account details given to someone who says they are not the account holder",
        )
    has_second = any(p < before for p in facts.seconds)
    # a name said up front stands when two further facts were asked for (account and ID)
    asked_facts = sum(
        1 for h in view.hits_in("second_factor", range(len(view.segments))) if h.start < before
    )
    has_name = any(p < before for p in facts.names) or bool(
        asked_facts >= 2 and any(p < before for p in facts.early_names)
    )
    if has_name and has_second:
        return view.detection(
            "yes",
            0.85,
            _factor_segments(view, before) + [disclosure.segment],
            note="caller identified before account details were discussed",
        )
    if has_name or has_second:
        missing = "account/ID number or address" if has_name else "name"
        return view.detection(
            "no",
            0.6,
            _factor_segments(view, before) + [disclosure.segment],
            note=f"account details discussed after a partial check (no {missing})",
        )
    return view.detection(
        "no", 0.8, [disclosure.segment], note="account details discussed without verification"
    )


def _verified_without_disclosure(
    view: CallView, account: list[int], facts: _IdentityFacts
) -> Detection:
    if facts.names and facts.seconds:
        if _fault_report(view) and not _account_opened(view):
            # A name and number taken to log a fault ("name and account number for the job"),
            # the account never looked at: on the labelled sets 12 of 12 such calls are na.
            return view.detection(
                "na",
                0.55,
                _factor_segments(view, None),
                note="name and number taken for a fault job; the account was never opened",
            )
        return view.detection(
            "yes",
            0.7,
            _factor_segments(view, None),
            note="caller identified (no account details read out)",
        )
    if facts.names or facts.seconds:
        changed = [i for i in view.non_agent_indices() if _asks_account_change(view.words[i])]
        told = view.find("balance", view.agent_indices())
        if changed or told:
            return view.detection(
                "no",
                0.45,
                _factor_segments(view, None) + (changed or told)[:1],
                note="account changed or its balance told after only a partial check",
            )
        # Account talk without details (how to register on Siyakhokha, what to bring to the
        # office) and a number asked "just in case": on the labelled sets such a call touches
        # no account information (28 of 34), so verification does not apply.
        return view.detection(
            "na",
            0.5,
            _factor_segments(view, None),
            note="account mentioned, partly checked, but no account details read out or changed",
        )
    return view.detection(
        "na", 0.55, account[:2], note="account mentioned but no account details discussed"
    )


# The agent looking at or working on the account: "I can see the readings", "let me pull it
# up", "I've got the account", "while I check my system", "I've updated the cell number".
ACCOUNT_OPENED = tuple(
    tuple(seq.split())
    for seq in (
        "i can see",
        "i see",
        "pull up",
        "pulled up",
        "pull it up",
        "on the system",
        "the system",
        "my system",
        "on your account",
        "on the account",
        "your account shows",
        "got your account",
        "got the account",
        "found the account",
        "the account is",
        "looking at your",
        "looking here",
        "check the meter",
        "there is a credit",
        "updated",
        "changed",
    )
)


def _account_opened(view: CallView) -> bool:
    return any(
        _any_seq(sentence, ACCOUNT_OPENED, 2)
        for i in view.agent_indices()
        for sentence in segment_sentences(view, i)
    )


CHANGE_VERBS = _set("change changed changing update updated updating correct amend move moved")
ACCOUNT_DETAILS = _set(
    """address postal email e-mail name surname number details cell cellphone phone contact
    box owner"""
)


def _asks_account_change(words: list[str]) -> bool:
    """The caller wants something on the account changed ("change the postal address on my
    account", "update my cell number")."""
    return not CHANGE_VERBS.isdisjoint(words) and not ACCOUNT_DETAILS.isdisjoint(words)


def _fault_report(view: CallView) -> list[int]:
    """Segments reporting a fault: the lexicon's fault words, or a caller describing a City
    service as broken in words no list holds (:mod:`.cues`)."""
    found = sorted(_fault_phrases(view) | set(cues(view)["fault"]))
    if found and not logged(view) and _blocked_for_arrears(view):
        return []
    return found


# "I'm not working", "if you are not working, an affidavit": a person out of work, not a
# service that is down ("the streetlights are not working").
JOBLESS = (("i", "am"), ("you", "are"), ("he", "is"), ("she", "is"), ("we", "are"))


def _fault_phrases(view: CallView) -> set[int]:
    out = set()
    for h in view.hits_in("fault", list(range(len(view.segments)))):
        words = view.words[h.segment]
        at = h.start - view.offsets[h.segment]
        if (
            words[at : at + 2] == ["not", "working"]
            and tuple(words[max(0, at - 2) : at]) in JOBLESS
        ):
            continue
        if _agent_guess(view, h.segment, words, at):
            continue
        out.add(h.segment)
    return out


# "it's either a leak on your side or the reading was captured wrong", "if it still turns, it
# is a leak": the agent's guess at a cause, not a fault the caller reports
GUESS_WORDS = _set("either if maybe perhaps might possibly probably")


def _agent_guess(view: CallView, segment: int, words: list[str], at: int) -> bool:
    if view.mono or not view.is_agent(segment):
        return False
    start = at
    while start > max(0, at - 6) and words[start - 1] != SEPARATOR:
        start -= 1
    return not GUESS_WORDS.isdisjoint(words[start:at])


BLOCK_WORDS = _set("block blocked blocking restricted restriction restrictions")
ARREARS_WORDS = _set("arrears arrangement outstanding owing overdue")


def _blocked_for_arrears(view: CallView) -> bool:
    """The agent finds the supply off because the account is blocked for arrears ("the block
    only comes off when the arrears are paid"): an account matter, not a fault to log."""
    for i in view.agent_indices():
        if BLOCK_WORDS.isdisjoint(view.words[i]):
            continue
        # "there's arrears of R8 412, no payment since March. That's why the water was
        # restricted": the reason may be the sentence before
        if not ARREARS_WORDS.isdisjoint(view.words[i]):
            return True
    return False


CONDITION_WORDS = _set("if once unless whenever")
# what the caller would do first: "phone us back and we will log it", "come in and ..."
CALLER_ACTS = _set("phone call ring come email sms whatsapp welcome")
OPTION_FOR_YOU = (("you", "can"), ("you", "could"), ("he", "can"), ("she", "can"))


PERSONS = _set("she he you they i who someone somebody")


def _hypothetical_log(view: CallView, hit) -> bool:
    """A log said of a case that has not arisen: behind a condition that asks the caller to
    phone again ("if it's ever missed, phone us and we'll log it"), a capture someone else
    makes later ("once the arrangement is captured, the block is lifted"), or an option left
    to the caller ("you can lodge a billing query"). "Let me check if it is logged" is a
    check, and "if you hold on I'll log it" logs now (no call back)."""
    words = view.words[hit.segment]
    at = hit.start - view.offsets[hit.segment]
    start = at
    while start > 0 and words[start - 1] != "§":
        start -= 1
    before = words[start:at]
    if any(tuple(before[-3:][k : k + 2]) in OPTION_FOR_YOU for k in range(2)):
        return True
    if before[-1:] and before[-1] in PERSONS and words[at] in ("is", "are", "been"):
        return True  # "if she is registered on CCMDD": a person's standing, not a job logged
    conditions = [k for k, w in enumerate(before) if w in CONDITION_WORDS]
    if not conditions or (conditions[0] and before[conditions[0] - 1] == "check"):
        return False
    after_condition = before[conditions[0] :]
    if (
        before[conditions[0]] == "once"
        and "we" not in after_condition
        and "i" not in after_condition
    ):
        return True  # captured by someone else, later
    return not CALLER_ACTS.isdisjoint(after_condition)


def logged(view: CallView) -> list[int]:
    """Agent segments that log something now (not only in a case that may arise)."""
    return sorted(
        {
            h.segment
            for h in view.hits_in("log_action", view.agent_indices())
            if not _hypothetical_log(view, h)
        }
    )


def _needs_follow_up(view: CallView, *, blocks_are_faults: bool = False) -> bool:
    """Something was logged, or a fault reported that the agent did not refer elsewhere
    (with ``blocks_are_faults``, also a supply blocked for arrears: the caller still waits
    for the lights, which is what a time frame is for)."""
    if logged(view):
        return True
    if blocks_are_faults:
        fault = sorted(_fault_phrases(view) | set(cues(view)["fault"]))
    else:
        fault = _fault_report(view)
    return bool(fault) and not view.agent_find("referral")


# "is it flowing into the street?", "running down the road": where the water goes, not where
# the fault is ("which street?", "12 Main Road", "on Main Road" still place it)
DIRECTIONS = _set("into onto down up across along over")
BARE_PLACES = _set("street road roads streets")


def _direction(view: CallView, hit) -> bool:
    words = view.words[hit.segment]
    at = hit.start - view.offsets[hit.segment]
    if hit.end - hit.start != 1 or words[at] not in BARE_PLACES:
        return False
    before = words[max(0, at - 2) : at]
    return len(before) == 2 and before[0] in DIRECTIONS and before[1] == "the"


@detector("inbound.capture_location", "For a fault report, agent confirms the fault's location")
def capture_location(view: CallView) -> Detection:
    fault = _fault_report(view)
    if not fault:
        return view.detection("na", 0.75, note="not a fault report", speaker_dependent=False)
    agent_location = [
        h.segment for h in view.hits_in("location", view.agent_indices()) if not _direction(view, h)
    ]
    agent_location = sorted(set(agent_location))
    if agent_location:
        return view.detection(
            "yes", 0.85, agent_location, note="agent asks for or confirms the location"
        )
    caller_location = view.find("location", view.non_agent_indices())
    if caller_location:
        return view.detection(
            "no",
            0.6,
            caller_location,
            note="caller gave a location but the agent did not confirm it",
        )
    return view.detection("no", 0.75, fault[:1], note="fault reported, no location captured")


REFERENCE_WORDS = _set(
    "reference ref ticket job case complaint notification tracking incident escalation"
)
DIGIT_WORDS = frozenset(DIGIT_VALUES)


PRONOUN_ONE_AFTER = _set("have has a any the this that no each every which")


def _is_digit(words: list[str], j: int) -> bool:
    """A figure or a digit word, but not "one" standing for a thing ("if you have one")."""
    w = words[j]
    if w == "one" and j and words[j - 1] in PRONOUN_ONE_AFTER:
        return False
    return w[:1].isdigit() or w in DIGIT_WORDS


# Words that send something somewhere: the digits after them are where a reference goes (a
# cell number, an e-mail), not the reference ("an SMS with the reference on 082 ...").
DESTINATION_WORDS = _set("on to at via")


def _digits_of(word: str) -> str:
    return "".join(c for c in word if c.isdigit()) or DIGIT_VALUES.get(word, "")


def _code_run(words: list[str], at: int, skip: int = 3) -> tuple[int, int, str]:
    """The run of figures or digit words that starts within ``skip`` words after
    ``words[at]`` ("reference number is 9 9 4 0", "ref: SW 5510 237"): (start, end, digits)."""
    start, digits = -1, ""
    for j in range(at + 1, len(words)):
        if _is_digit(words, j):
            if not digits:
                start = j
            digits += _digits_of(words[j]) or "1"
        elif digits or j - at > skip:
            return start, j, digits
    return start, len(words), digits


def _code_after(words: list[str], at: int, skip: int = 3) -> int:
    """Digits in the run of figures or digit words closely after ``words[at]``."""
    return len(_code_run(words, at, skip)[2])


def _digit_runs(words: list[str]) -> list[str]:
    runs, current = [], ""
    for j in range(len(words)):
        if _is_digit(words, j):
            current += _digits_of(words[j]) or "1"
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


def _callers_digits(view: CallView, before: int) -> list[str]:
    """Every run of digits the caller said before segment ``before`` (a cell number, a stand
    or account number, a house number): a reference is issued by the agent, so digits the
    agent reads back after the caller gave them are the caller's, not a reference."""
    out: list[str] = []
    for k in view.non_agent_indices():
        if k < before:  # on a mono call, anyone's earlier segment: a first reading stands
            out.extend(r for r in _digit_runs(view.words[k]) if len(r) >= 3)
    return out


def _echoes(run: str, callers: list[str]) -> bool:
    return len(run) >= 3 and any(run in said or said in run for said in callers)


def _read_out(view: CallView, i: int, deferred: bool) -> bool:
    """A reference matched in segment ``i`` is one read out, unless the segment also promises
    the reference for later ("you'll get an SMS with the reference number"): then a code of
    at least four digits (figures or digit words) must follow the word "reference" closely (a
    phone number's ending or "within 3 hours" further on is not a code), and not be where the
    reference is sent ("... the reference on 072 ..."). A segment whose only "number" is a
    thing the caller may have ("an incident number if you have one") gives none, nor one whose
    only digits read back what the caller said (their cell or house number)."""
    words = view.words[i]
    runs = _digit_runs(words)
    if not runs:
        return False
    callers = _callers_digits(view, i)
    if not deferred:
        return not all(_echoes(run, callers) for run in runs)
    for j, w in enumerate(words):
        if w not in REFERENCE_WORDS:
            continue
        start, _end, code = _code_run(words, j)
        if len(code) < 4 or _echoes(code, callers):
            continue
        if DESTINATION_WORDS.isdisjoint(words[j + 1 : start]):
            return True
    return False


# What a reference is called in the call's other languages and in plain talk ("verwysingsnommer",
# isiZulu "inombolo ye-reference", Sesotho "nomoro ya referense", "the job card", "the query").
REFERENCE_NAMES = REFERENCE_WORDS | _set(
    """verwysingsnommer verwysing referense referens inombolo nomoro nombolo nommer card query
    request collection"""
)
# Words that introduce a code closely before it ("... is WS 4410", "ithi", "ke", "it's under").
CODE_INTRO = _set("is ithi ke under number nommer no nr")
# Whose number it is when it is not a reference: the caller's own numbers, the City's lines.
NOT_A_REFERENCE = _set(
    """account acc id identity cell cellphone phone telephone mobile contact meter stand erf
    house call dial line"""
)


def _codes_given(view: CallView) -> list[int]:
    """Agent segments that read out a reference code without the lexicon's "reference number
    is" frame: a code of five or more digits (figures or digit words, letters before them
    allowed), closely after "is" / "ithi" / "ke" / "under" / a name for a reference, in a turn
    that names a reference or logs the job (or right after the turn that does: "your reference,
    do you have a pen? ... It's W S 4 4 0 7"). Not a phone number (ten digits from 0), not a
    number the caller gave first, not the caller's account, ID, cell or meter number."""
    agent = view.agent_indices()
    named = set(view.find("log_action", agent)) | {
        i for i in agent if not REFERENCE_NAMES.isdisjoint(view.words[i])
    }
    out = []
    for k, i in enumerate(agent):
        if i not in named and not (k and agent[k - 1] in named and agent[k - 1] >= i - 2):
            continue
        words = view.words[i]
        callers = _callers_digits(view, i)
        for j, w in enumerate(words):
            if w not in CODE_INTRO and w not in REFERENCE_NAMES:
                continue
            start, _end, code = _code_run(words, j)
            if len(code) < 5 or _echoes(code, callers):
                continue
            if code.startswith("0") and len(code) >= 9:
                continue  # a phone number
            if not NOT_A_REFERENCE.isdisjoint(words[max(0, j - 3) : start]):
                continue
            out.append(i)
            break
    return out


@detector("inbound.reference_number", "For a logged fault or complaint, agent gives a reference")
def reference_number(view: CallView) -> Detection:
    deferred = set(view.agent_find("reference_later"))
    given = [i for i in view.agent_find("reference_given") if _read_out(view, i, i in deferred)]
    given = given or [i for i in _codes_given(view) if i not in deferred]
    if given:
        # "your reference number is ..." is the agent's, whoever the mono recording's speaker
        return view.detection("yes", 0.9, given, note="reference number given", attributed=True)
    logged_now = logged(view)
    fault = _fault_report(view)
    referred = view.agent_find("referral")
    if _needs_follow_up(view):
        later = view.agent_find("reference_later")
        if later:
            return view.detection(
                "no", 0.55, later, note="reference promised by SMS/e-mail, not given on the call"
            )
        return view.detection(
            "no", 0.8, (logged_now or fault)[:2], note="logged, but no reference number given"
        )
    return view.detection(
        "na", 0.7, referred[:1], note="nothing was logged", speaker_dependent=False
    )


@detector("inbound.empathy", "Agent acknowledges the caller's situation at least once")
def empathy(view: CallView) -> Detection:
    found = view.agent_find("empathy")
    if found:
        return view.detection("yes", 0.85, found, note="acknowledgement of the caller's situation")
    # A plain "sorry" counts, unless it asks the caller to repeat or apologises for a hold.
    plain = [
        i
        for i in view.agent_find("sorry_plain")
        if not view.has("pardon", i) and not view.has("hold_thanks", i)
    ]
    if plain:
        return view.detection("yes", 0.65, plain, note="apology to the caller")
    return view.detection("no", 0.75, note="no acknowledgement of the caller's situation")


@detector("inbound.hold_etiquette", "Asks before a hold and thanks the caller on return")
def hold_etiquette(view: CallView) -> Detection:
    return judge_holds(view)


def judge_holds(view: CallView) -> Detection:
    """Each hold (a silence of ``view.hold_seconds`` or an explicit one) needs an ask before it
    and a thank-you after it, both in the agent's words."""
    agent = view.agent_indices()
    events: list[tuple[int, int, bool]] = []  # (last segment before, first after, from silence)
    for gap in holds(view.gaps, view.hold_seconds):
        events.append((gap.before, gap.after, True))
    # A hold announced in so many words ("I'll put you on hold") counts even when the recording
    # shows no long silence; thanks alone ("thank you for your patience") does not make a hold.
    covered = {before for before, _, _ in events}
    last = len(view.segments) - 1
    for i in view.agent_find("hold_explicit"):
        if i < last and not any(0 <= before - i <= 2 for before in covered):
            events.append((i, i + 1, False))
            covered.add(i)
    if not events:
        return view.detection("na", 0.8, note="no hold", speaker_dependent=False)
    problems: list[int] = []
    good: list[int] = []
    from_silence = False
    for before, after, silent in sorted(events):
        from_silence |= silent
        pre = [i for i in agent if i <= before][-2:]
        post = [i for i in agent if i >= after][:2]
        asked = view.find("hold_ask", pre)
        thanked = view.find("hold_thanks", post)
        if asked and thanked:
            good.extend(asked + thanked)
        else:
            problems.extend((asked if asked else pre[-1:]) + (post[:1] if not thanked else []))
    source = "metric" if from_silence else "rule"
    if problems:
        return view.detection(
            "no",
            0.75,
            problems,
            source=source,
            note="a hold without asking first or thanking after",
        )
    return view.detection("yes", 0.8, good, source=source, note="hold announced and thanked")


# What a time still to come is said with: "it will", "within", "in about an hour", "takes",
# "to restore", "to reflect"; a past ("the last three months", "ago") or the caller's own day
# ("is it open on Saturday") is none.
AHEAD = _set(
    """will within takes take taking restore restored reflect reflects processed issued expect
    estimate turnaround"""
)
PAST = _set("last ago was were passed since previous")


def _in_past(view: CallView, hit) -> bool:
    """A time said of what has happened ("the flag was put on on the 3rd of this month"); a
    sentence that also looks ahead ("if the estimate was too high, it is done within ten
    working days") is not only past."""
    sentence = _hit_sentence(view, hit)
    return bool(sentence & PAST) and not sentence & AHEAD


def _ahead(view: CallView, hit) -> bool:
    """The sentence of a time-frame hit speaks of something still to come."""
    sentence = _hit_sentence(view, hit)
    if sentence & AHEAD:
        return True
    first = view.words[hit.segment][hit.start - view.offsets[hit.segment]]
    return not sentence & PAST and first in ("in", "a", "an")


def _hit_sentence(view: CallView, hit) -> set[str]:
    """The words of the sentence a hit stands in."""
    words = view.words[hit.segment]
    start = hit.start - view.offsets[hit.segment]
    end = hit.end - view.offsets[hit.segment]
    while start > 0 and words[start - 1] != SEPARATOR:
        start -= 1
    while end < len(words) and words[end] != SEPARATOR:
        end += 1
    return set(words[start:end])


@detector("inbound.expectation", "Agent says what happens next and in what time frame")
def expectation(view: CallView) -> Detection:
    agent = view.agent_indices()
    # "the team will attend", "they'll come soon": a next step whose only time word is vague
    # is not a time frame (:mod:`.cues`)
    vague = set(cues(view)["team_no_time"])
    timeframe = [i for i in view.find("timeframe", agent) if i not in vague]
    # "a tamper flag was put on on the 3rd of this month": a time in the past is no time frame
    timeframe = sorted(
        {h.segment for h in view.hits_in("timeframe", timeframe) if not _in_past(view, h)}
    )
    next_step = view.find("next_step", agent)
    follow_up = _needs_follow_up(view, blocks_are_faults=True)
    both_same = [i for i in timeframe if i in next_step]
    if both_same:
        return view.detection("yes", 0.85, both_same, note="next step with a time frame")
    if not follow_up:
        # nothing logged: a time counts only for something still to come ("within 24 hours",
        # "in about an hour", "four hours to restore"), not an account's past or opening hours
        ahead = sorted({h.segment for h in view.hits_in("timeframe", timeframe) if _ahead(view, h)})
        if ahead and next_step:
            return view.detection("yes", 0.6, ahead + next_step, note="next step and time frame")
        return view.detection(
            "na", 0.65, note="informational call, no follow-up", speaker_dependent=False
        )
    if timeframe and next_step:
        return view.detection("yes", 0.7, timeframe + next_step, note="next step and time frame")
    if timeframe:
        return view.detection("yes", 0.6, timeframe, note="time frame given")
    if next_step:
        return view.detection("no", 0.6, next_step, note="next step given without a time frame")
    return view.detection("no", 0.75, note="no next step or time frame given")


@detector("inbound.professional_language", "No rude language or blaming from the agent")
def professional_language(view: CallView) -> Detection:
    return language_check(
        view,
        ("rude", "blame"),
        "rude, dismissive or blaming language",
        ("blame", "belittle"),
        LANGUAGE_DOUBTS,
        # "if they don't come, phone back" blames nobody (the phrase or the cue)
        conditional_ok=("blame",),
    )


@detector("inbound.anything_else", "Agent asks whether there is anything else")
def anything_else(view: CallView) -> Detection:
    found = view.agent_find("anything_else")
    if found:
        return view.detection("yes", 0.9, found, note="asked if there is anything else")
    return view.detection("no", 0.75, note="never asked if there is anything else")


@detector("inbound.closing", "Agent closes politely (thanks the caller and/or names the City)")
def closing(view: CallView) -> Detection:
    window = closing_window(view)
    if not window:
        return view.detection("no", 0.5, note="the agent never speaks")
    polite = sorted(set(view.find("thanks", window)) | set(view.find("organisation", window)))
    if polite:
        return view.detection("yes", 0.85, polite, note="thanks or names the City at the close")
    farewell = view.find("farewell", window)
    if farewell:
        return view.detection("yes", 0.6, farewell, note="polite farewell without thanks")
    return view.detection("no", 0.75, window[-1:], note="no polite close")
