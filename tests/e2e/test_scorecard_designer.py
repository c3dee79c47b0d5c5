"""The scorecard designer in a real browser: a manager starts a draft, bad input is refused
with a clear message, a criterion goes in by pick lists, the form is previewed, and publishing
needs the confirmation page with the changes from the previous version."""

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]


def test_manager_designs_previews_and_publishes_with_confirmation(
    page, live_server, qa_manager_user
):
    from scorecards.models import Scorecard

    login(page, live_server, qa_manager_user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Scorecards").click()
    assert page.get_by_role("heading", name="Scorecards").is_visible()
    v1 = Scorecard.objects.get(slug="inbound").current_version()
    page.goto(f"{live_server.url}/qa/scorecards/versions/{v1.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start a new draft version").click()
    assert page.get_by_role("heading", name="version 2").is_visible()

    # A bad pass mark is refused, and the draft keeps 80. (The browser's own range check is
    # switched off so the server's answer is what is tested.)
    page.get_by_label("Pass mark").evaluate("el => { el.form.noValidate = true; }")
    page.get_by_label("Pass mark").fill("120")
    page.get_by_role("button", name="Save settings").click()
    page.wait_for_load_state("networkidle")
    assert "less than or equal to 100" in page.content()

    # A group that reads the same as an existing one is refused.
    page.get_by_label("New group").fill("closing")
    page.get_by_role("button", name="Add group").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("already has a group called “Closing”").is_visible()

    # A new criterion: the detector is picked by what it checks, the group and the position
    # from lists; half points are refused with a message, then a whole number is accepted.
    page.get_by_role("link", name="Add criterion").click()
    assert page.get_by_label("Position").input_value() == "end"
    page.get_by_label("Key").fill("anything_else_again")
    page.get_by_label("Text").fill("Asks once more whether there is anything else")
    page.get_by_label("Group").select_option(label="Closing")
    page.get_by_label("Detector").select_option(label="Agent asks whether there is anything else")
    page.get_by_label("Points").evaluate("el => { el.form.noValidate = true; }")
    page.get_by_label("Points").fill("2.5")
    page.get_by_role("button", name="Save criterion").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Enter a whole number").is_visible()
    page.get_by_label("Points").fill("5")
    page.get_by_role("button", name="Save criterion").click()
    page.wait_for_load_state("networkidle")
    row = page.get_by_role("row").filter(has_text="Asks once more whether")
    assert row.get_by_role("cell", name="13", exact=True).is_visible()  # at the end
    assert row.get_by_text("Agent asks whether there is anything else").is_visible()

    # The preview shows the form as officers will see it, each group once.
    page.get_by_role("link", name="Preview the scoring form").click()
    preview = page.get_by_label("Preview of the scoring form")
    assert preview.locator("legend").all_inner_texts() == [
        "Opening",
        "Handling the request",
        "Conduct",
        "Closing",
    ]
    assert preview.get_by_role("radiogroup").count() == 13
    page.go_back()

    # Publishing: the confirmation page lists the changes; without the tick nothing happens.
    page.get_by_role("link", name="Review and publish version 2").click()
    assert page.get_by_role("heading", name="Changes from version 1").is_visible()
    assert page.get_by_text("Added: “Asks once more whether there is anything else”").is_visible()
    page.get_by_role("button", name="Publish version 2").click()
    page.wait_for_load_state("networkidle")
    confirm = page.get_by_label("I have checked the preview")
    assert confirm.evaluate("el => el.validationMessage")  # the browser asks for the tick
    assert Scorecard.objects.get(slug="inbound").current_version().number == 1
    confirm.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Publish version 2").click()
    assert page.get_by_text("published. Calls sampled from now on").is_visible()
    assert Scorecard.objects.get(slug="inbound").current_version().number == 2
