"""The intake pages through the site: upload, the draft page (mail HTML never rendered),
confirm, join, discard, refusals that write nothing, who may see what; the office table page;
the letter links the case page gets through investigations.hooks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from correspondence.models import MailMessage
from investigations.models import Case

pytestmark = pytest.mark.django_db


def _upload(client, raw, name="message.eml"):
    return client.post(
        reverse("correspondence:mail_inbox"),
        {"message": SimpleUploadedFile(name, raw, content_type="message/rfc822")},
    )


CONFIRM = {
    "source": "councillor",
    "complainant_name": "Lindiwe Dube",
    "complainant_phone": "072 555 0142",
    "ward": "12",
    "description": "No water in Rabie Ridge for four days.",
}


def test_upload_confirm_and_a_reply_joining(client, eml, investigator_user):
    client.force_login(investigator_user)
    response = _upload(client, eml("councillor_with_attachment.eml"))
    message = MailMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("correspondence:mail_draft", args=[message.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Ward councillors" in page and "ward12-photo-log.pdf" in page
    assert 'value="councillor" selected' in page  # the guessed source, changeable
    assert 'value="4471203, 4471388"' in page  # the IMS numbers the message quotes
    response = client.post(
        reverse("correspondence:mail_confirm", args=[message.pk]),
        {**CONFIRM, "ims_references": "4471203, 4471388"},
    )
    case = Case.objects.get()
    assert sorted(case.ims_references.values_list("reference", flat=True)) == [
        "4471203",
        "4471388",
    ]
    assert response["Location"] == reverse("investigations:case_detail", args=[case.pk])
    assert case.evidence.filter(original_name="ward12-photo-log.pdf").exists()
    response = _upload(client, eml("councillor_reply.eml"))
    assert response["Location"] == reverse("investigations:case_detail", args=[case.pk])
    assert Case.objects.count() == 1 and MailMessage.objects.filter(case=case).count() == 2


def test_the_html_of_a_message_is_never_rendered(client, eml, investigator_user):
    client.force_login(investigator_user)
    response = _upload(client, eml("speaker_html_only.eml"))
    page = client.get(response["Location"]).content.decode()
    assert "three weeks &amp; muggings" in page  # the text, escaped
    assert "<script>alert" not in page and "pixel.gif" not in page and "<b>three" not in page


@pytest.mark.parametrize(
    ("raw", "name", "words"),
    [
        (b"%PDF-1.4 a scanned letter", "scan.pdf", "no mail headers"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "mail.msg", "damaged or cut short"),
    ],
)
def test_a_bad_upload_says_why_and_writes_nothing(client, investigator_user, raw, name, words):
    client.force_login(investigator_user)
    response = _upload(client, raw, name)
    assert response.status_code == 200
    assert (
        words in response.content.decode() and "Nothing was taken in" in response.content.decode()
    )
    assert MailMessage.objects.count() == 0


def test_confirm_with_missing_fields_keeps_the_draft_and_what_was_typed(
    client, eml, investigator_user
):
    client.force_login(investigator_user)
    _upload(client, eml("speaker_html_only.eml"))
    message = MailMessage.objects.get()
    response = client.post(
        reverse("correspondence:mail_confirm", args=[message.pk]),
        {**CONFIRM, "complainant_name": "", "description": "My own words"},
    )
    assert response.status_code == 200 and "My own words" in response.content.decode()
    message.refresh_from_db()
    assert message.state == "draft" and Case.objects.count() == 0


def test_discard_needs_a_reason(client, eml, investigator_user):
    client.force_login(investigator_user)
    _upload(client, eml("speaker_html_only.eml"))
    message = MailMessage.objects.get()
    url = reverse("correspondence:mail_discard", args=[message.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    message.refresh_from_db()
    assert message.state == "draft"
    response = client.post(url, {"reason": "Not a complaint: a thank-you note"})
    assert response["Location"] == reverse("correspondence:mail_inbox")
    message.refresh_from_db()
    assert message.state == "discarded"


def test_a_message_on_someone_elses_case_is_missing(
    client, eml, investigator_user, investigator2_user, qa_officer_user
):
    client.force_login(investigator_user)
    _upload(client, eml("councillor_with_attachment.eml"))
    message = MailMessage.objects.get()
    client.post(reverse("correspondence:mail_confirm", args=[message.pk]), CONFIRM)
    client.force_login(investigator2_user)  # never worked on that case
    assert client.get(reverse("correspondence:mail_draft", args=[message.pk])).status_code == 404
    client.force_login(qa_officer_user)
    assert client.get(reverse("correspondence:mail_inbox")).status_code == 403


def test_the_office_table_page(client, supervisor_user, investigator_user, admin_user):
    url = reverse("correspondence:office_addresses")
    client.force_login(investigator_user)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert "speaker@ekurhuleni.gov.za" in client.get(url).content.decode()
    client.force_login(supervisor_user)
    response = client.post(
        url, {"pattern": "ward5@council.example.gov.za", "office": "Ward 5", "source": "councillor"}
    )
    assert response.status_code == 302
    response = client.post(url, {"pattern": "not an address", "office": "x", "source": "other"})
    assert "neither an e-mail address nor a domain" in response.content.decode()


def test_the_case_page_links_to_the_letter_once_a_response_is_written(
    client, assigned_case, investigator_user
):
    client.force_login(investigator_user)
    url = reverse("investigations:case_detail", args=[assigned_case.pk])
    assert "Printable response letter" not in client.get(url).content.decode()
    Case.objects.filter(pk=assigned_case.pk).update(response_text="Dear Councillor")
    page = client.get(url).content.decode()
    assert reverse("correspondence:case_letter", args=[assigned_case.pk]) in page
    assert reverse("correspondence:case_letter_pdf", args=[assigned_case.pk]) in page


def test_an_upload_over_the_size_limit_is_refused_unread(client, investigator_user, settings):
    settings.CORRESPONDENCE_MAX_MESSAGE_MB = 1
    client.force_login(investigator_user)
    response = _upload(client, b"From: a@b.example\n\n" + b"x" * (1024 * 1024 + 1))
    assert "largest accepted is 1 MB" in response.content.decode()
    assert MailMessage.objects.count() == 0


def test_the_system_checks_name_a_broken_mail_setting(settings, tmp_path):
    from correspondence.checks import check_mail_intake

    settings.CORRESPONDENCE_IMAP = {"host": "imap.example.org", "user": "", "password": ""}
    settings.CORRESPONDENCE_MAILDIR = str(tmp_path)
    assert [w.id for w in check_mail_intake()] == ["correspondence.W001", "correspondence.W003"]
    (tmp_path / "new").mkdir()
    settings.CORRESPONDENCE_IMAP = {"host": "imap.example.org", "user": "u", "password": "p"}
    assert check_mail_intake() == []
