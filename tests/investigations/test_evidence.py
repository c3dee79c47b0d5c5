"""The evidence locker."""

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings

from audit.models import AuditEvent
from calls.models import Call, CallLink
from investigations.models import Document, Evidence
from investigations.services import CaseError, workflow
from investigations.services.evidence import (
    calls_search,
    evidence_add_document,
    evidence_add_note,
    evidence_link_call,
    evidence_remove,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_calls_are_found_by_number_account_or_ims_reference(make_call, investigator_user):
    by_number = make_call(caller_number="+27821234567")
    by_account = make_call(caller_number="0110000000", account_number="5001234567")
    by_ims = make_call(caller_number="0119999999", ims_reference="IMS-778899")
    make_call(caller_number="0730000000")
    assert list(calls_search(user=investigator_user, query="082 123 4567")) == [by_number]
    assert list(calls_search(user=investigator_user, query="5001234567")) == [by_account]
    assert list(calls_search(user=investigator_user, query="ims-778899")) == [by_ims]
    assert list(calls_search(user=investigator_user, query="12")) == []


def test_linking_a_call_twice_is_refused(assigned_case, make_call, investigator_user):
    call = make_call()
    evidence_link_call(case=assigned_case, actor=investigator_user, call=call)
    with pytest.raises(CaseError, match="already linked"):
        evidence_link_call(case=assigned_case, actor=investigator_user, call=call)


def test_a_linked_call_is_marked_as_complaint_evidence_for_sampling(
    assigned_case, make_call, investigator_user
):
    call = make_call()
    evidence_link_call(case=assigned_case, actor=investigator_user, call=call)
    assert call.complaint_references() == [assigned_case.reference]
    assert AuditEvent.objects.filter(action="call.link_complaint", object_id=str(call.pk)).exists()


def test_removing_a_linked_call_removes_its_complaint_mark_and_audits_it(
    assigned_case, make_call, investigator_user
):
    call = make_call()
    item = evidence_link_call(case=assigned_case, actor=investigator_user, call=call)
    evidence_remove(item=item, actor=investigator_user, reason="wrong caller")
    assert call.complaint_references() == []
    assert not Call.objects.with_complaint_flag().get(pk=call.pk).linked_to_complaint
    link = CallLink.objects.get(call=call)
    assert link.removed_at is not None and link.removed_by_name
    unlink = AuditEvent.objects.get(action="call.unlink_complaint", object_id=str(call.pk))
    assert unlink.changes["reason"] == "wrong caller"
    # Linking the call again marks it again.
    evidence_link_call(case=assigned_case, actor=investigator_user, call=call)
    assert call.complaint_references() == [assigned_case.reference]


def test_a_document_file_left_by_a_rolled_back_save_is_reused_not_copied(
    assigned_case, investigator_user
):
    data = PDF + b"% left behind\n"
    digest = hashlib.sha256(data).hexdigest()
    with pytest.raises(RuntimeError), transaction.atomic():
        evidence_add_document(
            case=assigned_case, actor=investigator_user, uploaded=SimpleUploadedFile("a.pdf", data)
        )
        raise RuntimeError("roll back after the file was written")
    assert not Document.objects.filter(sha256=digest).exists()
    item = evidence_add_document(
        case=assigned_case, actor=investigator_user, uploaded=SimpleUploadedFile("a.pdf", data)
    )
    assert item.document.file.name == f"investigations/documents/{digest[:2]}/{digest}"
    assert item.document.file.read() == data


def test_documents_are_stored_once_under_their_sha256(assigned_case, investigator_user):
    first = evidence_add_document(
        case=assigned_case, actor=investigator_user, uploaded=SimpleUploadedFile("letter.pdf", PDF)
    )
    second = evidence_add_document(
        case=assigned_case, actor=investigator_user, uploaded=SimpleUploadedFile("copy.pdf", PDF)
    )
    digest = hashlib.sha256(PDF).hexdigest()
    assert first.document.sha256 == digest
    assert first.document == second.document
    assert Document.objects.count() == 1
    assert first.document.content_type == "application/pdf"
    assert first.document.file.read() == PDF
    event = AuditEvent.objects.filter(action="evidence.add_document").first()
    assert event.changes["sha256"] == digest


def test_a_document_of_the_wrong_type_is_refused(assigned_case, investigator_user):
    with pytest.raises(CaseError, match="not an accepted document type"):
        evidence_add_document(
            case=assigned_case,
            actor=investigator_user,
            uploaded=SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary"),
        )
    # A renamed executable does not pass as a PDF: the content decides.
    with pytest.raises(CaseError):
        evidence_add_document(
            case=assigned_case,
            actor=investigator_user,
            uploaded=SimpleUploadedFile("fake.pdf", b"MZ\x90\x00binary"),
        )
    assert Evidence.objects.count() == 0 and Document.objects.count() == 0


def test_an_office_document_renamed_to_msg_is_refused_and_a_real_msg_accepted(
    assigned_case, investigator_user
):
    mail = Path(__file__).resolve().parents[1] / "data" / "mail"
    word = (mail / "olefile_test-ole-file.doc").read_bytes()
    for name in ("report.msg", "report.doc"):
        with pytest.raises(CaseError, match="not an accepted document type"):
            evidence_add_document(
                case=assigned_case,
                actor=investigator_user,
                uploaded=SimpleUploadedFile(name, word),
            )
    assert Evidence.objects.count() == 0 and Document.objects.count() == 0
    outlook = (mail / "msgreader_jpeg_attachment.msg").read_bytes()
    evidence = evidence_add_document(
        case=assigned_case,
        actor=investigator_user,
        uploaded=SimpleUploadedFile("complaint.msg", outlook),
    )
    assert evidence.document.content_type == "application/vnd.ms-outlook"


@override_settings(INVESTIGATIONS_MAX_DOCUMENT_MB=1)
def test_a_document_too_large_is_refused(assigned_case, investigator_user):
    big = PDF + b"0" * (1024 * 1024)
    with pytest.raises(CaseError, match="largest accepted is 1 MB"):
        evidence_add_document(
            case=assigned_case, actor=investigator_user, uploaded=SimpleUploadedFile("big.pdf", big)
        )
    assert Document.objects.count() == 0


def test_removal_needs_a_reason_and_keeps_the_item(assigned_case, investigator_user):
    note = evidence_add_note(case=assigned_case, actor=investigator_user, text="Spoke to Eskom")
    with pytest.raises(CaseError, match="reason is required"):
        evidence_remove(item=note, actor=investigator_user, reason="")
    evidence_remove(item=note, actor=investigator_user, reason="Wrong case")
    note.refresh_from_db()
    assert note.removed_at is not None and note.removal_reason == "Wrong case"
    assert Evidence.objects.filter(pk=note.pk).exists()
    assert assigned_case.evidence.present().count() == 0
    event = AuditEvent.objects.filter(action="evidence.remove").get()
    assert event.changes["reason"] == "Wrong case"


def test_evidence_cannot_be_added_to_a_closed_case(make_case, supervisor_user):
    case = make_case()
    workflow.case_withdraw(case=case, actor=supervisor_user, reason="Withdrawn")
    with pytest.raises(CaseError, match="open case"):
        evidence_add_note(case=case, actor=supervisor_user, text="late note")
