"""qa/views/calls.py: list, upload, import, call page, original text, recording with Range."""

import hashlib

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from calls.models import Call, Transcript
from calls.services.ingest import call_ingest
from tests.calls.helpers import short_wav

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(tmp_path, agent_user):
    path = short_wav(tmp_path / "call.wav")
    with open(path, "rb") as fh:
        call = call_ingest(
            file=fh,
            original_name="call.wav",
            source="folder",
            metadata={"agent": "a.agent", "caller_number": "0825551234"},
        ).call
    segments = [
        {"speaker": "agent", "start": 0.0, "end": 2.0, "text": "Your account?"},
        {"speaker": "caller", "start": 2.5, "end": 5.0, "text": "It is 5528194430."},
    ]
    redacted = [dict(segments[0]), {**segments[1], "text": "It is [ACCOUNT NUMBER]."}]
    Transcript.objects.create(call=call, segments=segments, redacted_segments=redacted)
    Call.objects.filter(pk=call.pk).update(state=Call.State.TRANSCRIBED)
    return call


def login(client, user):
    client.force_login(user)
    return client


def test_qa_officer_sees_the_calls_list_with_masked_numbers(client, call, qa_officer_user):
    response = login(client, qa_officer_user).get(reverse("calls:call_list"))
    assert response.status_code == 200
    assert call.display_name in response.text  # the one name people read, not the file name
    assert "0825551234" not in response.text and "•••••••234" in response.text


def test_calls_list_query_count_stays_flat(
    client, call, qa_officer_user, tmp_path, django_assert_max_num_queries
):
    login(client, qa_officer_user)
    with django_assert_max_num_queries(15):
        client.get(reverse("calls:call_list"))
    for n in (2, 3, 4):
        path = short_wav(tmp_path / f"more{n}.wav", n)
        with open(path, "rb") as fh:
            call_ingest(
                file=fh, original_name=path.name, source="folder", metadata={"agent": "a.agent"}
            )
    with django_assert_max_num_queries(15):
        response = client.get(reverse("calls:call_list"))
    assert response.text.count("Call ") >= 4  # every call listed by its name


def test_agent_may_not_open_the_calls_list(client, agent_user):
    assert login(client, agent_user).get(reverse("calls:call_list")).status_code == 403


def test_call_page_shows_redacted_text_player_and_seek_buttons(client, call, qa_officer_user):
    response = login(client, qa_officer_user).get(reverse("calls:call_detail", args=[call.pk]))
    assert response.status_code == 200
    assert "[ACCOUNT NUMBER]" in response.text and "5528194430" not in response.text
    assert reverse("calls:call_recording", args=[call.pk]) in response.text
    assert 'data-start="2.5"' in response.text
    assert "speaker-caller" in response.text
    assert "0825551234" not in response.text


def test_agent_of_the_call_can_open_it_another_agent_gets_404(
    client, call, agent_user, agent2_user
):
    url = reverse("calls:call_detail", args=[call.pk])
    assert login(client, agent_user).get(url).status_code == 200
    assert login(client, agent2_user).get(url).status_code == 404


def test_original_text_needs_its_own_permission_and_each_view_is_audited(
    client, call, qa_officer_user, qa_manager_user, agent2_user
):
    url = reverse("calls:call_original", args=[call.pk])
    assert login(client, agent2_user).get(url).status_code == 404  # outsider
    assert login(client, qa_officer_user).get(url).status_code == 403  # may see call, not text
    assert not AuditEvent.objects.filter(action="call.view_original").exists()
    response = login(client, qa_manager_user).get(url)
    assert response.status_code == 200
    assert "5528194430" in response.text
    client.get(url)
    events = AuditEvent.objects.filter(action="call.view_original")
    assert events.count() == 2 and all(e.actor == qa_manager_user for e in events)
    assert "0825551234" in response.text  # managers may see the caller's number too


def test_recording_answers_range_requests(client, call, qa_officer_user):
    login(client, qa_officer_user)
    url = reverse("calls:call_recording", args=[call.pk])
    size = call.recording.size_bytes
    full = client.get(url)
    assert full.status_code == 200 and full["Accept-Ranges"] == "bytes"
    body = b"".join(full.streaming_content)
    assert len(body) == size
    part = client.get(url, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{size}"
    assert b"".join(part.streaming_content) == body[100:200]
    tail = client.get(url, HTTP_RANGE="bytes=-50")
    assert tail.status_code == 206 and b"".join(tail.streaming_content) == body[-50:]
    open_end = client.get(url, HTTP_RANGE=f"bytes={size - 10}-")
    assert b"".join(open_end.streaming_content) == body[-10:]
    bad = client.get(url, HTTP_RANGE=f"bytes={size + 5}-")
    assert bad.status_code == 416 and bad["Content-Range"] == f"bytes */{size}"


def test_fetching_the_recording_is_not_a_listen_playing_it_is(client, call, qa_officer_user):
    """The browser fetches the audio's metadata (a range from byte 0) on page load: no listen.
    The player reports playback: one listen, with the request id."""
    login(client, qa_officer_user)
    url = reverse("calls:call_recording", args=[call.pk])
    b"".join(client.get(url, HTTP_RANGE="bytes=0-").streaming_content)
    b"".join(client.get(url).streaming_content)
    b"".join(client.get(url, HTTP_RANGE="bytes=5000-").streaming_content)
    assert not AuditEvent.objects.filter(action="call.listen").exists()
    listened = reverse("calls:call_listened", args=[call.pk])
    assert client.get(listened).status_code == 405
    response = client.post(listened, HTTP_X_REQUEST_ID="req-listen-1")
    assert response.status_code == 204
    event = AuditEvent.objects.get(action="call.listen")
    assert event.actor == qa_officer_user and event.object_id == str(call.pk)
    assert event.request_id == "req-listen-1"


def test_an_outsider_cannot_report_a_listen(client, call, agent2_user):
    listened = reverse("calls:call_listened", args=[call.pk])
    assert login(client, agent2_user).post(listened).status_code == 404
    assert not AuditEvent.objects.filter(action="call.listen").exists()


def test_outsider_cannot_fetch_the_recording(client, call, agent2_user):
    url = reverse("calls:call_recording", args=[call.pk])
    assert login(client, agent2_user).get(url).status_code == 404


def test_upload_of_several_files_creates_calls(client, qa_manager_user, tmp_path):
    files = [
        SimpleUploadedFile(
            f"up{n}.wav", short_wav(tmp_path / f"up{n}.wav", n).read_bytes(), "audio/wav"
        )
        for n in (1, 2)
    ]
    response = login(client, qa_manager_user).post(
        reverse("calls:call_upload"),
        {"recordings": files, "direction": "outbound", "section": "outbound_collection"},
    )
    assert response.status_code == 302
    calls = Call.objects.filter(source="upload")
    assert calls.count() == 2
    assert {c.section.slug for c in calls} == {"outbound_collection"}
    assert {c.direction for c in calls} == {"outbound"}


def test_upload_offers_a_date_time_picker_and_stores_its_local_time(
    client, qa_manager_user, tmp_path
):
    from django.utils import timezone

    client = login(client, qa_manager_user)
    page = client.get(reverse("calls:call_upload")).content.decode()
    assert 'type="datetime-local" name="started_at"' in page
    upload = SimpleUploadedFile("t.wav", short_wav(tmp_path / "t.wav", 3).read_bytes(), "audio/wav")
    client.post(
        reverse("calls:call_upload"), {"recordings": [upload], "started_at": "2026-11-23T09:14"}
    )
    started = Call.objects.get(source="upload").started_at
    assert timezone.localtime(started).strftime("%Y-%m-%d %H:%M") == "2026-11-23 09:14"


def test_upload_of_a_non_audio_file_is_rejected_with_the_reason(client, qa_manager_user):
    bad = SimpleUploadedFile("minutes.wav", b"meeting minutes, not audio " * 40, "audio/wav")
    response = login(client, qa_manager_user).post(
        reverse("calls:call_upload"), {"recordings": [bad]}, follow=True
    )
    assert "not an audio file" in response.text
    assert not Call.objects.exists()


def test_qa_officer_may_upload_but_an_investigator_may_not(
    client, qa_officer_user, investigator_user, tmp_path
):
    assert login(client, investigator_user).get(reverse("calls:call_upload")).status_code == 403
    client = login(client, qa_officer_user)
    upload = SimpleUploadedFile("o.wav", short_wav(tmp_path / "o.wav", 1).read_bytes(), "audio/wav")
    response = client.post(reverse("calls:call_upload"), {"recordings": [upload]})
    assert response.status_code == 302
    assert Call.objects.get(source="upload").recording.original_name == "o.wav"


def test_upload_offers_section_and_agent_as_pick_lists(client, qa_manager_user, agent_user):
    page = login(client, qa_manager_user).get(reverse("calls:call_upload")).content.decode()
    assert '<select name="section"' in page and '<select name="agent"' in page
    assert f'<option value="{agent_user.username}">{agent_user.get_full_name()}' in page


def test_after_upload_the_page_shows_each_calls_progress(client, qa_manager_user, tmp_path):
    upload = SimpleUploadedFile("p.wav", short_wav(tmp_path / "p.wav", 2).read_bytes(), "audio/wav")
    client = login(client, qa_manager_user)
    response = client.post(reverse("calls:call_upload"), {"recordings": [upload]}, follow=True)
    call = Call.objects.get(source="upload")
    assert f'data-call="{call.pk}"' in response.text and "data-progress-url" in response.text
    progress = client.get(reverse("calls:call_progress"), {"ids": f"{call.pk},x,999999"}).json()
    assert [c["id"] for c in progress["calls"]] == [call.pk]
    assert progress["calls"][0]["label"] in {
        "Received, waiting to be transcribed",
        "Transcribing",
        "Transcribed, auto-scoring",
        "Transcribed and auto-scored",
        "Transcribed; needs listening (not auto-scored)",
    }


def test_progress_of_a_call_names_each_step(agent_user):
    from calls.views import call_progress
    from tests.qa.factories import make_call

    call = make_call(agent_user, state="received")
    assert call_progress(call, set())["label"] == "Received, waiting to be transcribed"
    call.state = "transcribed"
    assert call_progress(call, set())["label"] == "Transcribed, auto-scoring"
    assert call_progress(call, {call.pk}) == {
        "id": call.pk, "state": "transcribed", "done": True, "detail": "",
        "label": "Transcribed and auto-scored",
    }  # fmt: skip
    call.state, call.failure_reason = "failed", "the file is damaged"
    assert call_progress(call, None)["detail"] == "the file is damaged"


def test_progress_shows_only_calls_the_user_may_see(client, agent_user, agent2_user):
    from tests.qa.factories import make_call

    theirs = make_call(agent2_user)
    response = login(client, agent_user).get(reverse("calls:call_progress"), {"ids": theirs.pk})
    assert response.status_code == 403  # agents have no calls list


def test_retry_button_requeues_a_failed_call(client, call, qa_officer_user, agent2_user):
    Call.objects.filter(pk=call.pk).update(state="failed", failure_reason="engine crashed")
    url = reverse("calls:call_retry", args=[call.pk])
    assert login(client, agent2_user).post(url).status_code == 404
    response = login(client, qa_officer_user).post(url)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.state in ("received", "transcribed")
    assert AuditEvent.objects.filter(action="call.retry").count() == 1


def test_retry_is_forbidden_to_an_agent_who_can_see_the_call(client, call, agent_user):
    Call.objects.filter(pk=call.pk).update(state="failed", failure_reason="x")
    response = login(client, agent_user).post(reverse("calls:call_retry", args=[call.pk]))
    assert response.status_code == 403


CSV_HEADER = "file_name,direction,section,agent,caller_number,started_at\n"


def test_spreadsheet_import_creates_calls_with_metadata(
    client, qa_manager_user, agent_user, tmp_path
):
    a = short_wav(tmp_path / "a.wav", 1)
    b = short_wav(tmp_path / "b.wav", 2)
    sheet = CSV_HEADER + (
        "a.wav,inbound,inbound,a.agent,0825551234,2026-11-20 09:00\n"
        "b.wav,outbound,outbound_collection,,0115550199,2026-11-20 10:00\n"
    )
    response = login(client, qa_manager_user).post(
        reverse("calls:call_import"),
        {
            "spreadsheet": SimpleUploadedFile("calls.csv", sheet.encode()),
            "recordings": [
                SimpleUploadedFile("a.wav", a.read_bytes(), "audio/wav"),
                SimpleUploadedFile("b.wav", b.read_bytes(), "audio/wav"),
            ],
        },
    )
    assert response.status_code == 302
    calls = {c.recording.original_name: c for c in Call.objects.all()}
    assert calls["a.wav"].agent.user == agent_user
    assert calls["b.wav"].direction == "outbound" and calls["b.wav"].source == "spreadsheet"


def test_spreadsheet_with_bad_rows_is_rejected_whole_with_row_numbers(
    client, qa_manager_user, tmp_path
):
    a = short_wav(tmp_path / "a.wav", 1)
    sheet = CSV_HEADER + (
        "a.wav,inbound,inbound,,0825551234,2026-11-20 09:00\n"
        "missing.wav,inbound,inbound,,,\n"
        "a.wav,sideways,nowhere,,,not a date\n"
    )
    response = login(client, qa_manager_user).post(
        reverse("calls:call_import"),
        {
            "spreadsheet": SimpleUploadedFile("calls.csv", sheet.encode()),
            "recordings": [SimpleUploadedFile("a.wav", a.read_bytes(), "audio/wav")],
        },
    )
    assert response.status_code == 400
    assert "Row 3: no recording named missing.wav" in response.text
    assert "Row 4: a.wav appears more than once" in response.text
    assert "sideways" in response.text and "unknown section" in response.text
    assert not Call.objects.exists()


def test_xlsx_spreadsheet_is_read_too(client, qa_manager_user, tmp_path):
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["file_name", "direction", "ims_reference"])
    ws.append(["a.wav", "inbound", "IMS-1"])
    buf = io.BytesIO()
    wb.save(buf)
    a = short_wav(tmp_path / "a.wav", 1)
    response = login(client, qa_manager_user).post(
        reverse("calls:call_import"),
        {
            "spreadsheet": SimpleUploadedFile("calls.xlsx", buf.getvalue()),
            "recordings": [SimpleUploadedFile("a.wav", a.read_bytes(), "audio/wav")],
        },
    )
    assert response.status_code == 302
    assert Call.objects.get().ims_reference == "IMS-1"


def test_spreadsheet_whose_recording_is_not_audio_rejects_everything(
    client, qa_manager_user, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    a = short_wav(tmp_path / "a.wav", 1)
    sheet = "file_name\na.wav\nb.wav\n"
    response = login(client, qa_manager_user).post(
        reverse("calls:call_import"),
        {
            "spreadsheet": SimpleUploadedFile("calls.csv", sheet.encode()),
            "recordings": [
                SimpleUploadedFile("a.wav", a.read_bytes(), "audio/wav"),
                SimpleUploadedFile("b.wav", b"not audio at all " * 30, "audio/wav"),
            ],
        },
    )
    assert response.status_code == 400
    assert "Row 3" in response.text and "not an audio file" in response.text
    assert not Call.objects.exists()
    sha = hashlib.sha256(a.read_bytes()).hexdigest()
    assert not default_storage.exists(f"recordings/{sha[:2]}/{sha}.wav")  # no orphan file
