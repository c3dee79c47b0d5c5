"""E-mail intake through the services, on the real database and file store: a draft, confirmed
into a case with its attachment as hashed evidence; a reply and a duplicate joining that case;
discarding; the source guessed from the office table; refusals that write nothing."""

import hashlib
from email.message import EmailMessage

import pytest

from audit.models import AuditEvent
from correspondence.models import MailMessage, OfficeAddress
from correspondence.parsing import MailError
from correspondence.services.intake import (
    mail_draft_confirm,
    mail_draft_discard,
    mail_draft_join,
    mail_receive,
)
from correspondence.services.offices import (
    office_address_add,
    office_address_remove,
    office_for,
)
from investigations.models import Case, CaseEvent, Evidence, ServiceLevelPolicy

pytestmark = pytest.mark.django_db


def _confirm(message, actor, **extra):
    values = {
        "source": message.source_guess,
        "complainant_name": "Lindiwe Dube",
        "complainant_phone": "072 555 0142",
        "description": message.body_text,
        "ward": 12,
    }
    values.update(extra)
    return mail_draft_confirm(message=message, actor=actor, **values)


def test_the_seeded_offices_guess_the_source(site_data):
    assert OfficeAddress.objects.count() >= 8  # loaded by setup_site
    assert office_for("speaker@ekurhuleni.gov.za").source == "speaker"
    assert office_for("thabo.mokoena@council.ekurhuleni.gov.za").source == "councillor"
    assert office_for("desk@hotline.gauteng.gov.za").source == "provincial_hotline"  # parent
    assert office_for("resident@gmail.com") is None


def test_a_message_becomes_a_draft_and_nothing_is_opened(eml, investigator_user):
    cases_before = Case.objects.count()
    message = mail_receive(
        raw=eml("councillor_with_attachment.eml"), via="upload", actor=investigator_user
    )
    assert message.state == MailMessage.State.DRAFT and message.case is None
    assert message.source_guess == "councillor" and message.office.office == "Ward councillors"
    assert message.sha256 == hashlib.sha256(eml("councillor_with_attachment.eml")).hexdigest()
    assert message.raw.open("rb").read() == eml("councillor_with_attachment.eml")
    assert message.attachments[0]["name"] == "ward12-photo-log.pdf"
    assert Case.objects.count() == cases_before  # nothing opened silently
    assert AuditEvent.objects.filter(action="mail.receive", object_id=str(message.pk)).exists()


def test_confirming_opens_the_case_with_the_message_and_attachment_as_evidence(
    eml, investigator_user
):
    message = mail_receive(
        raw=eml("councillor_with_attachment.eml"), via="upload", actor=investigator_user
    )
    case = _confirm(message, investigator_user)
    assert case.source == "councillor" and case.complainant_name == "Lindiwe Dube"
    assert case.received_at == message.sent_at  # received when the office sent it
    assert CaseEvent.objects.get(case=case, kind="received").data == {"via": "email"}
    documents = {e.original_name: e.document for e in case.evidence.filter(kind="document")}
    assert set(documents) == {
        "ward12-photo-log.pdf",
        "e-mail Ward 12 no water in Rabie Ridge for four days.eml",
    }
    pdf = documents["ward12-photo-log.pdf"]
    assert pdf.content_type == "application/pdf"
    assert pdf.sha256 == hashlib.sha256(pdf.file.open("rb").read()).hexdigest()
    message.refresh_from_db()
    assert message.state == MailMessage.State.OPENED and message.case == case
    assert message.decided_by == investigator_user
    assert AuditEvent.objects.filter(action="mail.confirm", object_id=str(message.pk)).exists()
    with pytest.raises(MailError, match="no longer a draft"):
        _confirm(message, investigator_user)


def test_a_reply_and_a_duplicate_join_the_case_instead_of_opening_another(eml, investigator_user):
    first = mail_receive(
        raw=eml("councillor_with_attachment.eml"), via="upload", actor=investigator_user
    )
    case = _confirm(first, investigator_user)
    cases = Case.objects.count()
    reply = mail_receive(raw=eml("councillor_reply.eml"), via="upload", actor=investigator_user)
    assert reply.state == MailMessage.State.JOINED and reply.case == case
    assert "a reply to <20261203091500.4821@council.ekurhuleni.gov.za>" in reply.note
    notes = [e.note for e in case.evidence.filter(kind=Evidence.Kind.NOTE)]
    assert any("the pressure is very low" in n for n in notes)
    assert case.evidence.filter(original_name__startswith="e-mail RE Ward 12").exists()
    duplicate = mail_receive(
        raw=eml("councillor_duplicate.eml"), via="upload", actor=investigator_user
    )
    assert duplicate.state == MailMessage.State.JOINED and duplicate.case == case
    assert case.evidence.filter(kind="note", note__startswith="The same e-mail arrived again")
    assert Case.objects.count() == cases
    assert AuditEvent.objects.filter(action="mail.join").count() == 2


def test_an_outlook_msg_becomes_a_case_like_an_eml(eml, investigator_user):
    raw = eml("msgreader_jpeg_attachment.msg")
    digest = hashlib.sha256(raw).hexdigest()
    message = mail_receive(raw=raw, via="upload", actor=investigator_user, name="asdf.msg")
    assert message.state == MailMessage.State.DRAFT and message.case is None
    assert message.sender == "christoph@freiraum.xyz" and message.subject == "asdf"
    assert message.message_id == "<000001d3c2c0$e7ca4aa0$b75edfe0$@freiraum.xyz>"
    assert message.sha256 == digest and message.raw.name.endswith(f"{digest}.msg")
    assert message.raw.open("rb").read() == raw
    # The message is from 2018: a charter in force then, so the case can be opened as received.
    ServiceLevelPolicy.objects.create(
        source="email", acknowledge_days=2, response_days=14, effective_from="2018-01-01"
    )
    case = _confirm(message, investigator_user, description="Photo of the leak, see attached.")
    assert case.received_at == message.sent_at
    documents = {e.original_name: e.document for e in case.evidence.filter(kind="document")}
    assert documents["e-mail asdf.msg"].content_type == "application/vnd.ms-outlook"
    assert documents["e-mail asdf.msg"].sha256 == digest
    photo = documents["5AAoPFgV-nJ965R7o-98C38840-4454-4750-9AEF-F53DB3E37548.jpg"]
    assert photo.content_type == "image/jpeg" and photo.size_bytes == 122784
    again = mail_receive(raw=raw, via="upload", actor=investigator_user, name="asdf.msg")
    assert again.state == MailMessage.State.JOINED and again.case == case  # by Message-ID
    assert Case.objects.count() == 1


def test_a_reply_read_from_the_mailbox_waits_for_one_click_to_join(eml, investigator_user):
    case = _confirm(
        mail_receive(
            raw=eml("councillor_with_attachment.eml"), via="upload", actor=investigator_user
        ),
        investigator_user,
    )
    reply = mail_receive(raw=eml("councillor_reply.eml"), via="imap")  # nobody acting
    assert reply.state == MailMessage.State.DRAFT and reply.case == case
    assert f"Belongs to {case.reference}" in reply.note
    joined = mail_draft_join(message=reply, actor=investigator_user)
    assert joined.state == MailMessage.State.JOINED
    assert case.evidence.filter(note__contains="the pressure is very low").exists()


def test_a_second_copy_of_a_draft_is_refused_and_writes_nothing(eml, investigator_user):
    mail_receive(raw=eml("councillor_with_attachment.eml"), via="upload", actor=investigator_user)
    before = (MailMessage.objects.count(), AuditEvent.objects.count())
    with pytest.raises(MailError, match="already waiting as a draft"):
        mail_receive(raw=eml("councillor_duplicate.eml"), via="imap")
    assert (MailMessage.objects.count(), AuditEvent.objects.count()) == before


def test_a_reply_to_a_closed_case_becomes_a_draft(eml, investigator_user, supervisor_user):
    case = _confirm(
        mail_receive(
            raw=eml("councillor_with_attachment.eml"), via="upload", actor=investigator_user
        ),
        investigator_user,
    )
    Case.objects.filter(pk=case.pk).update(state="closed")
    reply = mail_receive(raw=eml("councillor_reply.eml"), via="upload", actor=supervisor_user)
    assert reply.state == MailMessage.State.DRAFT and reply.case is None
    assert f"{case.reference} (a reply to" in reply.note and "closed" in reply.note


def test_discarding_needs_a_reason_and_is_audited(eml, investigator_user):
    message = mail_receive(raw=eml("speaker_html_only.eml"), via="upload", actor=investigator_user)
    with pytest.raises(MailError, match="reason"):
        mail_draft_discard(message=message, actor=investigator_user, reason="  ")
    mail_draft_discard(message=message, actor=investigator_user, reason="Sent to the wrong office")
    message.refresh_from_db()
    assert (
        message.state == MailMessage.State.DISCARDED and message.note == "Sent to the wrong office"
    )
    assert AuditEvent.objects.filter(action="mail.discard", object_id=str(message.pk)).exists()
    with pytest.raises(MailError, match="no longer a draft"):
        _confirm(message, investigator_user)


def _huge_attachment() -> bytes:
    message = EmailMessage()
    message["From"] = "thabo.mokoena@council.ekurhuleni.gov.za"
    message["Date"] = "Mon, 07 Dec 2026 08:00:00 +0200"
    message["Subject"] = "scans"
    message.set_content("The scans are attached.")
    scan = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    message.add_attachment(scan, maintype="application", subtype="pdf", filename="scan.pdf")
    return message.as_bytes()


@pytest.mark.parametrize(
    ("what", "name", "reason"),
    [
        ("missing headers", "malformed_no_sender.eml", "no sender"),
        ("outlook draft never sent", "draft.msg", "saved before it was sent"),
        ("outlook with a .gif", "newsletter.msg", "spacer.gif is not an accepted"),
        ("outlook cut short", "cut.msg", "damaged or cut short"),
        ("not mail", "scan.eml", "no mail headers"),
        ("huge attachment", "scans.eml", "largest accepted is 1 MB"),
    ],
)
def test_bad_input_writes_nothing(eml, investigator_user, settings, what, name, reason):
    settings.INVESTIGATIONS_MAX_DOCUMENT_MB = 1
    raw = {
        "not mail": b"%PDF-1.4\n%a scanned letter\n",
        "huge attachment": _huge_attachment(),
        "outlook draft never sent": eml("msg_parser_unsent_draft.msg"),
        "outlook with a .gif": eml("mail_parser_newsletter_gif.msg"),
        "outlook cut short": eml("msgreader_jpeg_attachment.msg")[:20000],
    }.get(what) or eml("malformed_no_sender.eml")
    before = (MailMessage.objects.count(), AuditEvent.objects.count(), Evidence.objects.count())
    with pytest.raises(MailError, match=reason):
        mail_receive(raw=raw, via="upload", actor=investigator_user, name=name)
    after = (MailMessage.objects.count(), AuditEvent.objects.count(), Evidence.objects.count())
    assert after == before


def test_a_confirmation_the_case_refuses_leaves_the_draft(eml, investigator_user):
    message = mail_receive(raw=eml("speaker_html_only.eml"), via="upload", actor=investigator_user)
    cases = Case.objects.count()
    with pytest.raises(MailError.__bases__[0]):  # the case service's own refusal
        _confirm(message, investigator_user, complainant_name="", ward=400)
    message.refresh_from_db()
    assert message.state == MailMessage.State.DRAFT and Case.objects.count() == cases


def test_the_office_table_is_edited_with_audit(supervisor_user):
    item = office_address_add(
        actor=supervisor_user,
        pattern="@Ward5.Ekurhuleni.gov.za",
        office="Ward 5",
        source="councillor",
    )
    assert item.pattern == "ward5.ekurhuleni.gov.za"
    assert office_for("clr@ward5.ekurhuleni.gov.za") == item
    with pytest.raises(MailError, match="already in the table"):
        office_address_add(
            actor=supervisor_user, pattern="ward5.ekurhuleni.gov.za", office="x", source="other"
        )
    with pytest.raises(MailError, match="neither an e-mail address nor a domain"):
        office_address_add(
            actor=supervisor_user, pattern="not a domain", office="x", source="other"
        )
    office_address_remove(actor=supervisor_user, item=item)
    assert list(
        AuditEvent.objects.filter(action__startswith="office_address.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["office_address.add", "office_address.remove"]
