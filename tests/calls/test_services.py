"""calls/services: ingestion, dedup, the transcription task, failures and retry."""

import pytest
from django.core.files.base import ContentFile

from audit.models import AuditEvent
from calls.models import Call, CallMetrics, Recording, Transcript
from calls.services.ingest import (
    CallStateError,
    IngestError,
    call_ingest,
    call_retry_transcription,
)
from calls.services.transcription import call_transcribe
from tests.calls.helpers import short_wav, silent_wav, stereo_call


def ingest(path, **metadata):
    with open(path, "rb") as fh:
        return call_ingest(
            file=fh, original_name=path.name, source=Call.Source.FOLDER, metadata=metadata
        )


@pytest.mark.django_db
def test_ingest_stores_the_recording_under_its_hash_and_creates_a_received_call(
    tmp_path, agent_user
):
    path = short_wav(tmp_path / "call.wav")
    result = ingest(path, agent="a.agent", direction="inbound", caller_number="082 555 1234")
    call = result.call
    assert result.created
    assert call.state == Call.State.RECEIVED
    assert call.agent.user == agent_user and call.section.slug == "inbound"
    assert call.caller_number == "0825551234"
    assert call.channel_layout == "mono"
    assert call.recording.file.name.endswith(f"{call.recording.sha256}.wav")
    assert [e.action for e in AuditEvent.objects.for_object(call)] == ["call.ingest"]


@pytest.mark.django_db
def test_duplicate_recording_is_recognised_and_not_stored_twice(tmp_path):
    path = short_wav(tmp_path / "call.wav")
    first = ingest(path)
    copy = tmp_path / "same-audio-other-name.wav"
    copy.write_bytes(path.read_bytes())
    second = ingest(copy)
    assert not second.created
    assert second.call == first.call
    assert Recording.objects.count() == 1 and Call.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"%PDF-1.4 this is a letter, not a call" * 50, "not an audio file"),
    ],
)
def test_file_that_is_not_audio_is_refused_and_nothing_is_stored(content, reason):
    with pytest.raises(IngestError, match=reason):
        call_ingest(file=ContentFile(content, name="x.wav"), original_name="x.wav", source="upload")
    assert not Call.objects.exists() and not Recording.objects.exists()
    assert not AuditEvent.objects.filter(action="call.ingest").exists()


@pytest.mark.django_db
def test_too_long_recording_is_refused(tmp_path, settings):
    settings.TRANSCRIPTION = {**settings.TRANSCRIPTION, "max_duration_s": 1}
    with pytest.raises(IngestError, match="longer than the limit"):
        ingest(short_wav(tmp_path / "call.wav"))
    assert not Call.objects.exists()


@pytest.mark.django_db
def test_bad_metadata_is_refused_with_the_field_and_reason(tmp_path, site_data):
    with pytest.raises(IngestError, match="section: unknown section 'plumbing'"):
        ingest(short_wav(tmp_path / "call.wav"), section="plumbing")
    with pytest.raises(IngestError, match="agent: no agent"):
        ingest(short_wav(tmp_path / "call.wav"), agent="nobody")
    assert not Call.objects.exists() and not Recording.objects.exists()


@pytest.mark.slow
@pytest.mark.django_db
def test_ingested_stereo_call_is_transcribed_redacted_and_measured(
    tmp_path, django_capture_on_commit_callbacks
):
    path, agent_text, _ = stereo_call(tmp_path / "call.wav")
    with django_capture_on_commit_callbacks(execute=True):
        call = ingest(path).call
    call.refresh_from_db()
    assert call.state == Call.State.TRANSCRIBED, call.failure_reason
    assert call.channel_layout == "stereo"
    assert call.transcript_engine == "faster-whisper" and call.transcript_model == "tiny.en"
    segments = call.transcript.segments
    assert segments[0]["speaker"] == "agent" and "Dashwood" in segments[0]["text"]
    assert segments[-1]["speaker"] == "caller"
    metrics = call.metrics
    assert metrics.agent_talk_s > metrics.caller_talk_s > 0
    assert metrics.talk_listen_ratio > 1
    actions = [e.action for e in AuditEvent.objects.for_object(call)]
    assert actions == ["call.ingest", "call.transcribe"]


@pytest.mark.slow
@pytest.mark.django_db
def test_running_the_task_twice_yields_one_transcript(tmp_path):
    call = ingest(short_wav(tmp_path / "call.wav")).call  # task not run: no on_commit here
    call_transcribe(call_id=call.pk)
    first = Transcript.objects.get(call=call)
    call_transcribe(call_id=call.pk)
    assert Transcript.objects.filter(call=call).count() == 1
    assert Transcript.objects.get(call=call).pk == first.pk
    assert AuditEvent.objects.filter(action="call.transcribe").count() == 1


@pytest.mark.django_db
def test_silent_recording_fails_with_a_reason_and_no_transcript(tmp_path):
    call = ingest(silent_wav(tmp_path / "silence.wav")).call
    call_transcribe(call_id=call.pk)
    call.refresh_from_db()
    assert call.state == Call.State.FAILED
    assert "silent" in call.failure_reason
    assert not Transcript.objects.filter(call=call).exists()
    assert not CallMetrics.objects.filter(call=call).exists()


@pytest.mark.django_db
def test_unreadable_stored_file_fails_the_call(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"  # this test damages the stored file
    call = ingest(short_wav(tmp_path / "call.wav")).call
    # The stored file is damaged after ingestion (disk error, truncated copy).
    with open(call.recording.file.path, "wb") as fh:
        fh.write(b"RIFF\x00\x00\x00\x00garbage")
    call_transcribe(call_id=call.pk)
    call.refresh_from_db()
    assert call.state == Call.State.FAILED and call.failure_reason
    assert not Transcript.objects.filter(call=call).exists()


class CrashingTranscriber:
    """Stands in for an engine crash (the only fake here: what happens around the engine)."""

    def transcribe(self, *args, **kwargs):
        raise MemoryError("out of memory in the decoder")


@pytest.mark.slow
@pytest.mark.django_db
def test_engine_crash_fails_the_call_and_retry_transcribes_it(
    tmp_path, monkeypatch, qa_manager_user, django_capture_on_commit_callbacks
):
    call = ingest(short_wav(tmp_path / "call.wav")).call
    monkeypatch.setattr(
        "calls.services.transcription.transcriber", lambda **kw: CrashingTranscriber()
    )
    call_transcribe(call_id=call.pk)
    call.refresh_from_db()
    assert call.state == Call.State.FAILED
    assert "out of memory" in call.failure_reason
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        call_retry_transcription(call=call, actor=qa_manager_user)
    call.refresh_from_db()
    assert call.state == Call.State.TRANSCRIBED
    assert call.failure_reason == ""
    assert Transcript.objects.filter(call=call).count() == 1
    with pytest.raises(CallStateError):
        call_retry_transcription(call=call, actor=qa_manager_user)
    retry = AuditEvent.objects.get(action="call.retry")
    assert retry.actor == qa_manager_user
    assert retry.changes["state"] == {"old": "failed", "new": "received"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("calls.csv", "file_name\nt\u00e9mbisa.wav\n".encode("latin-1"), "must be saved as UTF-8"),
        ("calls.xlsx", b"PK not really a workbook", "cannot be read as XLSX"),
        ("calls.ods", b"whatever", "only .csv and .xlsx"),
    ],
)
def test_a_metadata_spreadsheet_that_cannot_be_read_is_rejected_with_the_reason(
    name, content, reason
):
    from calls.services.ingest import SpreadsheetError, read_metadata_spreadsheet

    with pytest.raises(SpreadsheetError, match=reason) as excinfo:
        read_metadata_spreadsheet(content, name)
    assert excinfo.value.errors[0][0] == 0  # the file as a whole, not a row
