"""Calibration in a real browser: a manager opens a session, two officers score blind, the
manager closes it and reads the side-by-side answers and Krippendorff's alpha."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.qa.factories import make_call

pytestmark = [pytest.mark.e2e]


def _score(page, live_server, user, failing):
    login(page, live_server, user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calibration").click()
    page.get_by_role("link", name="Week 48 calibration").click()
    page.get_by_role("button", name="Score this call").click()
    for fieldset in page.locator("fieldset.criterion").all():
        answer = "No" if fieldset.get_attribute("data-key") in failing else "Yes"
        fieldset.get_by_role("radio", name=answer).check()
        if answer == "No":  # a failed criterion asks why
            fieldset.get_by_role("textbox").fill("Not heard on the call.")
    page.get_by_role("button", name="Submit evaluation").click()
    expect(page.get_by_text("Results appear when the manager closes the session.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()


def test_blind_calibration_then_results(
    page, live_server, agent_user, qa_officer_user, qa_officer2_user, qa_manager_user
):
    call = make_call(agent_user)
    login(page, live_server, qa_manager_user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calibration").click()
    page.get_by_label("Title").fill("Week 48 calibration")
    page.get_by_label("Call").select_option(str(call.pk))
    page.get_by_label("Pieter van Wyk").check()
    page.get_by_label("Zanele Mahlangu").check()
    page.get_by_role("button", name="Open session").click()
    expect(page.get_by_role("heading", name=re.compile("Calibration: Week 48"))).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    _score(page, live_server, qa_officer_user, {"empathy"})
    _score(page, live_server, qa_officer2_user, {"closing"})

    login(page, live_server, qa_manager_user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calibration").click()
    page.get_by_role("link", name="Week 48 calibration").click()
    expect(page.get_by_text("2 of 2 officers submitted")).to_be_visible()
    page.get_by_role("button", name="Close and show results").click()
    table = page.locator("#side-by-side")
    expect(table).to_contain_text("Pieter van Wyk")
    empathy = table.get_by_role("row", name=re.compile("^Agent acknowledges the caller"))
    expect(empathy).to_contain_text("No")
    expect(page.locator("#alpha")).to_contain_text("Overall (criteria as units)")
    expect(page.get_by_text("Range 5.0 points")).to_be_visible()
