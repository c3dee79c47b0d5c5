"""Learned models: held-out evaluation by call, used only when better than the rule, skops."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoring.autoscore import AutoCriterion, autoscore
from scoring.default_scorecards import INBOUND
from scoring.evaluate import load_labelled
from scoring.learning import (
    Example,
    UntrustedModelError,
    cohen_kappa,
    examples_from_labelled,
    load_model,
    load_models,
    train_criterion,
    train_scorecard,
)
from tests.scoring.conftest import make_call

DATA = Path(__file__).resolve().parent.parent / "data" / "transcripts"


def _zebra_examples(count: int = 40) -> list[Example]:
    """Labels the closing rule cannot see: 'yes' exactly when the caller mentions a zebra
    crossing. Every call closes with thanks, so the rule says yes to all of them."""
    examples = []
    for i in range(count):
        zebra = i % 2 == 0
        call = make_call(
            ("A", "Good morning, City of Ekurhuleni, how can I help?"),
            ("C", "the zebra crossing paint is gone" if zebra else "my streetlight is broken"),
            ("A", f"Noted, reference {i} {i + 1}."),
            ("A", "Thank you for calling, goodbye."),
        )
        call.call_id = f"z{i}"
        examples.append(Example(f"z{i}", call, "closing", "yes" if zebra else "no"))
    return examples


@pytest.mark.slow
def test_a_model_that_beats_the_rule_is_used_and_survives_a_skops_round_trip(tmp_path):
    outcome = train_criterion(
        _zebra_examples(), criterion_key="closing", detector_key="inbound.closing"
    )
    assert outcome.used
    assert outcome.card["model"]["accuracy"] > outcome.card["rule"]["accuracy"]
    train_scorecard(_zebra_examples(), [AutoCriterion("closing", 5, False, "inbound.closing")],
                    folder=tmp_path)  # fmt: skip
    card = json.loads((tmp_path / "closing.card.json").read_text())
    assert card["used"] and card["file"] == "closing.skops" and card["n_test"] > 0
    assert not list(tmp_path.glob("*.pkl"))
    models = load_models(tmp_path)
    assert set(models) == {"closing"}
    zebra_call = _zebra_examples(2)[0].transcript
    result = autoscore(zebra_call, [AutoCriterion("closing", 5, False, "inbound.closing")],
                       models=models)  # fmt: skip
    answer = result.by_key()["closing"]
    assert (answer.source, answer.answer) == ("model", "yes")
    assert answer.evidence  # the rule's evidence keeps the model's answer traceable


@pytest.mark.slow
def test_a_model_worse_than_the_rule_is_saved_but_not_used(tmp_path):
    calls = load_labelled(DATA)
    examples = [e for c in INBOUND for e in examples_from_labelled(calls, c.key, "inbound")]
    outcomes = train_scorecard(examples, INBOUND, folder=tmp_path)
    rule_kept = [o for o in outcomes if not o.used]
    assert rule_kept, "the rules are near-perfect on this set; no model should beat them all"
    for outcome in rule_kept:
        card = json.loads((tmp_path / f"{outcome.criterion_key}.card.json").read_text())
        assert card["used"] is False and "rule kept" in card["reason"]
    assert set(load_models(tmp_path)) == {o.criterion_key for o in outcomes if o.used}


@pytest.mark.slow
def test_a_tampered_model_file_is_refused(tmp_path):
    train_scorecard(_zebra_examples(), [AutoCriterion("closing", 5, False, "inbound.closing")],
                    folder=tmp_path)  # fmt: skip
    with (tmp_path / "closing.skops").open("ab") as f:
        f.write(b"tampered")
    with pytest.raises(UntrustedModelError):
        load_model(tmp_path / "closing.card.json")


def test_too_few_answers_train_nothing():
    outcome = train_criterion(_zebra_examples(6), criterion_key="closing")
    assert outcome.model is None and not outcome.used
    assert "not trained" in outcome.card["reason"]


def test_the_split_never_puts_one_call_in_train_and_test():
    from scoring.learning import _split

    examples = _zebra_examples(20) * 2  # every call twice (two officers scored it)
    train, test = _split(examples, 0.3, 7)
    assert {examples[i].call_id for i in train}.isdisjoint({examples[i].call_id for i in test})


def test_cohen_kappa():
    assert cohen_kappa(["yes", "no", "yes", "no"], ["yes", "no", "yes", "no"]) == 1.0
    assert cohen_kappa(["yes", "yes", "no", "no"], ["yes", "no", "yes", "no"]) == 0.0
    assert cohen_kappa([], []) is None
