"""In Chromium: the agent's home on a 390 px phone (what needs them at the top, every value
labelled, nothing wider than the screen) and the inbox for an agent, a QA officer and a QA
manager (the count in the menu, opening a notification goes to the thing and clears it)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from qa.services import coaching as coaching_svc
from qa.services import evaluations as ev
from qa.services import sampling as sampling_svc
from scorecards.models import Criterion
from tests.e2e.conftest import login
from tests.qa.factories import at, make_call, make_evaluation

pytestmark = [pytest.mark.e2e]


def test_agent_home_on_a_phone_and_the_agents_inbox(
    phone_page, live_server, agent_user, qa_officer_user, team_leader_user
):
    page = phone_page
    scored = [
        make_evaluation(make_call(agent_user), qa_officer_user, overrides={"empathy": "no"})
        for _ in range(3)
    ]
    ev.evaluation_acknowledge(actor=agent_user, evaluation=scored[0])
    empathy = Criterion.objects.get(version=scored[0].version, key="empathy")
    coaching_svc.coaching_record(
        actor=team_leader_user,
        evaluation=scored[0],
        criteria=[empathy],
        notes="Name the caller's problem back to them.",
        follow_up_on=timezone.localdate() + timedelta(days=7),
    )

    login(page, live_server, agent_user.username)
    expect(page).to_have_url(re.compile(r"/qa/evaluations/mine/$"))
    needs = page.locator("#needs-me .item-card")
    expect(needs).to_have_count(3)  # two evaluations to acknowledge, one coaching
    first = needs.first.bounding_box()
    assert first["y"] < 450, f"what needs the agent starts {first['y']:.0f} px down"
    assert first["x"] + first["width"] <= 390
    expect(needs.first).to_contain_text("Acknowledge or dispute by")
    expect(needs.first).to_contain_text("days left")
    score_card = page.locator("#my-scores .item-card").first
    for label in ("Score", "State", "Criteria missed", "Coaching"):
        expect(score_card.locator("dt", has_text=label)).to_be_visible()
    expect(score_card).to_contain_text("Agent acknowledges the caller")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.locator("#my-trend")).to_contain_text("Your trend appears once")
    expect(page.locator("select")).to_have_count(0)  # no manager filters

    # The inbox: three scores and the coaching were announced.
    inbox = page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^Inbox")
    )
    expect(inbox).to_contain_text("4")
    inbox.click()
    page.get_by_role("button", name=re.compile("recorded coaching for you")).click()
    expect(page).to_have_url(re.compile(rf"/qa/evaluations/{scored[0].pk}/$"))
    expect(page.locator("#inbox-unread")).to_contain_text("3")
    page.goto(f"{live_server.url}/qa/evaluations/mine/")
    page.get_by_role("button", name="Acknowledge").first.click()
    expect(page.locator(".messages")).to_contain_text("Evaluation acknowledged.")


def test_officer_and_manager_are_told_in_their_inbox(
    page, live_server, agent_user, qa_officer_user, qa_manager_user
):
    for d in range(3):
        make_call(agent_user, started_at=at(2026, 11, 2 + d, 10))
    plan = sampling_svc.sampling_plan_save(
        actor=qa_manager_user,
        name="Weekly",
        period="week",
        mode="per_agent",
        calls_per_agent=1,
        risk_pulls=False,
    )
    sample = sampling_svc.sample_draw(
        actor=qa_manager_user, plan=plan, day=at(2026, 11, 2).date(), officers=[qa_officer_user]
    )
    item = sample.items.get()
    evaluation = make_evaluation(
        item.call, qa_officer_user, sample_item=item, overrides={"empathy": "no"}
    )
    ev.evaluation_dispute(actor=agent_user, evaluation=evaluation, reasons={"empathy": "I did."})

    login(page, live_server, qa_officer_user.username)
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^Inbox")
    ).click()
    page.get_by_role("button", name=re.compile("1 call assigned to you to score")).click()
    expect(page).to_have_url(re.compile(r"/qa/queue/$"))
    page.get_by_role("button", name="Log out").click()

    login(page, live_server, qa_manager_user.username)
    expect(page.locator("#inbox-unread")).to_contain_text("1")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name=re.compile("^Inbox")
    ).click()
    page.get_by_role("button", name=re.compile("Thabo Nkosi disputes 1 criterion of")).click()
    expect(page.get_by_role("heading", name=re.compile("Resolve the dispute"))).to_be_visible()
    expect(page.locator("#call-audio")).to_be_attached()
    expect(page.locator("#inbox-unread")).to_have_count(0)
