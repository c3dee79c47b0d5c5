"""The audit trail screen (filters, who may see it) and read events recorded from a view."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse
from django.utils import timezone

from audit import services
from audit.models import AuditEvent
from audit.services import audit_record
from audit.verify import chain_verify

pytestmark = pytest.mark.django_db

JHB = zoneinfo.ZoneInfo("Africa/Johannesburg")


def _at(monkeypatch, day: datetime.date):
    moment = datetime.datetime.combine(day, datetime.time(12, 0), tzinfo=JHB)
    monkeypatch.setattr(services.timezone, "now", lambda: moment)


@pytest.fixture
def events(monkeypatch, admin_user, qa_manager_user, agent_user):
    """Four events on three days by three actors about two objects."""
    _at(monkeypatch, datetime.date(2026, 3, 2))
    audit_record(actor=qa_manager_user, action="call.listen", object_type="qa.call", object_id="7")
    _at(monkeypatch, datetime.date(2026, 3, 3))
    audit_record(actor=admin_user, action="agent.update", obj=agent_user.agent_profile)
    audit_record(actor=qa_manager_user, action="call.view", object_type="qa.call", object_id="8")
    _at(monkeypatch, datetime.date(2026, 3, 5))
    audit_record(actor=None, action="call.transcribe", object_type="qa.call", object_id="7")
    monkeypatch.undo()
    assert chain_verify().intact


def _listed(client, **params) -> list[str]:
    response = client.get(reverse("audit:event_list"), params)
    assert response.status_code == 200
    return [event.action for event in response.context["page"]]


def test_filters_by_actor_object_action_and_date(client, qa_manager_user, events):
    client.force_login(qa_manager_user)
    mine = ["call.view", "call.listen"]
    assert _listed(client, actor="Ayesha")[:2] == mine
    assert _listed(client, actor="q.manager")[:2] == mine
    assert _listed(client, actor="system", action="call") == ["call.transcribe"]
    assert _listed(client, object_type="qa.call", object_id="7") == [
        "call.transcribe",
        "call.listen",
    ]
    assert _listed(client, object_type="org.agent") == ["agent.update"]
    assert _listed(client, action="call.listen") == ["call.listen"]
    assert _listed(client, action="call") == ["call.transcribe", "call.view", "call.listen"]
    assert _listed(client, date_from="2026-03-03", date_to="2026-03-03") == [
        "call.view",
        "agent.update",
    ]
    assert _listed(client, date_from="2026-03-04", date_to="2026-03-31") == ["call.transcribe"]
    assert _listed(client, actor="Ayesha", date_to="2026-03-02") == ["call.listen"]


def test_a_bad_date_is_reported_and_lists_unfiltered(client, qa_manager_user, events):
    client.force_login(qa_manager_user)
    response = client.get(reverse("audit:event_list"), {"date_from": "3 March"})
    assert response.status_code == 200
    assert "Enter a valid date" in response.content.decode()


@pytest.mark.parametrize("fixture", ["qa_manager_user", "supervisor_user", "admin_user"])
def test_managers_supervisors_and_administrators_read_the_trail(client, request, fixture, events):
    client.force_login(request.getfixturevalue(fixture))
    response = client.get(reverse("audit:event_list"))
    assert response.status_code == 200
    assert "<code>call.view</code>" in response.content.decode()


@pytest.mark.parametrize(
    "fixture", ["agent_user", "team_leader_user", "qa_officer_user", "investigator_user"]
)
def test_roles_without_the_audit_permission_get_403(client, request, fixture):
    user = request.getfixturevalue(fixture)
    assert not user.has_perm("audit.view_auditevent")
    client.force_login(user)
    assert client.get(reverse("audit:event_list")).status_code == 403


def test_the_list_costs_the_same_queries_for_more_events(
    client, qa_manager_user, django_assert_max_num_queries
):
    client.force_login(qa_manager_user)
    for i in range(3):
        audit_record(actor=qa_manager_user, action="call.view", object_id=str(i))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("audit:event_list"))
    for i in range(40):
        audit_record(actor=qa_manager_user, action="call.view", object_id=str(i))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("audit:event_list"))


# ---- read events recorded from a view, as later features do ("who opened this") ----


def _open_agent(request, pk):
    from org.models import Agent

    agent = Agent.objects.get(pk=pk)
    audit_record(actor=request.user, action="agent.view", obj=agent, request=request)
    return HttpResponse("ok")


urlpatterns = [path("open/<int:pk>/", _open_agent)]


@pytest.mark.urls(__name__)
def test_a_read_event_from_a_view_captures_actor_ip_and_request_id(
    client, qa_manager_user, agent_user
):
    client.force_login(qa_manager_user)
    agent = agent_user.agent_profile
    response = client.get(f"/open/{agent.pk}/", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    event = AuditEvent.objects.for_object(agent).last()
    assert event.action == "agent.view" and event.actor == qa_manager_user
    assert event.object_repr == str(agent)
    assert event.ip_address == "10.1.2.3"
    assert event.request_id and event.request_id == response["X-Request-ID"]
    assert event.describe() == f"Ayesha Patel (q.manager) viewed {agent}"
    assert chain_verify().intact


@pytest.mark.urls(__name__)
def test_a_proxys_request_id_is_kept(client, qa_manager_user, agent_user):
    client.force_login(qa_manager_user)
    client.get(f"/open/{agent_user.agent_profile.pk}/", HTTP_X_REQUEST_ID="lb-1234")
    assert AuditEvent.objects.latest("sequence").request_id == "lb-1234"


@pytest.mark.urls(__name__)
def test_behind_the_proxy_the_address_it_appended_is_recorded(client, qa_manager_user, agent_user):
    client.force_login(qa_manager_user)
    url = f"/open/{agent_user.agent_profile.pk}/"
    headers = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 196.21.4.9"}
    client.get(url, **headers)
    assert AuditEvent.objects.latest("sequence").ip_address == "127.0.0.1"  # proxy not trusted
    with override_settings(BEHIND_PROXY=True):
        client.get(url, **headers)
    assert AuditEvent.objects.latest("sequence").ip_address == "196.21.4.9"


def test_a_read_event_outside_a_request_is_the_system(agent_user):
    event = audit_record(actor=None, action="agent.view", obj=agent_user.agent_profile)
    assert (event.actor_name, event.ip_address, event.request_id) == ("system", None, "")
    assert event.occurred_at <= timezone.now()
