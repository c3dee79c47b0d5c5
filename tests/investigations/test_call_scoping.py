"""Investigators read unredacted text, audio and caller numbers only for calls linked to their
own cases; every other call they read redacted. ``Call.objects.unredacted_for`` is the scope."""

import pytest
from django.urls import reverse

from calls.models import Call
from investigations.services.evidence import evidence_link_call, evidence_remove

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked_and_other(assigned_case, investigator_user, make_call):
    linked, other = make_call(caller_number="0821110000"), make_call(caller_number="0829990000")
    evidence_link_call(case=assigned_case, actor=investigator_user, call=linked)
    return linked, other


def test_unredacted_scope_is_the_calls_of_their_own_cases(
    linked_and_other, investigator_user, investigator2_user, qa_officer_user, supervisor_user
):
    linked, other = linked_and_other
    assert set(Call.objects.unredacted_for(investigator_user)) == {linked}
    assert set(Call.objects.unredacted_for(investigator2_user)) == set()
    assert set(Call.objects.unredacted_for(supervisor_user)) >= {linked, other}
    assert set(Call.objects.unredacted_for(qa_officer_user)) >= {linked, other}


def test_investigator_reads_their_linked_call_unredacted(
    client, linked_and_other, investigator_user
):
    linked, _ = linked_and_other
    client.force_login(investigator_user)
    page = client.get(reverse("calls:call_detail", args=[linked.pk])).text
    assert "0821110000" in page and reverse("calls:call_original", args=[linked.pk]) in page
    assert reverse("calls:call_recording", args=[linked.pk]) in page
    original = client.get(reverse("calls:call_original", args=[linked.pk]))
    assert original.status_code == 200 and "082 123 4567" in original.text
    assert client.get(reverse("calls:call_recording", args=[linked.pk])).status_code == 200


def test_investigator_reads_other_calls_redacted(client, linked_and_other, investigator_user):
    _, other = linked_and_other
    client.force_login(investigator_user)
    detail = client.get(reverse("calls:call_detail", args=[other.pk]))
    assert detail.status_code == 200  # the redacted call page, for searching
    assert "0829990000" not in detail.text and "•••" in detail.text
    assert reverse("calls:call_original", args=[other.pk]) not in detail.text
    assert reverse("calls:call_recording", args=[other.pk]) not in detail.text
    assert client.get(reverse("calls:call_original", args=[other.pk])).status_code == 403
    assert client.get(reverse("calls:call_recording", args=[other.pk])).status_code == 403
    listing = client.get(reverse("calls:call_list")).text
    assert "0829990000" not in listing and "0821110000" not in listing


def test_another_investigator_reads_the_linked_call_redacted(
    client, linked_and_other, investigator2_user
):
    linked, _ = linked_and_other
    client.force_login(investigator2_user)
    assert client.get(reverse("calls:call_original", args=[linked.pk])).status_code == 403
    assert client.get(reverse("calls:call_recording", args=[linked.pk])).status_code == 403
    assert "0821110000" not in client.get(reverse("calls:call_detail", args=[linked.pk])).text


def test_removing_the_evidence_ends_unredacted_access(
    client, assigned_case, linked_and_other, investigator_user
):
    linked, _ = linked_and_other
    item = assigned_case.evidence.get(call=linked)
    evidence_remove(item=item, actor=investigator_user, reason="linked by mistake")
    client.force_login(investigator_user)
    assert client.get(reverse("calls:call_original", args=[linked.pk])).status_code == 403


def test_supervisor_and_qa_keep_unredacted_access(
    client, linked_and_other, supervisor_user, qa_manager_user
):
    _, other = linked_and_other
    for user in (supervisor_user, qa_manager_user):
        client.force_login(user)
        assert client.get(reverse("calls:call_original", args=[other.pk])).status_code == 200


def test_case_page_recording_is_never_served_as_a_page(
    client, assigned_case, linked_and_other, investigator_user
):
    from calls.models import Recording

    linked, _ = linked_and_other
    Recording.objects.filter(pk=linked.recording_id).update(content_type="text/html")
    item = assigned_case.evidence.get(call=linked)
    client.force_login(investigator_user)
    response = client.get(
        reverse("investigations:call_recording", args=[assigned_case.pk, item.pk])
    )
    assert not response["Content-Type"].startswith("text/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith(("inline;", "attachment;"))
