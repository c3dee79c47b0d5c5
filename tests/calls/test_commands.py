"""ingest_calls, transcribe and retry_transcription commands; the model system check."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from calls.checks import transcription_model_check
from calls.models import Call
from scoring.transcript import Transcript
from tests.calls.helpers import short_wav, stereo_call

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "incoming"
    (root / "day2").mkdir(parents=True)
    short_wav(root / "one.wav", 1)
    short_wav(root / "day2" / "two.wav", 2)
    (root / "broken.mp3").write_bytes(b"ID3 but then nothing useful " * 20)
    (root / "notes.txt").write_text("not a recording")
    return root


def test_ingest_calls_ingests_a_folder_and_reports_rejects(folder, site_data):
    out = run("ingest_calls", str(folder), "--no-progress")
    assert "Ingested 2, duplicates 0, rejected 2" in out
    assert "rejected broken.mp3" in out and "rejected notes.txt: not an audio file type" in out
    assert Call.objects.filter(source="folder").count() == 2
    again = run("ingest_calls", str(folder), "--no-progress")
    assert "Ingested 0, duplicates 2" in again
    assert Call.objects.count() == 2


def test_ingest_calls_applies_metadata_by_file_name(folder, tmp_path, agent2_user):
    sheet = tmp_path / "meta.csv"
    sheet.write_text(
        "file_name,direction,section,agent,caller_number\n"
        "two.wav,outbound,outbound_collection,a.agent2,0115550199\n"
    )
    run("ingest_calls", str(folder), "--metadata", str(sheet), "--no-progress")
    two = Call.objects.get(recording__original_name="two.wav")
    assert two.direction == "outbound" and two.agent.user == agent2_user
    assert Call.objects.get(recording__original_name="one.wav").agent is None


def test_bad_metadata_file_rejects_the_run_with_row_numbers(folder, tmp_path, site_data):
    sheet = tmp_path / "meta.csv"
    sheet.write_text("file_name,direction\none.wav,inbound\nthree.wav,inbound\n")
    with pytest.raises(CommandError, match="row 3: no recording named three.wav"):
        run("ingest_calls", str(folder), "--metadata", str(sheet), "--no-progress")
    assert not Call.objects.exists()


@pytest.mark.slow
def test_transcribe_prints_the_standard_transcript_json_and_stores_nothing(tmp_path):
    path, agent_text, _ = stereo_call(tmp_path / "call.wav")
    out = run("transcribe", str(path))
    transcript = Transcript.from_json(out)
    assert transcript.segments[0].speaker == "agent"
    assert {s.speaker for s in transcript.segments} == {"agent", "caller"}
    assert json.loads(out)["language"] == "en"
    assert not Call.objects.exists()
    text = run("transcribe", str(path), "--format", "text")
    assert "agent: " in text and "caller: " in text


def test_transcribe_of_a_non_audio_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.wav"
    bad.write_text("nope " * 100)
    with pytest.raises(CommandError, match="not an audio file"):
        run("transcribe", str(bad))


def test_retry_transcription_command_requeues_failed_calls(tmp_path, site_data):
    path = short_wav(tmp_path / "a.wav")
    with open(path, "rb") as fh:
        from calls.services.ingest import call_ingest

        call = call_ingest(file=fh, original_name="a.wav", source="folder").call
    Call.objects.filter(pk=call.pk).update(state="failed", failure_reason="x")
    out = run("retry_transcription", "--failed")
    assert f"call {call.pk}: queued again" in out
    call.refresh_from_db()
    assert call.state in ("received", "transcribed") and call.failure_reason == ""
    with pytest.raises(CommandError, match="no call with id 999"):
        run("retry_transcription", "999")


def test_system_check_reports_a_missing_model(settings, tmp_path):
    assert transcription_model_check(None) == []
    settings.TRANSCRIPTION = {**settings.TRANSCRIPTION, "model": str(tmp_path / "gone")}
    errors = transcription_model_check(None)
    assert [e.id for e in errors] == ["calls.E001"]
    assert "does not exist" in errors[0].msg
