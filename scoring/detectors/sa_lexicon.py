# ruff: noqa: E501, SIM905  (a data file: one phrase per string reads better than wrapped lines)
"""South African call-centre words, as data: what Ekurhuleni's callers and agents say.

Greetings, thanks, apologies and closings in the languages most heard in Ekurhuleni (isiZulu,
Sesotho, Setswana, Sepedi, Xitsonga, Afrikaans, with isiXhosa and isiNdebele where they differ),
the City's own words (Siyakhokha, IMS, ward, depot, prepaid), and number words in English and
Afrikaans. Phrases are written as the normaliser leaves them (lower case, accents folded:
"môre" -> "more", "ŉ" -> "n"), in the pattern language of :mod:`scoring.detectors.text`.

:data:`BY_LANGUAGE` is the reference list (tests check that every language has every kind);
:data:`EXTRA_CONCEPTS` is what the lexicon adds to the existing concepts, by concept name.
"""

from __future__ import annotations

# fmt: off

# language -> kind -> phrases
BY_LANGUAGE: dict[str, dict[str, list[str]]] = {
    "zu": {  # isiZulu
        "greeting": ["sawubona", "sanibonani", "sawubona baba|mama|sisi|bhuti", "yebo sawubona", "sanibona"],
        "thanks": ["ngiyabonga", "siyabonga", "ngiyabonga kakhulu", "siyabonga kakhulu", "ngibonga"],
        "apology": ["ngiyaxolisa", "siyaxolisa", "uxolo", "ngicela uxolo", "ngiyadabuka"],
        "closing": ["sala kahle", "salani kahle", "usale kahle", "hamba kahle", "hambani kahle", "ube nosuku oluhle", "nibe nosuku oluhle"],
    },
    "st": {  # Sesotho
        "greeting": ["dumela", "dumelang", "lumela", "lumelang", "dumela ntate|mme|mma"],
        "thanks": ["ke a leboha", "kea leboha", "re a leboha", "rea leboha", "ke leboha"],
        "apology": ["ke kopa tshwarelo", "tshwarelo", "ke maswabi", "re maswabi", "ntshwarele"],
        "closing": ["sala hantle", "salang hantle", "tsamaya hantle", "tsamayang hantle", "o be le letsatsi le monate"],
    },
    "tn": {  # Setswana
        "greeting": ["dumela", "dumelang", "dumela rra|mma", "le kae", "o kae"],
        "thanks": ["ke a leboga", "kea leboga", "re a leboga", "rea leboga", "ke leboga"],
        "apology": ["ke maswabi", "ke kopa maitshwarelo", "maitshwarelo", "intshwarele"],
        "closing": ["sala sentle", "salang sentle", "tsamaya sentle", "tsamayang sentle"],
    },
    "nso": {  # Sepedi
        "greeting": ["thobela", "dumela", "dumelang", "thobela mohlomphegi"],
        "thanks": ["ke a leboga", "kea leboga", "re a leboga", "ke leboga kudu"],
        "apology": ["ke kgopela tshwarelo", "tshwarelo", "ke maswabi", "ntshwarele"],
        "closing": ["sala gabotse", "salang gabotse", "sepela gabotse", "sepelang gabotse"],
    },
    "ts": {  # Xitsonga
        "greeting": ["avuxeni", "xewani", "minjhani", "avuxeni tatana|manana", "ahee"],
        "thanks": ["inkomu", "ndza khensa", "hi khensa", "ndza nkhensa", "inkomu swinene"],
        "apology": ["ndzi kombela ku rivaleriwa", "ndzi rivalele", "mi ndzi rivalela", "ndza tisola"],
        "closing": ["salani kahle", "sala kahle", "famba kahle", "fambani kahle", "u va ni siku lerinene"],
    },
    "af": {  # Afrikaans
        "greeting": ["goeie more", "goeiemore", "more", "goeie middag", "goeiemiddag", "goeie naand", "goeienaand", "hallo", "goeiedag", "goeie dag"],
        "thanks": ["dankie", "baie dankie", "dankie tog", "ons waardeer", "dankie vir ~2 oproep|bel|geduld"],
        "apology": ["jammer", "ek is jammer", "baie jammer", "ekskuus", "verskoon my", "ons vra om verskoning", "ek vra om verskoning"],
        "closing": ["totsiens", "tot siens", "lekker dag", "mooi bly", "geniet ~2 dag|middag|aand", "alles van die beste", "sterkte", "mooi loop", "ry veilig"],
    },
    "xh": {  # isiXhosa
        "greeting": ["molo", "molweni", "molo tata|mama"],
        "thanks": ["enkosi", "enkosi kakhulu", "siyabulela", "ndiyabulela"],
        "apology": ["uxolo", "ndiyaxolisa", "siyaxolisa", "ndicela uxolo"],
        "closing": ["hamba kakuhle", "sala kakuhle", "salani kakuhle", "uhambe kakuhle"],
    },
    "nr": {  # isiNdebele
        "greeting": ["lotjhani", "lotjha", "salibonani"],
        "thanks": ["ngiyathokoza", "siyathokoza"],
        "apology": ["ngiyaxolisa", "ngibawa ixolo"],
        "closing": ["sala kuhle", "uhambe kuhle", "hamba kuhle"],
    },
}

# The City's own words: a call about any of these is about the municipality's services.
MUNICIPAL_TERMS: list[str] = [
    "prepaid", "pre paid", "prepaid meter|electricity|token|tokens|vending", "token", "tokens",
    "vending", "vendor", "siyakhokha", "ims", "ward", "ward councillor", "councillor", "depot",
    "rates and taxes", "rates", "indigent", "indigent register", "erf", "stand number",
    "customer care center", "ccc", "cash office", "credit control", "meter reading",
    "conventional meter", "smart meter", "valuation roll", "clearance certificate",
    "water and sanitation", "roads and stormwater", "waste management", "energy department",
]

# Number words a caller or agent reads out (amounts, account and reference numbers).
NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {
        "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
        "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
        "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
        "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
        "thousand": 1000, "million": 1000000,
    },
    "af": {
        "nul": 0, "een": 1, "twee": 2, "drie": 3, "vier": 4, "vyf": 5, "ses": 6, "sewe": 7,
        "agt": 8, "ag": 8, "nege": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
        "veertien": 14, "vyftien": 15, "sestien": 16, "sewentien": 17, "agtien": 18,
        "negentien": 19, "twintig": 20, "dertig": 30, "veertig": 40, "vyftig": 50,
        "sestig": 60, "sewentig": 70, "tagtig": 80, "negentig": 90, "honderd": 100,
        "duisend": 1000, "miljoen": 1000000,
    },
}

# How South African agents address a caller in an opening ("Hello mama, Ekurhuleni!"): a word
# of respect or kinship, never the agent's own name.
ADDRESS_TERMS = frozenset(
    """
    mama mma mme ma mam maam madam ntate tate tata rra baba sisi sesi bhuti buti abuti ausi
    gogo mkhulu makhulu nkgono koko ntatemogolo tatana manana mhlekazi meneer mevrou tannie oom
    auntie aunty uncle bra broer chief boss madala caller customer sir
    """.split()
)

# What is said beside a bare name in an opening without being one ("Ekurhuleni water desk,
# Sipho"; "it's Kagiso on the line"): a department, a desk, the line.
OPENING_FILLER = frozenset(
    """
    centre center line desk helpdesk hotline water electricity energy billing accounts sanitation
    roads emergency emergencies fault faults revenue metro depot services collection collections
    section unit division office side
    ja jaa yebo ewe ee eh ehe ah ag um umm uh hmm mm yeah yah ya hey hallo hullo sharp howzit nee
    """.split()
)
# Words after which a name is someone else's ("is this Mr X", "speaking with X", "for X").
OTHERS_NAME_BEFORE = frozenset("this that with to for mr mrs ms miss mister dr doctor".split())

# Weekdays and months as said in the official languages heard in Ekurhuleni, so that "R500 ka
# Labohlano" or "ngoLwesihlanu" is a date like "on Friday". isiZulu/isiXhosa/isiNdebele days
# take a prefix ("ngoLwesihlanu", "uLwesihlanu"), so those are kept as stems a word ends with.
WEEKDAYS_BY_LANGUAGE: dict[str, list[str]] = {
    "af": ["maandag", "dinsdag", "woensdag", "donderdag", "vrydag", "saterdag", "sondag"],
    "st": ["mantaha", "labobedi", "laboraro", "labone", "labohlano", "moqebelo", "sontaha"],
    "tn": ["mosupologo", "labobedi", "laboraro", "labone", "labotlhano", "matlhatso", "tshipi"],
    "nso": ["musupologo", "mosupologo", "labobedi", "laboraro", "labone", "labohlano", "mokibelo", "sontaga"],
    "ts": ["musumbhunuku", "ravumbirhi", "ravunharhu", "ravumune", "ravuntlhanu", "mugqivela", "sonto"],
}
WEEKDAY_STEMS: tuple[str, ...] = (  # isiZulu, isiXhosa, isiNdebele
    "msombuluko", "lwesibili", "lwesithathu", "lwesine", "lwesihlanu", "mgqibelo",
    "mvulo", "lwesibini",
)
MONTHS_BY_LANGUAGE: dict[str, list[str]] = {
    "af": ["januarie", "februarie", "maart", "mei", "junie", "julie", "augustus", "oktober", "desember"],
}
# Afrikaans ordinals in words ("die derde", "die vyftiende") and the suffixes written after a
# figure ("die 3de", "die 1ste").
ORDINALS_AF: list[str] = [
    "eerste", "tweede", "derde", "vierde", "vyfde", "sesde", "sewende", "agtste", "negende",
    "tiende", "elfde", "twaalfde", "dertiende", "veertiende", "vyftiende", "sestiende",
    "sewentiende", "agtiende", "negentiende", "twintigste", "dertigste", "laaste",
]
ORDINAL_SUFFIXES_AF: tuple[str, ...] = ("de", "ste")
# "The day the money comes in" in a call's other languages: "mhlaka"/"ngomhlaka" (isiZulu: on
# the date of) introduces a date whatever number follows.
DATE_MARKERS = frozenset({"mhlaka", "ngomhlaka", "ngomhla"})

# "Was due" and "month" in the call's other languages, for the due date of the arrears:
# Sesotho "e ne e lokela ho lefuwa ka la 15 kgweding ena", isiZulu "bekumele ikhokhwe
# ngomhlaka 15", Afrikaans "betaalbaar" (kept with the English words in :mod:`.cues`).
DUE_WORDS_BY_LANGUAGE: dict[str, list[str]] = {
    "st": ["lefuwa", "lefiwa", "lokela"],
    "tn": ["duelwa", "tshwanetse"],
    "zu": ["ikhokhwe", "bekumele", "kufanele", "akhokhelwe", "kukhokhwe"],
    "xh": ["ihlawulwe", "bekufanele"],
}
MONTH_WORDS: list[str] = ["kgwedi", "kgweding", "nyanga", "inyanga", "ngenyanga", "maand"]


# An agent confirming or noting what was agreed, in one word, in the official languages
# ("ke netefatsa", "ngiyaqinisekisa", "ek bevestig", "ek het dit genoteer").
CONFIRM_WORDS_BY_LANGUAGE: dict[str, list[str]] = {
    "en": ["read", "repeat", "confirmed", "summarise", "summarize", "recap", "noted"],
    "af": ["bevestig", "genoteer", "aangeteken", "noteer", "herhaal"],
    "zu": ["ngiyaqinisekisa", "siyaqinisekisa", "qinisekisa", "ngiyakubhala", "ngibhalile"],
    "xh": ["ndiyaqinisekisa", "ndiyabhala"],
    "st": ["netefatsa", "ke netefatsa", "ngola", "ngotse"],
    "tn": ["tiisetsa", "netefatsa", "kwala", "kwadile"],
    "ts": ["tiyisisa", "ndza tiyisisa", "tsala", "tsarile"],
}
# The customer saying "yes, that's right / I agree" to a sum and date read out to them.
AGREEMENT_BY_LANGUAGE: dict[str, list[str]] = {
    "en": ["yes", "yeah", "yep", "correct", "that is right", "that is fine", "that is correct", "agreed", "i agree", "fine", "sure", "deal", "perfect", "100 percent"],
    "af": ["ja", "reg so", "ja reg so", "dis reg", "dit is reg", "dit klop", "goed so", "ek stem saam", "in orde"],
    "zu": ["yebo", "kulungile", "ku lungile", "ngiyavuma", "kunjalo", "yiqiniso"],
    "xh": ["ewe", "kulungile", "ndiyavuma", "kunjalo"],
    "st": ["ee", "ke a dumela", "kea dumela", "ke dumela", "ho lokile", "go lokile", "ke nnete", "hantle"],
    "tn": ["ee", "ke a dumela", "kea dumela", "go siame", "siame", "ke nnete"],
    "nso": ["ee", "ke a dumela", "go lokile", "ke thereso"],
    "ts": ["ina", "ina ku lungile", "swi lulamile", "ndza pfumela", "hi swona"],
}


# Afrikaans number words that are also common English/Afrikaans words are kept out of matching.
AMBIGUOUS_NUMBER_WORDS = frozenset({"ag", "een", "elf", "ses", "oh"})


def _all(kind: str) -> list[str]:
    seen: list[str] = []
    for by_kind in BY_LANGUAGE.values():
        for phrase in by_kind[kind]:
            if phrase not in seen:
                seen.append(phrase)
    return seen


# What each existing concept gains. New concepts name what a phrase list alone misses and a
# learned model can weigh: a reference number under another name, a third party on the line,
# a vague promise, blame and belittling without a rude word, a misleading "deal".
EXTRA_CONCEPTS: dict[str, list[str]] = {
    "greeting_word": [p for p in _all("greeting") if p not in ("more", "o kae", "le kae", "ahee")],
    "thanks": _all("thanks"),
    "sorry_plain": _all("apology"),
    "empathy": ["ag shame", "shame man", "sorry mama|mme|baba|ntate|sisi|bhuti|mam|sir", "eish sorry", "yoh sorry"],
    "farewell": _all("closing"),
    "municipal_term": MUNICIPAL_TERMS,
    "number_word_af": [w for w in NUMBER_WORDS["af"] if w not in AMBIGUOUS_NUMBER_WORDS],
    "reference_other": [
        "complaint|job|incident|escalation|case|ticket|call|service request|notification|tracking|work order|fault number|no|num|nr",
        "your|the complaint|job|incident|escalation|case|ticket|fault ~2 number|no|is",
        "quote|use|keep ~3 number|reference",
        "write ~2 down", "have you got a pen", "do you have a pen",
    ],
    # The agent's name in another language's opening ("o bua le X" in Sesotho, Setswana and
    # Sepedi, "u vulavula na X" in Xitsonga, "jy praat met X" in Afrikaans, isiZulu's
    # "ukhuluma no-X" often written as one word, and "uX lo", "this is X").
    "name_after": [
        "o|u bua le _", "bua le _", "u vulavula na|ni _", "praat met _", "jy praat met _",
        "ukhuluma|ukhulume|ukhulumu na|no _", "ukhuluma|ukhulume|ukhulumu _",
        # Afrikaans "my naam is X", Sesotho "ke nna X" (it is I, X), and the plain "you speak
        # to X" of a South African opening
        "my naam is _", "naam is _", "ke nna _", "you speak|talk to _",
        # Afrikaans "dis X van die Stad"; Sesotho "mme, ke X" after a word of address or the City
        "goeie|goeiemore|goeiemiddag|goeiedag|goeienaand|middag|hallo ~3 dis _",
        "mme|ntate|mma|rra|ausi|abuti|ekurhuleni ke _",
        # isiZulu "ngingu-X" / "ngingu X" (I am X), Afrikaans "hier praat X" (X speaking
        # here), and Sesotho/Setswana/Sepedi "ke X" right after a greeting ("dumela, ke X")
        "ngingu|ngiwu|ndingu _", "hier praat _", "o|u bolela le|go _", "bolela le _",
        "morning|afternoon|evening|dumela|dumelang|lumela|lumelang|thobela|avuxeni ke _",
    ],
    "name_it_is": ["dit is _ van|hier|wat|by"],
    # "Nomvula on the line"
    "name_before": ["_ lo", "_ on the line", "_ hier", "_ wat praat", "_ praat"],
    "third_party": [
        "my tenant|tenants|landlord|mother|father|mom|mum|dad|husband|wife|son|daughter|brother|sister|granny|gogo|grandmother|grandfather|uncle|aunt|neighbour|neighbor|employer|boss|late husband|late wife",
        "on behalf of", "for my ~2 mother|father|mom|mum|dad|husband|wife|son|daughter|granny|gogo|landlord|tenant|neighbour|employer",
        "the account is ~2 in|under my|his|her|the", "account ~2 under|in ~2 name",
        "not the account holder", "i am not the owner|owners", "i am renting", "i rent", "i stay here", "i am staying here",
        "i am the tenant", "he|she is not here|home|available|around", "she passed|died", "he passed|died",
        "i am his|her ~2 wife|husband|son|daughter|tenant|sister|brother|helper|neighbour",
        "this is his|her ~2 wife|husband|son|daughter|tenant|sister|brother",
    ],
    "vague": [
        "probably", "maybe", "perhaps", "i think", "i will try", "we will try", "try to pay|make|get",
        "i hope", "hopefully", "if i can", "if i get", "when i get", "when i can", "i am not sure", "not sure",
        "something", "some money", "a bit", "a little", "sometime", "some time", "one of these days",
        "when they are in the area", "as soon as possible", "soon", "at some point", "in due course",
        "asap", "when available", "when they can",
    ],
    "blame_other": [
        "it is not us", "not us", "not our fault|problem|department|side", "their fault|mess|problem|side",
        "those guys", "that department", "the depot ~3 never|always|does not|do not|is|are",
        "they never", "they always", "they do nothing", "they do not do", "nothing to do with us",
        "other department|departments", "the other side", "mess", "sit on", "sitting on",
        "blame", "useless", "lazy", "not my problem", "eskom problem",
    ],
    "dismissive": [
        "not rocket science", "if you had read|listened", "if you read", "i already said", "i said already",
        "shouting", "calm down", "there is nothing i can do", "nothing i can do", "i can not do anything",
        "you must ~3 yourself", "do it yourself", "your problem", "not my problem", "everybody has the same problem",
        "everyone has the same", "what do you want", "you should have", "you should know", "obviously",
        "ok bye", "bye", "just wait", "you will have to wait", "be patient",
    ],
    "misleading": [
        "write off", "written off", "wipe ~2 interest|balance|debt", "clean slate", "only today",
        "today only", "deal", "special offer", "skip your house", "they will skip", "guarantee",
        "i promise you", "i will make sure they", "no one will", "nobody will", "off the record",
        "between you and me", "like a sister|brother|friend", "advise you as",
        "street by street", "remove|removing|take ~2 meter", "cut off team|teams", "cut off",
        "fee of NUM", "you will pay more", "lawyers", "legal action", "handed over", "attorney|attorneys",
        "court", "sheriff",
    ],
    "readback": [
        "so|just|ok ~3 r NUM", "so ~3 NUM ~3 on|by|before", "let me confirm|repeat|read",
        "to confirm", "i have noted|captured|recorded", "noted", "i will note|capture|record",
        "arrangement ~3 NUM", "promise ~3 NUM",
    ],
    # A time frame in the call's other languages: Setswana/Sepedi/Sesotho "mo diureng di le
    # 48" (the number after the unit), "ka iri ya" (at the hour of), isiZulu "emahoreni angu
    # 24", "ezinsukwini ezi-5", Afrikaans "binne 24 uur", "binne twee dae".
    "timeframe": [
        "diura|diureng|dihora|dihoreng|iri|diiri|matsatsi|matsatsing|malatsi|malatsing|beke|dibeke|amahora|emahoreni|izinsuku|ezinsukwini|amaviki|emavikini ~3 NUM",
        "NUM ~2 diura|diureng|dihora|matsatsi|malatsi|dibeke|amahora|amahoreni|emahoreni|izinsuku|ezinsukwini|amaviki",
        "ka iri ya", "ka nako ya", "ngehora",
        "binne ~3 uur|ure|dae|dag|weke|week|maand",
        "NUM ~2 uur|ure|dae|werksdae|weke",
    ],
    # Why the agent calls, in the call's other languages: Afrikaans "ek bel oor die rekening",
    # Setswana/Sesotho "ke leletsa ka ntlha ya akhaonto ya gago", isiZulu "ngishayela mayelana
    # ne-akhawunti"
    "purpose": [
        "ek bel ~4 rekening|agterstallig|betaling|saldo|agterstand",
        "ke leletsa|letsetsa|founela|mo letsetsa ~5 akhaonto|akhaonte|tefo|sekoloto",
        "ngishayela|ngifonela|sishayela ~5 akhawunti|akhawundi|imali|isikweletu",
    ],
    # "How can I help?" in the call's other languages: isiZulu "ngingakusiza ngani?", isiXhosa
    # "ndingakunceda ngantoni?", Sesotho/Setswana/Sepedi "nka go thusa ka eng?", "ke go thuse
    # ka eng?", Afrikaans "kan ek help?", "hoe kan ek u help?", Xitsonga "ndzi nga ku pfuna"
    "help_offer": [
        "ngingakusiza", "ngikusize ngani", "ndingakunceda", "nka go|o thusa", "ke go|o thuse",
        "re ka go|o thusa", "kan ek ~2 help", "hoe kan ek ~2 help", "waarmee kan ek ~2 help",
        "ndzi nga ku pfuna", "ndzi ku pfuna",
    ],
    # "Anything else?" in the call's other languages: isiZulu "kukhona okunye (engingakusiza
    # ngakho)?", isiXhosa "ikhona enye into", Afrikaans "is daar nog iets", Setswana/Sepedi/
    # Sesotho "go na le sengwe gape / se sengwe", "ho na le ntho e nngwe", Xitsonga "ku na
    # swin'wana"
    "anything_else": [
        "kukhona okunye", "ikhona enye", "ukhona omnye", "nog iets", "go na le sengwe",
        "go na le se sengwe", "sengwe gape", "ho na le ntho e nngwe", "ntho e nngwe",
        "ku na swinwana", "swinwana",
    ],
    "timeframe_vague": [
        "when they are in the area", "as soon as possible", "soon", "asap", "in due course",
        "at some point", "when available", "when they can", "as soon as they can", "sometime",
        "some time", "any time", "eventually",
    ],
    # "It's me" as South Africans answer "am I speaking to...?", and asking for someone by
    # name in Sesotho, isiZulu, isiXhosa and Afrikaans.
    "affirm": [
        "this|it|that is him|her", "ke nna", "ke rona", "dis hy|sy|ek", "dit is hy|sy|ek",
        "ngimi", "yimi", "yimina", "ndim", "ndimi", "hi mina", "ke mna", "ewe ndim",
        "you are", "ye", "yes you are",
        # written without the apostrophe ("its me", "thats me") and isiZulu "nguye okhulumayo"
        # (it is he who is speaking)
        "its me", "thats me", "its him|her", "nguye okhulumayo", "ngiyena",
    ],
    "rpc_ask": [
        "ke kopa ho|go bua le", "ngicela ukukhuluma na|no|nomama|nobaba", "ndicela ukuthetha no|na",
        # the title joined to "no-" as one word: "ngicela ukukhuluma noMnumzane Zwane"
        "ngicela ukukhuluma nomnumzane|nonkosikazi|nomnu|nosisi|nobhuti|nogogo",
        "kan ek met ~3 praat", "praat ek met", "is dit mnr|mev|mej|meneer|mevrou",
        "kan ek ~2 met ~4 praat",
        # "I'm calling for Mister Dlamini", "looking for Mrs Venter"
        "calling|phoning|looking for mr|mrs|ms|miss|missus|mister|madam|dr|doctor|meneer|mevrou",
    ],
    # The person asked for is not at this number: unknown here, the number changed hands, or
    # they have died ("there's no Peter here", "I've had this number two years", "my father
    # passed away in August").
    "rp_not_reached": [
        "there is no ~2 here", "nobody here by|called|named", "no one here by|called|named", "do not know any|anybody|anyone",
        "had this number", "my number for ~3 years|months|now", "passed away",
        "my father|mother|husband|wife|son|daughter|brother|sister|granny|gogo|grandmother|grandfather ~3 passed|died|deceased|late",
        "ha a ~2 teng", "ga a ~2 teng", "akekho", "ha ke mo tsebe", "ek ken nie",
    ],
    # Asking before a hold and thanking after it in the call's other languages (isiZulu
    # "ngicela ukukubeka ku-hold", "ngiyabonga ngokulinda"; Afrikaans "kan ek u op hou sit",
    # "dankie dat u gewag het"; Sesotho/Setswana "ke a leboha ka ho leta", "ke a leboga for
    # holding") and the plain "are you okay to hold?".
    "hold_ask": [
        "ukukubeka|ngikubeke|ukukubamba|ngikubambe|ukubamba ~3 hold|kancane|umzuzwana|isikhashana",
        "ku hold", "op hou ~2 sit|plaas", "n|een oomblik", "wag ~2 bietjie|asseblief|oomblik",
        "hou aan asseblief", "ema|eme|leta|lete|emela ~2 hanyane|hanyenyane|motsotso", "ema go le gonnye",
        "okay|ok|fine|alright|happy|mind ~2 to hold", "hold for me",
    ],
    "hold_thanks": [
        "ngiyabonga|siyabonga|ngibonga|enkosi|ndiyabulela ~3 ngokulinda|ngokubekezela|ukulinda|ngokubamba|ngokundilinda",
        "leboha|leboga ~3 holding|waiting|patience|leta|leteng|emela|ema",
        "dankie ~4 gewag|wag|geduld|hou",
        "inkomu|khensa ~3 holding|waiting|patience|rindza",
        "ngiyabonga|siyabonga|dankie|enkosi|inkomu ~3 for|vir ~2 holding|waiting|patience|geduld",
    ],
    # Not the City's to fix or log: the owner's own pipes, planned work with its own schedule.
    "referral": [
        "private pipe|pipes|plumbing|side|property", "owner|owners|your responsibility",
        "need|get|call|phone ~2 a|your|own plumber|electrician",
        "planned shutdown|maintenance|outage|work|interruption", "it is planned", "nothing to log",
        # a job the City already holds ("it's already on the system, so I won't log a new one")
        # or a place another metro serves ("that falls under the City of Johannesburg")
        "already on the system", "will not log ~2 new", "not log a new one",
        "can not log it on our|the system", "falls under the city of",
        "city of johannesburg|tshwane|joburg", "johannesburg|joburg|tshwane ~2 call centre|center",
    ],
    "no_account": [
        "not about my account", "no account", "i do not have an account", "just want to report",
        "just reporting", "i want to report", "i am reporting", "report a fault|problem|leak",
    ],
}

# fmt: on
