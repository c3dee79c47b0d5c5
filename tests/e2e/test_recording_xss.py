"""In a real Chromium: a WAV with a script appended, uploaded as evil.html, is refused; the
recording of a call stored before names were checked (typed text/html) plays as audio and never
runs its script; pages load under the Content-Security-Policy without a violation."""

import pytest

from calls.models import Call, Recording
from calls.services.ingest import call_ingest
from tests.calls.helpers import short_wav
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]

PAYLOAD = b"<script>document.title='pwned';window.__pwned=1;alert('xss')</script>"


def _watch(page):
    """Collect dialogs (alert) and CSP violations reported on the console."""
    seen = {"dialogs": [], "csp": []}
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on(
        "console",
        lambda m: seen["csp"].append(m.text) if "Content Security Policy" in m.text else None,
    )
    return seen


def test_evil_html_upload_is_refused_in_the_browser(page, live_server, qa_manager_user, tmp_path):
    evil = tmp_path / "evil.html"
    evil.write_bytes(short_wav(tmp_path / "a.wav").read_bytes() + PAYLOAD)
    seen = _watch(page)
    login(page, live_server, qa_manager_user.username)
    page.goto(f"{live_server.url}/qa/calls/upload/")
    page.get_by_label("Recordings").set_input_files(str(evil))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("only audio files are accepted").first.is_visible()
    assert not Call.objects.exists()
    assert seen["dialogs"] == [] and seen["csp"] == []


def test_recording_of_an_existing_call_never_runs_script(
    page, live_server, qa_officer_user, agent_user, tmp_path
):
    path = tmp_path / "legacy.wav"
    path.write_bytes(short_wav(tmp_path / "b.wav", 2).read_bytes() + PAYLOAD)
    with open(path, "rb") as fh:
        call = call_ingest(file=fh, original_name="legacy.wav", source="folder").call
    Recording.objects.filter(pk=call.recording_id).update(
        content_type="text/html", original_name="evil.html"
    )
    seen = _watch(page)
    login(page, live_server, qa_officer_user.username)
    page.goto(f"{live_server.url}/qa/calls/{call.pk}/")
    audio = page.locator("#call-audio")
    audio.evaluate("a => new Promise(r => a.readyState >= 1 ? r() : a.onloadedmetadata = r)")
    assert audio.evaluate("a => a.duration") > 1
    response = page.goto(f"{live_server.url}/qa/calls/{call.pk}/recording/")
    assert response.headers["content-type"] == "audio/wav"
    page.wait_for_timeout(500)
    assert page.evaluate("document.title") != "pwned"
    assert page.evaluate("window.__pwned === undefined")
    assert seen["dialogs"] == []
    assert seen["csp"] == []  # the call page itself loaded without a policy violation


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/qa/calls/",
        "/qa/calls/upload/",
        "/investigations/",
        "/audit/",
        "/admin/",
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/org/agent/export/",
        "/investigations/reports/",
    ],
)
def test_pages_load_without_a_policy_violation(
    page, live_server, admin_user, supervisor_user, path
):
    seen = _watch(page)
    user = supervisor_user if path.startswith("/investigations/") else admin_user
    login(page, live_server, user.username)
    response = page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    assert response.status in (200, 302, 403), response.status
    assert seen["csp"] == []


def test_export_select_all_still_works_under_the_policy(page, live_server, admin_user):
    seen = _watch(page)
    login(page, live_server, admin_user.username)
    page.goto(f"{live_server.url}/admin/org/agent/export/")
    toggle = page.locator("input.select-toggle")
    assert toggle.count() == 1
    boxes = page.locator('.selectable-field-export-row input[type="checkbox"]:visible')
    toggle.uncheck()
    assert all(not boxes.nth(i).is_checked() for i in range(boxes.count()))
    toggle.check()
    assert all(boxes.nth(i).is_checked() for i in range(boxes.count()))
    assert seen["csp"] == []
