"""The inbox page, opening a notification, the unread count in the menu, the settings page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inbox.models import InboxSettings, Notification
from inbox.services import notify

pytestmark = pytest.mark.django_db


def _tell(user, words="Your call was scored.", link="/qa/evaluations/mine/"):
    return notify(recipients=[user], kind="evaluation.submitted", words=words, link=link)[0]


def test_the_menu_shows_the_unread_count_in_one_query(client, agent_user):
    for n in range(3):
        _tell(agent_user, words=f"Scored {n}")
    client.force_login(agent_user)
    page = client.get("/inbox/").content.decode()
    assert 'id="inbox-unread">3<span class="visually-hidden"> unread' in page
    from inbox.context_processors import unread

    request = type("R", (), {"user": agent_user})()
    with CaptureQueriesContext(connection) as queries:
        assert unread(request) == {"inbox_unread": 3}
    assert len(queries) == 1


def test_a_person_sees_only_their_own_notifications(client, agent_user, agent2_user):
    _tell(agent_user, words="For Thabo")
    theirs = _tell(agent2_user, words="For Lerato")
    client.force_login(agent_user)
    page = client.get("/inbox/").content.decode()
    assert "For Thabo" in page and "For Lerato" not in page
    assert client.post(f"/inbox/{theirs.pk}/open/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_opening_marks_read_and_goes_to_the_link(client, agent_user):
    note = _tell(agent_user)
    client.force_login(agent_user)
    response = client.post(f"/inbox/{note.pk}/open/")
    assert response.status_code == 302 and response.url == "/qa/evaluations/mine/"
    note.refresh_from_db()
    assert note.read_at is not None
    assert 'id="inbox-unread"' not in client.get("/inbox/").content.decode()


def test_an_outside_link_is_not_followed(client, agent_user):
    note = _tell(agent_user, link="https://evil.example/")
    client.force_login(agent_user)
    assert client.post(f"/inbox/{note.pk}/open/").url == "/inbox/"


def test_mark_all_read(client, agent_user):
    _tell(agent_user)
    _tell(agent_user)
    client.force_login(agent_user)
    client.post("/inbox/read-all/")
    assert not Notification.objects.unread().exists()


def test_the_settings_page_saves_choices_in_words(client, agent_user, qa_manager_user):
    client.force_login(agent_user)
    page = client.get("/inbox/settings/").content.decode()
    assert "one of my calls has been scored" in page
    assert "evaluation.submitted" not in page.replace('value="evaluation.submitted"', "")
    assert "daily digest" not in page  # agents are not offered it
    client.post("/inbox/settings/", {"email": "on", "kinds": ["coaching.recorded"]})
    prefs = InboxSettings.objects.get(user=agent_user)
    assert prefs.email and prefs.muted_kinds == ["evaluation.submitted", "dispute.resolved"]
    # Bad input: a kind the agent is not offered; a clear error, nothing changes.
    response = client.post(
        "/inbox/settings/", {"email": "on", "kinds": ["dispute.raised"]}, follow=True
    )
    assert "Choose among the kinds" in response.content.decode()
    prefs.refresh_from_db()
    assert prefs.muted_kinds == ["evaluation.submitted", "dispute.resolved"]
    client.force_login(qa_manager_user)
    assert "daily digest" in client.get("/inbox/settings/").content.decode()
    client.post("/inbox/settings/", {"email": "on", "kinds": ["dispute.raised"], "digest": "on"})
    assert InboxSettings.objects.get(user=qa_manager_user).digest


def test_the_inbox_needs_a_login(client):
    assert client.get("/inbox/").status_code == 302
