"""A real browser walks a complaint from intake to closure: a hold, a return for more work,
approval by a supervisor, a printable response letter; then the history and the audit chain."""

import hashlib
import re

import pytest
from django.core.management import call_command

from investigations.models import Case, State
from tests.e2e.conftest import login, open_tab

pytestmark = [pytest.mark.e2e]


def _page_for(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    login(page, live_server, username)
    return page


def _do(page, action, reason=None, confirm=False, comment=None):
    """Press a workflow button; actions that need a reason or a confirmation open their form
    first."""
    form = page.locator(f"form[action$='/do/{action}/']")
    if confirm:
        form.locator("xpath=ancestor::details[1]/summary").click()
        if comment:
            form.get_by_label(re.compile("^Comment")).fill(comment)
        form.get_by_role("checkbox").check()
    if reason is not None:
        form.locator("xpath=ancestor::details[1]/summary").click()
        form.get_by_label(re.compile("^Reason")).fill(reason)
    form.get_by_role("button").click()
    page.wait_for_load_state("networkidle")


def _call_from_the_complainant():
    from django.core.files.base import ContentFile

    from calls.models import Call, Recording, Transcript

    recording = Recording(sha256="e" * 64, size_bytes=4, content_type="audio/wav")
    recording.file.save("e2e-call.wav", ContentFile(b"RIFF"), save=False)
    recording.save()
    call = Call.objects.create(recording=recording, caller_number="0821234567", state="transcribed")
    Transcript.objects.create(
        call=call,
        segments=[
            {
                "speaker": "caller",
                "start": 0.0,
                "end": 4.0,
                "text": "There is still no water in Tembisa.",
            }
        ],
        redacted_segments=[
            {
                "speaker": "caller",
                "start": 0.0,
                "end": 4.0,
                "text": "There is still no water in Tembisa.",
            }
        ],
    )
    return call


def test_case_from_intake_to_closure(
    browser, live_server, investigator_user, supervisor_user, tmp_path
):
    """One case's life in one test (about 120 lines on purpose): each step needs the state the
    steps before it left, and the point is the whole walk, as a user meets it, in order."""
    call = _call_from_the_complainant()
    investigator = _page_for(browser, live_server, investigator_user.username)
    assert investigator.url.endswith("/investigations/")  # the investigator's queue

    # Intake by the QA team.
    investigator.get_by_role("link", name="New case").click()
    investigator.get_by_label("Source", exact=True).select_option(label="Councillor")
    investigator.get_by_label("Received at (leave empty for now)").fill("2026-11-02T10:00")
    investigator.get_by_label("Complainant name").fill("Nomvula Sithole")
    investigator.get_by_label("Complainant phone").fill("082 123 4567")
    investigator.get_by_label("Ward").fill("7")
    investigator.get_by_label("Description").fill(
        "No water in Tembisa for three days; the call centre gave no reference number."
    )
    investigator.get_by_role("button", name="Open case").click()
    investigator.wait_for_load_state("networkidle")
    case = Case.objects.get()
    assert case.reference in investigator.locator("h1").inner_text()
    clock = investigator.get_by_test_id("deadline-2").inner_text()
    assert "Tue 17 Nov 2026" in clock  # councillor: 10 working days, election day skipped
    assert "Triage suggestions" in investigator.content()

    # The supervisor acknowledges and assigns from the board.
    supervisor = _page_for(browser, live_server, supervisor_user.username)
    assert supervisor.url.endswith("/investigations/board/")
    supervisor.get_by_role("link", name=case.reference).first.click()
    # Acknowledge and assign in one step, the workload shown beside each investigator.
    supervisor.get_by_label("Assign to (optional").select_option(
        label="Bongani Zulu — no open cases"
    )
    _do(supervisor, "acknowledge")
    assert supervisor.get_by_test_id("state").inner_text() == "Assigned"

    # The investigator works it: a note, a hold and back, findings and a drafted response.
    investigator.goto(f"{live_server.url}/investigations/")
    investigator.get_by_role("link", name=case.reference).click()
    _do(investigator, "start")
    # Evidence: the complainant's call, found by number, its transcript opened in place (htmx).
    open_tab(investigator, "Evidence")
    investigator.get_by_role("button", name="Search calls").click()
    investigator.get_by_role("button", name=f"Link call {call.pk}").click()
    investigator.wait_for_load_state("networkidle")
    investigator.get_by_role("button", name=f"Open transcript of call {call.pk}").click()
    transcript = investigator.get_by_role("region", name=f"Transcript of call {call.pk}")
    assert "still no water in Tembisa" in transcript.inner_text()
    document = tmp_path / "meter-photo.png"
    document.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    investigator.get_by_label("Document").set_input_files(str(document))
    investigator.get_by_role("button", name="Upload").click()
    investigator.wait_for_load_state("networkidle")
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    assert f"SHA-256 {digest}" in investigator.content()
    investigator.get_by_label("Internal note").fill("Phoned the depot: crew sent on Tuesday.")
    investigator.get_by_role("button", name="Add note").click()
    investigator.wait_for_load_state("networkidle")
    _do(investigator, "hold", reason="Waiting for the complainant's photos of the meter")
    assert investigator.get_by_test_id("state").inner_text() == "On hold"
    assert "Paused while on hold" in investigator.get_by_test_id("deadline-2").inner_text()
    _do(investigator, "resume")
    open_tab(investigator, "Findings")
    investigator.get_by_label("Outcome").select_option(label="Substantiated")
    investigator.get_by_label("Root cause").select_option(label="Service department did not attend")
    investigator.get_by_label("Batho Pele principle breached").select_option(
        label="Service standards"
    )
    investigator.get_by_role("textbox", name="Findings", exact=True).fill(
        "The outage was logged but not attended."
    )
    investigator.get_by_role("button", name="Save findings").click()
    investigator.wait_for_load_state("networkidle")
    # Back on the Findings tab; the draft is then shown on the Response tab.
    investigator.get_by_role("button", name="Draft the response from the template").click()
    investigator.wait_for_load_state("networkidle")
    assert (
        case.reference
        in investigator.get_by_label("Response to the originating office").input_value()
    )
    _do(investigator, "submit_findings")
    assert investigator.get_by_test_id("state").inner_text() == "Findings submitted"

    # The supervisor returns it for more work; the investigator resubmits.
    supervisor.reload()
    _do(supervisor, "return", reason="Confirm the date the crew attended")
    assert supervisor.get_by_test_id("state").inner_text() == "Investigating"
    investigator.reload()
    _do(investigator, "submit_findings")

    # Approval by the supervisor (not the investigator), then the response and closure.
    supervisor.reload()
    _do(supervisor, "approve", confirm=True, comment="Good work; send it today.")
    assert supervisor.get_by_test_id("state").inner_text() == "Approved"
    investigator.reload()
    _do(investigator, "respond", confirm=True)
    open_tab(investigator, "Response")
    investigator.get_by_role("link", name="Printable response letter").click()
    investigator.wait_for_load_state("networkidle")
    letter = investigator.get_by_role("article", name="Response letter")
    assert case.reference in letter.inner_text()
    assert "Approved for release" in letter.inner_text()
    investigator.get_by_role("link", name=f"Back to {case.reference}").click()
    _do(investigator, "close", confirm=True)
    assert investigator.get_by_test_id("state").inner_text() == "Closed"

    case.refresh_from_db()
    assert case.state == State.CLOSED

    # The history, in plain words.
    open_tab(investigator, "History")
    history = investigator.get_by_role("list", name="Case history").inner_text()
    for words in (
        "opened the case",
        "moved the case from received to acknowledged",
        "assigned the case to Bongani Zulu",
        "moved the case from investigating to on hold. Reason: Waiting for the complainant",
        "moved the case from findings submitted to investigating. Reason: Confirm the date",
        "signed off the findings",
        "Comment: Good work; send it today.",
        "added an internal note",
        "moved the case from responded to closed",
        f"linked call {call.pk}",
        "opened a call transcript",
        "added document meter-photo.png",
    ):
        assert words in history, words
    call_command("audit_verify")  # raises CommandError if the chain is broken
