"""Bulk reads of personal data (exports, a page of the case list API) are audit events that say
who read what, with which filter, and how many rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from org.services import api_token_create
from tests.investigations.conftest import at
from tests.qa.factories import make_call, make_evaluation

pytestmark = pytest.mark.django_db


def _last(action):
    return AuditEvent.objects.filter(action=action).order_by("-sequence").first()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    ("what", "action"), [("evaluations", "evaluation.export"), ("answers", "answer.export")]
)
def test_a_qa_export_is_audited_with_its_filter_and_row_count(
    client, agent_user, qa_officer_user, qa_manager_user, what, action, fmt
):
    for _ in range(2):
        make_evaluation(make_call(agent_user), qa_officer_user)
    client.force_login(qa_manager_user)
    response = client.get(
        reverse("qa:export", args=[what, fmt]), {"date_from": "2020-01-01"}, REMOTE_ADDR="10.1.2.3"
    )
    assert response.status_code == 200
    event = _last(action)
    assert event is not None, "the export wrote no audit event"
    assert event.actor_id == qa_manager_user.pk
    assert event.changes["filter"] == {"date_from": "2020-01-01"}
    criteria = 12  # the inbound scorecard
    assert event.changes["rows"] == (2 if what == "evaluations" else 2 * criteria)
    assert event.changes["format"] == fmt
    assert event.ip_address == "10.1.2.3"
    assert "exported" in event.describe()


def test_the_case_report_export_is_audited_with_its_dates_and_row_count(
    client, make_case, supervisor_user
):
    make_case()
    make_case(received_at=at("2026-11-03 09:00"))
    client.force_login(supervisor_user)
    response = client.get(
        reverse("casereports:reports_export", args=["csv"]),
        {"start": "2026-11-01", "end": "2026-11-30"},
    )
    assert response.status_code == 200
    event = _last("case.export")
    assert event is not None
    assert event.changes["filter"] == {"start": "2026-11-01", "end": "2026-11-30"}
    assert event.changes["rows"] == 2
    assert event.actor_id == supervisor_user.pk


def test_a_page_of_the_case_list_api_is_audited(client, make_case, supervisor_user):
    for _ in range(3):
        make_case()
    _, key = api_token_create(user=supervisor_user, name="bulk")
    before = AuditEvent.objects.filter(action="case.list").count()
    response = client.get(
        "/api/investigations/cases/",
        {"page_size": 2},
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 200
    assert AuditEvent.objects.filter(action="case.list").count() == before + 1
    event = _last("case.list")
    assert event.changes["rows"] == 2
    assert event.changes["total"] == 3
    assert event.changes["filter"] == {"page_size": "2"}
    assert event.changes["personal_data"] is True
    assert event.actor_id == supervisor_user.pk
