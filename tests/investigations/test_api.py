"""REST intake: token auth, deadlines in the response, scoping, schema."""

import pytest
from rest_framework.test import APIClient

from investigations.models import Case
from org.services import api_token_create

pytestmark = pytest.mark.django_db


def _client(user):
    client = APIClient()
    _, key = api_token_create(user=user, name="test")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_case_posted_with_a_token_comes_back_with_its_deadlines(supervisor_user):
    response = _client(supervisor_user).post(
        "/api/investigations/cases/",
        {
            "source": "councillor",
            "source_reference": "CLR-77",
            "received_at": "2026-09-18T10:00:00+02:00",
            "complainant_name": "Nomvula Sithole",
            "description": "No water",
            "ward": 7,
            "department": "water-and-sanitation",
            "ims_references": ["IMS-1", "IMS-2"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("INV-")
    assert body["state"] == "received"
    assert body["acknowledge_due"].startswith("2026-09-22T23:59:59")
    assert body["response_due"].startswith("2026-10-05T23:59:59")
    assert body["deadlines"][0]["name"] == "Acknowledge"
    assert body["ims_references"] == ["IMS-1", "IMS-2"]
    assert Case.objects.get(reference=body["reference"]).created_by == supervisor_user


def test_bad_input_gets_a_clear_error_and_creates_nothing(supervisor_user):
    response = _client(supervisor_user).post(
        "/api/investigations/cases/", {"source": "nobody", "description": ""}, format="json"
    )
    assert response.status_code == 400
    assert "source" in response.json() and "complainant_name" in response.json()
    assert Case.objects.count() == 0


def test_without_a_token_the_api_refuses():
    assert APIClient().get("/api/investigations/cases/").status_code == 401


def test_roles_without_cases_get_403(agent_user, qa_officer_user):
    assert _client(agent_user).get("/api/investigations/cases/").status_code == 403
    assert (
        _client(qa_officer_user)
        .post("/api/investigations/cases/", {"source": "councillor"}, format="json")
        .status_code
        == 403
    )


def test_an_investigator_sees_only_their_cases(make_case, investigator2_user):
    case = make_case()
    client = _client(investigator2_user)
    assert client.get(f"/api/investigations/cases/{case.reference}/").status_code == 404
    assert client.get("/api/investigations/cases/").json()["results"] == []


def test_the_list_is_paged_and_carries_deadlines(make_case, supervisor_user):
    make_case()
    body = _client(supervisor_user).get("/api/investigations/cases/").json()
    assert body["count"] == 1
    assert body["results"][0]["response_due"].startswith("2026-11-17T23:59:59")


def test_the_openapi_schema_documents_the_endpoint(supervisor_user):
    client = APIClient()
    client.force_authenticate(supervisor_user)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/investigations/cases/" in schema
    assert "deadlines" in schema
