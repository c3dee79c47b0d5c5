"""Reading real .eml files: sender, Date, subject, body (HTML-only bodies as text), attachments,
the ids a reply points at; and the clear refusals for what is not a readable message."""

import datetime as dt
from email.message import EmailMessage

import pytest

from correspondence.parsing import MailError, html_to_text, ims_numbers, mail_parse


def test_a_message_with_an_attachment(eml):
    mail = mail_parse(eml("councillor_with_attachment.eml"))
    assert mail.sender == "thabo.mokoena@council.ekurhuleni.gov.za"
    assert mail.sender_name == "Cllr Thabo Mokoena"
    assert mail.subject == "Ward 12: no water in Rabie Ridge for four days"
    assert mail.sent_at == dt.datetime(2026, 12, 3, 7, 15, tzinfo=dt.UTC)
    assert mail.message_id == "<20261203091500.4821@council.ekurhuleni.gov.za>"
    assert mail.in_reply_to == [] and mail.references == []
    assert "Rabie Ridge (Ward 12) have had no water since Sunday" in mail.body_text
    assert not mail.body_was_html
    [pdf] = mail.attachments
    assert (pdf.name, pdf.content_type) == ("ward12-photo-log.pdf", "application/pdf")
    assert pdf.data.startswith(b"%PDF-") and len(pdf.sha256) == 64


def test_an_html_only_message_becomes_text_and_nothing_of_it_runs(eml):
    mail = mail_parse(eml("speaker_html_only.eml"))
    assert mail.body_was_html and mail.sender == "speaker@ekurhuleni.gov.za"
    assert mail.subject == (
        "Complaint referred: streetlights out on Voortrekker Road – Ward 40"
    )  # RFC 2047 encoded words decoded
    text = mail.body_text
    assert "the streetlights on\nVoortrekker Road have been off for three weeks & muggings" in text
    assert "- Reported: 10 November 2026" in text or "Reported: 10 November 2026" in text
    for gone in ("<", "alert(", "color: red", "pixel.gif", "Referral", "&amp;"):
        assert gone not in text, gone


def test_a_reply_names_the_message_it_answers(eml):
    mail = mail_parse(eml("councillor_reply.eml"))
    assert mail.in_reply_to == ["<20261203091500.4821@council.ekurhuleni.gov.za>"]
    assert mail.references == ["<20261203091500.4821@council.ekurhuleni.gov.za>"]


def test_html_to_text_keeps_words_drops_markup():
    html = "<p>A &lt;b&gt; &amp; B</p><script>x()</script><style>p{}</style><br>C&nbsp;D"
    assert html_to_text(html) == "A <b> & B\n\nC D"


@pytest.mark.parametrize(
    ("raw", "name", "reason"),
    [
        (b"", "empty.eml", "The file is empty"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "letter.eml", "no mail headers"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "x.msg", "damaged or cut short"),
        (b"From: a@b.example\nSubject: x\n\nbody\n", "x.msg", "named .msg but is not"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.eml", "binary data"),
    ],
)
def test_what_is_not_a_readable_message_is_refused_with_the_reason(raw, name, reason):
    with pytest.raises(MailError, match=reason):
        mail_parse(raw, name=name)


def test_missing_sender_or_date_is_refused(eml):
    with pytest.raises(MailError, match="no sender"):
        mail_parse(eml("malformed_no_sender.eml"))
    no_date = b"From: a@b.example\nSubject: x\n\nbody\n"
    with pytest.raises(MailError, match="no date"):
        mail_parse(no_date)


def _with_attachment(data: bytes, name: str) -> bytes:
    message = EmailMessage()
    message["From"] = "someone@example.org"
    message["Date"] = "Mon, 07 Dec 2026 08:00:00 +0200"
    message["Subject"] = "attachment"
    message.set_content("see attached")
    message.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return message.as_bytes()


def test_a_huge_or_unaccepted_attachment_is_refused(settings):
    settings.INVESTIGATIONS_MAX_DOCUMENT_MB = 1
    huge = b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10)
    with pytest.raises(MailError, match="largest accepted is 1 MB"):
        mail_parse(_with_attachment(huge, "scan.pdf"))
    with pytest.raises(MailError, match="not an accepted document type"):
        mail_parse(_with_attachment(b"MZ\x90\x00\x03" * 40, "invoice.exe"))


def test_a_message_over_the_size_limit_is_refused(settings):
    settings.CORRESPONDENCE_MAX_MESSAGE_MB = 1
    raw = b"From: a@b.example\nDate: Mon, 07 Dec 2026 08:00:00 +0200\n\n" + b"x" * (1024 * 1024)
    with pytest.raises(MailError, match="The message is 1.0 MB"):
        mail_parse(raw)


def test_a_message_without_message_id_gets_one_from_its_bytes():
    raw = b"From: a@b.example\nDate: Mon, 07 Dec 2026 08:00:00 +0200\nSubject: s\n\nbody\n"
    assert mail_parse(raw).message_id.endswith("@no-message-id.invalid>")
    assert mail_parse(raw).message_id == mail_parse(raw).message_id


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("logged three times (IMS 4471203, 4471388) and nobody came", ["4471203", "4471388"]),
        ("IMS reference: 4468810", ["4468810"]),
        ("ims nos. 4471203 and 4471388; also IMS 4471203", ["4471203", "4471388"]),
        ("call 011 999 0000 about stand 4471203", []),  # a number without IMS before it
        ("", []),
    ],
)
def test_ims_numbers_quoted_in_a_message(text, numbers):
    assert ims_numbers(text) == numbers
