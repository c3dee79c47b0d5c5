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


def test_the_audit_trail_with_recording_hashes_fits_a_phone(phone_page, live_server, admin_user):
    """An ingest event names the recording's SHA-256: 64 characters without a break."""
    from audit.services import audit_record

    audit_record(
        actor=admin_user,
        action="call.ingest",
        obj=admin_user,
        changes={"sha256": "b98a4ad640e369c2d49a449b5c596966cee46ad4f35197095a3d6e97aec005bc"},
    )
    page = phone_page
    login(page, live_server, admin_user.username)
    page.goto(f"{live_server.url}/audit/")
    assert page.get_by_text("b98a4ad640e3", exact=False).count() == 1
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
