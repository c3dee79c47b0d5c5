"""Auto-score suggestions and the agreement dashboard in a real browser."""

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]


def test_officer_rescores_a_call_and_reads_suggestions_with_evidence(
    page, live_server, qa_officer_user
):
    from tests.autoscoring.factories import make_call

    call = make_call()
    login(page, live_server, qa_officer_user.username)
    page.goto(f"{live_server.url}/qa/calls/{call.pk}/suggestions/")
    assert page.get_by_text("No suggestions yet.").is_visible()
    page.get_by_role("button", name="Auto-score again").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("status").get_by_text("up to date").is_visible()
    row = page.get_by_role("row").filter(has_text="gives the caller a reference number")
    assert row.get_by_role("cell", name="Yes", exact=True).is_visible()
    assert row.get_by_text("your reference number is 4 4 7 1 9").is_visible()
    # Evidence is the redacted text: the address the caller gave is not on the page.
    assert "14 Mpho Street" not in page.content()


def test_manager_reaches_the_agreement_dashboard_from_the_menu_by_keyboard(
    page, live_server, qa_manager_user
):
    login(page, live_server, qa_manager_user.username)
    link = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Auto-score agreement"
    )
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Auto-score agreement").is_visible()
    page.get_by_label("Scorecard").select_option("outbound_collection")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    table = page.get_by_role("table")
    assert table.get_by_text("outbound_collection v1").is_visible()
    assert table.get_by_role("row").count() == 9  # header + 8 criteria
