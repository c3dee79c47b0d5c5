"""Every screen and export: it works; an outsider gets 404; a role without access, or a
read-only viewer trying to change something, gets 403; bad input changes nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEvent
from investigations.models import Case, Evidence, State
from investigations.services import workflow
from investigations.services.evidence import evidence_add_document, evidence_link_call
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def evidence_items(assigned_case, investigator_user, make_call):
    call_item = evidence_link_call(case=assigned_case, actor=investigator_user, call=make_call())
    doc_item = evidence_add_document(
        case=assigned_case, actor=investigator_user, uploaded=SimpleUploadedFile("letter.pdf", PDF)
    )
    return call_item, doc_item


def case_urls(case, call_item, doc_item):
    """(method, url) for every case-scoped screen and action."""
    pk = case.pk
    return [
        ("get", reverse("investigations:case_detail", args=[pk])),
        ("get", reverse("correspondence:case_letter", args=[pk])),
        ("get", reverse("investigations:call_search", args=[pk]) + "?q=0821234567"),
        ("get", reverse("investigations:call_transcript", args=[pk, call_item.pk])),
        ("get", reverse("investigations:call_recording", args=[pk, call_item.pk])),
        ("get", reverse("investigations:document_open", args=[pk, doc_item.pk])),
        ("post", reverse("investigations:case_action", args=[pk, "hold"])),
        ("post", reverse("investigations:case_assign", args=[pk])),
        ("post", reverse("investigations:case_merge", args=[pk])),
        ("post", reverse("investigations:case_follow_up", args=[pk])),
        ("post", reverse("investigations:case_classify", args=[pk])),
        ("post", reverse("investigations:case_findings", args=[pk])),
        ("post", reverse("investigations:case_response_draft", args=[pk])),
        ("post", reverse("investigations:case_corrective_action", args=[pk])),
        ("post", reverse("investigations:call_link", args=[pk])),
        ("post", reverse("investigations:document_add", args=[pk])),
        ("post", reverse("investigations:note_add", args=[pk])),
        ("post", reverse("investigations:evidence_remove", args=[pk, doc_item.pk])),
    ]


@pytest.fixture
def with_response(assigned_case, investigator_user):
    from investigations.services.findings import case_findings_update

    return case_findings_update(
        case=assigned_case, actor=investigator_user, response_text="Dear Sir/Madam"
    )


def test_an_outsider_investigator_gets_404_everywhere(
    client, with_response, evidence_items, investigator2_user
):
    login(client, investigator2_user)
    for method, url in case_urls(with_response, *evidence_items):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
    assert Case.objects.get(pk=with_response.pk).state == State.INVESTIGATING


@pytest.mark.parametrize(
    "role_user", ["agent_user", "qa_officer_user", "qa_manager_user", "team_leader_user"]
)
def test_roles_without_cases_get_403_everywhere(
    client, request, role_user, with_response, evidence_items
):
    login(client, request.getfixturevalue(role_user))
    for method, url in case_urls(with_response, *evidence_items):
        assert getattr(client, method)(url).status_code == 403, (method, url)
    for name in ("investigations:queue", "investigations:board", "investigations:case_new"):
        assert client.get(reverse(name)).status_code == 403, name
    assert client.get(reverse("caseimport:case_import")).status_code == 403


def test_an_investigator_who_worked_on_a_case_may_read_it_but_not_change_it(
    client,
    with_response,
    evidence_items,
    investigator_user,
    investigator2_user,
    supervisor_user,
):
    workflow.case_assign(case=with_response, actor=supervisor_user, assignee=investigator2_user)
    login(client, investigator_user)  # worked on it, no longer assigned
    for method, url in case_urls(with_response, *evidence_items):
        expected = 200 if method == "get" and "/calls/?" not in url else 403
        assert getattr(client, method)(url).status_code == expected, (method, url)


def test_investigators_and_supervisors_get_403_on_the_other_roles_screens(
    client, investigator_user, admin_user
):
    login(client, investigator_user)
    for name in ("investigations:board", "caseimport:case_import"):
        assert client.get(reverse(name)).status_code == 403
    login(client, admin_user)
    assert client.get(reverse("caseimport:case_import")).status_code == 200
    assert client.get(reverse("investigations:board")).status_code == 403


def test_case_page_shows_clock_evidence_history_and_records_the_view(
    client, assigned_case, evidence_items, investigator_user
):
    login(client, investigator_user)
    response = client.get(reverse("investigations:case_detail", args=[assigned_case.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Acknowledge by" in html and "Final response by" in html
    assert "Tue 17 Nov 2026" in html
    assert "Nomvula Sithole" in html  # personal data for the investigator
    assert evidence_items[1].document.sha256 in html
    assert "assigned the case to Bongani Zulu" in html
    view = AuditEvent.objects.filter(action="case.view").get()
    assert view.actor == investigator_user and view.changes == {"personal_data_shown": True}


def test_opening_a_transcript_in_place_is_audited(
    client, assigned_case, evidence_items, investigator_user
):
    call_item = evidence_items[0]
    login(client, investigator_user)
    response = client.get(
        reverse("investigations:call_transcript", args=[assigned_case.pk, call_item.pk]),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "[PHONE]" in response.content.decode()  # investigators read the redacted text
    assert (
        AuditEvent.objects.filter(
            action="call.view_transcript", object_id=str(call_item.call_id)
        ).count()
        == 1
    )
    client.get(reverse("investigations:call_recording", args=[assigned_case.pk, call_item.pk]))
    assert AuditEvent.objects.filter(action="call.listen").count() == 1


def test_new_case_form(client, investigator_user):
    login(client, investigator_user)
    url = reverse("investigations:case_new")
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"source": "speaker", "complainant_name": "", "description": "x", "priority": "normal"}
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert Case.objects.count() == 0
    response = client.post(
        url,
        {
            "source": "speaker",
            "complainant_name": "Lindiwe Mahlangu",
            "description": "Rude agent",
            "priority": "high",
            "received_at": "2026-11-02T09:30",
            "ward": "12",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/cases/{case.pk}/")
    assert case.received_at == at("2026-11-02 09:30") and case.created_by == investigator_user


def test_an_illegal_action_shows_the_reason_and_changes_nothing(
    client, assigned_case, supervisor_user
):
    login(client, supervisor_user)
    url = reverse("investigations:case_action", args=[assigned_case.pk, "close"])
    response = client.post(url, follow=True)
    assert "Cannot close case" in response.content.decode()
    assert Case.objects.get(pk=assigned_case.pk).state == State.INVESTIGATING
    bad = client.post(reverse("investigations:case_action", args=[assigned_case.pk, "explode"]))
    assert bad.status_code == 404


def test_hold_without_a_reason_is_refused(client, assigned_case, investigator_user):
    login(client, investigator_user)
    url = reverse("investigations:case_action", args=[assigned_case.pk, "hold"])
    response = client.post(url, {"reason": ""}, follow=True)
    assert "A reason is required" in response.content.decode()
    client.post(url, {"reason": "Waiting for the complainant's meter photo"})
    assert Case.objects.get(pk=assigned_case.pk).state == State.ON_HOLD


def test_evidence_actions_through_the_screens(client, assigned_case, investigator_user, make_call):
    call = make_call(caller_number="0821234567")
    login(client, investigator_user)
    pk = assigned_case.pk
    results = client.get(
        reverse("investigations:call_search", args=[pk]) + "?q=082 123 4567", HTTP_HX_REQUEST="true"
    )
    assert f"Link call {call.pk}" in results.content.decode()
    client.post(reverse("investigations:call_link", args=[pk]), {"call": call.pk})
    client.post(reverse("investigations:note_add", args=[pk]), {"text": "Called Eskom"})
    response = client.post(
        reverse("investigations:document_add", args=[pk]),
        {"file": SimpleUploadedFile("x.exe", b"MZ\x90")},
        follow=True,
    )
    assert "not an accepted document type" in response.content.decode()
    assert set(Evidence.objects.values_list("kind", flat=True)) == {"call", "note"}
    note = Evidence.objects.get(kind="note")
    client.post(reverse("investigations:evidence_remove", args=[pk, note.pk]), {"reason": ""})
    assert Evidence.objects.get(pk=note.pk).removed_at is None
    client.post(
        reverse("investigations:evidence_remove", args=[pk, note.pk]), {"reason": "Duplicate"}
    )
    assert Evidence.objects.get(pk=note.pk).removed_at is not None


def test_findings_draft_and_printable_letter(client, assigned_case, investigator_user):
    login(client, investigator_user)
    pk = assigned_case.pk
    letter_url = reverse("correspondence:case_letter", args=[pk])
    assert client.get(letter_url).status_code == 404  # nothing drafted yet
    client.post(
        reverse("investigations:case_findings", args=[pk]),
        {
            "outcome": "substantiated",
            "root_cause": "agent_conduct",
            "batho_pele_breached": "courtesy",
            "findings": "The agent hung up.",
            "response_text": "",
        },
    )
    client.post(reverse("investigations:case_response_draft", args=[pk]))
    case = Case.objects.get(pk=pk)
    assert case.outcome == "substantiated"
    assert case.reference in case.response_text and "The agent hung up." in case.response_text
    response = client.get(letter_url)
    html = response.content.decode()
    assert response.status_code == 200 and "DRAFT" in html and "inv-letter" in html
    response = client.post(
        reverse("investigations:case_corrective_action", args=[pk]),
        {"description": "Coach the agent", "owner": "Team leader", "due_date": "2020-01-01"},
        follow=True,
    )
    assert "cannot be in the past" in response.content.decode()
    assert case.corrective_actions.count() == 0


def test_assign_merge_classify_by_supervisor(client, make_case, supervisor_user, investigator_user):
    case = make_case()
    other = make_case(description="Same")
    workflow.case_acknowledge(case=case, actor=supervisor_user)
    login(client, supervisor_user)
    client.post(
        reverse("investigations:case_assign", args=[case.pk]), {"assignee": investigator_user.pk}
    )
    case.refresh_from_db()
    assert case.state == State.ASSIGNED and case.assignee == investigator_user
    client.post(
        reverse("investigations:case_classify", args=[case.pk]),
        {"category": "water_outage", "department": ""},
    )
    assert Case.objects.get(pk=case.pk).category == "water_outage"
    client.post(
        reverse("investigations:case_merge", args=[case.pk]),
        {"into": other.reference, "reason": "Same complaint"},
    )
    assert Case.objects.get(pk=case.pk).merged_into == other


def test_queue_is_sorted_by_time_left_with_colours(
    client, make_case, supervisor_user, investigator_user
):
    from investigations.services.clocks import deadlines_check_all

    later = make_case(source="other", received_at=at("2026-11-20 10:00"))
    sooner = make_case(source="city_manager", received_at=at("2026-11-02 10:00"))
    for case in (later, sooner):
        workflow.case_acknowledge(case=case, actor=supervisor_user, now=at("2026-11-02 11:00"))
        workflow.case_assign(case=case, actor=supervisor_user, assignee=investigator_user)
    deadlines_check_all()
    login(client, investigator_user)
    html = client.get(reverse("investigations:queue")).content.decode()
    assert html.index(sooner.reference) < html.index(later.reference)
    assert 'class="inv-row-bad" data-reference="' + sooner.reference in html
    assert '<th scope="col">Subject</th>' in html
    assert "No water in Tembisa for three days and nobody came." in html  # the subject column


def test_a_case_the_investigator_opened_is_listed_until_it_is_assigned(
    client, make_case, supervisor_user, investigator_user, investigator2_user
):
    mine = make_case(actor=investigator_user, description="Opened at the walk-in desk.")
    login(client, investigator_user)
    html = client.get(reverse("investigations:queue")).content.decode()
    others = html[html.index("Other open cases you opened or worked on") :]
    assert mine.reference in others
    workflow.case_acknowledge(case=mine, actor=supervisor_user)
    workflow.case_assign(case=mine, actor=supervisor_user, assignee=investigator_user)
    html = client.get(reverse("investigations:queue")).content.decode()
    assert mine.reference in html and "Other open cases" not in html
    login(client, investigator2_user)  # never touched it: neither list
    assert mine.reference not in client.get(reverse("investigations:queue")).content.decode()


def test_list_screens_use_a_flat_number_of_queries(
    client, make_case, supervisor_user, investigator_user
):
    def add_cases(n):
        for _ in range(n):
            case = make_case()
            workflow.case_acknowledge(case=case, actor=supervisor_user)
            workflow.case_assign(case=case, actor=supervisor_user, assignee=investigator_user)

    def count(user, name):
        login(client, user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(f"investigations:{name}")).status_code == 200
        return len(ctx.captured_queries)

    add_cases(2)
    small = (count(investigator_user, "queue"), count(supervisor_user, "board"))
    add_cases(6)
    assert (count(investigator_user, "queue"), count(supervisor_user, "board")) == small


def test_import_screen_rejects_a_bad_file_and_lists_rows(
    client, supervisor_user, django_capture_on_commit_callbacks
):
    login(client, supervisor_user)
    data = (
        b"source,received_at,complainant_name,description\n"
        b"councillor,2026-11-02 10:00,A B,ok\n"
        b"nobody,2026-11-02 10:00,A B,bad\n"
    )
    response = client.post(
        reverse("caseimport:case_import"), {"file": SimpleUploadedFile("c.csv", data)}
    )
    html = response.content.decode()
    assert "nothing was imported" in html and "Row 3" in html
    assert Case.objects.count() == 0
    data = b"source,received_at,complainant_name,description\ncouncillor,2026-11-02 10:00,A B,ok\n"
    response = client.post(
        reverse("caseimport:case_import"), {"file": SimpleUploadedFile("c.csv", data)}
    )
    html = response.content.decode()
    assert "Preview of c.csv" in html and "Councillor" in html and Case.objects.count() == 0
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("caseimport:case_import"), {"payload": payload})
    assert Case.objects.get().received_at == at("2026-11-02 10:00")
    client.post(reverse("caseimport:case_import"), {"payload": payload[:-2] + "xx"})
    assert Case.objects.count() == 1  # an altered preview imports nothing


def test_home_sends_each_role_to_its_investigations_screen(
    client, investigator_user, supervisor_user
):
    login(client, investigator_user)
    assert client.get("/").url == reverse("investigations:queue")
    login(client, supervisor_user)
    assert client.get("/").url == reverse("investigations:board")


def test_personal_data_follows_the_permission_not_the_page(
    client, assigned_case, investigator_user
):
    """Complainant details are shown only to roles holding view_complainant (role data)."""
    from django.contrib.auth.models import Group, Permission
    from rest_framework.test import APIClient

    group = Group.objects.get(name="investigator")
    group.permissions.remove(Permission.objects.get(codename="view_complainant"))
    investigator_user = type(investigator_user).objects.get(pk=investigator_user.pk)
    login(client, investigator_user)
    html = client.get(reverse("investigations:case_detail", args=[assigned_case.pk])).content
    assert b"Nomvula Sithole" not in html and b"082 123 4567" not in html
    view = AuditEvent.objects.filter(action="case.view").get()
    assert view.changes == {"personal_data_shown": False}
    api = APIClient()
    api.force_authenticate(investigator_user)
    body = api.get(f"/api/investigations/cases/{assigned_case.reference}/").json()
    assert "complainant_name" not in body and body["reference"] == assigned_case.reference


def test_response_draft_saves_the_typed_findings_and_never_overwrites(
    client, investigator_user, assigned_case
):
    client.force_login(investigator_user)
    url = reverse("investigations:case_response_draft", args=[assigned_case.pk])
    form = {
        "outcome": "substantiated",
        "root_cause": "agent_conduct",
        "batho_pele_breached": "courtesy",
        "findings": "",
        "response_text": "",
    }
    response = client.post(url, form, follow=True)
    assert "Write the findings first" in response.content.decode()
    case = Case.objects.get(pk=assigned_case.pk)
    assert case.outcome == "substantiated" and case.response_text == ""  # typed kept, no draft
    client.post(url, {**form, "findings": "The agent hung up twice."})
    case.refresh_from_db()
    assert "The agent hung up twice." in case.response_text
    assert "[findings]" not in case.response_text and "Nomvula" not in case.response_text
    client.post(url, {**form, "findings": "New words.", "response_text": "My own letter."})
    case.refresh_from_db()
    assert case.findings == "New words." and case.response_text == "My own letter."


def _submitted(assigned_case, investigator_user):
    case = Case.objects.get(pk=assigned_case.pk)
    case.findings = "The agent hung up."
    case.outcome = "substantiated"
    case.root_cause = "agent_conduct"
    case.response_text = "Dear Sir/Madam"
    case.save()
    return workflow.case_submit_findings(case=case, actor=investigator_user)


def test_approve_is_not_offered_to_a_supervisor_who_investigated(
    client, assigned_case, investigator_user, supervisor_user
):
    from tests.conftest import _person

    both = _person("i.both", "Thandi", "Nkosi", ["investigator", "investigations_supervisor"])
    workflow.case_assign(case=assigned_case, actor=supervisor_user, assignee=both)
    case = _submitted(assigned_case, both)
    assert "approve" not in [t.action for t in workflow.allowed_actions(case, both)]
    assert "approve" in [t.action for t in workflow.allowed_actions(case, supervisor_user)]
    login(client, both)
    page = client.get(reverse("investigations:case_detail", args=[case.pk])).content.decode()
    assert "/do/approve/" not in page and "/do/return/" in page
    login(client, supervisor_user)
    page = client.get(reverse("investigations:case_detail", args=[case.pk])).content.decode()
    assert "/do/approve/" in page and "I confirm: approve findings and response" in page


def test_approve_needs_the_confirmation_and_keeps_the_comment(
    client, assigned_case, investigator_user, supervisor_user
):
    case = _submitted(assigned_case, investigator_user)
    login(client, supervisor_user)
    url = reverse("investigations:case_action", args=[case.pk, "approve"])
    response = client.post(url, {"comment": "Fine."}, follow=True)
    assert "Tick the box to confirm" in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == State.FINDINGS_SUBMITTED
    response = client.post(url, {"comment": "Send it today.", "confirm": "yes"}, follow=True)
    assert Case.objects.get(pk=case.pk).state == State.APPROVED
    assert "Comment: Send it today." in response.content.decode()


def test_a_supervisor_acknowledges_and_assigns_in_one_step_seeing_workloads(
    client, make_case, assigned_case, supervisor_user, investigator_user, investigator2_user
):
    case = make_case(description="Streetlight out on Main Road for a month.")
    login(client, supervisor_user)
    page = client.get(reverse("investigations:case_detail", args=[case.pk])).content.decode()
    # The investigator already has the assigned case (due Tue 17 Nov); the other has none.
    assert "Bongani Zulu — 1 open case, nearest due Tue 17 Nov" in page
    assert "Karabo Molefe — no open cases" in page
    url = reverse("investigations:case_action", args=[case.pk, "acknowledge"])
    client.post(url, {"assignee": investigator2_user.pk})
    case.refresh_from_db()
    assert case.state == State.ASSIGNED and case.assignee == investigator2_user
    assert case.acknowledged_at is not None
    # A bad choice changes nothing.
    other = make_case(description="Pothole.")
    url = reverse("investigations:case_action", args=[other.pk, "acknowledge"])
    response = client.post(url, {"assignee": 999999}, follow=True)
    assert "Choose an investigator" in response.content.decode()
    assert Case.objects.get(pk=other.pk).state == State.RECEIVED


def test_the_board_lists_the_most_urgent_and_counts_the_rest(
    client, make_case, supervisor_user, monkeypatch
):
    from investigations.views import lists

    monkeypatch.setattr(lists, "BOARD_LIST_LIMIT", 2)
    cases = [make_case(received_at=at(f"2026-11-0{d} 10:00")) for d in (2, 3, 5)]
    login(client, supervisor_user)
    html = client.get(reverse("investigations:board")).content.decode()
    assert "Unassigned (3)" in html and "And 1 more with more time left" in html
    assert cases[0].reference in html and cases[1].reference in html
    assert cases[2].reference not in html  # the most time left: counted, not listed


def test_the_case_page_takes_an_acknowledgement_that_took_effect_earlier(
    client, make_case, supervisor_user, investigator2_user
):
    case = make_case()
    login(client, supervisor_user)
    page = client.get(reverse("investigations:case_detail", args=[case.pk])).content.decode()
    assert 'name="effective_at"' in page and "Why it is recorded late" in page
    url = reverse("investigations:case_action", args=[case.pk, "acknowledge"])
    response = client.post(
        url,
        {
            "assignee": investigator2_user.pk,
            "effective_at": "2026-11-03T08:40",
            "late_reason": "Acknowledged by phone; recorded from the call log.",
        },
        follow=True,
    )
    case.refresh_from_db()
    assert case.state == State.ASSIGNED and case.acknowledged_at == at("2026-11-03 08:40")
    assert case.events.get(kind="assigned").at == at("2026-11-03 08:40")
    assert "Recorded later than it took effect because: Acknowledged by phone" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("effective_at", "late_reason", "words"),
    [
        ("3 Nov", "typo", "Give the time it took effect as a date and a time."),
        ("", "a reason alone", "without the time it took effect"),
        ("2026-11-03T08:40", "", "a reason is required for an earlier time"),
        ("2099-01-01T08:00", "ahead", "is in the future"),
    ],
)
def test_a_refused_effect_time_says_why_and_changes_nothing(
    client, make_case, supervisor_user, effective_at, late_reason, words
):
    case = make_case()
    login(client, supervisor_user)
    events = AuditEvent.objects.count()
    url = reverse("investigations:case_action", args=[case.pk, "acknowledge"])
    response = client.post(
        url, {"effective_at": effective_at, "late_reason": late_reason}, follow=True
    )
    assert words in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.RECEIVED and case.acknowledged_at is None
    assert AuditEvent.objects.exclude(action="case.view").count() == events


def test_the_effect_time_is_offered_only_for_steps_that_may_be_back_dated(
    client, assigned_case, investigator_user
):
    login(client, investigator_user)
    page = client.get(reverse("investigations:case_detail", args=[assigned_case.pk]))
    html = page.content.decode()
    assert 'id="effective-at-hold"' in html  # investigating: put on hold may be back-dated
    assert (
        'id="effective-at-submit_findings"' not in html and 'id="effective-at-withdraw"' not in html
    )
