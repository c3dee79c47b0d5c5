"""manage.py train_autoscore: models trained, saved with skops, used only when better."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from autoscoring.services.suggestions import call_autoscore, models_for
from autoscoring.services.training import autoscore_train, load_training_examples
from scorecards.models import ScorecardVersion
from scoring.learning import load_model
from tests.autoscoring.factories import make_call
from tests.scoring.test_learning import _zebra_examples

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data" / "transcripts"


@pytest.mark.slow
def test_training_on_a_small_labelled_set_saves_reloadable_models_and_keeps_better_rules(
    site_data, tmp_path, settings
):
    settings.AUTOSCORE_MODELS_DIR = tmp_path
    out = StringIO()
    call_command("train_autoscore", scorecard="outbound_collection", labelled=str(DATA), stdout=out)
    folder = tmp_path / "outbound_collection" / "v1"
    index = json.loads((folder / "index.json").read_text())
    assert set(index["criteria"]) == {
        "greeting", "right_party", "call_purpose", "amount_and_date", "payment_options",
        "promise_to_pay", "no_threats", "closing",
    }  # fmt: skip
    assert "rule kept" in out.getvalue()
    for key, card in index["criteria"].items():
        assert (folder / f"{key}.card.json").exists()
        if card.get("file"):
            model = load_model(folder / f"{key}.card.json")  # skops, trusted types only
            assert model.criterion_key == key
            assert card["model"]["n"] == card["n_test"] > 0
            assert "kappa" in card["model"] and "per_class" in card["model"]
    used = {k for k, c in index["criteria"].items() if c["used"]}
    version = ScorecardVersion.objects.get(scorecard__slug="outbound_collection", number=1)
    assert set(models_for(version)) == used
    assert AuditEvent.objects.filter(action="autoscore.train").count() == 1


@pytest.mark.slow
def test_a_better_model_is_used_for_stored_calls(site_data, tmp_path, settings):
    settings.AUTOSCORE_MODELS_DIR = tmp_path
    version = ScorecardVersion.objects.get(scorecard__slug="inbound", number=1)
    outcomes = autoscore_train(version=version, examples=_zebra_examples())
    assert [o.criterion_key for o in outcomes if o.used] == ["closing"]
    auto = call_autoscore(call=make_call())
    closing = auto.answers.get(criterion_key="closing")
    assert closing.source == "model" and closing.engine_version.startswith("sklearn-lr-")
    assert "sklearn-lr-" in auto.engine
    assert auto.answers.get(criterion_key="greeting").source == "rule"


def test_training_without_confirmed_answers_keeps_every_rule(site_data, tmp_path, settings):
    settings.AUTOSCORE_MODELS_DIR = tmp_path
    version = ScorecardVersion.objects.get(scorecard__slug="inbound", number=1)
    out = StringIO()
    call_command("train_autoscore", scorecard="inbound", stdout=out)
    assert models_for(version) == {}
    assert "not trained" in out.getvalue()
    assert load_training_examples(version) == []


def test_training_an_unknown_scorecard_or_folder_is_a_clear_error(site_data, tmp_path):
    with pytest.raises(CommandError, match="Unknown scorecard"):
        call_command("train_autoscore", scorecard="nope")
    with pytest.raises(CommandError, match="not a folder"):
        call_command("train_autoscore", scorecard="inbound", labelled=str(tmp_path / "none"))
