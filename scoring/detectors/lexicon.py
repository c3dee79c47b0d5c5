# ruff: noqa: E501, SIM905  (a data file: one phrase per string reads better than wrapped lines)
"""The phrases each detector listens for, grouped into concepts.

Written from the criterion definitions in standards.md section 3, as the many ways a person can
say each thing, not from any one transcript. The pattern language is documented in
:mod:`scoring.detectors.text`. A concept is matched in every segment of a call in one pass;
detectors then reason about which speaker said it and when.
"""

from __future__ import annotations

# fmt: off

DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
UNITS = "hour|hours|hrs|hr|day|days|week|weeks|minute|minutes|mins|min|month|months"

CONCEPTS: dict[str, list[str]] = {
    # --- opening ------------------------------------------------------------------------------
    "greeting_word": [
        "good morning", "good afternoon", "good evening", "good day", "goeie more", "goeie middag",
        "morning", "afternoon", "evening", "hello", "hallo", "helo", "hi", "hey", "howzit",
        "welcome", "greetings", "sawubona", "sanibonani", "dumela", "dumelang", "molo", "molweni",
        "avuxeni", "lotjhani", "thank|thanks [you] for calling", "thank|thanks [you] for phoning",
        "thank|thanks [you] for contacting",
    ],
    "organisation": [
        "ekurhuleni", "city", "municipality", "municipal", "metro", "metropolitan", "council",
        "call center", "contact center", "callcenter", "customer care", "customer service",
        "customer services", "service delivery", "revenue department", "finance department",
        "credit control", "coe",
    ],
    # "my name is X" / "you are speaking to X" / "this is X": the word after is the name.
    "name_after": [
        "my name is _", "my names is _", "name is _", "names _", "my name _",
        "speaking to _", "speaking with _", "talking to _", "talking with _", "through to _",
        "this is _", "i am _",
    ],
    # "Thabo speaking" / "Thabo here": the word before is the name.
    # "it's Thabo from the City": the third word is the name.
    "name_it_is": ["it is _ from|here|speaking|calling|this"],
    "name_before": [
        "_ speaking", "_ here", "_ this side", "_ calling from", "_ from the|ekurhuleni|city",
    ],
    "help_offer": [
        "how may|can|could|might|shall|do i|we ~2 help|assist|assistance|service",
        "how ~2 be of help|assistance|service",
        "what can|may|could i|we ~2 do for you",
        "what can|may|could i|we ~2 help|assist",
        "can|may|could i|we ~2 help|assist you",
        "what is|are your query|enquiry|inquiry|problem|complaint|issue|question|queries",
        "what is the problem|issue|query|matter",
        "what seems to be the problem|issue",
        "what [are] [you] calling about|for|regarding",
        "help|assist you today",
        "how can|may i direct your call",
        "what can i do for you",
        "how [can|may] i help",
    ],
    # --- identity and account -----------------------------------------------------------------
    "name_factor": [
        "full name", "full names", "name and surname", "names and surname", "surname",
        "initials", "your name", "first name", "last name", "account holder name",
        "name of the account holder", "who am i speaking|talking to|with",
        "who is speaking", "who is the account holder", "account holder",
        "confirm|verify [your] [full] name|names",
    ],
    "second_factor": [
        "account number", "acc number", "account no", "acc no", "account num", "id number",
        "identity number", "identification number", "id", "passport number", "address",
        "stand number", "erf number", "date of birth",
    ],
    "verify_word": [
        "verify", "verification", "verified", "security purposes", "security reasons",
        "security questions", "security check", "confirm|verify [your] [some] identity|details|particulars",
        "for popia", "popia",
    ],
    "account_topic": [
        "account", "accounts", "bill", "bills", "billing", "statement", "statements", "balance",
        "arrears", "meter reading", "meter readings", "invoice", "rates and taxes", "tariff",
        "deposit", "refund", "overcharged", "overcharging", "charged", "interest",
        "clearance", "my payment", "payments",
    ],
    "disclosure": [
        "your balance|statement|bill|arrears|deposit|tariff",
        "your account ~2 is|shows|reflects|says|has|was|stands|indicates",
        "your last payment|reading", "the last payment|reading",
        "balance ~2 is|of|stands|shows|reflects", "outstanding amount|balance",
        "amount due|owing|outstanding", "you owe", "owing", "in arrears",
        "i can see ~3 account|payment|payments|reading|readings|balance|bill|amount",
        "r NUM", "NUM rand|rands",
        "i|we have|am|are updated|changed|corrected|amended|adjusted|reversed|credited|captured|removed|added|updating|changing|correcting|reversing|crediting|cancelling|cancelled",
        "i|we will update|change|correct|amend|adjust|reverse|credit|cancel",
        "update|change|correct|amend|adjust|reverse|credit ~2 your|the account|address|details|bill|meter|reading|balance|tariff|name|charge|charges",
        "you were|was billed|charged",
        "reading is|was|shows|of",
    ],
    # --- fault reports ------------------------------------------------------------------------
    "fault": [
        "no water", "without water", "water ~2 off|outage|cut|interruption|leak|leaking|running|pouring|gushing|spilling",
        "burst|broken|leaking|leak pipe|pipes|main|meter|tap|valve",
        "pipe|pipes|main|meter ~2 burst|bursted|broken|leaking|leak",
        "leak", "leaking", "leaks", "burst",
        "no electricity|power|lights|light|current|supply",
        "without electricity|power|lights",
        "electricity|power|lights ~2 off|out|outage|failure|cut|tripped|trip|tripping|gone|down|cuts",
        "outage", "power failure", "blackout", "no supply",
        "streetlight", "streetlights", "street light|lights|lamp|lamps", "traffic light|lights|signal",
        "robot|robots ~2 not|broken|working|down|out|off|dead|flashing",
        "pothole", "potholes", "pot hole|holes", "sinkhole",
        "sewer", "sewage", "sewerage", "blocked|overflowing ~1 drain|drains|toilet|sewer|manhole",
        "drain|drains|manhole|toilet ~2 blocked|overflowing|overflow|open",
        "blockage", "manhole", "manhole cover",
        "refuse|rubbish|garbage|bins|bin|dirt|waste ~4 not|never|missed|nobody|no ~2 collected|collect|collection|removed|picked|come|came",
        "missed collection", "not been collected", "no collection",
        "not collected", "not been collected", "not picked up", "illegal dumping",
        "cable|cables theft|stolen", "stolen cable|cables", "transformer", "substation", "mini sub",
        "fallen|fell tree|pole|cable|wires", "live|exposed|hanging|loose|fallen wire|wires|cable|cables",
        "cable|cables|wire|wires ~2 hanging|sparking|exposed|down|fallen|loose|burning", "sparking",
        "smoking", "sparks", "exploded", "explosion", "hole|holes in the road|street",
        "flood", "flooding", "flooded", "stormwater", "storm water",
        "low water pressure", "low pressure", "no pressure", "dirty water", "brown water", "smelly water",
        "hydrant", "meter ~2 stolen|broken|leaking|damaged",
        "report|reporting|reported|log|logged ~3 fault|faults|problem|outage|leak|burst|pothole",
        "electrical|water|power|cable|network|supply fault|faults", "faulty", "not working",
        "damaged",
    ],
    "location": [
        "address", "street", "st", "road", "rd", "avenue", "ave", "drive", "crescent", "lane",
        "stand number", "stand", "erf", "house number", "unit number", "complex", "suburb",
        "extension NUM", "ext NUM", "section NUM", "township", "location", "where exactly",
        "where is|was it|this", "whereabouts", "nearest", "landmark", "corner", "opposite",
        "next to", "near the", "close to", "between ~2 and", "which|what area|street|suburb|township|extension|section|road",
        "ward", "plot", "village", "street name", "postal code", "gps", "coordinates",
        "intersection", "off ramp", "on ramp", "which|what direction|side|end|part|corner",
        "NUM ~2 street|road|avenue|drive|crescent|lane|st|rd", "where ~3 located",
    ],
    "log_action": [
        "log|logged|logging|register|registered|registering|capture|captured|capturing|raise|raised|raising|escalate|escalated|escalating|lodge|lodged|lodging|load|loaded|loading|submit|submitted ~3 fault|complaint|call|job|ticket|case|request|query|report|notification|reference|it|this|that",
        "create|created|creating|open|opened|opening|record|recorded ~2 fault|complaint|job|ticket|case|request|query|notification|reference",
        "put ~2 in|through a|the|your fault|complaint|request|job|ticket",
        "been|is logged|captured|registered|lodged|escalated|loaded",
        "reference|ref|ticket|job|case|complaint|notification|tracking|incident number|no|num|nr",
    ],
    "reference_given": [
        "reference|ref|ticket|job|case|complaint|notification|tracking|incident|escalation|call|sr number|no|num|nr|numbers ~6 NUM",
        "reference|ref ~5 NUM",
        # "your reference for the link request is SYK 044 912": the code after "is", however
        # long the name of what it refers to
        "reference|ref ~6 is|reads ~2 NUM",
    ],
    "reference_later": [
        "sms|send|text|email|mail|whatsapp|message ~4 reference|ref|number",
        "receive|get ~3 reference|ref ~3 sms|text|email|mail|message",
    ],
    "referral": [
        "contact|call|phone|try|to eskom",
        "eskom", "not a|the city|municipal|council ~2 matter|issue|responsibility|competence|road",
        "provincial road", "national road", "sanral", "private property", "body corporate",
        "landlord", "your own plumber|electrician", "on your side", "on your property",
        "already ~3 logged|reported|reference",
    ],
    # --- conversation ---------------------------------------------------------------------------
    "empathy": [
        "i [do|totally|fully|completely|really|can|definitely|truly|perfectly] understand", "we [do|totally|fully|completely|really|can|definitely] understand",
        "sorry to hear", "so sorry", "really sorry", "very sorry", "terribly sorry", "truly sorry",
        "sorry about that|this|the|your|it", "sorry for ~2 inconvenience|trouble|frustration|loss|experience|situation|delay|delays",
        "sorry that", "sorry you", "apologise", "apologised", "apologies", "apology", "my apologies",
        "must be|sound|sounds ~1 frustrating|difficult|hard|terrible|awful|stressful|annoying|horrible|bad|tough|nightmare|unpleasant|inconvenient|upsetting|worrying|scary", "that is|sounds frustrating|terrible|awful|stressful|horrible|unacceptable",
        "that must be", "i can imagine", "can only imagine", "i hear you", "frustrating",
        "inconvenience", "inconvenienced", "i feel for you", "i know how ~2 frustrating|hard|difficult|stressful",
        "shame", "eish", "oh no", "oh dear", "that is unfortunate", "unfortunate situation",
        "that is|sounds ~1 bad|terrible|dangerous|awful|horrible|scary|serious|worrying|unacceptable|sad",
        "i would ~2 be upset|frustrated|angry|annoyed", "you have every right",
        # the caller's feeling named and owned: "I know a high account is stressful", "I get
        # why you're frustrated", "I'd be worried too", "a lot of people are battling with it"
        "i know|get|see ~4 stressful|confusing|worrying|scary|upsetting|overwhelming",
        "i know ~2 is a lot",
        "i know|get|see why|how ~3 frustrated|upset|angry|worried|annoyed|stressed|confused",
        "i would ~2 be worried|stressed|concerned|confused ~1 too",
        "a lot of people ~2 battling|struggling|confused|battle|struggle",
        "many people ~2 battling|struggling|confused|battle|struggle",
    ],
    "sorry_plain": ["i am sorry", "we are sorry", "sorry"],
    "pardon": [
        "sorry ~2 repeat|pardon|spell", "sorry ~2 say that|it again", "sorry come again",
        "sorry what was|did that|you", "sorry i did not hear|catch|get", "sorry ~2 the line",
        "sorry ~2 breaking up", "sorry i missed", "pardon", "come again",
    ],
    "hold_ask": [
        "put|place|keep|putting|placing you ~2 on hold",
        "can|may|could|would|do|mind i|you ~3 hold",
        "please|kindly hold", "hold on", "hold the line", "hold for",
        "hold ~2 moment|second|sec|minute|min|while",
        "bear with me|us", "[just] one|a|quick moment|second|sec|minute|min",
        "give me ~2 moment|second|seconds|minute|minutes|sec|min|chance|time",
        "let me ~2 check|look|see|find|pull|go|confirm|verify|get|search|consult|ask|speak|quickly",
        "allow me", "while i ~2 check|look|verify|confirm|pull|find|get|search|consult|ask",
        "i will|am|need ~2 check|look|verify|confirm|pull|find|search|consult|ask",
        "stay on the line", "do not go away", "do not hang up",
    ],
    "hold_explicit": [
        "put|place|putting|placing you ~2 on hold", "can|may|could|would|mind ~2 i|you ~3 hold",
        "please|kindly hold", "hold the line", "going to hold", "on hold",
    ],
    "hold_thanks": [
        "thank|thanks [you] ~3 for ~2 holding|waiting|patience|patient|hanging|hold|bearing",
        "thank|thanks [you] ~2 for your time|patience", "appreciate your patience|waiting",
        "sorry|apologies|apologise ~3 for|about ~2 wait|waiting|hold|holding|delay|long",
        "sorry ~2 keep|kept you ~2 waiting|holding|long",
        "sorry it took|takes long",
    ],
    "hold_return": [
        "are you still ~2 there|line|me|holding",
        "you still there", "still on the line", "i am back", "i am back with you", "back with you",
    ],
    "timeframe": [
        "within|in|inside|under|after|next ~3 NUM ~2 " + UNITS,
        "within|in|inside|under ~2 a|an|one|few|couple ~2 " + UNITS,
        "NUM to|or|and NUM ~2 " + UNITS,
        # an approximate span: "a minute or two", "an hour or so", "a day or two"
        "a|an " + UNITS + " or two|three|so",
        "NUM ~2 " + UNITS,
        "by|before|until|till|later|sometime ~2 today|tomorrow|tonight|" + DAYS,
        "tomorrow", "tonight", "this afternoon", "this evening", "this week", "next week",
        "next month", "this month",
        "by|before|until|till|around ~2 midnight|noon|midday|lunchtime",
        "end of the day|week|month", "end of day", "few days", "couple of days|hours",
        "few hours", "turnaround ~3 NUM", "same day", "by close of business",
        "on " + DAYS, "NUM working|business days",
    ],
    "next_step": [
        "team|teams|technician|technicians|someone|somebody|crew|people|guys|plumber|plumbers|electrician|electricians|official|officials|inspector|department|they|we|it|staff|artisan|artisans|contractor|truck|supervisor|engineer|field ~3 will|would|should|going|coming|come|be",
        "will|should|would be restored|fixed|resolved|sorted|attended|repaired|back|collected|done|sent|dispatched|there|out|replaced|cleared|unblocked|removed|on|working|connected|reconnected|processed|investigated|contacted|assessed",
        "you will|should|can|would ~2 receive|get|hear|contacted|called|see|expect",
        "expect ~3", "send|dispatch|dispatched|sending|dispatching ~2 someone|team|technician|crew|somebody|people|truck|a",
        "follow up", "call you back", "get back to you", "contact you", "come out", "be out",
        "attend to", "sort it out", "sort out",
    ],
    "anything_else": [
        "anything else", "any thing else", "something else", "anything more", "any more",
        "any other query|queries|question|questions|issue|issues|matter|matters|thing|things|problem|problems|concern|concerns|enquiry|enquiries|inquiry",
        "is that all", "will that be all", "would that be all", "is that everything",
        "else ~2 i|we can|may help|assist|do",
        "further ~3 help|assist|assistance",
        "help|assist you with ~2 more|further|else",
        "anything further", "any further",
    ],
    "thanks": [
        "thank you", "thanks", "thank u", "thankyou", "appreciate", "appreciated", "ngiyabonga",
        "enkosi", "ke a leboga", "dankie", "siyabonga", "cheers",
    ],
    # A polite wish; a bare "bye" is not one.
    "farewell": [
        "have a|an ~2 good|nice|great|lovely|wonderful|blessed|pleasant|awesome|fantastic|productive|beautiful|safe day|evening|afternoon|weekend|night|one|morning|week",
        "enjoy ~2 day|evening|afternoon|weekend|rest", "take care", "stay well", "stay safe",
        "go well", "sala kahle", "hamba kahle",
    ],
    # --- unprofessional language --------------------------------------------------------------
    "rude": [
        "shut up", "stupid", "idiot", "idiots", "dumb", "nonsense", "talking rubbish",
        "talk rubbish", "that is rubbish", "damn", "dammit", "bloody", "shit", "crap", "fuck",
        "fucking", "bullshit", "what the hell", "bleep", "not my problem", "not my job",
        "not my department", "not my business", "not my fault", "i do not care", "i could not care",
        "waste|wasting ~2 my time", "are you deaf", "can you not hear",
        "listen here", "i told you already", "i already told you",
        "deal with it", "that is your problem",
        "go away", "do not call|phone here|us|me again", "you people",
        "your own fault", "liar", "useless", "lazy", "incompetent", "hopeless",
        "whatever you say", "i do not have time", "what do you want me to do",
        "not my responsibility", "i will hang up", "hang up on you", "pathetic",
        "rubbish people", "moron", "fool", "clown",
    ],
    "blame": [
        "their|his|her fault", "department fault", "colleague fault", "colleagues fault",
        "technicians fault", "blame ~2 them|the|my|those|it",
        "they|guys|people|technicians|department|colleague|colleagues|team|field ~3 never|always ~2 do|does|come|comes|pitch|pitches|answer|answers|work|works|late|slow|mess|messing|listen|care",
        "they|guys|people|technicians|department|colleague|colleagues ~3 do not ~2 do|care|work|come|pitch|listen|bother",
        "sleeping on the job", "sit around", "sitting around", "messed|stuffed|screwed up",
        "their mess", "their problem", "blame",
    ],
    # On a mono call, words that show a segment is the caller's (complaining about the City).
    "caller_voice": [
        "you people", "your people", "your department", "your technicians", "your guys",
        "your city", "you guys", "my water", "my electricity", "my lights", "my house",
        "my street", "my bill", "my account", "my money", "i pay", "i have been calling",
        "i have been waiting", "i called", "i phoned", "are you threatening", "are you harassing",
        "you can not", "how dare you", "i want to speak to your", "your manager", "your supervisor",
        "i am the customer", "i will report you", "i want my",
        # the household suffering or waiting, not the City's "we have been doing cut-offs"
        "we have been without|told|sitting|paying|waiting|calling|phoning|living|struggling",
        "we have been complaining|reporting|trying|suffering|in|stuck|left",
    ],
    # --- outbound collections -----------------------------------------------------------------
    "rpc_ask": [
        "am|are i|we speaking|talking to|with",
        "speaking|talking to|with mr|mrs|ms|miss|missus|mister|madam|dr|doctor",
        "may|can|could i ~2 speak|talk to|with",
        "is|are ~2 mr|mrs|ms|miss|missus|mister|madam|dr|doctor ~2 available|there|home|in|around",
        "is this|that|it mr|mrs|ms|miss|missus|mister|madam|dr|doctor",
        "is this|that _ speaking", "i am looking for", "i would like to speak",
        "are you the ~2 holder|owner|registered|responsible|homeowner|tenant",
        "are you mr|mrs|ms|miss|missus|mister|madam",
        "confirm|verify ~2 i am speaking|talking", "confirm|verify ~3 identity|id|name|names|details|birth",
        "who|whom am i speaking|talking to|with", "account holder", "speaking to the account",
        # "is this the Mokoena household / residence?" asks for a house, not the account
        # holder: a "yes" to it confirms the house, whoever said it (five of five labelled no)
        "is this the ~3 account",
    ],
    "affirm": [
        "yes", "yeah", "yebo", "ja", "yah", "ya", "yep", "yes speaking", "speaking", "correct",
        "that is me", "it is me", "this is me", "this is he", "this is she", "it is he",
        "it is she", "i am", "that is right", "right", "sure", "of course", "ehe", "ewe", "yes sir",
        "yes madam", "i am he", "i am she", "i am the one",
    ],
    "rp_not_reached": [
        "wrong|incorrect number", "wrong person", "no such person",
        "he|she|they ~2 is|are not ~2 here|home|in|available|around",
        "not here|home|available|around",
        "he|she ~2 passed|died|moved|left|relocated|emigrated",
        "not live|stay|living|staying ~2 here", "no longer ~2 lives|stays|living|staying",
        "i do not know ~2 him|her|anyone|who|person",
        "no one|body|person ~2 called|by",
        "leave a message", "call|try ~2 back|again|later",
        "ask him|her|them to ~2 call|phone|contact",
        "tell him|her|them ~3 called|call",
        "i am not mr|mrs|ms|miss|him|her|the|he|she",
        "i am|this is the|a tenant", "owner ~3 not|lives|stays|moved|passed",
        "this is not mr|mrs|ms|miss|his|her",
    ],
    "authorised": [
        "i am ~2 authorised|responsible", "authorised to", "authorised person",
        "power of attorney", "i handle|manage|pay ~2 account|accounts|bill|bills",
    ],
    "balance": [
        "balance", "arrears", "arrear", "outstanding", "owing", "overdue", "amount due",
        "behind on|with", "you owe", "account owes", "debt", "unpaid", "not been paid",
        "has not been paid", "r NUM", "NUM rand|rands", "amount of NUM",
    ],
    "calling": [
        "calling", "phoning", "ringing", "call", "contacting", "contact you", "reason", "purpose",
    ],
    "account_word": [
        "account", "arrears", "arrear", "balance", "outstanding", "overdue", "payment", "payments",
        "bill", "owing", "debt", "amount", "rates", "municipal account", "unpaid",
    ],
    "purpose": [
        "calling|phoning|ringing|call|contacting ~4 about|regarding|concerning|re|regards|connection|behalf|for|because|to ~4 account|arrears|arrear|balance|payment|outstanding|overdue|bill|amount|owing|debt|rates|unpaid",
        "reason|purpose ~2 for|of ~2 my|this|the|today|our call|calling",
        "your ~2 account|bill ~3 arrears|overdue|outstanding|behind|unpaid|paid|owing",
        "follow|following up ~3 account|payment|arrears|balance",
        "remind you ~3 account|payment|arrears|balance|outstanding",
    ],
    "amount": [
        "r NUM", "NUM rand|rands|zar", "rand NUM", "NUM ~3 rand|rands",
        "amount|balance|arrears|outstanding|total|owing|owe|sum|debt|due ~4 NUM",
    ],
    "date_expr": [
        "the NUM", "NUM of ~2 " + MONTHS, "NUM " + MONTHS, MONTHS + " NUM",
        DAYS, "end of ~2 month|week", "month end", "payday", "pay day",
        "by|before|due|until|on|than|latest ~2 today|tomorrow|NUM",
        "due date", "next week|month", "this week|month",
        "in NUM days", "within NUM days",
    ],
    "pay_options": [
        "eft", "electronic transfer", "bank transfer", "transfer", "debit order", "stop order",
        "internet banking", "online banking", "online", "siyakhokha", "easypay", "easy pay",
        "pay|paying|payment|payments ~2 at|via|through|using|with|by|on|from|in ~3 bank|banks|branch|atm|cash|office|offices|care|center|ccc|pick|shoprite|checkers|spar|post|retailer|retailers|store|stores|supermarket|app|website|card|kiosk|counter|cellphone|phone",
        # "you can pay a small amount every month at the post office or at the shop"
        "pay|paying ~5 at the post office|shop|shops|centre|center",
        "arrangement", "arrangements", "instalment", "instalments", "installment",
        "installments", "pay ~2 off|parts|portions|monthly|over|installments|instalments",
        "split|spread ~3 payment|payments|amount|months|balance",
        "payment plan", "acknowledgement of debt", "incentive", "scheme", "cash office",
        "cash offices", "customer care center", "card", "snapscan", "zapper", "app",
    ],
    "promise": [
        "i|we will|can|could|shall|would|should [definitely|just|only|still|also|then|probably|rather|try] [to] pay|make|settle|transfer|do|send",
        "i|we am|are going to [definitely|just|only|still|also|then|probably|try] [to] pay|make|settle|transfer|do|send",
        "let me pay", "i will do", "i can do", "i promise", "i could pay", "i will try to pay",
        "i get paid", "on payday",
    ],
    "promise_confirm": [
        "so|just ~2 to ~2 confirm|recap|summarise|summarize|clarify",
        "to confirm", "confirming", "i confirm", "can i confirm", "let me ~1 confirm", "confirm",
        "recap", "noted", "noting", "recorded", "captured", "confirmed",
        "you will|would|are|going ~3 pay|paying|make|making|settle|settling|transfer|send",
        "you are paying", "you are making", "you said ~3 pay|NUM",
        "i|we ~2 have|will|am|are noted|note|noting|captured|capture|capturing|recorded|record|recording|put|putting|loaded|load|loading|logged|log|logging|made|make|set|setting ~3 arrangement|promise|payment|commitment|that|it|down",
        "your|the|this arrangement|promise|commitment ~2 is|of|for|will",
        "arrangement of|for NUM", "promise of|to pay NUM", "payment of NUM",
    ],
    "refusal": [
        "i|we ~3 not ~3 pay|paying|settle", "i|we ~2 never ~2 pay|paying", "refuse ~2 pay|paying",
        "i|we refuse", "not paying", "refuse to pay", "take me to court", "see you in court",
        "i|we ~2 do not owe", "i|we dispute|am disputing|are disputing", "dispute the",
        "i|we do not have ~2 money", "no money", "can not afford", "cannot afford",
        "i am unemployed", "i lost my job",
    ],
    "threat": [
        "arrest", "arrested", "jail", "prison", "police", "blacklist", "blacklisted",
        "black list", "criminal record", "criminal case", "sheriff", "repossess", "auction",
        "evict", "evicted", "eviction", "lose your house|home|property",
        "take|sell|auction|repossess|attach ~2 your house|home|property|car|furniture|belongings|things",
        "we know where you live", "or else", "you better pay|settle|sort|make|do|watch|be|not|start|get",
        "you had|would better",
        "cut|disconnect|switch|switching|cutting|block|blocking|cutoff|disconnecting|disconnected ~4 today|tomorrow|immediately|tonight|now|afternoon|hour",
        "today|tomorrow|immediately|tonight|now ~3 cut|disconnect|switch|disconnected|switched|cutting",
        "i|we ~3 personally ~2 cut|disconnect|switch|take|remove", "come and ~2 cut|disconnect|switch|take|remove",
        "send|sending ~3 people|someone|team|guys|technicians ~3 cut|disconnect|switch|take|remove|today",
        "keep calling you", "call|phone|tell|contact ~2 your ~2 employer|work|boss|family|neighbours|neighbors|children|wife|husband",
        "everybody will know", "neighbours will know", "shame you", "embarrass",
        "stupid", "idiot", "liar", "thief", "thieves", "stealing", "deadbeat", "useless",
        "shut up", "nonsense",
    ],
}

# Concepts a preceding "not"/"never" cancels ("I'm not blaming anyone", "we will not cut you
# off today").
NEGATABLE = frozenset({"rude", "blame", "threat", "refusal", "log_action"})
# Only words that negate what follows; "no, I understand" must stay an acknowledgement.
NEGATORS = frozenset({"not", "never"})

# Words that follow "this is" / "I am" / "speaking to" without being a person's name.
NOT_A_NAME = frozenset(
    """
    a an the this that it is was be been being am are you your yours he she they we i me my
    mine our us him her them his their its of to for from with at in on by about regarding re
    so just not no yes very really calling phoning ringing speaking talking here there
    good fine well great ok okay sorry afraid sure glad happy going trying looking busy back
    still also only now again today tomorrow ekurhuleni city municipality council metro call
    center customer service services department office team revenue finance credit control
    all one some who what where when why how which and or but if then than as like please
    thank thanks hello hi morning afternoon evening day welcome concerned aware able
    unable right wrong correct sir madam mr mrs ms miss mister dr doctor hold holding waiting
    mobile ward municipal coe account holder owner person same new old
    another other else more most any every whoever everybody nobody somebody someone
    let quickly actually
    mmh mm mhm hmm hm uhm umm erm eh ah uh um
    goeiemore goeiemiddag goeiedag goeienaand hallo sawubona dumela dumelang lumela thobela
    wie u ons
    die van ek jy hy sy ons hulle dit dis hier wat bel praat met kan mag
    ke ka ho le nna kopa re ba se ya tswa letsetsa ngicela ngiyabonga
    ntate tate mme mma rra baba mama sisi bhuti meneer mevrou mnr mev tannie oom gogo
    """.split()
)
# fmt: on


def _merge_south_african() -> None:
    """Add the South African words (kept as data in :mod:`.sa_lexicon`) to the concepts."""
    from .sa_lexicon import EXTRA_CONCEPTS

    for label, phrases in EXTRA_CONCEPTS.items():
        known = CONCEPTS.setdefault(label, [])
        known.extend(p for p in phrases if p not in known)


_merge_south_african()
