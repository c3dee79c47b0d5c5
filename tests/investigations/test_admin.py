"""Administrators keep the service levels as data, versioned by effective date."""

import pytest

from investigations.models import ServiceLevelPolicy

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_new_policy_version(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/admin/investigations/servicelevelpolicy/add/",
        {
            "source": "councillor",
            "acknowledge_days": 1,
            "response_days": 5,
            "effective_from": "2027-01-01",
            "note": "Council resolution",
        },
    )
    assert response.status_code == 302
    new = ServiceLevelPolicy.objects.get(effective_from="2027-01-01")
    assert new.created_by == admin_user
    assert ServiceLevelPolicy.objects.filter(source="councillor").count() == 2


def test_a_new_policy_version_is_an_audit_event(client, admin_user):
    from audit.models import AuditEvent

    client.force_login(admin_user)
    client.post(
        "/admin/investigations/servicelevelpolicy/add/",
        {
            "source": "speaker",
            "acknowledge_days": 2,
            "response_days": 6,
            "effective_from": "2027-02-01",
        },
    )
    new = ServiceLevelPolicy.objects.get(effective_from="2027-02-01")
    event = AuditEvent.objects.get(action="servicelevelpolicy.create", object_id=str(new.pk))
    assert event.actor == admin_user
    assert event.changes["response_days"] == {"old": None, "new": "6"}


def test_a_policy_used_by_a_case_cannot_be_rewritten(client, admin_user, make_case):
    case = make_case()
    client.force_login(admin_user)
    html = client.get(
        f"/admin/investigations/servicelevelpolicy/{case.policy.pk}/change/"
    ).content.decode()
    assert 'name="response_days"' not in html
    unused = ServiceLevelPolicy.objects.get(source="speaker")
    html = client.get(f"/admin/investigations/servicelevelpolicy/{unused.pk}/change/").content
    assert b'name="response_days"' in html


def test_policy_days_must_be_sensible(admin_user):
    from django.core.exceptions import ValidationError

    policy = ServiceLevelPolicy(
        source="other", acknowledge_days=5, response_days=2, effective_from="2027-01-01"
    )
    with pytest.raises(ValidationError):
        policy.full_clean()
