"""A real browser on the case page: nothing typed is lost. The response is drafted from the
findings just typed (not a literal placeholder), a response already written is kept, other
forms' unsent text comes back after the page reloads, and leaving with unsent text asks first."""

import datetime as dt

import pytest

from core import working_time
from investigations.models import Case
from tests.e2e.conftest import login, open_tab
from tests.e2e.test_shell_accessibility import _assert_accessible

pytestmark = [pytest.mark.e2e]


def _at(text):
    return dt.datetime.fromisoformat(text).replace(tzinfo=working_time.TZ)


@pytest.fixture
def investigating_case(site_data, supervisor_user, investigator_user):
    from investigations.services import workflow
    from investigations.services.cases import case_create

    case = case_create(
        actor=supervisor_user,
        source="councillor",
        complainant_name="Nomvula Sithole",
        complainant_phone="082 123 4567",
        description="No water in Tembisa for three days and nobody came.",
        received_at=_at("2026-11-02 10:00"),
        ward=7,
    )
    workflow.case_acknowledge(case=case, actor=supervisor_user, now=_at("2026-11-02 11:00"))
    workflow.case_assign(
        case=case, actor=supervisor_user, assignee=investigator_user, now=_at("2026-11-02 11:05")
    )
    return workflow.case_start(case=case, actor=investigator_user, now=_at("2026-11-02 12:00"))


def _open(page, live_server, case):
    page.goto(f"{live_server.url}/investigations/cases/{case.pk}/")
    page.wait_for_load_state("networkidle")


def _findings_box(page):
    # By name, not role: the box is read while its tab is hidden, too.
    return page.locator("textarea[name=findings]")


def _response_box(page):
    return page.get_by_label("Response to the originating office")


def test_drafting_the_response_keeps_everything_typed(
    page, live_server, investigator_user, investigating_case
):
    login(page, live_server, investigator_user.username)
    _open(page, live_server, investigating_case)
    # Typed but never saved: the findings form, and an internal note in another form (on
    # another tab).
    open_tab(page, "Findings")
    page.get_by_label("Outcome").select_option(label="Substantiated")
    page.get_by_label("Root cause").select_option(label="Service department did not attend")
    page.get_by_label("Batho Pele principle breached").select_option(label="Service standards")
    _findings_box(page).fill("The outage was logged at 08:14 but no crew was sent.")
    open_tab(page, "Evidence")
    page.get_by_label("Internal note").fill("Depot manager to call back on Friday.")

    open_tab(page, "Findings")
    page.get_by_role("button", name="Draft the response from the template").click()
    page.wait_for_load_state("networkidle")

    # Everything typed in the findings form was kept (saved), and the letter carries it.
    assert page.get_by_label("Outcome").input_value() == "substantiated"
    assert page.get_by_label("Batho Pele principle breached").input_value() != ""
    assert "no crew was sent" in _findings_box(page).input_value()
    letter = _response_box(page).input_value()
    assert investigating_case.reference in letter
    assert "The outage was logged at 08:14 but no crew was sent." in letter
    assert "[findings]" not in letter
    assert "substantiated" in letter
    assert "Nomvula" not in letter  # the complainant's name stays out of the draft
    case = Case.objects.get(pk=investigating_case.pk)
    assert case.root_cause and "no crew was sent" in case.findings
    # The note typed in the other form, never sent, came back after the reload.
    assert page.get_by_label("Internal note").input_value() == (
        "Depot manager to call back on Friday."
    )
    assert "put back" in page.content()

    # A response written by hand is never replaced by a new draft. The page came back on the
    # Response tab.
    assert page.get_by_role("tab", name="Response").get_attribute("aria-selected") == "true"
    _response_box(page).fill("Dear Councillor, my own words.")
    open_tab(page, "Findings")
    _findings_box(page).fill("The outage was logged at 08:14; a crew came on day three.")
    page.get_by_role("button", name="Draft the response from the template").click()
    page.wait_for_load_state("networkidle")
    assert _response_box(page).input_value() == "Dear Councillor, my own words."
    assert "crew came on day three" in _findings_box(page).input_value()
    assert "The response you wrote was kept" in page.content()


def test_no_draft_without_findings_and_nothing_typed_is_lost(
    page, live_server, investigator_user, investigating_case
):
    login(page, live_server, investigator_user.username)
    _open(page, live_server, investigating_case)
    open_tab(page, "Findings")
    page.get_by_label("Outcome").select_option(label="Not substantiated")
    page.get_by_role("button", name="Draft the response from the template").click()
    page.wait_for_load_state("networkidle")
    assert "Write the findings first" in page.content()
    assert page.get_by_label("Outcome").input_value() == "not_substantiated"
    assert _response_box(page).input_value() == ""


def test_leaving_with_unsent_text_asks_and_the_text_comes_back(
    page, live_server, investigator_user, investigating_case
):
    login(page, live_server, investigator_user.username)
    _open(page, live_server, investigating_case)
    open_tab(page, "Findings")
    _findings_box(page).fill("Half-written findings, not yet saved.")
    dialogs = []

    def answer(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.goto(f"{live_server.url}/investigations/")
    page.wait_for_load_state("networkidle")
    assert dialogs == ["beforeunload"]
    _open(page, live_server, investigating_case)
    assert _findings_box(page).input_value() == "Half-written findings, not yet saved."
    # Saving it clears the browser copy: the next visit shows the server's text, no notice.
    open_tab(page, "Findings")
    page.get_by_role("button", name="Save findings").click()
    page.wait_for_load_state("networkidle")
    assert "Findings saved." in page.content()
    _open(page, live_server, investigating_case)
    assert "put back" not in page.content()
    assert Case.objects.get(pk=investigating_case.pk).findings == (
        "Half-written findings, not yet saved."
    )


def test_the_response_typed_on_its_own_tab_is_kept_and_asked_about(
    page, live_server, investigator_user, investigating_case
):
    """The response field sits on the Response tab, outside the findings form it belongs to:
    typing there is kept in the browser and leaving asks first, like any other field."""
    login(page, live_server, investigator_user.username)
    _open(page, live_server, investigating_case)
    open_tab(page, "Response")
    _response_box(page).fill("Dear Councillor, a reply not yet saved.")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.goto(f"{live_server.url}/investigations/")
    page.wait_for_load_state("networkidle")
    assert dialogs == ["beforeunload"]
    _open(page, live_server, investigating_case)
    assert _response_box(page).input_value() == "Dear Councillor, a reply not yet saved."
    open_tab(page, "Response")
    page.get_by_role("button", name="Save the response").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("#response")  # back on the tab it was sent from
    case = Case.objects.get(pk=investigating_case.pk)
    assert case.response_text == "Dear Councillor, a reply not yet saved."


def test_the_tabs_work_by_keyboard(page, live_server, investigator_user, investigating_case):
    login(page, live_server, investigator_user.username)
    _open(page, live_server, investigating_case)
    summary = page.get_by_role("tab", name="Summary")
    assert summary.get_attribute("aria-selected") == "true"
    _assert_accessible(page)  # labels, contrast
    assert page.get_by_role("tabpanel").count() == 1  # the others are hidden
    assert page.get_by_role("heading", name="Summary").is_visible()
    summary.focus()
    page.keyboard.press("ArrowRight")
    clock = page.get_by_role("tab", name="Clock")
    assert clock.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.textContent") == "Clock"
    assert page.get_by_test_id("deadline-2").is_visible()
    assert not page.get_by_role("heading", name="Summary").is_visible()
    page.keyboard.press("End")
    assert page.get_by_role("list", name="Case history").is_visible()
    assert page.url.endswith("#history")  # a reload or Back keeps the tab
    page.keyboard.press("ArrowRight")  # wraps round
    assert summary.get_attribute("aria-selected") == "true"
    page.reload()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Summary").is_visible()


def test_the_sections_are_links_without_javascript(
    browser, live_server, investigator_user, investigating_case
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    login(page, live_server, investigator_user.username)
    _open(page, live_server, investigating_case)
    nav = page.get_by_role("navigation", name="Case sections")
    assert nav.get_by_role("link", name="Evidence").get_attribute("href") == "#evidence"
    # Every section is on the page, until one is linked to: then only that one shows.
    assert page.get_by_role("heading", name="History").is_visible()
    nav.get_by_role("link", name="Findings").click()
    assert page.get_by_label("Outcome").is_visible()
    assert not page.get_by_role("heading", name="History").is_visible()
    assert not page.get_by_role("heading", name="Summary").is_visible()
    context.close()


def test_a_hold_with_a_refused_effect_time_keeps_everything_typed(
    page, live_server, investigator_user, investigating_case
):
    """The hold is recorded late, with a time before the investigation started: refused with the
    reason, and the hold reason, the time and the late reason typed are all still there."""
    login(page, live_server, investigator_user.username)
    _open(page, live_server, investigating_case)
    page.locator("summary", has_text="Put on hold").click()
    page.get_by_label("Reason (put on hold)").fill("Waiting for the complainant's meter number")
    page.locator("#effective-at-hold").locator("xpath=ancestor::details[1]/summary").click()
    page.get_by_label("Took effect at (leave empty for now)").fill("2026-11-02T11:30")
    page.get_by_label("Why it is recorded late (required for an earlier time)").fill(
        "Asked on the phone; recorded afterwards."
    )
    page.get_by_role("button", name="Put on hold").click()
    page.wait_for_load_state("networkidle")
    assert "before the case's previous step" in page.inner_text("main")
    assert Case.objects.get(pk=investigating_case.pk).state == "investigating"
    # Nothing typed was lost: every field is back and visible.
    reason = page.get_by_label("Reason (put on hold)")
    took = page.get_by_label("Took effect at (leave empty for now)")
    late = page.get_by_label("Why it is recorded late (required for an earlier time)")
    assert reason.is_visible() and took.is_visible()
    assert reason.input_value() == "Waiting for the complainant's meter number"
    assert took.input_value() == "2026-11-02T11:30"
    assert late.input_value() == "Asked on the phone; recorded afterwards."
    # Corrected, it is taken: the hold counts from the time it took effect.
    took.fill("2026-11-03T09:00")
    page.get_by_role("button", name="Put on hold").click()
    page.wait_for_load_state("networkidle")
    case = Case.objects.get(pk=investigating_case.pk)
    assert case.state == "on_hold"
    assert case.events.get(kind="hold_started").at == _at("2026-11-03 09:00")
    open_tab(page, "History")
    assert "Recorded later than it took effect because: Asked on the phone" in page.inner_text(
        "main"
    )
