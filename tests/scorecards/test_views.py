"""scorecards/views.py: the designer's screens, who may use them, and their guard rails."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from scorecards.models import Criterion, Scorecard, ScorecardVersion
from scorecards.services.designer import scorecard_version_new_draft

pytestmark = pytest.mark.django_db

USERS = {
    "agent": "agent_user",
    "leader": "team_leader_user",
    "officer": "qa_officer_user",
    "manager": "qa_manager_user",
    "investigator": "investigator_user",
}


@pytest.fixture
def version(site_data):
    return Scorecard.objects.get(slug="inbound").current_version()


@pytest.fixture
def draft(version, qa_manager_user):
    return scorecard_version_new_draft(actor=qa_manager_user, scorecard=version.scorecard)


MATRIX = [
    ("scorecards:scorecard_list", None, "get", {"officer": 200, "manager": 200, "agent": 403}),
    ("scorecards:scorecard_list", None, "get", {"investigator": 403}),
    ("scorecards:scorecard_version", "version", "get", {"officer": 200, "leader": 403}),
    ("scorecards:scorecard_version", "version", "get", {"manager": 200}),
    ("scorecards:scorecard_preview", "version", "get", {"officer": 200, "agent": 403}),
    ("scorecards:scorecard_export", "version", "get", {"officer": 200, "agent": 403}),
    ("scorecards:scorecard_publish", "draft", "get", {"officer": 403, "manager": 200}),
    ("scorecards:scorecard_publish", "draft", "post", {"officer": 403, "agent": 403}),
    ("scorecards:group_add", "draft", "post", {"officer": 403}),
    ("scorecards:scorecard_import", None, "post", {"officer": 403}),
]


def _cases():
    for name, arg, method, expected in MATRIX:
        for who, status in expected.items():
            yield pytest.param(name, arg, method, who, status, id=f"{name}-{arg}-{who}-{status}")


@pytest.mark.parametrize("name, arg, method, who, status", list(_cases()))
def test_view_permissions(client, request, name, arg, method, who, status):
    obj = request.getfixturevalue(arg) if arg else None
    client.force_login(request.getfixturevalue(USERS[who]))
    response = getattr(client, method)(reverse(name, args=[obj.pk] if obj else None))
    assert response.status_code == status


def test_the_urls_keep_their_paths_under_qa(version):
    assert reverse("scorecards:scorecard_list") == "/qa/scorecards/"
    assert reverse("scorecards:scorecard_version", args=[version.pk]) == (
        f"/qa/scorecards/versions/{version.pk}/"
    )


def _criterion(draft, **changes):
    data = {
        "key": "callback",
        "text": "Offers a call back",
        "points": 5,
        "position": "end",
        "group": draft.groups.get(title="Closing").pk,
        "guidance": "",
        "na_when": "",
        "detector_key": "",
    }
    data.update(changes)
    return data


def test_designer_adds_a_criterion_at_the_end_by_default(client, draft, qa_manager_user):
    client.force_login(qa_manager_user)
    page = client.get(reverse("scorecards:criterion_add", args=[draft.pk])).content.decode()
    # The position and detector pick lists are offered in words, the end chosen.
    assert 'value="end" selected' in page
    assert "Greets and names the City in the agent&#x27;s first turn" in page
    response = client.post(reverse("scorecards:criterion_add", args=[draft.pk]), _criterion(draft))
    assert response.status_code == 302
    orders = list(draft.criteria.order_by("order").values_list("key", "order"))
    assert orders[-1] == ("callback", 13)
    assert [o for _, o in orders] == list(range(1, 14))


def test_a_criterion_placed_first_moves_the_others_down(client, draft, qa_manager_user):
    client.force_login(qa_manager_user)
    client.post(
        reverse("scorecards:criterion_add", args=[draft.pk]), _criterion(draft, position="1")
    )
    keys = list(draft.criteria.order_by("order").values_list("key", flat=True))
    assert keys[:2] == ["callback", "greeting"] and len(keys) == 13


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"detector_key": "inbound.no_such_rule"}, "Select a valid choice"),
        ({"points": "2.5"}, "Enter a whole number"),
        ({"points": "0"}, "greater than or equal to 1"),
        ({"points": "101"}, "less than or equal to 100"),
        ({"group": "999999"}, "Select a valid choice"),
        ({"position": "0"}, "Select a valid choice"),
    ],
)
def test_bad_criterion_input_is_refused_and_nothing_changes(
    client, draft, qa_manager_user, changes, message
):
    client.force_login(qa_manager_user)
    before = list(draft.criteria.values_list("key", "order", "points", "detector_key"))
    response = client.post(
        reverse("scorecards:criterion_add", args=[draft.pk]), _criterion(draft, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(draft.criteria.values_list("key", "order", "points", "detector_key")) == before


def test_a_group_that_exists_in_another_case_is_refused(client, draft, qa_manager_user):
    client.force_login(qa_manager_user)
    groups = draft.groups.count()
    response = client.post(
        reverse("scorecards:group_add", args=[draft.pk]), {"title": "closing"}, follow=True
    )
    assert "already has a group called “Closing”" in response.content.decode()
    assert draft.groups.count() == groups
    client.post(reverse("scorecards:group_add", args=[draft.pk]), {"title": "Follow-up"})
    assert draft.groups.order_by("-order").first().title == "Follow-up"


def test_bad_pass_mark_is_refused_and_nothing_changes(client, draft, qa_manager_user):
    client.force_login(qa_manager_user)
    for bad in ("101", "-1", "eighty"):
        response = client.post(
            reverse("scorecards:scorecard_version", args=[draft.pk]),
            {"pass_mark": bad, "change_note": "x"},
        )
        assert response.status_code == 200
        draft.refresh_from_db()
        assert draft.pass_mark == 80 and draft.change_note == ""


def test_publishing_needs_the_confirmation_page(client, draft, qa_manager_user):
    client.force_login(qa_manager_user)
    greeting = draft.criteria.get(key="greeting")
    Criterion.objects.filter(pk=greeting.pk).update(points=10)
    page = client.get(reverse("scorecards:scorecard_publish", args=[draft.pk])).content.decode()
    assert "Changes from version 1" in page
    assert "Points: 5 → 10" in page
    assert "Opening" in page and 'type="radio" disabled' in page  # the form's preview
    # A post without the confirmation publishes nothing.
    response = client.post(reverse("scorecards:scorecard_publish", args=[draft.pk]), {})
    assert response.status_code == 200 and "Tick the confirmation" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    response = client.post(
        reverse("scorecards:scorecard_publish", args=[draft.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"


def test_a_draft_with_an_unknown_detector_cannot_be_published(client, draft, qa_manager_user):
    client.force_login(qa_manager_user)
    Criterion.objects.filter(version=draft, key="greeting").update(detector_key="inbound.typo")
    page = client.get(reverse("scorecards:scorecard_version", args=[draft.pk])).content.decode()
    assert "Unknown detector “inbound.typo”" in page
    response = client.post(
        reverse("scorecards:scorecard_publish", args=[draft.pk]), {"confirm": "on"}, follow=True
    )
    assert "There is no detector &#x27;inbound.typo&#x27;" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_published_version_refuses_edits_through_the_screens(client, version, qa_manager_user):
    client.force_login(qa_manager_user)
    response = client.get(reverse("scorecards:criterion_add", args=[version.pk]), follow=True)
    assert "cannot be changed" in response.content.decode()
    response = client.post(
        reverse("scorecards:criterion_add", args=[version.pk]),
        {"key": "late", "text": "late", "points": 5, "position": "end"},
        follow=True,
    )
    assert "cannot be changed" in response.content.decode()
    assert not version.criteria.filter(key="late").exists()


def test_export_and_import_through_the_screens(client, version, qa_manager_user):
    client.force_login(qa_manager_user)
    document = json.loads(
        client.get(reverse("scorecards:scorecard_export", args=[version.pk])).content
    )
    document["scorecard"]["slug"] = "imported"
    upload = SimpleUploadedFile("card.json", json.dumps(document).encode(), "application/json")
    response = client.post(reverse("scorecards:scorecard_import"), {"document": upload})
    assert response.status_code == 302
    assert Scorecard.objects.get(slug="imported").versions.get().status == "draft"
    bad = SimpleUploadedFile("bad.json", b"{not json", "application/json")
    response = client.post(reverse("scorecards:scorecard_import"), {"document": bad}, follow=True)
    assert "not valid JSON" in response.content.decode()


@pytest.mark.parametrize("who, status", [("officer", 403), ("agent", 403), ("manager", 200)])
def test_designer_screens_are_for_managers(client, request, draft, who, status):
    client.force_login(request.getfixturevalue(USERS[who]))
    criterion = draft.criteria.first()
    assert client.get(reverse("scorecards:criterion_add", args=[draft.pk])).status_code == status
    edit = reverse("scorecards:criterion_edit", args=[draft.pk, criterion.pk])
    assert client.get(edit).status_code == status
    if status == 403:
        posts = [
            reverse("scorecards:criterion_delete", args=[draft.pk, criterion.pk]),
            reverse("scorecards:scorecard_new_draft", args=[draft.scorecard_id]),
            reverse("scorecards:scorecard_create"),
        ]
        for url in posts:
            assert client.post(url).status_code == 403
        assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_the_manager_cannot_delete_a_published_criterion(client, version, qa_manager_user):
    client.force_login(qa_manager_user)
    criterion = version.criteria.first()
    url = reverse("scorecards:criterion_delete", args=[version.pk, criterion.pk])
    assert client.post(url).status_code == 302
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_designer_outsider_ids_are_404(client, version, qa_manager_user):
    client.force_login(qa_manager_user)
    other = Criterion.objects.exclude(version=version).first()
    url = reverse("scorecards:criterion_edit", args=[version.pk, other.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("scorecards:scorecard_version", args=[9999])).status_code == 404
    assert ScorecardVersion.objects.filter(pk=9999).count() == 0
