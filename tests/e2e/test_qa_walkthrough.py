"""The QA cycle in a real browser: a manager samples, an officer scores with the keyboard and
submits, the agent disputes one criterion, the team leader coaches, a manager resolves, the
score is recomputed and the report shows it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.qa.factories import at, make_call

pytestmark = [pytest.mark.e2e]


def test_sample_score_dispute_resolve_report(
    page, live_server, agent_user, team_leader_user, qa_officer_user, qa_manager_user
):
    """The QA cycle in one test (about 110 lines on purpose): each role's step needs the state
    the steps before it left, and the point is the whole cycle, as users meet it, in order."""
    # Calls with transcripts for one week (normally from the transcription pipeline).
    calls = [make_call(agent_user, started_at=at(2026, 11, 2 + d, 9 + d)) for d in range(3)]
    base = live_server.url

    # 1. The QA manager creates a sampling plan and draws this week's sample.
    login(page, live_server, qa_manager_user.username)
    expect(page).to_have_url(re.compile(r"/qa/reports/$"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sampling").click()
    page.get_by_label("Name").fill("Weekly inbound")
    page.get_by_label("Calls per agent").fill("1")
    page.get_by_label("Risk pulls").uncheck()
    page.get_by_role("button", name="Save plan").click()
    expect(page.get_by_role("heading", name="Sampling plan: Weekly inbound")).to_be_visible()
    expect(page.locator("#detection-table")).to_contain_text("29")
    page.get_by_label("A day in the period").fill("2026-11-03")
    page.get_by_label("Seed").fill("2026")
    page.get_by_role("button", name="Preview the draw").click()
    expect(page.locator("#preview-summary")).to_contain_text("1 random calls")
    page.get_by_role("button", name="Assign these calls").click()
    expect(page.locator(".messages")).to_contain_text("1 random calls")
    random_table = page.get_by_role("table", name=re.compile("Random sample"))
    expect(random_table.get_by_role("combobox")).to_have_count(1)
    expect(random_table.get_by_role("combobox")).to_have_value(str(qa_officer_user.pk))
    page.get_by_role("button", name="Log out").click()

    # 2. The QA officer works the queue without the mouse.
    login(page, live_server, qa_officer_user.username)
    expect(page).to_have_url(re.compile(r"/qa/queue/$"))
    start = page.get_by_role("button", name=re.compile(r"Evaluate call \d+"))
    start.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Evaluate call"))).to_be_visible()
    expect(page.locator(".seg").first).to_contain_text("City of Ekurhuleni")
    failing = {"empathy", "closing"}
    for fieldset in page.locator("fieldset.criterion").all():
        key = fieldset.get_attribute("data-key")
        fieldset.get_by_role("radio", name="Yes").focus()
        page.keyboard.press("n" if key in failing else "y")
        if key in failing:  # a failed criterion asks why; the comment has the focus
            page.keyboard.type("Not heard on the call.")
    # Cite transcript line 2 as evidence for empathy, with the keyboard.
    page.locator("#criterion-empathy").get_by_role("radio", name="No").focus()
    page.get_by_role("button", name="Cite segment 2 as evidence").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#evidence-empathy")).to_have_value("2")
    page.get_by_role("button", name="Submit evaluation").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Evaluation submitted.")
    expect(page.get_by_text("Your queue is empty.")).to_be_visible()
    page.get_by_role("button", name="Log out").click()

    # 3. The agent opens the evaluation and disputes one criterion.
    login(page, live_server, agent_user.username)
    expect(page).to_have_url(re.compile(r"/qa/evaluations/mine/$"))
    page.get_by_role("link", name=re.compile(r"Evaluation \d+")).first.click()
    expect(page.locator("#evaluation-score")).to_contain_text("85.0%")
    expect(page.get_by_text("How is this computed?")).to_be_visible()
    page.get_by_role("link", name="Dispute criteria").click()
    page.get_by_label(re.compile("Dispute “Agent acknowledges")).check()
    page.get_by_label(re.compile("Why you disagree with “Agent acknowledges")).fill(
        "I said I'm sorry to hear that at 9 seconds."
    )
    page.get_by_role("button", name="Send dispute").click()
    expect(page.locator("#evaluation-state")).to_have_text("Disputed")
    evaluation_url = page.url
    page.get_by_role("button", name="Log out").click()

    # 4. The team leader records coaching on the other failed criterion.
    login(page, live_server, team_leader_user.username)
    page.goto(evaluation_url)
    page.get_by_role("link", name="Record coaching").click()
    page.get_by_label(re.compile("Agent closes politely")).check()
    page.get_by_label("Notes").fill("Close by thanking the caller and naming the City.")
    page.get_by_label("Follow up on").fill("2099-01-15")
    page.get_by_role("button", name="Record coaching").click()
    expect(page.locator(".messages")).to_contain_text("Coaching recorded.")
    page.get_by_role("button", name="Log out").click()

    # 5. The QA manager (who did not score the call) resolves the dispute.
    login(page, live_server, qa_manager_user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Disputes").click()
    page.get_by_role("link", name=re.compile(r"Resolve dispute \d+")).click()
    page.get_by_label(re.compile("Change the answer to “Agent acknowledges")).check()
    page.get_by_label(re.compile("New answer to “Agent acknowledges")).select_option("yes")
    page.get_by_label(re.compile("Reason for your decision on “Agent acknowledges")).fill(
        "Segment 2 shows empathy."
    )
    page.get_by_role("button", name="Resolve dispute").click()
    expect(page.locator(".messages")).to_contain_text("Score 85.0 → 95.0")
    expect(page.locator("#evaluation-score")).to_contain_text("95.0%")
    expect(page.locator("#evaluation-state")).to_have_text("Dispute resolved")

    # 6. The report reflects the recomputed score, with n and the small-sample warning.
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Reports", exact=True
    ).click()
    overall = page.locator("#overall")
    expect(overall).to_contain_text("95.0")
    expect(overall).to_contain_text("n=1")
    expect(overall).to_contain_text("too few to conclude")
    expect(page.locator("#failed-criteria")).to_contain_text("closing")
    page.locator("#group-table").get_by_role("link", name=re.compile("95.0")).click()
    expect(page.locator("#evaluation-table")).to_contain_text("95.0%")
    page.get_by_role("button", name="Log out").click()

    # 7. The agent acknowledges the coaching.
    login(page, live_server, agent_user.username)
    page.get_by_role("button", name="Acknowledge coaching").click()
    expect(page.locator(".messages")).to_contain_text("Coaching acknowledged.")
    assert len(calls) == 3
    assert base
