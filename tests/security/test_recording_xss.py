"""A recording is only ever audio: refused names and types at upload, a fixed audio type,
nosniff and Content-Disposition when served, and a Content-Security-Policy on every page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from calls.models import Call, Recording
from calls.services.ingest import IngestError, call_ingest
from tests.calls.helpers import short_wav

pytestmark = pytest.mark.django_db

PAYLOAD = b"<script>document.title='pwned'</script>"


def evil_bytes(tmp_path, n=1):
    """A valid WAV with a script appended: FFmpeg reads it as audio."""
    return short_wav(tmp_path / f"evil{n}.wav", n).read_bytes() + PAYLOAD


@pytest.mark.parametrize(
    "name",
    [
        "evil.html",
        "evil.htm",
        "evil.xhtml",
        "evil.js",
        "evil.svg",
        "evil",
        "evil.wav.html",
        "evil.HTML",
    ],
)
def test_browser_upload_refuses_a_non_audio_name(client, qa_manager_user, tmp_path, name):
    client.force_login(qa_manager_user)
    upload = SimpleUploadedFile(name, evil_bytes(tmp_path), content_type="audio/wav")
    response = client.post(reverse("calls:call_upload"), {"recordings": [upload]}, follow=True)
    assert "only audio files are accepted" in response.text
    assert not Call.objects.exists() and not Recording.objects.exists()


def test_browser_upload_refuses_an_audio_name_sent_as_html(client, qa_manager_user, tmp_path):
    client.force_login(qa_manager_user)
    upload = SimpleUploadedFile("call.wav", evil_bytes(tmp_path), content_type="text/html")
    response = client.post(reverse("calls:call_upload"), {"recordings": [upload]}, follow=True)
    assert "sent as text/html, not as audio" in response.text
    assert not Call.objects.exists()


def test_api_upload_refuses_evil_html(client, qa_manager_user, tmp_path):
    from org.services import api_token_create

    _, key = api_token_create(user=qa_manager_user, name="test")
    upload = SimpleUploadedFile("evil.html", evil_bytes(tmp_path), content_type="text/html")
    response = client.post("/api/qa/calls/", {"file": upload}, HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 400
    assert "only audio files are accepted" in response.json()["detail"]
    assert not Call.objects.exists()


def test_service_refuses_the_name_whatever_the_entry_point(tmp_path):
    path = tmp_path / "evil.html"
    path.write_bytes(evil_bytes(tmp_path))
    with open(path, "rb") as fh, pytest.raises(IngestError, match="only audio files"):
        call_ingest(file=fh, original_name="evil.html", source="folder")


def test_accepted_audio_is_typed_from_its_container_not_its_name(tmp_path, agent_user):
    with open(short_wav(tmp_path / "x.wav"), "rb") as fh:
        call = call_ingest(file=fh, original_name="recording.ogg", source="folder").call
    # The bytes are a WAV whatever the name says.
    assert call.recording.content_type == "audio/wav"


@pytest.fixture
def legacy_html_call(tmp_path, agent_user):
    """A call stored before names were checked: a WAV with a script, typed text/html."""
    path = tmp_path / "legacy.wav"
    path.write_bytes(evil_bytes(tmp_path, 3))
    with open(path, "rb") as fh:
        call = call_ingest(file=fh, original_name="legacy.wav", source="folder").call
    Recording.objects.filter(pk=call.recording_id).update(
        content_type="text/html", original_name="evil.html"
    )
    return call


def test_recording_is_served_as_audio_with_nosniff_disposition_and_sandbox(
    client, legacy_html_call, qa_officer_user
):
    client.force_login(qa_officer_user)
    url = reverse("calls:call_recording", args=[legacy_html_call.pk])
    for response in (client.get(url), client.get(url, HTTP_RANGE="bytes=0-99")):
        assert response["Content-Type"] == "audio/wav"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"] == (
            f'inline; filename="call-{legacy_html_call.pk}.wav"'
        )
        assert "sandbox" in response["Content-Security-Policy"]
        assert "default-src 'none'" in response["Content-Security-Policy"]


def test_unreadable_stored_recording_is_offered_as_a_download(
    client, legacy_html_call, qa_officer_user
):
    path = legacy_html_call.recording.file.path
    with open(path, "wb") as fh:
        fh.write(b"<html><script>alert(1)</script></html>")
    client.force_login(qa_officer_user)
    response = client.get(reverse("calls:call_recording", args=[legacy_html_call.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("url", ["/", "/accounts/login/", "/qa/calls/", "/admin/"])
def test_every_page_carries_a_strict_content_security_policy(client, qa_manager_user, url):
    client.force_login(qa_manager_user)
    response = client.get(url, follow=True)
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"].split()[0] == "'self'"
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_templates_hold_no_inline_script_style_or_handler():
    import re
    from pathlib import Path

    from django.conf import settings

    offending = []
    roots = [settings.BASE_DIR / "templates"] + list(settings.BASE_DIR.glob("*/templates"))
    pattern = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle=\"|\son[a-z]+=\"|javascript:")
    for root in roots:
        for path in Path(root).rglob("*.html"):
            if "/email/" in str(path):
                continue  # e-mails are not served under the site's policy
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if pattern.search(line):
                    offending.append(f"{path.relative_to(settings.BASE_DIR)}:{n}")
    assert offending == []
