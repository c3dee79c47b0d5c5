"""Reading real Outlook .msg files (tests/data/mail/README.md says where each comes from and
under which licence): the same ParsedMail an .eml gives, and clear refusals."""

import datetime as dt
import hashlib

import pytest

from correspondence.outlook import OutlookError, outlook_read
from correspondence.parsing import MailError, mail_parse


def test_a_sent_message_with_a_photo(eml):
    raw = eml("msgreader_jpeg_attachment.msg")
    mail = mail_parse(raw, name="asdf.msg")
    assert mail.sender == "christoph@freiraum.xyz"
    assert mail.sender_name == ""  # Outlook's sender name is only the address again
    assert mail.subject == "asdf"
    # The Date header (Fri, 23 Mar 2018 17:06:29 +0100) wins over the submit time in UTC.
    assert mail.sent_at == dt.datetime(2018, 3, 23, 16, 6, 29, tzinfo=dt.UTC)
    assert mail.sent_at.utcoffset() == dt.timedelta(hours=1)
    assert mail.message_id == "<000001d3c2c0$e7ca4aa0$b75edfe0$@freiraum.xyz>"
    (photo,) = mail.attachments
    assert photo.name == "5AAoPFgV-nJ965R7o-98C38840-4454-4750-9AEF-F53DB3E37548.jpg"
    assert photo.content_type == "image/jpeg" and len(photo.data) == 122784
    assert photo.data.startswith(b"\xff\xd8\xff")


def test_a_bounce_with_an_attached_outlook_item_carries_the_items_text(eml):
    mail = mail_parse(eml("msg_parser_bounce_with_attached_item.msg"))
    assert mail.sender == "mailer-daemon@tjdpf.org.cn"
    assert mail.sender_name == "Mail Delivery Subsystem"
    assert mail.subject == "投递状态通知 (Failure Notice)"
    assert mail.body_text.startswith("Hi. This is an automatically generated Delivery Status")
    assert "\r" not in mail.body_text and "hp_lsz@tjdpf.org.cn" in mail.body_text
    assert mail.sent_at == dt.datetime(2017, 11, 27, 9, 44, 30, tzinfo=dt.UTC)
    (item,) = mail.attachments
    assert item.content_type == "text/plain" and item.name.endswith(".txt")
    text = item.data.decode("utf-8")
    assert "From: Meredith chen <yosipnps@model.com>" in text
    assert "Subject: 回复：转发：反馈·北京 2017年12月02-03日 销售" in text


def test_the_reader_gives_what_outlook_stored(eml):
    item = outlook_read(eml("mail_parser_newsletter_gif.msg"))
    assert item.subject == "Newsletter Prüfung Personalwesen / Prüfung Eröffnungsbilanz"
    assert item.sender == "NueblingV@w-vwa.de"
    assert item.message_id == "<20170918100018.6AE0948009C@www.w-vwa.de>"
    assert item.submitted_at == dt.datetime(2017, 9, 18, 10, 0, 18, tzinfo=dt.UTC)
    assert [a.name for a in item.attachments] == [
        "newsletter.png",
        "spacer.gif",
        "image004.jpg",
        "image006.jpg",
        "image008.jpg",
    ]
    assert item.attachments[0].data.startswith(b"\x89PNG")
    assert "Sehr geehrte Frau" in item.body


def test_an_attachment_the_locker_refuses_refuses_the_message(eml):
    with pytest.raises(MailError, match="spacer.gif is not an accepted document type"):
        mail_parse(eml("mail_parser_newsletter_gif.msg"))


def test_a_draft_never_sent_is_refused(eml):
    with pytest.raises(MailError, match="saved before it was sent"):
        mail_parse(eml("msg_parser_unsent_draft.msg"))


@pytest.mark.parametrize("cut", [8, 512, 1536, 4096, 20000, 100000])
def test_a_message_cut_short_is_refused_as_damaged(eml, cut):
    raw = eml("msgreader_jpeg_attachment.msg")[:cut]
    with pytest.raises(MailError, match="damaged or cut short"):
        mail_parse(raw, name="cut.msg")


def test_the_reader_alone_refuses_what_is_not_ole():
    with pytest.raises(OutlookError, match="not an Outlook message"):
        outlook_read(b"From: a@b.example\n\nhello")


def test_the_same_file_gives_the_same_message_id_when_it_has_none(eml):
    raw = eml("msg_parser_bounce_with_attached_item.msg")
    assert mail_parse(raw).message_id == mail_parse(raw).message_id
    assert hashlib.sha256(raw).hexdigest() not in mail_parse(raw).message_id  # it has its own
