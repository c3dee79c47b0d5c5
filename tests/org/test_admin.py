"""Changes made in the Django admin are audit events, like changes made through the services."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from audit.models import AuditEvent
from audit.verify import chain_verify
from org.models import CareCentre, Team

pytestmark = pytest.mark.django_db


def test_moving_an_agent_to_another_team_in_the_admin_is_audited(client, admin_user, agent_user):
    client.force_login(admin_user)
    agent = agent_user.agent_profile
    inbound_b = Team.objects.get(name="Inbound B")
    response = client.post(
        reverse("admin:org_agent_change", args=[agent.pk]),
        {
            "user": agent_user.pk,
            "employee_number": agent.employee_number,
            "section": agent.section_id,
            "team": inbound_b.pk,
            "active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.for_object(agent).last()
    assert (event.action, event.actor_id) == ("agent.update", admin_user.pk)
    assert event.changes == {"team": {"old": str(agent.team_id), "new": str(inbound_b.pk)}}
    assert event.request_id and event.ip_address == "127.0.0.1"


def test_giving_a_login_a_role_in_the_admin_is_audited(client, admin_user, agent_user):
    client.force_login(admin_user)
    qa_manager = Group.objects.get(name="qa_manager")
    agent_group = Group.objects.get(name="agent")
    response = client.post(
        reverse("admin:auth_user_change", args=[agent_user.pk]),
        {
            "username": agent_user.username,
            "first_name": agent_user.first_name,
            "last_name": agent_user.last_name,
            "email": agent_user.email,
            "is_active": "on",
            "groups": [agent_group.pk, qa_manager.pk],
            "date_joined_0": "2026-01-05",
            "date_joined_1": "08:00:00",
            "initial-date_joined_0": "2026-01-05",
            "initial-date_joined_1": "08:00:00",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = AuditEvent.objects.for_object(agent_user).last()
    assert event.action == "user.update"
    assert event.changes["groups"] == {"old": ["agent"], "new": ["agent", "qa_manager"]}
    assert "password" not in event.changes


def test_deleting_in_the_admin_is_audited_with_what_was_deleted(client, admin_user):
    client.force_login(admin_user)
    centre = CareCentre.objects.get(name="Nigel")
    response = client.post(
        reverse("admin:org_carecentre_delete", args=[centre.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not CareCentre.objects.filter(pk=centre.pk).exists()
    event = AuditEvent.objects.latest("sequence")
    assert event.action == "carecentre.delete" and event.object_repr == "Nigel"
    assert event.changes["deleted"]["name"] == "Nigel"
    assert chain_verify().intact
