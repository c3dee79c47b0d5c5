"""The South African lexicon (scoring/detectors/sa_lexicon.py): data, normalisation, detectors."""

from __future__ import annotations

import pytest

from scoring.autoscore import autoscore
from scoring.default_scorecards import INBOUND
from scoring.detectors import analyse
from scoring.detectors.sa_lexicon import BY_LANGUAGE, MUNICIPAL_TERMS, NUMBER_WORDS
from scoring.detectors.text import normalise_words
from scoring.transcript import Transcript

KINDS = ("greeting", "thanks", "apology", "closing")
CONCEPT_OF = {
    "greeting": "greeting_word",
    "thanks": "thanks",
    "apology": "sorry_plain",
    "closing": "farewell",
}


def _call(*turns: tuple[str, str]) -> Transcript:
    segments = []
    t = 0.0
    for speaker, text in turns:
        segments.append({"speaker": speaker, "start": t, "end": t + 3.0, "text": text})
        t += 3.5
    return Transcript.from_dict({"call_id": "sa", "segments": segments})


def test_every_language_has_every_kind_of_phrase():
    for language in ("zu", "st", "tn", "nso", "ts", "af"):
        for kind in KINDS:
            assert BY_LANGUAGE[language][kind], (language, kind)
    for term in ("prepaid", "siyakhokha", "ims", "ward", "depot"):
        assert term in MUNICIPAL_TERMS
    assert NUMBER_WORDS["af"]["vyftig"] == 50 and NUMBER_WORDS["en"]["fifty"] == 50


@pytest.mark.parametrize(
    ("language", "kind"),
    [(lang, kind) for lang in ("zu", "st", "tn", "nso", "ts", "af") for kind in KINDS],
)
def test_the_first_phrase_of_each_language_and_kind_is_heard_in_a_call(language, kind):
    phrase = BY_LANGUAGE[language][kind][0].split("|")[0].replace("~2 ", "")
    view = analyse(_call(("agent", f"{phrase.capitalize()}, okay."), ("caller", "Yes.")))
    assert view.segments_with(CONCEPT_OF[kind]) == {0}, phrase


def test_accents_are_folded_so_afrikaans_spelling_matches():
    assert normalise_words("Goeie môre, dié ŉ oproep") == ["goeie", "more", "die", "n", "oproep"]


def test_a_closing_said_in_isizulu_inside_an_english_call_counts():
    call = _call(
        ("agent", "Good morning, City of Ekurhuleni, Sipho speaking, how can I help?"),
        ("caller", "My prepaid meter is not taking the token."),
        ("agent", "I understand, let me check that for you. It is working now."),
        ("caller", "Okay it works."),
        ("agent", "Ngiyabonga mama, usale kahle."),
    )
    closing = autoscore(call, INBOUND).by_key()["closing"]
    assert closing.answer == "yes"
    assert closing.evidence[0].segment_index == 4


def test_sesotho_thanks_and_afrikaans_goodbye_close_a_call_politely():
    call = _call(
        ("agent", "Good day, City of Ekurhuleni, Mpho here, how may I assist?"),
        ("caller", "Just a question about my rates."),
        ("agent", "The rates are on the statement. Anything else?"),
        ("caller", "No."),
        ("agent", "Ke a leboha. Totsiens, lekker dag."),
    )
    assert autoscore(call, INBOUND).by_key()["closing"].answer == "yes"


def test_municipal_terms_are_a_concept():
    view = analyse(_call(("caller", "I bought prepaid on Siyakhokha, the ward councillor knows")))
    assert len(view.hits["municipal_term"]) >= 3
