"""Login throttling (django-axes): repeated failures lock a username at an address out."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _attempt(client, username, password, ip="10.0.0.5"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def test_after_five_failures_the_sixth_attempt_is_locked_out_even_with_the_right_password(
    client, agent_user
):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = _attempt(client, agent_user.username, "wrong")
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    fifth = _attempt(client, agent_user.username, "wrong")
    assert fifth.status_code == 429  # the fifth failure locks, and says so
    sixth = _attempt(client, agent_user.username, "pw-" + agent_user.username)
    assert sixth.status_code == 429
    html = sixth.content.decode()
    assert "Too many failed log-in attempts" in html and 'role="alert"' in html
    assert "_auth_user_id" not in client.session  # not logged in


def test_the_lock_is_per_username_and_address(client, agent_user, agent2_user):
    for _ in range(5):
        _attempt(client, agent_user.username, "wrong")
    # Another person at the same address, and the same person elsewhere, can still log in.
    other = _attempt(client, agent2_user.username, "pw-" + agent2_user.username)
    assert other.status_code == 302
    client.logout()
    elsewhere = _attempt(client, agent_user.username, "pw-" + agent_user.username, ip="10.0.0.9")
    assert elsewhere.status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, agent_user):
    for _ in range(4):
        _attempt(client, agent_user.username, "wrong")
    assert _attempt(client, agent_user.username, "pw-" + agent_user.username).status_code == 302
    client.logout()
    for _ in range(4):
        assert _attempt(client, agent_user.username, "wrong").status_code == 200
