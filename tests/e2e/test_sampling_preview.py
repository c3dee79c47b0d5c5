"""Sampling in a real browser: the draw defaults to the last complete period, is previewed
(calls per agent, what was left out and why), then assigned, then withdrawn."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from qa.services import sampling as svc
from tests.e2e.conftest import login
from tests.qa.factories import at, make_call

pytestmark = [pytest.mark.e2e]


def test_preview_assign_and_withdraw_a_draw(page, live_server, agent_user, qa_manager_user):
    for d in range(3):
        make_call(agent_user, started_at=at(2026, 11, 2 + d, 9))
    make_call(agent_user, started_at=at(2026, 11, 3, 11), state="received")
    plan = svc.sampling_plan_save(
        actor=qa_manager_user,
        name="Weekly inbound",
        period="week",
        mode="per_agent",
        calls_per_agent=2,
        risk_pulls=False,
    )
    login(page, live_server, qa_manager_user.username)
    page.goto(f"{live_server.url}/qa/sampling/{plan.pk}/")
    # The day is the start of the last complete week, never today's unfinished one.
    day = page.get_by_label("A day in the period")
    expect(day).not_to_have_value("")
    day.fill("2026-11-03")
    page.get_by_role("button", name="Preview the draw").click()
    expect(page.locator("#preview-summary")).to_contain_text("2 random calls")
    expect(page.locator("#preview-agents")).to_contain_text(agent_user.get_full_name())
    expect(page.locator("#preview-exclusions")).to_contain_text("not transcribed yet")
    assert not plan.samples.exists()
    page.get_by_role("button", name="Assign these calls").click()
    expect(page.locator(".messages")).to_contain_text("2 random calls")
    expect(page).to_have_url(re.compile(r"/qa/samples/\d+/$"))
    page.get_by_label("Reason for withdrawing").fill("Wrong week")
    page.get_by_role("button", name="Withdraw this sample").click()
    expect(page.locator(".messages")).to_contain_text("Sample withdrawn")
    assert not plan.samples.exists()

    # A week with no calls: the preview says why there is nothing to draw.
    page.get_by_label("A day in the period").fill("2026-10-05")
    page.get_by_role("button", name="Preview the draw").click()
    expect(page.locator("#preview-empty")).to_contain_text("No calls were received")
