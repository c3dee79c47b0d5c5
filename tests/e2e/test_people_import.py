"""An administrator imports agents in a real browser: upload, preview, confirm."""

import pytest

from org.models import Agent
from tests.e2e.conftest import login
from tests.org.test_import import AGENT_HEADER, GOOD_AGENTS, xlsx_bytes

pytestmark = [pytest.mark.e2e]


def test_administrator_previews_and_confirms_an_xlsx_import(page, live_server, admin_user):
    login(page, live_server, admin_user.username)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Import agents").click()
    page.get_by_label("Agents").check()
    page.get_by_label("File (CSV or XLSX)").set_input_files(
        files=[
            {
                "name": "agents.xlsx",
                "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "buffer": xlsx_bytes(AGENT_HEADER, GOOD_AGENTS),
            }
        ]
    )
    page.get_by_role("button", name="Preview").click()
    assert page.get_by_role("heading", name="Preview of agents.xlsx").is_visible()
    assert page.get_by_role("cell", name="Nandi Dube (n.dube)").is_visible()
    assert not Agent.objects.filter(employee_number="EK20001").exists()
    page.get_by_role("button", name="Import 3 agents").click()
    page.wait_for_url("**/org/agents/")
    assert page.get_by_role("status").get_by_text("3 created").is_visible()
    assert page.get_by_role("cell", name="Nandi Dube").is_visible()
    assert Agent.objects.filter(employee_number__startswith="EK2").count() == 3


def test_a_bad_file_shows_every_bad_row_in_the_browser(page, live_server, admin_user):
    login(page, live_server, admin_user.username)
    page.goto(f"{live_server.url}/org/import/")
    rows = [GOOD_AGENTS[0], ["EK20009", "b.ad", "B", "Ad", "b@x", "mars", ""]]
    page.get_by_label("File (CSV or XLSX)").set_input_files(
        files=[
            {
                "name": "bad.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": xlsx_bytes(AGENT_HEADER, rows),
            }
        ]
    )
    page.get_by_role("button", name="Preview").click()
    assert page.get_by_role("heading", name="bad.xlsx was not imported").is_visible()
    assert page.get_by_role("alert").get_by_text("Nothing was written").is_visible()
    problem = page.get_by_role("row").filter(has_text="unknown section")
    assert problem.get_by_role("cell").first.inner_text() == "3"
    assert not Agent.objects.filter(employee_number="EK20001").exists()
