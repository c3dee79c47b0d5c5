"""The call page in a real browser: upload, transcript beside the player, click-to-seek (which
needs the recording view's HTTP Range support), speakers coloured, original text permission."""

import re

import pytest

from calls.models import Call
from calls.services.ingest import call_ingest
from calls.services.transcription import call_transcribe
from tests.audio_helpers import stereo_call
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def transcribed_call(tmp_path, site_data, agent_user):
    path, _, _ = stereo_call(tmp_path / "browser-call.wav")
    with open(path, "rb") as fh:
        call = call_ingest(
            file=fh,
            original_name=path.name,
            source="folder",
            metadata={"agent": "a.agent", "caller_number": "0825551234"},
        ).call
    call_transcribe(call_id=call.pk)
    call.refresh_from_db()
    assert call.state == Call.State.TRANSCRIBED, call.failure_reason
    return call


def test_clicking_a_segment_seeks_the_recording(
    page, live_server, transcribed_call, qa_officer_user
):
    login(page, live_server, qa_officer_user.username)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Calls", exact=True
    ).click()
    page.get_by_role("link", name=re.compile(rf"^Call {transcribed_call.pk} · ")).click()
    audio = page.locator("#call-audio")
    audio.evaluate("a => new Promise(r => a.readyState >= 1 ? r() : a.onloadedmetadata = r)")
    caller = page.locator(".segment.speaker-caller").first
    start = float(caller.locator("button.seek").get_attribute("data-start"))
    assert start > 5
    caller.locator("button.seek").click()
    page.wait_for_function(
        f"Math.abs(document.getElementById('call-audio').currentTime - {start}) < 0.5"
    )
    colour = caller.evaluate("li => getComputedStyle(li).borderLeftColor")
    agent_colour = page.locator(".segment.speaker-agent").first.evaluate(
        "li => getComputedStyle(li).borderLeftColor"
    )
    assert colour != agent_colour
    assert page.get_by_text("•••••••234").is_visible()
    assert page.get_by_role("link", name="Show the original text").count() == 0


def test_manager_uploads_a_recording_and_opens_the_original_text(
    page, live_server, qa_manager_user, tmp_path
):
    path, _, _ = stereo_call(tmp_path / "uploaded-call.wav")
    login(page, live_server, qa_manager_user.username)
    page.goto(f"{live_server.url}/qa/calls/upload/")
    page.get_by_label("Recordings").set_input_files(str(path))
    page.get_by_label("Direction").select_option("inbound")
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state("networkidle")
    # The upload page lists the call by its name, the file beside it, with its progress.
    row = page.locator("#upload-progress tr", has_text="uploaded-call.wav")
    assert row.get_by_role("link", name=re.compile(r"^Call \d+")).is_visible()
    row.get_by_role("link", name=re.compile(r"^Call \d+")).click()
    page.get_by_role("link", name="Show the original text").click()
    assert page.get_by_text("original, not redacted").is_visible()
