"""Every page loads whole: no failed request (the browser's icon included) and, on a phone, no
page wider than the screen. Found by walking the `make run` demo as each role."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]


def test_a_page_load_has_no_failed_request_not_even_the_icon(page, live_server, agent_user):
    failures = []
    page.on("console", lambda m: failures.append(m.text) if m.type == "error" else None)
    page.on(
        "response", lambda r: failures.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    login(page, live_server, agent_user.username)
    page.goto(f"{live_server.url}/qa/evaluations/mine/")
    page.wait_for_load_state("networkidle")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert page.request.get(f"{live_server.url}{icon}").ok
    assert failures == []


def test_the_case_reports_chart_fits_a_phone(phone_page, live_server, supervisor_user):
    page = phone_page
    login(page, live_server, supervisor_user.username)
    page.goto(f"{live_server.url}/investigations/reports/")
    chart = page.locator("svg.inv-chart").bounding_box()
    assert chart["width"] > 0 and chart["x"] + chart["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
