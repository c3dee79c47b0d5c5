"""The scoring form in a real browser: a whole 12-criterion call scored by keyboard alone in
15 key presses, the running score, evidence picked from the transcript, autosave, and no work
lost when the officer leaves the page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qa.models import Evaluation
from qa.services import evaluations as ev
from tests.e2e.conftest import login
from tests.e2e.test_shell_accessibility import _assert_accessible
from tests.qa.factories import make_call

pytestmark = [pytest.mark.e2e]


def _draft(agent_user, qa_officer_user) -> Evaluation:
    return ev.evaluation_start(actor=qa_officer_user, call=make_call(agent_user))


def test_a_twelve_criterion_call_is_scored_by_keyboard_in_fifteen_presses(
    page, live_server, agent_user, qa_officer_user
):
    evaluation = _draft(agent_user, qa_officer_user)
    assert evaluation.answers.count() == 12
    login(page, live_server, qa_officer_user.username)
    page.goto(f"{live_server.url}/qa/evaluations/{evaluation.pk}/score/")
    expect(page.get_by_role("heading", name=re.compile("Evaluate call"))).to_be_visible()
    _assert_accessible(page)  # every control labelled, contrast enough
    # Each criterion is one Tab stop (its answer); the comment and the guidance are not.
    presses = 0

    def press(key):
        nonlocal presses
        presses += 1
        page.keyboard.press(key)

    press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to the scorecard")
    press("Enter")
    for _ in range(12):
        press("y")
    expect(page.locator("#running-score-value")).to_have_text("100.0%")
    expect(page.locator(":focus")).to_have_text("Submit evaluation")
    press("Enter")
    expect(page.locator(".messages")).to_contain_text("Evaluation submitted.")
    assert presses <= 15, presses
    evaluation.refresh_from_db()
    assert evaluation.state == "submitted" and str(evaluation.score) == "100.0"


def test_a_fail_asks_why_the_score_runs_live_and_evidence_is_clicked_from_the_transcript(
    page, live_server, agent_user, qa_officer_user
):
    evaluation = _draft(agent_user, qa_officer_user)
    login(page, live_server, qa_officer_user.username)
    page.goto(f"{live_server.url}/qa/evaluations/{evaluation.pk}/score/")
    empathy = page.locator("#criterion-empathy")
    comment = empathy.get_by_role("textbox")
    expect(comment).to_be_hidden()
    empathy.get_by_role("radio", name="Yes").focus()
    page.keyboard.press("n")
    # The comment opens, takes the focus and is required.
    expect(comment).to_be_focused()
    expect(comment).to_have_attribute("required", "")
    expect(page.locator("#running-score-detail")).to_contain_text("0 of 10 points")
    page.keyboard.type("No acknowledgement of the burst pipe.")
    # Clicking a transcript line adds it as evidence to the criterion being scored.
    page.locator("#seg-2 .seg-text").click()
    expect(empathy.locator(".evidence-chips li")).to_have_count(1)
    expect(page.locator("#evidence-empathy")).to_have_value("2")
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10000)
    row = evaluation.answers.get(criterion__key="empathy")
    assert (row.answer, row.evidence) == ("no", [2])
    assert row.comment == "No acknowledgement of the burst pipe."


def test_no_work_is_lost_when_the_officer_leaves_the_page(
    page, live_server, agent_user, qa_officer_user
):
    evaluation = _draft(agent_user, qa_officer_user)
    url = f"{live_server.url}/qa/evaluations/{evaluation.pk}/score/"
    login(page, live_server, qa_officer_user.username)
    page.goto(url)
    page.locator("#criterion-greeting").get_by_role("radio", name="Yes").focus()
    for key in "yya":
        page.keyboard.press(key)
    expect(page.locator("#autosave-status")).to_contain_text("Draft saved", timeout=10000)
    page.get_by_role("navigation", name="Main").get_by_role("link").first.click()
    page.wait_for_load_state("networkidle")
    page.goto(url)
    expect(page.locator("#criterion-greeting").get_by_role("radio", name="Yes")).to_be_checked()
    expect(page.locator("#criterion-offer_help").get_by_role("radio", name="N/A")).to_be_checked()

    # Leaving with a change not yet saved: the browser asks first, and what is on the page is
    # sent as the draft when the page goes.
    dialogs = []

    def on_dialog(dialog):
        dialogs.append(dialog.type)
        dialog.accept()

    page.on("dialog", on_dialog)
    page.locator("#criterion-closing").get_by_role("radio", name="Yes").focus()
    page.keyboard.press("n")
    page.keyboard.type("Hung up without closing.")
    page.goto(f"{live_server.url}/qa/queue/")
    assert dialogs == ["beforeunload"]
    page.wait_for_load_state("networkidle")
    page.goto(url)
    closing = page.locator("#criterion-closing")
    expect(closing.get_by_role("radio", name="No")).to_be_checked()
    expect(closing.get_by_role("textbox")).to_have_value("Hung up without closing.")
