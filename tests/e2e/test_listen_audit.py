"""A listen is audited when the audio actually plays, not when the page loads: in Chromium, the
call page fetches the recording's metadata and nothing is recorded; pressing play records one
listen; playing again on the same page records no second one."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from audit.models import AuditEvent
from tests.calls.helpers import short_wav
from tests.e2e.conftest import login
from tests.qa.factories import make_call

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def call_with_audio(tmp_path, agent_user):
    call = make_call(agent_user)
    data = short_wav(tmp_path / "listen.wav").read_bytes()
    recording = call.recording
    recording.file.name = default_storage.save(
        f"recordings/listen-{call.pk}.wav", ContentFile(data)
    )
    recording.size_bytes = len(data)
    recording.save()
    return call


def _listens(call):
    return AuditEvent.objects.filter(action="call.listen", object_id=str(call.pk)).count()


def test_only_playing_the_audio_is_a_listen(page, live_server, call_with_audio, qa_manager_user):
    call = call_with_audio
    login(page, live_server, qa_manager_user.username)
    page.goto(f"{live_server.url}/qa/calls/{call.pk}/")
    audio = page.locator("#call-audio")
    audio.evaluate("a => new Promise(r => a.readyState >= 1 ? r() : a.onloadedmetadata = r)")
    page.wait_for_load_state("networkidle")
    assert _listens(call) == 0, "loading the page and the audio's metadata is not a listen"

    with page.expect_response(lambda r: r.url.endswith(f"/qa/calls/{call.pk}/listened/")) as sent:
        audio.evaluate("a => a.play()")
    assert sent.value.status == 204
    assert _listens(call) == 1

    # Pause and play again on the same page: no second report.
    audio.evaluate("a => a.pause()")
    audio.evaluate("a => { a.currentTime = 0; return a.play(); }")
    page.wait_for_function("!document.getElementById('call-audio').paused")
    page.wait_for_load_state("networkidle")
    assert _listens(call) == 1
    expect(audio).to_have_attribute("data-listen-url", f"/qa/calls/{call.pk}/listened/")
