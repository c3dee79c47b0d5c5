"""Each role logs in through a real browser and lands on its home with its own navigation."""

import pytest

from tests.e2e.conftest import login

pytestmark = [pytest.mark.e2e]


def test_administrator_lands_on_agents_and_sees_audit_trail(page, live_server, admin_user):
    login(page, live_server, admin_user.username)
    assert page.url.endswith("/org/agents/")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.get_by_role("link", name="Audit trail").is_visible()
    assert nav.get_by_role("link", name="Agents", exact=True).is_visible()


def test_wrong_password_shows_an_error_and_stays_on_login(page, live_server, agent_user):
    login(page, live_server, agent_user.username, password="wrong")
    assert "/accounts/login/" in page.url
    assert page.get_by_role("alert").is_visible()


def test_logout_returns_to_login(page, live_server, admin_user):
    login(page, live_server, admin_user.username)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/login/" in page.url
