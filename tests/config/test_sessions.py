"""Shared call-centre PCs: signed-in pages are never cached, an idle session ends, and one
address guessing passwords across many usernames is locked out."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from config.middleware import LAST_SEEN_KEY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/qa/queue/", "/qa/calls/", "/audit/", "/investigations/", "/"])
def test_signed_in_pages_are_not_stored_by_the_browser(
    client, qa_manager_user, admin_user, supervisor_user, url
):
    users = {"/audit/": admin_user, "/investigations/": supervisor_user}
    client.force_login(users.get(url, qa_manager_user))
    response = client.get(url, follow=True)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_an_api_response_to_a_signed_in_user_is_not_stored(client, supervisor_user):
    client.force_login(supervisor_user)
    response = client.get("/api/investigations/cases/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_idle_timeout_defaults_to_thirty_minutes(settings):
    assert settings.SESSION_IDLE_TIMEOUT_SECONDS == 30 * 60


def _age_session(client, seconds):
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_a_session_idle_longer_than_the_limit_is_signed_out_with_a_message(client, qa_officer_user):
    client.force_login(qa_officer_user)
    assert client.get("/qa/queue/").status_code == 200
    _age_session(client, 31 * 60)
    response = client.get("/qa/queue/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "signed out after 30 minutes without activity" in page


def test_a_session_used_within_the_limit_carries_on(client, qa_officer_user):
    client.force_login(qa_officer_user)
    client.get("/qa/queue/")
    _age_session(client, 29 * 60)
    assert client.get("/qa/queue/").status_code == 200
    # ... and the activity moved the clock on.
    assert int(time.time()) - client.session[LAST_SEEN_KEY] < 5


def _attempt(client, username, password, ip):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_password_spraying_from_one_address_is_locked_across_usernames(
    client, settings, agent_user
):
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20
    for n in range(20):
        response = _attempt(client, f"guess{n}", "Summer2026!", "10.9.9.9")
        assert response.status_code == (429 if n == 19 else 200)
    # The address is locked for everyone now, even a real user with the right password ...
    locked = _attempt(client, agent_user.username, "pw-" + agent_user.username, "10.9.9.9")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # ... but not other addresses.
    elsewhere = _attempt(client, agent_user.username, "pw-" + agent_user.username, "10.9.9.10")
    assert elsewhere.status_code == 302


def test_a_few_failures_by_different_people_at_one_address_lock_nobody(
    client, agent_user, agent2_user
):
    for username in ("nobody1", "nobody2", agent2_user.username, "nobody3"):
        assert _attempt(client, username, "wrong", "10.8.8.8").status_code == 200
    assert _attempt(client, agent_user.username, "pw-a.agent", "10.8.8.8").status_code == 302
