"""Finding calls and watching an upload in a real browser: search by words said (hits marked,
a click opens the call at that moment), by caller number; an upload's progress moves from
received to transcribing to auto-scored without a reload."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from autoscoring.models import AutoScore
from calls.models import Call, Transcript
from tests.e2e.conftest import login
from tests.e2e.test_shell_accessibility import _assert_accessible
from tests.qa.factories import at, inbound_version, make_call

pytestmark = [pytest.mark.e2e]

PIPE = [
    {"speaker": "agent", "start": 0.0, "end": 3.0, "text": "Good morning, City of Ekurhuleni."},
    {"speaker": "caller", "start": 3.5, "end": 8.0, "text": "There is a burst pipe in Tembisa."},
]


def test_calls_are_found_by_words_and_by_number(page, live_server, agent_user, qa_officer_user):
    pipe = make_call(agent_user, segments=PIPE, started_at=at(2026, 12, 3, 9, 14))
    Transcript.objects.filter(call=pipe).update(redacted_segments=PIPE)  # what the page shows
    other = make_call(agent_user, caller_number="0825559876", started_at=at(2026, 12, 4, 8))
    login(page, live_server, qa_officer_user.username)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Calls", exact=True
    ).click()
    page.get_by_label("Words said").fill("burst pipe")
    page.get_by_role("button", name="Find calls").click()
    table = page.locator("#call-table")
    expect(table.locator("caption")).to_have_text("1 call with these words")
    _assert_accessible(page)
    expect(table.locator("mark")).to_have_count(2)
    expect(table.get_by_role("link", name=pipe.display_name)).to_be_visible()

    page.get_by_label("Words said").fill("")
    page.get_by_label("Caller number").fill("876")
    page.get_by_role("button", name="Find calls").click()
    expect(table.locator("caption")).to_have_text("1 call")
    expect(table.get_by_role("link", name=other.display_name)).to_be_visible()

    # A hit opens the call at that moment of the audio.
    page.get_by_label("Caller number").fill("")
    page.get_by_label("Words said").fill("Tembisa")
    page.get_by_role("button", name="Find calls").click()
    page.get_by_role("link", name=re.compile(r"Play call \d+ from 3.5 seconds")).click()
    expect(page).to_have_url(re.compile(rf"/qa/calls/{pipe.pk}/#t=3.5$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(pipe.display_name)
    expect(page.locator(".segment.playing")).to_contain_text("burst pipe")


def test_upload_progress_moves_on_without_a_reload(page, live_server, agent_user, qa_officer_user):
    call = make_call(agent_user, state="received")
    login(page, live_server, qa_officer_user.username)
    page.goto(f"{live_server.url}/qa/calls/upload/?received={call.pk}")
    progress = page.locator(f"[data-call='{call.pk}']")
    expect(progress).to_have_text("Received, waiting to be transcribed")
    Call.objects.filter(pk=call.pk).update(state="transcribing")
    expect(progress).to_have_text("Transcribing", timeout=10000)
    Call.objects.filter(pk=call.pk).update(state="transcribed")
    expect(progress).to_have_text("Transcribed, auto-scoring", timeout=10000)
    AutoScore.objects.create(call=call, version=inbound_version(), engine="test")
    expect(progress).to_have_text("Transcribed and auto-scored", timeout=10000)
    expect(progress).to_have_attribute("data-done", "1")
