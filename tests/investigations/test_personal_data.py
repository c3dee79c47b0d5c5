"""A complainant's personal details (name, phone, e-mail, account) reach only the roles holding
``investigations.view_complainant``, everywhere a case is shown: the case page (every tab), the
response draft and letter, the lists, the history, notifications, exports, the API and the
import preview."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from inbox.models import Notification
from investigations.models import Case
from investigations.services.findings import case_findings_update, case_response_draft
from tests.investigations.test_views import login

pytestmark = pytest.mark.django_db

PERSONAL = ("Nomvula", "Sithole", "082 123 4567", "0821234567", "nomvula@example.org", "ACC-991")


def _absent(text: str) -> None:
    for value in PERSONAL:
        assert value not in text, value


@pytest.fixture
def case(make_case, assigned_case, investigator_user):
    case = Case.objects.get(pk=assigned_case.pk)
    Case.objects.filter(pk=case.pk).update(
        complainant_email="nomvula@example.org", complainant_account="ACC-991"
    )
    case = case_findings_update(
        case=Case.objects.get(pk=case.pk),
        actor=investigator_user,
        outcome="substantiated",
        root_cause="department_delay",
        findings="No crew was sent.",
        response_text="",
    )
    case, _ = case_response_draft(case=case, actor=investigator_user)
    return case


def _without_permission(user):
    Group.objects.get(name="investigator").permissions.remove(
        Permission.objects.get(codename="view_complainant")
    )
    return type(user).objects.get(pk=user.pk)


def test_an_investigator_without_the_permission_sees_no_details_anywhere(
    client, case, investigator_user
):
    user = _without_permission(investigator_user)
    login(client, user)
    pages = [
        reverse("investigations:case_detail", args=[case.pk]),
        reverse("investigations:queue"),
        reverse("correspondence:case_letter", args=[case.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        _absent(response.content.decode())
    api = APIClient()
    api.force_authenticate(user)
    listed = api.get("/api/investigations/cases/").json()["results"]
    assert listed and all("complainant_name" not in row for row in listed)
    _absent(str(listed))


def test_roles_allowed_see_the_details_on_the_case_page_only(
    client, case, investigator_user, supervisor_user
):
    login(client, investigator_user)
    html = client.get(reverse("investigations:case_detail", args=[case.pk])).content.decode()
    assert "Nomvula Sithole" in html and "nomvula@example.org" in html and "ACC-991" in html
    # Not in the response to the office, the lists, the history or anyone's notifications.
    _absent(case.response_text)
    _absent(client.get(reverse("investigations:queue")).content.decode())
    login(client, supervisor_user)
    _absent(client.get(reverse("investigations:board")).content.decode())
    history = html[html.index('id="h-history"') :]
    _absent(history)
    _absent(" ".join(Notification.objects.values_list("words", flat=True)))
    export = client.get(reverse("casereports:reports_export", args=["csv"]))
    _absent(export.content.decode())


def test_the_import_preview_withholds_names_from_administrators(
    client, admin_user, supervisor_user
):
    data = (
        b"source,received_at,complainant_name,description\n"
        b"councillor,2026-11-02 10:00,Nomvula Sithole,No water\n"
    )
    url = reverse("caseimport:case_import")
    for user, shown in ((admin_user, False), (supervisor_user, True)):
        login(client, user)
        upload = SimpleUploadedFile("cases.csv", data, content_type="text/csv")
        html = client.post(url, {"file": upload}).content.decode()
        assert "would be opened" in html
        assert ("Nomvula Sithole" in html) is shown
        assert ("withheld" in html) is not shown
