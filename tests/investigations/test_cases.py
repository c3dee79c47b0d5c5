"""Intake: references, policy versions, validation."""

import datetime as dt

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from investigations.models import Case, ServiceLevelPolicy
from investigations.services import CaseError
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db


def test_references_are_sequential_per_year_and_never_reused(make_case):
    first = make_case()
    second = make_case()
    year = first.created_at.astimezone().year
    assert first.reference == f"INV-{year}-000001"
    assert second.reference == f"INV-{year}-000002"
    Case.objects.filter(pk=second.pk).delete()
    assert make_case().reference == f"INV-{year}-000003"


def test_the_case_keeps_the_policy_in_force_when_it_was_received(make_case):
    old_case = make_case(received_at=at("2026-11-02 10:00"))
    ServiceLevelPolicy.objects.create(
        source="councillor",
        acknowledge_days=1,
        response_days=5,
        effective_from=dt.date(2026, 11, 10),
    )
    new_case = make_case(received_at=at("2026-11-12 10:00"))
    assert old_case.policy.response_days == 10
    assert new_case.policy.response_days == 5
    # Thu 12 Nov 10:00, 1 and 5 working days: Fri 13 and Thu 19 Nov.
    assert new_case.acknowledge_due == at("2026-11-13 23:59:59")
    assert new_case.response_due == at("2026-11-19 23:59:59")
    call_command("recompute_case_deadlines", verbosity=0)
    old_case.refresh_from_db()
    assert old_case.response_due == at("2026-11-17 23:59:59")  # unchanged by the new policy


def test_default_policies_follow_the_standard():
    days = {
        p.source: (p.acknowledge_days, p.response_days) for p in ServiceLevelPolicy.objects.all()
    }
    assert days["city_manager"] == (1, 7)
    assert days["speaker"] == (1, 7)
    assert days["executive_mayor"] == (1, 7)
    assert days["councillor"] == (2, 10)
    assert days["head_of_department"] == (2, 10)
    assert days["presidential_hotline"] == (1, 14)
    assert days["provincial_hotline"] == (1, 14)
    assert days["social_media"] == days["email"] == days["walk_in"] == days["other"] == (2, 14)


def test_bad_input_is_refused_and_spends_no_reference(make_case):
    with pytest.raises(CaseError):
        make_case(received_at=at("2030-01-01 10:00"))
    with pytest.raises(Exception):  # noqa: B017 - full_clean's ValidationError
        make_case(ward=500)
    assert Case.objects.count() == 0
    case = make_case()
    assert case.reference.endswith("000001")


def test_intake_is_audited_with_the_received_time(make_case):
    case = make_case(ims_references="ims-1, IMS-2 ims-1")
    event = AuditEvent.objects.for_object(case).get()
    assert event.action == "case.create"
    assert event.changes["received_at"] == "2026-11-02 10:00"
    assert event.changes["ims_references"] == ["IMS-1", "IMS-2"]
