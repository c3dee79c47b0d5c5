"""manage.py autoscore: a transcript file in, the standards.md section 4 output out."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from scorecards.models import ScorecardVersion
from scoring.default_scorecards import DEFAULT_SCORECARDS
from tests.autoscoring.factories import INBOUND_SEGMENTS

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parent.parent / "data" / "transcripts"


def _run(*args, **options) -> str:
    out = StringIO()
    call_command("autoscore", *args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def transcript_file(tmp_path):
    path = tmp_path / "call.json"
    path.write_text(json.dumps({"call_id": "c-1", "language": "en", "segments": INBOUND_SEGMENTS}))
    return path


def test_json_output_has_every_criterion_with_answer_confidence_source_and_evidence(
    site_data, transcript_file
):
    data = json.loads(_run(str(transcript_file), scorecard="inbound"))
    assert (data["scorecard"], data["version"], data["call_id"]) == ("inbound", 1, "c-1")
    assert [c["key"] for c in data["criteria"]] == [c.key for c in DEFAULT_SCORECARDS["inbound"]]
    for item in data["criteria"]:
        assert item["answer"] in ("yes", "no", "na")
        assert 0 <= item["confidence"] <= 1 and item["source"] in ("rule", "metric", "model")
        for e in item["evidence"]:
            assert set(e) == {"segment_index", "start", "end", "text"}
    assert (data["score"], data["critical_fail"], data["passed"]) == (100.0, False, True)


def test_text_output_lists_answers_evidence_and_the_total(site_data, transcript_file):
    text = _run(str(transcript_file), scorecard="inbound", version=1, format="text")
    assert "reference_number" in text and "yes" in text
    assert "[4] 14.5-19.0s: I've logged it" in text
    assert text.strip().endswith("score: 100.0  critical_fail: false  passed: true")


def test_a_labelled_outbound_file_is_scored_on_the_collection_scorecard(site_data):
    path = DATA / "out04_threatens_blacklist.json"
    data = json.loads(_run(str(path), scorecard="outbound_collection"))
    answers = {c["key"]: c["answer"] for c in data["criteria"]}
    assert answers["no_threats"] == "no" and data["critical_fail"] and data["score"] == 0.0


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "is not a transcript"),
        ('{"segments": [{"speaker": "robot", "start": 0, "end": 1}]}', "speaker 'robot'"),
        ('{"segments": [{"speaker": "agent", "start": 5, "end": 1}]}', "before start"),
        ("[]", "must be a JSON object"),
    ],
)
def test_a_bad_file_is_a_clear_error(site_data, tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        _run(str(path), scorecard="inbound")


def test_a_missing_file_unknown_scorecard_or_version_is_a_clear_error(site_data, transcript_file):
    with pytest.raises(CommandError, match="Cannot read"):
        _run("/nonexistent/call.json", scorecard="inbound")
    with pytest.raises(CommandError, match=r"Unknown scorecard 'nope' \(known: inbound"):
        _run(str(transcript_file), scorecard="nope")
    with pytest.raises(CommandError, match="has no version 9"):
        _run(str(transcript_file), scorecard="inbound", version=9)


def test_the_plain_python_default_scorecards_match_the_fixture(site_data):
    for slug, criteria in DEFAULT_SCORECARDS.items():
        version = ScorecardVersion.objects.get(scorecard__slug=slug, number=1)
        stored = [
            (c.key, c.points, c.critical, c.detector_key)
            for c in version.criteria.order_by("order", "id")
        ]
        assert stored == [(c.key, c.points, c.critical, c.detector_key) for c in criteria]
