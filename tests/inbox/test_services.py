"""inbox/services.py and inbox/mail.py: notify writes one row per person and e-mails those who
want it; the digest; the settings."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from inbox.models import InboxSettings, Notification
from inbox.services import inbox_settings_save, notify

pytestmark = pytest.mark.django_db


def test_notify_writes_one_row_per_person_and_emails_text_and_html_after_commit(
    agent_user, agent2_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        rows = notify(
            recipients=[agent_user, None, agent_user, agent2_user],
            kind="coaching.recorded",
            words="You were coached.",
            link="/qa/evaluations/1/",
        )
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert {r.recipient for r in rows} == {agent_user, agent2_user}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a.agent2@ekurhuleni.invalid",
        "a.agent@ekurhuleni.invalid",
    ]
    message = mail.outbox[0]
    assert "You were coached." in message.body
    assert "http://127.0.0.1:8000/qa/evaluations/1/" in message.body
    assert "/inbox/settings/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'href="http://127.0.0.1:8000/qa/evaluations/1/"' in html
    assert set(Notification.objects.values_list("email", flat=True)) == {"sent"}


def test_an_unknown_kind_is_refused_and_nothing_written(agent_user):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(recipients=[agent_user], kind="no.such.kind", words="x")
    assert Notification.objects.count() == 0


def test_a_rolled_back_action_tells_nobody(agent_user, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify(recipients=[agent_user], kind="coaching.recorded", words="x")
        raise RuntimeError
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_inactive_people_are_not_told(agent_user):
    agent_user.is_active = False
    agent_user.save()
    assert notify(recipients=[agent_user], kind="coaching.recorded", words="x") == []


def test_opting_out_keeps_the_inbox_row_but_sends_no_email(
    agent_user, django_capture_on_commit_callbacks
):
    inbox_settings_save(actor=agent_user, email=False, emailed_kinds=[], digest=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[agent_user], kind="coaching.recorded", words="x")
    assert Notification.objects.get().email == Notification.Email.OFF
    assert mail.outbox == []


def test_a_muted_kind_is_not_emailed_but_others_are(agent_user, django_capture_on_commit_callbacks):
    inbox_settings_save(
        actor=agent_user, email=True, emailed_kinds=["evaluation.submitted"], digest=False
    )
    assert InboxSettings.objects.get(user=agent_user).muted_kinds == [
        "dispute.resolved",
        "coaching.recorded",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[agent_user], kind="coaching.recorded", words="coached")
        notify(recipients=[agent_user], kind="evaluation.submitted", words="scored")
    assert [m.subject for m in mail.outbox] == ["Siyalalela: scored"]


def test_the_digest_is_for_managers_only(agent_user, qa_manager_user):
    with pytest.raises(ValidationError, match="digest"):
        inbox_settings_save(actor=agent_user, email=True, emailed_kinds=[], digest=True)
    with pytest.raises(ValidationError):
        inbox_settings_save(
            actor=agent_user, email=True, emailed_kinds=["dispute.raised"], digest=False
        )
    assert not InboxSettings.objects.filter(user=agent_user).exists()
    inbox_settings_save(
        actor=qa_manager_user, email=True, emailed_kinds=["dispute.raised"], digest=True
    )


def test_a_digest_reader_gets_one_email_a_day_listing_everything_and_never_twice(
    qa_manager_user, qa_officer_user, django_capture_on_commit_callbacks
):
    inbox_settings_save(
        actor=qa_manager_user, email=True, emailed_kinds=["dispute.raised"], digest=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            notify(
                recipients=[qa_manager_user, qa_officer_user],
                kind="dispute.raised",
                words=f"Dispute {n}",
                link=f"/qa/disputes/{n}/",
            )
    # The officer (no digest) had three e-mails at once; the manager none yet.
    assert [m.to[0] for m in mail.outbox] == ["q.officer@ekurhuleni.invalid"] * 3
    mail.outbox.clear()
    call_command("send_digests", stdout=StringIO())
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["q.manager@ekurhuleni.invalid"]
    assert "(3 new)" in digest.subject
    for n in range(3):
        assert f"Dispute {n}" in digest.body
        assert f"http://127.0.0.1:8000/qa/disputes/{n}/" in digest.alternatives[0][0]
    call_command("send_digests", stdout=StringIO())
    assert len(mail.outbox) == 1
