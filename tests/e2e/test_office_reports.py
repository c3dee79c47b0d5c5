"""Reports for the Offices in a real Chromium: a supervisor opens the page from the menu,
filters it, reads the chart's accessible name, downloads the XLSX (opened and checked) and the
monthly PDF pack; on a phone the page does not scroll sideways."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.casereports.conftest import make_case, office_world  # noqa: F401
from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]

A11Y_JS = (Path(__file__).parent / "a11y.js").read_text()


def test_a_supervisor_reads_the_report_and_downloads_it(
    page,
    live_server,
    office_world,  # noqa: F811
    supervisor_user,
):
    login(page, live_server, supervisor_user.username)
    page.get_by_role("link", name="Reports for the Offices").click()
    page.get_by_label("Received from").fill("2026-11-01")
    page.get_by_label("Received to").fill("2026-11-30")
    page.get_by_label("Group by").select_option("ward")
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state("networkidle")
    chart = page.get_by_role(
        "img", name="Complaints received, closed on time and breached, per month received"
    )
    assert chart.count() == 1
    assert page.get_by_role("rowheader", name="Ward 12").count() >= 1
    page.evaluate(A11Y_JS)
    assert page.evaluate("() => window.__unlabelledControls()") == []
    assert page.evaluate("() => window.__contrastProblems()")["problems"] == []

    with page.expect_download() as info:
        page.get_by_role("link", name="XLSX").click()
    download = info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("month", "ward", "received")
    assert rows[-1][:7] == ("whole period", "all", 6, 3, 2, 2, 1)

    page.get_by_label("Month of the pack", exact=True).fill("2026-11")
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the monthly pack (PDF)").click()
    pdf = PdfReader(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert len(pdf.pages) == 1
    assert "Escalated complaints: November 2026" in pdf.pages[0].extract_text()


def test_the_report_fits_a_phone(phone_page, live_server, office_world, qa_manager_user):  # noqa: F811
    page = phone_page
    login(page, live_server, qa_manager_user.username)
    page.goto(f"{live_server.url}/investigations/reports/offices/")
    box = page.locator("svg.count-bars").bounding_box()
    assert box["width"] > 0 and box["x"] + box["width"] <= 390
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
