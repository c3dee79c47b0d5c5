"""Language features from the packaged spaCy English pipeline (scoring/nlp.py).

Wordings here are not in the lexicon: the parse and the entity recogniser find them.
"""

from __future__ import annotations

import pytest

from scoring.detectors import analyse
from scoring.features import call_features
from scoring.nlp import get_nlp

from .conftest import make_call

pytestmark = pytest.mark.skipif(get_nlp() is None, reason="en_core_web_sm not installed")


def _features(*turns):
    return get_nlp().features(analyse(make_call(*turns)))


def test_the_pipeline_is_the_pinned_english_model():
    nlp = get_nlp()
    assert nlp.version.startswith("3.8")
    assert {"parser", "ner"} <= set(nlp.nlp.pipe_names)


def test_negated_giving_of_a_number_is_read_from_the_parse():
    found = _features(
        ("A", "Good morning, City of Ekurhuleni, how can I help?"),
        ("C", "My street has been flooded since Sunday."),
        ("A", "I've logged it, but I can't give you a reference number yet, the system is slow."),
    )
    assert found.get("nlp:neg_number:agent") == 1.0
    plain = _features(
        ("A", "Good morning, City of Ekurhuleni, how can I help?"),
        ("C", "My street has been flooded since Sunday."),
        ("A", "I've logged it and I will give you the reference number now: 4471 203."),
    )
    assert "nlp:neg_number:agent" not in plain


def test_an_agent_name_in_an_unlisted_wording_is_a_person_in_the_opening():
    found = _features(
        ("A", "Ekurhuleni call centre, good afternoon, Nomvula Dlamini at your service."),
        ("C", "Hi, my lights are off."),
    )
    assert found.get("nlp:PERSON:open", 0) >= 1


def test_a_relative_on_the_line_is_a_third_party():
    found = _features(
        ("A", "Good day, I'm calling from the City about the account for 12 Oak Street."),
        ("C", "That's my mother's account, she's at work, I'm her son."),
    )
    assert found.get("nlp:third_party:caller", 0) >= 1


def test_a_vague_promise_is_told_apart_from_a_dated_amount():
    vague = _features(
        ("A", "When can you pay?"),
        ("C", "End of the month, probably, maybe five hundred."),
    )
    firm = _features(
        ("A", "So that is R500 on the 30th of June, noted."),
    )
    assert vague.get("nlp:vague_date:caller", 0) >= 1
    assert firm.get("nlp:amount_and_date:agent", 0) >= 1
    assert "nlp:vague_date:agent" not in firm


def test_call_features_include_the_language_features_when_asked():
    view = analyse(make_call(("A", "Good morning, this is Thabo from the City of Ekurhuleni.")))
    assert not any(k.startswith("nlp:") for k in call_features(view))
    assert any(k.startswith("nlp:") for k in call_features(view, nlp=get_nlp()))
