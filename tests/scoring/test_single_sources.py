"""One source for each shared fact: the answers, the hold threshold, the rules version."""

from __future__ import annotations

import shutil

from scoring.detectors import DETECTORS, RULES_VERSION, analyse, base
from scoring.detectors.registry import RULE_SOURCES, rules_version
from scoring.metrics import HOLD_SECONDS, speech_metrics
from scoring.scorecard import ANSWERS
from tests.scoring.conftest import make_call

FAULT = ("C", "There is a burst pipe in my street")


def test_the_detectors_accept_exactly_the_scoring_rules_answers():
    assert base.ANSWERS is ANSWERS


def test_the_hold_threshold_passed_in_decides_the_hold_answer_and_the_stored_count():
    # A 15 s silence before the agent comes back, unannounced.
    call = make_call(FAULT, ("A", "ok"), ("A", "right, I've logged it", 15))
    judge = DETECTORS["inbound.hold_etiquette"]
    assert judge(analyse(call, hold_seconds=20)).answer == "na"
    assert judge(analyse(call, hold_seconds=10)).answer == "no"
    assert speech_metrics(call.segments, hold_threshold_s=20).hold_count == 0
    assert speech_metrics(call.segments, hold_threshold_s=10).hold_count == 1
    # Alone, both sides use the same default.
    assert analyse(call).hold_seconds == HOLD_SECONDS == 10
    assert speech_metrics(call.segments).hold_count == 1


def test_the_rules_version_is_a_hash_that_changes_with_any_rule_source(tmp_path):
    assert rules_version() == RULES_VERSION and RULES_VERSION.startswith("rules-")
    copies = []
    for source in RULE_SOURCES:
        copy = tmp_path / source.name
        shutil.copy(source, copy)
        copies.append(copy)
    assert rules_version(copies) == RULES_VERSION
    lexicon = tmp_path / "lexicon.py"
    lexicon.write_text(lexicon.read_text() + "\n# a new phrase\n")
    assert rules_version(copies) != RULES_VERSION
