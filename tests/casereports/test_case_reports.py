"""The case reports moved from investigations: same figures, same URLs, same access."""

import io

import pytest
import tablib
from django.urls import reverse

from casereports.exports import CaseExportResource
from casereports.selectors.cases import report_summary
from investigations.models import Case
from investigations.services import workflow
from tests.casereports.conftest import at

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_report_counts_and_on_time_rates(make_case, supervisor_user):
    on_time = make_case(source="city_manager", received_at=at("2026-10-05 09:00"))
    late = make_case(source="city_manager", received_at=at("2026-10-06 09:00"))
    make_case(source="councillor", received_at=at("2026-11-02 10:00"))
    workflow.case_acknowledge(case=on_time, actor=supervisor_user, now=at("2026-10-05 12:00"))
    workflow.case_acknowledge(case=late, actor=supervisor_user, now=at("2026-10-09 12:00"))
    summary = report_summary(Case.objects.all(), now=at("2026-11-04 12:00"))
    assert summary["total"] == 3
    assert dict(summary["by_source"]) == {"City Manager's Office": 2, "Councillor": 1}
    october, november = summary["monthly"]
    assert october["month"] == "2026-10"
    assert (october["ack_on_time"], october["ack_total"], october["ack_rate"]) == (1, 2, 50.0)
    # Both October response deadlines (7 working days) have passed unanswered.
    assert (october["resp_on_time"], october["resp_total"]) == (0, 2)
    # November's acknowledgement (due Thu 5 Nov) is not decided yet on 4 Nov.
    assert november["ack_total"] == 0 and november["ack_rate"] is None
    groups = {(g["month"], g["source"]): g for g in summary["groups"]}
    assert groups[("2026-10", "City Manager's Office")]["ack_rate"] == 50.0
    assert dict(summary["by_age"])["over 30 days"] == 0
    assert dict(summary["by_age"])["15–30 days"] == 2


def test_export_has_no_personal_data(make_case):
    make_case()
    dataset = CaseExportResource().export(Case.objects.all())
    text = dataset.export("csv")
    assert "Nomvula" not in text and "082" not in text
    assert "INV-" in text and "Councillor" in text
    rows = list(tablib.Dataset().load(io.StringIO(text).read(), format="csv").dict)
    assert rows[0]["response_due"] == "2026-11-17 23:59"
    assert "ward" in rows[0] and rows[0]["assignee"] == ""


def test_reports_and_exports(client, make_case, supervisor_user):
    case = make_case()
    workflow.case_acknowledge(case=case, actor=supervisor_user, now=at("2026-11-03 09:00"))
    login(client, supervisor_user)
    html = client.get(reverse("casereports:reports")).content.decode()
    assert "<svg" in html and "2026-11" in html and "1/1 (100.0%)" in html
    csv = client.get(reverse("casereports:reports_export", args=["csv"]))
    assert csv.status_code == 200 and case.reference in csv.content.decode()
    assert "Nomvula" not in csv.content.decode()
    xlsx = client.get(reverse("casereports:reports_export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert client.get(reverse("casereports:reports_export", args=["pdf"])).status_code == 404
