"""Least privilege: the administrator is a role, not a superuser; the only superuser is a
break-glass account made by command and audited at every use; API keys are stored hashed."""

import hashlib
import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from audit.models import AuditEvent
from calls.models import Transcript
from calls.services.ingest import call_ingest
from org.demo import demo_people_ensure
from org.models import ApiToken
from org.services import api_token_create, api_token_revoke
from tests.calls.helpers import short_wav

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def call(tmp_path, agent_user):
    with open(short_wav(tmp_path / "c.wav"), "rb") as fh:
        call = call_ingest(
            file=fh,
            original_name="c.wav",
            source="folder",
            metadata={"agent": "a.agent", "caller_number": "0825551234"},
        ).call
    Transcript.objects.create(
        call=call,
        segments=[{"speaker": "caller", "start": 0, "end": 1, "text": "It is 5528194430."}],
        redacted_segments=[
            {"speaker": "caller", "start": 0, "end": 1, "text": "It is [ACCOUNT NUMBER]."}
        ],
    )
    return call


def test_demo_admin_is_an_administrator_not_a_superuser(site_data, call, client):
    demo_people_ensure()
    admin = User.objects.get(username="admin")
    assert not admin.is_superuser and admin.is_staff
    assert admin.groups.filter(name="administrator").exists()
    client.force_login(admin)
    # Users, roles and organisation data: yes.
    for url in (
        "/admin/auth/user/",
        "/admin/auth/user/add/",
        "/admin/org/team/",
        "/admin/org/department/add/",
    ):
        assert client.get(url).status_code == 200, url
    # What its role table denies, it is denied.
    assert client.get(reverse("calls:call_original", args=[call.pk])).status_code == 403
    page = client.get(reverse("calls:call_detail", args=[call.pk])).text
    assert "0825551234" not in page and "5528194430" not in page
    assert client.get("/admin/audit/auditevent/1/delete/").status_code in (403, 404)


def test_make_run_repairs_a_demo_admin_left_a_superuser(site_data):
    demo_people_ensure()
    User.objects.filter(username="admin").update(is_superuser=True)
    demo_people_ensure()
    assert not User.objects.get(username="admin").is_superuser


def test_administrator_cannot_make_anyone_a_superuser(admin_user, qa_officer_user, client):
    client.force_login(admin_user)
    url = f"/admin/auth/user/{qa_officer_user.pk}/change/"
    page = client.get(url).text
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    client.post(
        url,
        {
            "username": qa_officer_user.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "groups": [],
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        },
    )
    qa_officer_user.refresh_from_db()
    assert not qa_officer_user.is_superuser


def test_administrator_cannot_see_or_change_the_breakglass_account(admin_user, client):
    call_command("breakglass_create", "emergency", reason="restore after disk failure")
    glass = User.objects.get(username="emergency")
    client.force_login(admin_user)
    assert "emergency" not in client.get("/admin/auth/user/").text
    assert client.get(f"/admin/auth/user/{glass.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/auth/user/{glass.pk}/password/").status_code == 404


def test_breakglass_is_made_by_command_and_every_use_is_audited(site_data, client, capsys):
    with pytest.raises(CommandError, match="Say why"):
        call_command("breakglass_create", "emergency", reason="x")
    call_command("breakglass_create", "emergency", reason="restore after disk failure")
    password = capsys.readouterr().out.strip().splitlines()[-1]
    glass = User.objects.get(username="emergency")
    assert glass.is_superuser
    made = AuditEvent.objects.get(action="breakglass.create")
    assert made.changes == {"reason": "restore after disk failure"}
    response = client.post("/accounts/login/", {"username": "emergency", "password": password})
    assert response.status_code == 302
    client.get("/admin/")
    assert AuditEvent.objects.filter(action="breakglass.login", actor_id=glass.pk).count() == 1
    used = AuditEvent.objects.filter(action="breakglass.request", actor_id=glass.pk)
    assert used.filter(changes__path="/admin/", changes__status=200).exists()
    call_command("breakglass_close", "emergency", reason="done")
    glass.refresh_from_db()
    assert not glass.is_active and not glass.has_usable_password()


def test_breakglass_refuses_to_promote_an_ordinary_login(qa_officer_user):
    with pytest.raises(CommandError, match="ordinary login"):
        call_command("breakglass_create", qa_officer_user.username, reason="just this once")
    qa_officer_user.refresh_from_db()
    assert not qa_officer_user.is_superuser


def test_ordinary_requests_write_no_breakglass_event(admin_user, client):
    client.force_login(admin_user)
    client.get("/admin/")
    assert not AuditEvent.objects.filter(action__startswith="breakglass.").exists()


def test_api_key_is_stored_only_as_its_hash_and_works(qa_manager_user):
    token, key = api_token_create(user=qa_manager_user, name="PBX")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(list(ApiToken.objects.values_list()))  # nowhere in the row
    assert AuditEvent.objects.filter(action="api_token.create", object_id=str(token.pk)).exists()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/qa/calls/1/").status_code == 404  # authenticated: no such call
    client.credentials(HTTP_AUTHORIZATION=f"Token {stored.key_hash}")
    assert client.get("/api/qa/calls/1/").status_code == 401
    api_token_revoke(token=token, actor=qa_manager_user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/qa/calls/1/").status_code == 401


def test_admin_shows_a_key_once_and_never_lists_it(admin_user, qa_manager_user, client):
    client.force_login(admin_user)
    response = client.post(
        "/admin/org/apitoken/add/", {"user": qa_manager_user.pk, "name": "PBX"}, follow=True
    )
    assert response.status_code == 200
    text = response.text
    assert "shown only this once" in text
    token = ApiToken.objects.get()
    key = text.split("The key for PBX is ")[1].split(" ")[0]
    assert hashlib.sha256(key.encode()).hexdigest() == token.key_hash
    listing = (
        client.get("/admin/org/apitoken/").text
        + client.get(f"/admin/org/apitoken/{token.pk}/change/").text
    )
    assert key not in listing and token.key_hash not in listing
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 404


def test_migration_hashes_existing_clear_keys(qa_manager_user):
    clear = Token.objects.create(user=qa_manager_user)
    migration = importlib.import_module("org.migrations.0003_hash_existing_tokens")
    migration.forward(apps, None)
    assert not Token.objects.exists()
    token = ApiToken.objects.get(user=qa_manager_user)
    assert token.key_hash == hashlib.sha256(clear.key.encode()).hexdigest()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {clear.key}")
    assert client.get("/api/qa/calls/1/").status_code == 404  # the old key still works


def test_breakglass_use_through_an_api_key_is_audited(site_data):
    """A key made for the emergency account is watched like its browser logins: the request
    is authenticated by DRF inside the view, after the session middleware ran."""
    call_command("breakglass_create", "emergency", reason="restore after disk failure")
    glass = User.objects.get(username="emergency")
    token, key = api_token_create(user=glass, name="restore script")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = api.get("/api/qa/calls/")
    used = AuditEvent.objects.filter(action="breakglass.request", actor_id=glass.pk)
    assert used.filter(
        changes__path="/api/qa/calls/",
        changes__status=response.status_code,
        changes__via="api key",
        changes__key_prefix=token.prefix,
    ).exists()
