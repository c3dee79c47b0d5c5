"""Cues a phrase list misses: who is on the line, blame, belittling, threats, vague promises.

    found = cues(view)              # {"third_party": [segment, ...], "blame": [...], ...}
    cue_features(view)              # {"cue:blame:agent": 1.0, ...} for scoring.features

A phrase list names exact wordings ("their fault"); these cues look for the *shape* of what is
said, over word classes within one sentence of one segment, so that a wording nobody listed
still counts:

- ``third_party``: the person on the line says they are someone else: a relative, tenant or
  helper of the account holder ("it's his son", "I'm her daughter", "I'm renting the flat"), or
  that the person asked for is away ("he's at work", "she's in frail care").
- ``blame``: the agent runs down another department, contractor or colleagues: a group
  ("those guys", "Roads and Stormwater", "the depot", "they") with a negative verdict ("never
  fix", "always slow", "sit on the jobs", "don't care", "dropping the ball"), a disowning
  ("it's not us") or a habit pinned on them with a failing or a confidence ("between us, they
  do this all the time, they just don't send anyone").
- ``belittle``: the agent talks down to the caller ("if you'd read your post", "I heard you
  the first time", "shouting at me won't...", "you people"), shows impatience at repeating
  ("I already explained it twice", "just listen properly") or makes the problem small ("we'll
  get to it when we get to it").
- ``threat``: a consequence (cut-off, blacklisting, sheriff, lawyers, losing the house) made
  urgent, personal or certain ("today", "I'm sending the team myself", "there's no notice"),
  a "friendly" warning ("between us", "as a friend"), harassment ("every day", "at work") or
  a false deal ("today only ... writes off the interest").
- ``harassment`` (over a whole agent segment): the customer's employer, family or neighbours
  named and contacting them in the next breath ("we have your employer's details... I'd hate
  to have to phone them"), not a deduction arranged with the employer.
- ``vague_promise``: a promise hedged or without a figure ("end of the month, probably",
  "I'll pay something next week", "when I can").
- ``team_no_time``: "the team will attend" with no time frame in the same sentence.
- ``location_ask``: the agent asks for an address; ``location_confirm``: the agent reads an
  address back (a number and a street word) or confirms it ("is that correct").
- ``purpose_outbound``: the agent says why they are calling in terms of the account or arrears.

Sentences are the normaliser's (``§`` between them); words are normalised (lower case,
contractions expanded, numbers as digits). The result is cached on the view.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain, compress
from typing import Any

from .base import CallView
from .sa_lexicon import (
    DATE_MARKERS,
    DUE_WORDS_BY_LANGUAGE,
    MONTH_WORDS,
    MONTHS_BY_LANGUAGE,
    ORDINALS_AF,
    WEEKDAY_STEMS,
    WEEKDAYS_BY_LANGUAGE,
)
from .text import SEPARATOR

SENTENCE = "§"


def _set(text: str) -> frozenset[str]:
    return frozenset(text.split())


RELATIONS = _set(
    """wife husband son daughter mother father mom mum dad brother sister granny gogo grandmother
    grandfather grandson granddaughter uncle aunt aunty auntie cousin nephew niece child kid kids
    tenant tenants lodger helper maid domestic nanny caretaker neighbour neighbor friend partner
    girlfriend boyfriend fiance employee worker secretary assistant bookkeeper relative family
    sibling stepson stepdaughter stepmother stepfather inlaw landlady"""
)
# The speaker's own tenancy ("I'm just renting here", "we are the tenants"), not a landlord
# talking about their tenants.
TENANCY_SEQS = tuple(
    (who, what)
    for who in ("i", "we")
    for what in _set(
        "renting rent tenant tenants lodger lodging boarder helper maid nanny caretaker"
    )
)
TENANCY = _set("renting rent rents tenant tenants lodger lodging boarder subletting")
LETTING_OUT = tuple((verb, "out") for verb in ("rent", "renting", "rents", "let", "letting"))
AWAY = _set(
    """work hospital frail care away overseas travelling traveling passed died deceased late moved
    out working church funeral school shop shops sleeping asleep"""
)
OWNER = _set("owner owners holder landlord landlady registered")
NOT_THE_HOLDER = tuple(
    (*lead, who)
    for lead in (("i", "am", "not"), ("this", "is", "not"), ("it", "is", "not"))
    for who in ("him", "her", "he", "she", "mr", "mrs", "ms", "mister", "miss", "owner", "holder")
)
THEY_ARE = (("he", "is"), ("she", "is"), ("he", "has"), ("she", "has"))
# "she's my sister", "he is my father": the person asked for is the speaker's relative.
MY_RELATION = tuple((*they, "my", who) for they in THEY_ARE[:2] for who in RELATIONS)
# The speaker was the owner once, or never: "I sold that house", "that's the new owners".
NOT_MINE = (
    ("i", "sold"),
    ("we", "sold"),
    ("new", "owner"),
    ("new", "owners"),
    ("previous", "owner"),
    ("no", "longer", "the", "owner"),
    ("not", "the", "owner"),
    ("not", "my", "account"),
    ("not", "my", "house"),
    ("not", "my", "property"),
    ("nothing", "to", "do", "with", "it"),
)
NOT_HERE = (("not", "the"), ("not", "here"))
# The account is a relative's: "in my mother's name", "it's my granny's account" (the
# normaliser drops the possessive); "my wife and I" or "my account" is the holder talking.
RELATIVE_HOLDS = tuple(
    seq
    for who in RELATIONS
    for seq in (("in", "my", who, "name"), ("my", who, "account"), ("my", who, "house"))
)

GROUP_WORDS = _set(
    """they them those these guys okes people ones department departments depot depots section
    contractor contractors team teams technicians technician colleagues colleague office desk
    branch head finance billing roads stormwater sanitation waste eskom supervisors staff crew
    crews workers ladies agent agents consultant consultants"""
)
BLAME_VERDICT = _set(
    """never always slow lazy useless hopeless incompetent clueless mess messes messed messing
    stuffed stuffs botch botched bungle bungled careless sleep sleeps sleeping asleep dragging
    drag drags forever nothing tired problem problems excuses rubbish pathetic disorganised
    disorganized unreliable sloppy"""
)
NOT_US = (("not", "us"), ("not", "ours"))
# Pairs that carry the verdict when neither word alone does.
BLAME_PAIRS = (
    ("sit", "on"),
    ("sit", "at"),
    ("sit", "around"),
    ("sits", "on"),
    ("sitting", "on"),
    ("sitting", "around"),
    ("do", "nothing"),
    ("does", "nothing"),
    ("not", "care"),
    ("not", "bother"),
    ("their", "job"),
    ("their", "work"),
    ("not", "us"),
    ("not", "ours"),
    ("not", "our"),
    ("not", "me"),
    ("tired", "of"),
    ("fed", "up"),
    ("their", "fault"),
    ("his", "fault"),
    ("her", "fault"),
    # failing as an idiom: "dropping the ball", "they let us down", "left us in the lurch"
    ("drop", "the", "ball"),
    ("drops", "the", "ball"),
    ("dropped", "the", "ball"),
    ("dropping", "the", "ball"),
    ("let", "us", "down"),
    ("let", "you", "down"),
    ("lets", "us", "down"),
    ("in", "the", "lurch"),
    # leaving the work undone or done wrong: "they just sit there", "the ball is in their
    # court", "logged it wrong", "they don't read properly"
    ("just", "sit"),
    ("just", "sits"),
    ("in", "their", "court"),
    ("logged", "wrong"),
    ("captured", "wrong"),
    ("not", "read"),
    ("rush", "through"),
    ("rushes", "through"),
    ("rushed", "through"),
    ("rushing", "through"),
    # a group ranked the worst ("the roads guys are the worst") and work passed back and forth
    # between them ("they just push it to each other", "passing the buck")
    ("are", "the", "worst"),
    ("is", "the", "worst"),
    ("were", "the", "worst"),
    *(
        (verb, *rest)
        for verb in ("push", "pushes", "pushing", "pass", "passes", "passing", "throw", "throwing")
        for rest in (("each", "other"), ("the", "buck"))
    ),
)
# A habit pinned on a group ("Finance does this all the time", "every time with that depot"):
# blame when the same sentence also has them doing "this" (a complaint's demonstrative), says
# what they just fail to do, or confides it ("between us").
HABITUAL = (
    ("all", "the", "time"),
    ("every", "time"),
    ("every", "single"),
    ("as", "usual"),
    ("typical",),
    ("again", "and", "again"),
    ("a", "lot"),
    ("every", "week"),
    ("every", "month"),
)
CONFIDING = (
    ("between", "us"),
    ("between", "you", "and", "me"),
    ("off", "the", "record"),
    ("if", "you", "ask", "me"),
)
FAILING = (
    ("just", "do", "not"),
    ("just", "does", "not"),
    ("just", "did", "not"),
    ("just", "not"),
    ("never",),
    *(
        (verb, what)
        for verb in ("do", "does", "did", "doing", "pull", "pulls", "pulled", "pulling")
        for what in ("this", "that", "it")
    ),
)
# A verdict word that is also ordinary service talk needs a second sign of blame.
SOFT_VERDICT = _set("never always nothing problem problems slow")

BELITTLE_PAIRS = (
    ("if", "you", "would"),
    ("if", "you", "had"),
    ("should", "have", "read"),
    ("should", "have", "known"),
    ("should", "have", "listened"),
    ("you", "must", "read"),
    ("you", "must", "listen"),
    ("you", "never", "read"),
    ("you", "do", "not", "read"),
    ("you", "did", "not", "read"),
    ("you", "people"),
    ("listen", "to", "me"),
    ("first", "time"),
    ("already", "said"),
    ("already", "told"),
    ("said", "already"),
    ("told", "you"),
    ("shouting", "at"),
    ("shout", "at"),
    ("rocket", "science"),
    ("would", "have", "seen"),
    ("would", "have", "known"),
    ("calm", "down"),
    ("i", "do", "not", "do"),
    ("nothing", "i", "can"),
    # the problem declared hopeless for everyone ("there's nothing anyone can do about that")
    *(("nothing", who, "can", "do") for who in ("anyone", "anybody", "we", "one")),
    ("can", "not", "do", "anything"),
    ("same", "problem"),
    # "not my problem", "not really my department"; not "I don't want my name out there"
    *(
        ("not", "my", what)
        for what in ("problem", "job", "department", "responsibility", "fault", "business", "issue")
    ),
    ("your", "problem"),
    # the caller doubted or scolded: "did you actually put the bin out?", "you don't have to
    # shout", "no need to shout at me"
    ("did", "you", "actually"),
    ("have", "to", "shout"),
    ("need", "to", "shout"),
    ("stop", "shouting"),
    ("excuses",),
    ("dodging",),
    ("obviously",),
    # impatience at having to repeat ("I already explained it twice", "just listen properly")
    ("already", "explained"),
    ("explained", "already"),
    ("explained", "twice"),
    ("said", "twice"),
    ("told", "twice"),
    ("said", "it", "twice"),
    ("listen", "properly"),
    ("just", "listen"),
    ("not", "listening"),
    ("pay", "attention"),
    # the caller's problem made small ("we'll get to it when we get to it")
    ("when", "we", "get", "to", "it"),
    ("get", "to", "it", "when"),
    ("not", "a", "big", "deal"),
    ("end", "of", "the", "world"),
    ("worse", "than", "you"),
    ("worse", "off"),
    # a lecture on what the caller ought to have known ("you should know better by now",
    # "people ought to know by now", "you must have learnt")
    *(
        (modal, *what)
        for modal in ("should", "ought", "must")
        for what in (
            ("know", "better"),
            ("know", "by", "now"),
            ("have", "learnt"),
            ("have", "learned"),
            ("to", "know", "better"),
            ("to", "know", "by"),
        )
    ),
    ("know", "better", "than"),
    # the caller sent away until they behave ("call back when you're calm", "if you want to
    # carry on like this") or told the agent has better things to do ("I have other calls")
    *(("when", "you", calm) for calm in ("calm", "calmer", "calmed")),
    *((who, "carry", "on", "like") for who in ("you", "to")),
    *(("i", "have", "other", who) for who in ("calls", "callers", "people", "customers")),
    # the caller told to queue with everyone else ("you just have to wait like everybody
    # else"), their call made pointless ("me logging it won't change much")
    ("like", "everybody", "else"),
    ("like", "everyone", "else"),
    ("wait", "like", "everybody"),
    *(
        (verb, *neg, result)
        for verb in ("logging", "log", "phoning", "calling")
        for neg in (("not",), ("will", "not"), ("it", "will", "not"))
        for result in ("change", "help")
    ),
)
# "your fault" pins the problem on the caller; "not your fault" reassures them.
CALLER_FAULT = ("your", "fault")

CONSEQUENCE = _set(
    """cut cutting disconnect disconnected disconnecting disconnection disconnections cutoff
    blacklist blacklisted blacklisting sheriff lawyers lawyer attorney attorneys court auction
    auctioned repossess repossessed evict evicted eviction furniture handed meter meters lose
    restrict restricted restriction block blocked switch switched attach attached"""
)
# "the electricity goes off", "we switch you off", "lights will be turned off"
OFF_PAIRS = tuple(
    (verb, "off")
    for verb in (
        "cut",
        "goes",
        "go",
        "going",
        "switch",
        "switched",
        "turn",
        "turned",
    )
)
# The house or its contents taken or sold: "the City will take the house", "they sell your
# home on auction"; Afrikaans "die Stad sal die huis vat", "hulle verkoop dit". A taking word
# and a thing of the household in one sentence (is_threat still wants it urgent or certain).
TAKING = _set(
    """take takes taking taken sell sells selling sold seize seized repossess repossessed
    auction auctioned vat verkoop veiling beslag"""
)
HOUSEHOLD = _set("house home property furniture car erf huis eiendom meubels kar")
# "if the house is being sold ...", "when the property is sold": the owner's own sale, a
# condition, not a consequence
SALE_CONDITION = _set("if when once until after as wanneer")
# A supply off said as the state the family is left in: "sitting in the dark", "left in the
# dark"; "you won't be in the dark" is negated.
DARK = (("the", "dark"),)
URGENT = _set(
    """today tomorrow tonight now immediately monday tuesday wednesday thursday friday saturday
    sunday afternoon morning hour hours myself personally automatic automatically already
    coming vandag vanaand nou dadelik onmiddellik"""
)
CONDITIONAL = _set("if unless once")
# English, and Afrikaans "sal" (will), "moet" (must)
CERTAIN = _set("will must going gonna definitely surely guaranteed sal moet")
FRIENDLY = (
    ("as", "a", "friend"),
    ("between", "us"),
    ("between", "you", "and", "me"),
    ("off", "the", "record"),
    ("like", "a", "sister"),
    ("like", "a", "brother"),
    ("advising", "you"),
    ("advise", "you"),
    ("no", "notice"),
    ("without", "notice"),
    ("by", "law"),
    ("street", "by", "street"),
    ("your", "street"),
    ("lose", "your"),
    ("every", "day"),
    ("every", "morning"),
    ("at", "work"),
    ("your", "work"),
    ("your", "employer"),
    ("your", "boss"),
    ("your", "neighbours"),
    ("keep", "calling"),
    ("keep", "phoning"),
    ("you", "people"),
    ("excuses",),
    ("dodging",),
    ("write", "off"),
    ("writes", "off"),
    ("written", "off"),
    ("wipe",),
    ("wipes",),
    ("clean", "slate"),
    ("today", "only"),
    ("only", "today"),
    ("skip", "your"),
    # a "kind" warning or a promise nobody may make: "I'd really hate for your house to be the
    # one they stop at", "I'll make sure the interest is reversed, you have my word"
    ("hate", "for"),
    # paying now sold as being passed over ("pay a little today, then they skip you")
    ("skip", "you"),
    ("skips", "you"),
    ("have", "my", "word"),
    ("reversed",),
    ("reverse",),
)
# Regret said over a cut-off that has not happened: "it would be a pity if the lights went off",
# "it'd be sad if they had to switch you off". A report of an outage ("sorry the power went
# off") or sympathy ("shame, if your power is off since Friday...") is none: no "be ... if".
REGRET_IF = tuple(("be", regret, "if") for regret in ("pity", "shame", "sad", "terrible", "awful"))
OFF_AFTER_IF = _set("off disconnected disconnect cut blacklisted")
# Harassment spread over a segment: the customer's employer, family or neighbours named in one
# sentence, contacting them in the next ("we have your employer's details... I'd hate for us to
# have to phone them"). A salary deduction or stop order arranged with the employer is not one.
HARASS_TARGETS = _set("employer employers boss workplace neighbours neighbors family relatives")
CONTACT = _set(
    """phone phoning call calling contact contacting tell telling inform visit visiting ring
    ringing rang approach approaching write writing sms message email"""
)
ARRANGEMENT = _set("deduction deductions stop debit payroll salary")
# Shaming: the customer's standing before the people around them used as pressure ("the whole
# street sees them at your meter box", "neighbours talk", "in front of your family").
AUDIENCE = _set(
    """neighbours neighbors neighbour neighbor street community friends family relatives
    church colleagues congregation"""
)
SHAME = _set(
    """embarrassment embarrass embarrassed embarrassing humiliate humiliated humiliating
    humiliation ashamed disgrace disgraced reputation gossip"""
)
WATCHED = _set("see sees seeing saw watch watches watching talk talks talking notice know")
FACTUAL = _set("notice notices may might could process policy letter final demand warning")

PROMISE_VERBS = _set("pay paying pays deposit transfer settle send put make")
HEDGES = _set(
    """probably maybe perhaps hopefully try trying possibly somehow something sometime soon see
    think guess hope whenever"""
)
AUTHORITY = _set("authorised authorized executor executrix attorney mandate proxy curator")
AUTHORITY_VERBS = _set("handle handles manage manages pay pays do run")
AUTHORITY_OBJECTS = _set("account accounts bills bill finances municipal rates")
FIRST_PERSON = _set("i me my we us our")
# A sentence opening like this asks someone else; it claims nothing for the speaker.
ASKING = frozenset(
    (verb, who)
    for verb in ("are", "do", "can", "is", "have", "has", "were", "did")
    for who in ("you", "he", "she", "they", "anyone", "somebody", "someone")
)
ON_THE_ACCOUNT = (("we", "on", "the", "account"), ("i", "on", "the", "account"))
# Words that open a sentence before its question ("oh ok madam, are you ...").
LEAD_INS = _set("oh ok okay so and madam sir mam maam right alright well um uh eish sorry")
AUTHORITY_ASKED = AUTHORITY | _set("authorisation authorization authority permission")
ASKING_ANYWHERE = (("are", "you"), ("do", "you"), ("is", "your"), ("have", "you"))
TEAM = _set(
    """team teams technicians technician crew crews someone somebody guys people they plumbers
    plumber electricians electrician artisans artisan inspector inspectors officials"""
)
ATTEND = _set("attend come go out visit sent send dispatched dispatch attending coming check")
TIME_WORDS = _set(
    """hour hours day days week weeks minutes today tomorrow tonight monday tuesday wednesday
    thursday friday saturday sunday morning afternoon evening before by within until oclock
    o'clock midnight noon"""
)
STREET_WORDS = _set(
    """street st road rd avenue ave drive dr crescent close lane way extension ext stand erf
    section unit flat complex corner block zone township village park"""
)
PLACE_NOUNS = (
    "street", "road", "avenue", "suburb", "area", "section", "extension", "township", "corner",
    "stand", "erf", "house", "complex",
)  # fmt: skip
LOCATION_ASK = (
    *((ask, place) for ask in ("which", "what") for place in PLACE_NOUNS),
    ("address",),
    ("where", "exactly"),
    ("which", "street"),
    ("what", "street"),
    ("street", "name"),
    ("stand", "number"),
    ("erf", "number"),
    ("house", "number"),
    ("nearest", "corner"),
    ("landmark",),
    ("which", "area"),
    ("what", "area"),
    ("which", "suburb"),
    ("what", "suburb"),
    ("where", "is", "it"),
    ("where", "are", "you"),
    ("where", "is", "the"),
)
CONFIRM_WORDS = (
    ("is", "that", "correct"),
    ("is", "that", "right"),
    ("correct",),
    ("confirm",),
    ("confirming",),
    ("let", "me", "read"),
    ("so", "that", "is"),
    ("i", "have"),
    ("got", "it"),
    ("noted",),
)
PURPOSE_NOUNS = _set("account arrears arrear balance outstanding overdue owing debt payment bill")
PURPOSE_OPENERS = (
    ("calling", "about"),
    ("calling", "regarding"),
    ("calling", "because"),
    ("calling", "to"),
    ("calling", "you"),
    ("phoning", "about"),
    ("phoning", "regarding"),
    ("reason", "for"),
    ("reason", "i"),
    ("purpose",),
    ("call", "is", "about"),
    ("call", "is", "regarding"),
    ("it", "is", "about"),
    ("about", "your"),
    ("regarding", "your"),
    ("concerning", "your"),
    ("follow", "up"),
)


class Sentence(list):
    """A sentence's words with their set, built once and shared by every cue; the positions of
    each word (``pos``) are worked out only if a cue asks for them."""

    __slots__ = ("ws", "_pos")

    def __init__(self, words: Iterable[str]) -> None:
        super().__init__(words)
        self.ws = frozenset(self)
        self._pos: dict[str, list[int]] | None = None

    @property
    def pos(self) -> dict[str, list[int]]:
        pos = self._pos
        if pos is None:
            pos = self._pos = {}
            for i, w in enumerate(self):
                pos.setdefault(w, []).append(i)
        return pos


def _sentence(words: list[str]) -> Sentence:
    return words if type(words) is Sentence else Sentence(words)


def _has_seq(words: list[str], seq: tuple[str, ...], gap: int = 1) -> bool:
    """``seq`` appears in order, each word at most ``gap`` words after the previous one."""
    ws = _sentence(words).ws
    for w in seq:
        if w not in ws:
            return False
    return _seq_at(words, seq, gap)


def _seq_at(words: list[str], seq: tuple[str, ...], gap: int) -> bool:
    """:func:`_has_seq` once every word of ``seq`` is known to be in ``words``: each place the
    first word stands is tried in turn, the next word looked for in the ``gap`` words after
    the previous one (list searches in C, no per-word Python loop)."""
    if len(seq) == 1:
        return True
    first = seq[0]
    rest = seq[1:]
    i = -1
    for _ in range(words.count(first)):
        i = words.index(first, i + 1)
        at = i
        for nxt in rest:
            window = words[at + 1 : at + 1 + gap]
            if nxt not in window:
                break
            at += 1 + window.index(nxt)
        else:
            return True
    return False


NEGATORS = _set("not never no nobody nothing noone cannot")


def _negated(words: list[str], i: int, window: int = 4) -> bool:
    """A negator in the few words before ``words[i]`` (within the sentence)."""
    return not NEGATORS.isdisjoint(words[max(0, i - window) : i])


def _negated_seq(words: list[str], seq: tuple[str, ...]) -> bool:
    return any(w == seq[0] and _negated(words, i) for i, w in enumerate(words))


# seqs (by id) -> (seqs, the first words, first word -> (a sequence of that one word is listed,
# the second words after it, second word -> [(seq, its words as a set)]))
_BY_FIRST: dict[int, tuple[tuple, frozenset[str], dict[str, tuple]]] = {}


def _index_seqs(seqs: tuple[tuple[str, ...], ...]):
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for seq in seqs:
        grouped.setdefault(seq[0], []).append(seq)
    index: dict[str, tuple] = {}
    for first, group in grouped.items():
        by_second: dict[str, list[tuple]] = {}
        for seq in group:
            if len(seq) > 1:
                by_second.setdefault(seq[1], []).append((seq, frozenset(seq)))
        single = any(len(seq) == 1 for seq in group)
        index[first] = (single, frozenset(by_second), by_second)
    entry = _BY_FIRST[id(seqs)] = (seqs, frozenset(index), index)
    return entry


def _any_seq(words: list[str], seqs: tuple[tuple[str, ...], ...], gap: int = 1) -> bool:
    """Any of ``seqs`` in ``words``; only sequences whose words all occur are scanned (the
    sequences are indexed by first and second word once per tuple, so most sentences are
    turned away by one set comparison, and the rest by a second)."""
    entry = _BY_FIRST.get(id(seqs))
    if entry is None or entry[0] is not seqs:
        entry = _index_seqs(seqs)
    _, firsts, index = entry
    ws = words.ws if type(words) is Sentence else Sentence(words).ws
    if firsts.isdisjoint(ws):
        return False
    for first in firsts & ws:
        single, seconds, by_second = index[first]
        if single:
            return True  # a one-word sequence whose word is here
        for second in seconds & ws:
            for seq, needs in by_second[second]:
                if needs <= ws and _seq_at(words, seq, gap):
                    return True
    return False


def sentences(words: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for w in words:
        if w in (SENTENCE, SEPARATOR):
            if out[-1]:
                out.append([])
        else:
            out[-1].append(w)
    return [s for s in out if s]


def segment_sentences(view: CallView, index: int) -> tuple[Sentence, ...]:
    """The sentences of one segment as :class:`Sentence` objects, split once per view and
    shared by the cues, the doubts and any detector that reads sentences (the same sentences
    :func:`sentences` gives)."""
    cache = view.__dict__.get("_sentences")
    if cache is None:
        cache = view.__dict__["_sentences"] = [None] * len(view.words)
    found = cache[index]
    if found is None:
        words = view.words[index]
        if SEPARATOR not in words:  # (SENTENCE is the same mark)
            found = (Sentence(words),) if words else ()
        else:  # cut at the breaks (found in C), empty sentences left out
            parts = []
            done = 0
            for j in compress(range(len(words)), map(SEPARATOR.__eq__, words)):
                if j > done:
                    parts.append(Sentence(words[done:j]))
                done = j + 1
            if done < len(words):
                parts.append(Sentence(words[done:]))
            found = tuple(parts)
        cache[index] = found
    return found


# --- one sentence at a time -------------------------------------------------------------------


# The person asked for is out: "Mr Pillay's not in", "she's not here at the moment", "he is
# not available"; not "he's not in arrears" or "I'm not in the office" (the speaker).
OUT_NOW = (("not", "in"), ("not", "here"), ("not", "available"), ("not", "around"))
SOMEONE_ELSE = _set("he she mr mrs ms miss mister madam sir boss")
NOT_OUT_AFTER = _set("arrears debt debts trouble any a the my his her that this charge position")


def _asked_for_is_out(words: list[str]) -> bool:
    for i, w in enumerate(words[:-1]):
        if w != "not" or (w, words[i + 1]) not in OUT_NOW:
            continue
        if i + 2 < len(words) and words[i + 2] in NOT_OUT_AFTER:
            continue
        if (
            not SOMEONE_ELSE.isdisjoint(words[max(0, i - 4) : i])
            and "i" not in words[max(0, i - 2) : i]
        ):
            return True
    return False


def is_third_party(words: list[str]) -> bool:
    """The speaker says they are not the account holder (a relative, tenant, helper...), or
    that the person asked for is out."""
    ws = _sentence(words).ws
    if "not" in ws and not SOMEONE_ELSE.isdisjoint(ws) and _asked_for_is_out(words):
        return True
    if not ws.isdisjoint(RELATIONS):  # (a set test before the word-by-word scan)
        for i, w in enumerate(words):
            # "his wife", "her daughter"; not "my wife" (the holder talking) or "the tenants"
            if w in RELATIONS and i > 0 and words[i - 1] in ("his", "her", "their"):
                return True
    if _rents_in(words):
        return True
    if _any_seq(words, NOT_THE_HOLDER, 2):
        return True
    if ws & AWAY and _any_seq(words, THEY_ARE, 2):
        return True
    if ws & RELATIONS and _any_seq(words, MY_RELATION, 2):
        return True
    if _any_seq(words, NOT_MINE, 3):
        return True
    if ws & RELATIONS and _any_seq(words, RELATIVE_HOLDS, 2):
        return True  # "the account's in my mom's name", "it's my late father's account"
    return bool(ws & OWNER and _any_seq(words, NOT_HERE, 2))


# "that's what they do": a habit pinned on them; "what they call the demand database" names
NAMING = _set("call calls called say says said mean name")


def _what_they_do(words: list[str]) -> bool:
    return any(
        w == "what"
        and words[i + 1 : i + 2] == ["they"]
        and words[i + 2 : i + 3] != []
        and words[i + 2] not in NAMING
        for i, w in enumerate(words)
    )


def is_blame(words: list[str]) -> bool:
    """A group (another department, contractor, colleagues) with a negative verdict."""
    ws = _sentence(words).ws
    groups = ws & GROUP_WORDS
    if groups == {"waste"} and not _waste_department(words):
        groups = frozenset()  # "a lot of water going to waste", "a waste of time"
    if not groups and not _any_seq(words, NOT_US, 1):
        return False
    verdict = ws & BLAME_VERDICT
    if _any_seq(words, BLAME_PAIRS, 3) or ("what" in ws and _what_they_do(words)):
        return True
    if _any_seq(words, HABITUAL, 1) and (
        _any_seq(words, FAILING, 1) or _any_seq(words, CONFIDING, 1)
    ):
        return True
    if verdict - SOFT_VERDICT:
        return True
    # "they never fix anything", "always slow": a soft verdict with a strong partner
    if ("never" in verdict or "always" in verdict) and ws & {"they", "those", "these", "guys"}:
        return not ws & {"will", "going", "sorry", "apologise", "apologize"}
    return False


def _waste_department(words: list[str]) -> bool:
    """ "waste" naming the department ("Waste Management", "the waste guys"), not water going
    to waste or a waste of time."""
    return any(
        w == "waste" and not (i and words[i - 1] in ("to", "a")) for i, w in enumerate(words)
    )


def is_belittle(words: list[str]) -> bool:
    if _any_seq(words, BELITTLE_PAIRS, 2):
        return True
    return _pins_fault_on_caller(words)


def _pins_fault_on_caller(words: list[str]) -> bool:
    """ "that's your own fault", "it's your fault for...": the caller blamed, not reassured
    ("it's not your fault")."""
    if "fault" not in _sentence(words).ws or "your" not in _sentence(words).ws:
        return False
    for i, w in enumerate(words):
        if w == "fault" and "your" in words[max(0, i - 2) : i] and not _negated(words, i):
            return True
    return False


# What is done to a meter in a query or dispute: read, tested, audited, verified.
METER_LOOKED_AT = _set(
    """reading readings reader readers read query queries audit audited test tested testing
    verification verified verify dispute disputes check checked number box"""
)


# Where a leak or fault is: "at the meter", "from somebody's meter", "behind the meter".
METER_PLACE = _set("at from behind near by before after inside")


def _meter_looked_at(words: list[str], i: int) -> bool:
    """A meter read, tested or queried, or named as the place of a fault: no meter removed."""
    if words[i] not in ("meter", "meters"):
        return False
    if not METER_PLACE.isdisjoint(words[max(0, i - 3) : i]):
        return True
    return not METER_LOOKED_AT.isdisjoint(words[max(0, i - 1) : i + 4])


def _household_taken(words: list[str], ws: frozenset[str]) -> bool:
    """The house or its contents taken or sold, or the family left in the dark, not negated."""
    taken = ws & HOUSEHOLD and any(
        w in TAKING and not _negated(words, i) for i, w in enumerate(words)
    )
    # the house named after "if"/"when" is the owner's own sale, a condition
    if taken and any(
        w in HOUSEHOLD and SALE_CONDITION.isdisjoint(words[max(0, i - 2) : i])
        for i, w in enumerate(words)
    ):
        return True
    return _any_seq(words, DARK, 2) and not _negated_seq(words, DARK[0])


def is_threat(words: list[str]) -> bool:
    """A consequence made urgent, personal or certain, a 'friendly' warning, harassment or a
    false deal; a factual account of credit control (notice, may, process) is not one."""
    ws = _sentence(words).ws
    # "so we don't keep calling you": a friendly-sounding pair said in the negative is none
    friendly = _any_seq(words, FRIENDLY, 2) and not any(
        seq[0] in ws and _has_seq(words, seq, 2) and _negated_seq(words, seq) for seq in FRIENDLY
    )
    # "we will not cut you off today", "nobody is going to blacklist you": negated, no threat;
    # "a meter reader will come", "the meter gets tested": the meter looked at, not removed
    consequence = (
        not ws.isdisjoint(CONSEQUENCE)  # (a set test first: most sentences have none)
        and any(
            w in CONSEQUENCE and not _negated(words, i) and not _meter_looked_at(words, i)
            for i, w in enumerate(words)
        )
    ) or (_any_seq(words, OFF_PAIRS, 2) and not any(_negated_seq(words, p) for p in OFF_PAIRS))
    household = _household_taken(words, ws)
    consequence = consequence or household
    if friendly and (consequence or ws & _set("deal interest balance pay calling phone phoning")):
        return True
    if "if" in ws and _any_seq(words, REGRET_IF, 3):
        start = words.index("if")
        if any(
            w in OFF_AFTER_IF and not NEGATORS.intersection(words[start:j])
            for j, w in enumerate(words[start:], start)
        ):
            return True
    if not consequence:
        return False
    # "if it is not paid, the vending will be blocked": credit control told as a condition,
    # certain but not urgent, explains; "if you don't pay today, we cut you off tonight" and
    # "we will cut you off" do not
    conditional = bool(ws & CONDITIONAL) and not ws & URGENT and not household
    pressure = ws & URGENT or (ws & CERTAIN and not conditional)
    factual = ws & FACTUAL
    if pressure and not factual:
        return True
    return bool(ws & URGENT and ws & CERTAIN)


def is_harassment(words: list[str]) -> bool:
    """Over one agent segment: the customer's employer, family or neighbours (after "your")
    and a word of contacting them, not to arrange a deduction."""
    ws = _sentence(words).ws
    if is_shaming(ws):
        return True
    if not ws & CONTACT or ws & ARRANGEMENT:
        return False
    return any(
        w == "your" and i + 1 < len(words) and words[i + 1] in HARASS_TARGETS
        for i, w in enumerate(words)
    )


def is_shaming(ws: frozenset[str]) -> bool:
    """Over one agent segment's words: the people around the customer (neighbours, the
    street, family) with shame (embarrassment, humiliation) or with them watching a
    consequence (a cut-off, the sheriff) happen."""
    if ws.isdisjoint(AUDIENCE):
        return False
    return bool(ws & SHAME) or bool(ws & WATCHED and ws & CONSEQUENCE)


def is_vague_promise(words: list[str]) -> bool:
    ws = _sentence(words).ws
    return bool(ws & PROMISE_VERBS and ws & HEDGES)


def is_asking(words: list[str]) -> bool:
    """The sentence asks someone else ("are you authorised...", "is he at home", "oh ok
    madam, are you also on the account?")."""
    start = 0
    while start < len(words) - 2 and words[start] in LEAD_INS:
        start += 1
    return tuple(words[start : start + 2]) in ASKING


def is_authority_question(words: list[str]) -> bool:
    """The agent asks whether the person on the line may act on the account ("are you also on
    the account or do you have authorisation?", "is your name on the account too?")."""
    ws = _sentence(words).ws
    if "you" not in ws and "your" not in ws:
        return False
    if not is_asking(words) and not _any_seq(words, ASKING_ANYWHERE, 2):
        return False
    return bool(ws & AUTHORITY_ASKED) or _any_seq(words, (("on", "the", "account"),), 3)


def is_authority(words: list[str]) -> bool:
    """The person on the line says they may act on the account ("I'm the executor", "I handle
    the municipal accounts"); a denial ("not", "don't think so") or a question put to them
    ("are you authorised on the account", read as the caller's in a mono call) is not a claim."""
    ws = _sentence(words).ws
    if ws & {"not", "no", "never"} or is_asking(words):
        return False
    if ws & AUTHORITY:
        return True
    if _any_seq(words, ON_THE_ACCOUNT, 3):
        return True  # "we're both on the account"
    # "I pay the bills for her", "we handle the account": the speaker's own doing; "she must
    # pay before the 15th, the account is in arrears" is a message for someone else
    return bool(ws & AUTHORITY_VERBS and ws & AUTHORITY_OBJECTS and ws & FIRST_PERSON)


def _rents_in(words: list[str]) -> bool:
    """The speaker's own tenancy ("I'm renting here"), not a landlord letting the place out
    ("I rent it out", "we're renting out the cottage")."""
    return _any_seq(words, TENANCY_SEQS, 4) and not _any_seq(words, LETTING_OUT, 2)


def is_tenant(words: list[str]) -> bool:
    """The speaker rents the place from the account holder ("I'm renting his flat", "this is
    her tenant", "I rent the house from him")."""
    for part in sentences(words):
        if _rents_in(part):
            return True
        for i, w in enumerate(part[1:], 1):
            if w in TENANCY and part[i - 1] in ("his", "her", "their"):
                return True
    return False


def is_formal_authority(words: list[str]) -> bool:
    """A standing on the account itself (authorised, executor, power of attorney, "we're both
    on the account"), not only paying or handling the bills."""
    return any(
        (not AUTHORITY.isdisjoint(part) or _any_seq(part, ON_THE_ACCOUNT, 3))
        and not is_asking(part)
        for part in sentences(words)
    )


def is_team_no_time(words: list[str]) -> bool:
    ws = _sentence(words).ws
    if ws.isdisjoint(TEAM) or ws.isdisjoint(ATTEND):
        return False  # (the digit scan below only where it can matter)
    has_digit = any(w[:1].isdigit() for w in words)
    return bool(ws & TEAM and ws & ATTEND and not ws & TIME_WORDS and not has_digit)


def is_location_ask(words: list[str]) -> bool:
    return _any_seq(words, LOCATION_ASK, 2)


def is_location_confirm(words: list[str]) -> bool:
    ws = _sentence(words).ws
    if ws.isdisjoint(STREET_WORDS):
        return False  # both ways below need a street word (a set test before the digit scan)
    has_digit = any(w[:1].isdigit() for w in words)
    readback = has_digit and bool(ws & STREET_WORDS)
    return readback or (bool(ws & STREET_WORDS) and _any_seq(words, CONFIRM_WORDS, 2))


MONTHS = _set(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
) | frozenset(month for months in MONTHS_BY_LANGUAGE.values() for month in months)
WEEKDAYS = _set("monday tuesday wednesday thursday friday saturday sunday") | frozenset(
    day for days in WEEKDAYS_BY_LANGUAGE.values() for day in days
)
ORDINALS = _set(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth
    thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
    thirtieth"""
) | frozenset(ORDINALS_AF)
DUE_WORDS = _set(
    """due payable deadline overdue arrears arrear outstanding owing betaalbaar
    verskuldig agterstallig uitstaande"""
) | frozenset(w for words in DUE_WORDS_BY_LANGUAGE.values() for w in words)
MONTH_NOUNS = frozenset({"month", *MONTH_WORDS})
REFUSALS = (
    ("not", "paying"),
    ("will", "not", "pay"),
    ("can", "not", "pay", "anything"),
    ("not", "going", "to", "pay"),
    ("refuse",),
    ("refusing",),
    ("not", "a", "cent"),
    ("can", "not", "commit"),
    ("not", "pay", "anything"),
)
CONFIRM_VERBS = _set(
    """confirm confirming so noted note noting capture captured record recorded put arrangement
    agreed agree correct right"""
)


DATE_WORDS = MONTHS | WEEKDAYS | ORDINALS | DATE_MARKERS


def _is_date(word: str) -> bool:
    """An ordinal ("7th"), a month, a weekday (in the official languages too: "labohlano",
    "ngolwesihlanu") or a written date ("2024-03-07", "7/3")."""
    if word in DATE_WORDS:
        return True
    if word[:1].isdigit():
        return word.endswith(("st", "nd", "rd", "th")) or "/" in word or "-" in word
    return len(word) > 6 and word.endswith(WEEKDAY_STEMS)  # "ngolwesihlanu", "ulwesibili"


NUMBER_WORDS = _set(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand"""
)


def _is_amount(words: list[str], i: int) -> bool:
    """A sum of money: "R2 100", "2100 rand", a figure of three digits or more, or one spoken
    in words ("two thousand one hundred and fifty", "eight hundred rand")."""
    word = words[i]
    after = words[i + 1] if i + 1 < len(words) else ""
    if word in NUMBER_WORDS:
        return word in ("hundred", "thousand") or after in ("rand", "rands")
    if not word[:1].isdigit() or _is_date(word):
        return False
    before = words[i - 1] if i else ""
    return before == "r" or after in ("rand", "rands") or len(word.split(".")[0]) >= 3


def is_due_date(words: list[str]) -> bool:
    """A date given as the amount's due date ("it was due on the 7th", "payable by 15 March")."""
    return bool(_sentence(words).ws & DUE_WORDS) and any(
        _is_date(w) or w in MONTH_NOUNS or (w in ("de", "ste") and words[j - 1][:1].isdigit())
        for j, w in enumerate(words)
    )


def is_refusal(words: list[str]) -> bool:
    return _any_seq(words, REFUSALS, 2)


# A condition or a due date is the agent's demand or the debt, not the customer's promise read
# back ("if we don't see R19 870 by tomorrow...", "so it's R1 700 in arrears, due the 20th").
NOT_A_READBACK = _set("if unless due arrears arrear overdue owing")


def is_readback(words: list[str]) -> bool:
    """The agent reads a promise back: a confirming word, an amount and a date together."""
    ws = _sentence(words).ws
    return (
        bool(ws & CONFIRM_VERBS)
        and ws.isdisjoint(NOT_A_READBACK)
        and any(_is_amount(words, i) for i in range(len(words)))
        and any(_is_date(w) or w in ("today", "tomorrow") for w in words)
    )


SERVICE_NOUNS = _set(
    """water electricity power lights light streetlight streetlights mast meter token tokens pipe
    pipes drain drains sewer sewage manhole road pothole potholes dustbin bin bins rubbish refuse
    dumping rubble dog carcass tree trees cable cables transformer hydrant tap taps supply
    pyp metsi krag ligte straat riool meetse amanzi ugesi gesi motlakase mohlagase mabone
    suwa isuwa ipayipi amapayipi phaephe izibani"""
)
PROBLEM_WORDS = _set(
    """off no none reject rejects rejected leaking leak leaks burst bursting blocked broken dead
    dumping dumped smelling smell overflowing flooding flooded fallen down stolen sparking
    missing dark lek gebars dutla spuit afgesny awekho ayikho phatlogile phatlogileng
    iyachichima ichichima iyavuza ivuza iphukile ayisebenzi robegile"""
)
PROBLEM_SEQS = (
    *(
        ("not", verb)
        for verb in ("working", "collected", "collect", "take", "taken", "picked", "come")
    ),
    # "we have no ...": Setswana/Sepedi/Sesotho "ga re na meetse", "ha re na metsi"
    ("ga", "re", "na"),
    ("ha", "re", "na"),
    ("ga", "ke", "na"),
    ("ha", "ke", "na"),
)


def is_fault(words: list[str]) -> bool:
    """The caller reports something broken, missing or dangerous in a City service ("the
    meter says reject", "they didn't take my dustbin", "die pyp het gebars")."""
    ws = _sentence(words).ws
    return bool(ws & SERVICE_NOUNS and (ws & PROBLEM_WORDS or _any_seq(words, PROBLEM_SEQS, 2)))


def is_purpose(words: list[str]) -> bool:
    ws = _sentence(words).ws
    return bool(ws & PURPOSE_NOUNS) and _any_seq(words, PURPOSE_OPENERS, 3)


SENTENCE_CUES = {
    "third_party": (is_third_party, "caller"),
    "blame": (is_blame, "agent"),
    "belittle": (is_belittle, "agent"),
    "threat": (is_threat, "agent"),
    "authority": (is_authority, "caller"),
    "vague_promise": (is_vague_promise, "caller"),
    "location_ask": (is_location_ask, "agent"),
    "location_confirm": (is_location_confirm, "agent"),
    "purpose_outbound": (is_purpose, "agent"),
    "due_date": (is_due_date, "agent"),
    "refusal": (is_refusal, "caller"),
    "readback": (is_readback, "agent"),
    "fault": (is_fault, "caller"),
}
# Cues judged over a whole segment (a time frame may sit in the sentence after the promise).
SEGMENT_CUES = {
    "team_no_time": (is_team_no_time, "agent"),
    "harassment": (is_harassment, "agent"),
}
CUE_NAMES = (*SENTENCE_CUES, *SEGMENT_CUES, "name_question")


TITLES = _set("mr mrs ms miss mister madam dr doctor mnr mev mej ntate mme baba mama")


def _name_questions(view: CallView) -> list[int]:
    """Agent segments of the opening that ask for someone by name ("Mrs Ntombi Khumalo?",
    "Good afternoon, Mr Sithebe?"): a short question holding a title. Read from the raw text,
    since the normaliser drops question marks."""
    out = []
    for i in view.opening(3):
        for part in view.segments[i].text.split("?")[:-1]:
            tail = part.replace(",", " ").replace(".", " . ").split(".")[-1].split()
            if 1 < len(tail) <= 7 and any(w.lower() in TITLES for w in tail):
                out.append(i)
                break
    return out


def _tests_for(cues_: dict, agent: bool, caller: bool) -> tuple[tuple[str, Any], ...]:
    """The (name, test) pairs of ``cues_`` that apply to a segment of this speaker."""
    return tuple(
        (name, test)
        for name, (test, who) in cues_.items()
        if not ((who == "agent" and not agent) or (who == "caller" and not caller))
    )


def cues(view: CallView) -> dict[str, list[int]]:
    """Segments where each cue is found (agent cues in agent or mono segments, caller cues in
    caller or mono segments); computed once per view.

    Cost: one :class:`Sentence` per sentence (a segment of one sentence shares its whole
    segment's), and per sentence only the tests that apply to its speaker and have not already
    found their cue in this segment."""
    cached = view.__dict__.get("_cues")
    if cached is not None:
        return cached
    found: dict[str, list[int]] = {name: [] for name in (*SENTENCE_CUES, *SEGMENT_CUES)}
    plans: dict[tuple[bool, bool], tuple] = {}
    words_of = view.words
    for i, seg in enumerate(view.segments):
        agent = view.is_agent(i)
        caller = seg.speaker != "agent"
        plan = plans.get((agent, caller))
        if plan is None:
            plan = plans[(agent, caller)] = (
                _tests_for(SEGMENT_CUES, agent, caller),
                _tests_for(SENTENCE_CUES, agent, caller),
            )
        segment_tests, sentence_tests = plan
        words = words_of[i]
        split = SEPARATOR in words
        parts = segment_sentences(view, i)
        if segment_tests:
            # The segment's words without the breaks: its sentences run together (a segment of
            # one sentence: that sentence's shared words).
            whole = Sentence(chain.from_iterable(parts)) if split else parts[0] if parts else None
            if whole:
                for name, test in segment_tests:
                    if test(whole):
                        found[name].append(i)
        if not sentence_tests:
            continue
        done: set[str] = set()
        for sentence in parts:
            for name, test in sentence_tests:
                if name not in done and test(sentence):
                    found[name].append(i)
                    done.add(name)
    found["name_question"] = _name_questions(view)
    view.__dict__["_cues"] = found
    return found


def cue_features(view: CallView) -> dict[str, float]:
    """Counts and first positions of each cue, for the learned models."""
    out: dict[str, float] = {}
    n = max(len(view.segments), 1)
    for name, segments in cues(view).items():
        if segments:
            out[f"cue:{name}"] = float(len(segments))
            out[f"cuepos:{name}"] = segments[0] / n
    return out


__all__ = ["CUE_NAMES", "cue_features", "cues", "segment_sentences", "sentences"]
