"""Every decoding default is the one measured best on the real-speech dev set.

``scoring/data/decoding_defaults.json`` records the defaults with their dev-set word error rate,
the other settings measured beside them and the bare engine's best setting. Changing a default
in ``EngineSettings`` without new figures there fails here; so does changing the dev set.
"""

import hashlib
import json
from pathlib import Path

import pytest

from scoring import transcription
from scoring.transcription import EngineSettings

ROOT = Path(__file__).resolve().parent.parent.parent
RECORD = json.loads((ROOT / "scoring" / "data" / "decoding_defaults.json").read_text())
DEV = ROOT / "tests" / "data" / "speech" / "dev"


def test_every_decoding_default_is_the_measured_one():
    settings = EngineSettings()
    chosen = RECORD["defaults"]
    for key, value in chosen.items():
        if key == "vocabulary_prompt":
            assert bool(settings.vocabulary) is value
        elif key == "unaligned_min_probability":
            # Not a setting: the word filter's threshold (scoring.transcription._drop_loops).
            assert value == transcription.UNALIGNED_MIN_PROBABILITY, "changed without a figure"
        else:
            assert getattr(settings, key) == value, f"{key} changed without a dev-set figure"


def test_the_defaults_are_at_least_as_good_as_every_product_setting_measured():
    # Each measured row changes one setting of the run's base: the defaults, less any default
    # traded below for something the dev set cannot measure.
    base = RECORD["around_base_wer"]
    for name, row in RECORD["measured"].items():
        if name.startswith("bare "):
            continue  # the bare engine: the next test
        assert base <= row["wer"] + 0.005, f"{name} measured better than the defaults"


def test_a_default_traded_against_dev_set_wer_says_what_for_and_costs_little():
    for key, trade in RECORD["traded"].items():
        assert RECORD["defaults"][key] is True
        assert trade["wer_with"] == RECORD["defaults_wer"]
        assert trade["wer_without"] == RECORD["around_base_wer"]
        assert trade["wer_with"] - trade["wer_without"] <= 0.01, f"{key} costs more than a point"
        names = trade["names"]
        assert names["with"] > names["without"] and names["with"] <= names["said"], key
        assert trade["for"]


def test_the_defaults_are_at_least_as_good_as_the_bare_engine():
    wer = RECORD["defaults_wer"]
    assert wer <= RECORD["bare_engine_best"]["wer"]
    for name, row in RECORD["measured"].items():
        if name.startswith("bare "):
            assert wer <= row["wer"] + 0.005, f"{name} measured better than the defaults"


def test_the_cpu_round_keeps_the_wer_and_the_trim_threshold_is_the_measured_one():
    rows = RECORD["cpu_round"]["rows"]
    before = rows["defaults, glibc trim threshold 128 KB (before)"]
    after = rows["defaults, glibc trim threshold 64 MB (after)"]
    assert before["run"] == after["run"]  # side by side, one window
    assert after["trim_threshold_bytes"] == transcription.TRIM_THRESHOLD_BYTES
    assert after["wer"] == before["wer"] <= RECORD["cpu_round"]["wer_limit"]
    assert after["user"] + after["sys"] < before["user"] + before["sys"]


def test_a_cheaper_beam_was_measured_over_the_wer_limit_so_the_beam_default_stays():
    limit = RECORD["cpu_round"]["wer_limit"]
    beams = [r for r in RECORD["cpu_round"]["rows"].values() if "beam_size" in r["settings"]]
    assert beams
    for row in beams:
        assert row["settings"]["beam_size"] < EngineSettings().beam_size
        assert row["wer"] > limit, "a cheaper beam within the WER limit: take it"


def test_the_figures_are_for_this_dev_set():
    for name, digest in RECORD["dev_set"]["sha256"].items():
        assert hashlib.sha256((DEV / name).read_bytes()).hexdigest() == digest, name
    assert sorted(RECORD["dev_set"]["sha256"]) == sorted(
        p.name for p in DEV.iterdir() if p.suffix in (".wav", ".txt")
    )


@pytest.mark.slow
def test_the_defaults_reach_their_recorded_word_error_rate_on_the_dev_set():
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import devset

    texts, _, _ = devset.transcribe_product({})
    result = devset.score(texts)
    assert result["words"] == RECORD["dev_set"]["words"]
    assert result["wer"] <= RECORD["defaults_wer"] + 0.01
