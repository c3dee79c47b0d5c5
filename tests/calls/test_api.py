"""qa/api.py: the telephony platform's endpoint, token-authenticated and in the OpenAPI schema."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from calls.models import Call
from org.services import api_token_create
from tests.calls.helpers import short_wav

pytestmark = pytest.mark.django_db
URL = "/api/qa/calls/"


@pytest.fixture
def platform(admin_user):
    """The telephony platform's account: an administrator's token."""
    client = APIClient()
    _, key = api_token_create(user=admin_user, name="test")
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def upload(client, path, **data):
    return client.post(
        URL,
        {"file": SimpleUploadedFile(path.name, path.read_bytes(), "audio/wav"), **data},
        format="multipart",
    )


def test_platform_posts_a_recording_and_reads_it_back(platform, tmp_path, agent_user):
    path = short_wav(tmp_path / "from-pbx.wav")
    response = upload(
        platform, path, agent="a.agent", direction="inbound", started_at="2026-11-20T09:00:00+02:00"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "received" and body["duplicate"] is False
    call = Call.objects.get(pk=body["id"])
    assert call.source == "api" and call.agent.user == agent_user
    read = platform.get(f"{URL}{call.pk}/")
    assert read.status_code == 200 and read.json()["id"] == call.pk


def test_same_recording_twice_is_a_duplicate(platform, tmp_path):
    path = short_wav(tmp_path / "a.wav")
    first = upload(platform, path).json()
    again = upload(platform, path)
    assert again.status_code == 200
    assert again.json()["duplicate"] is True and again.json()["id"] == first["id"]
    assert Call.objects.count() == 1


def test_non_audio_is_a_400_with_the_reason(platform):
    response = platform.post(
        URL, {"file": SimpleUploadedFile("x.wav", b"hello " * 100, "audio/wav")}, format="multipart"
    )
    assert response.status_code == 400
    assert "not an audio file" in response.json()["detail"]
    assert not Call.objects.exists()


def test_bad_metadata_is_a_400(platform, tmp_path):
    response = upload(platform, short_wav(tmp_path / "a.wav"), direction="sideways")
    assert response.status_code == 400
    assert not Call.objects.exists()


def test_no_token_is_401_and_a_role_without_permission_is_403(tmp_path, investigator_user):
    path = short_wav(tmp_path / "a.wav")
    assert upload(APIClient(), path).status_code == 401
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token_create(user=investigator_user, name='t')[1]}"
    )
    assert upload(client, path).status_code == 403
    assert not Call.objects.exists()


def test_reading_a_call_outside_ones_scope_is_404(platform, tmp_path, agent_user, agent2_user):
    call_id = upload(platform, short_wav(tmp_path / "a.wav"), agent="a.agent").json()["id"]
    client = APIClient()
    client.force_authenticate(agent2_user)
    assert client.get(f"{URL}{call_id}/").status_code == 404


def test_endpoint_is_documented_in_the_openapi_schema(client, admin_user):
    client.force_login(admin_user)
    schema = client.get(reverse("api_schema"), HTTP_ACCEPT="application/json").json()
    post = schema["paths"]["/api/qa/calls/"]["post"]
    assert "multipart/form-data" in post["requestBody"]["content"]
    assert {"201", "200", "400"} <= set(post["responses"])
    assert "tokenAuth" in str(post["security"])
