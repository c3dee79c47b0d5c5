"""Telling people about a case: assigned, returned, awaiting approval, approved.

``case_notify`` is the one seam. Today it e-mails (text and HTML) through the same path as the
deadline e-mails (Django's mail backend, sent after the transaction commits, a failure logged and
never undoing the step). When the in-app inbox arrives, ``case_notify`` is where its
``notify(...)`` is called for the same recipients; nothing else needs to change. Breaches are
told by the deadline monitor (``clocks.alert_notify``), once each."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

from core.access import Role
from core.people import person_name
from investigations.models import Case

logger = logging.getLogger(__name__)

SUBJECTS = {
    "assigned": "Assigned to you: {ref}",
    "returned": "Returned for more work: {ref}",
    "awaiting_approval": "Awaiting your approval: {ref}",
    "approved": "Approved: {ref}",
}


def case_notification_recipients(case: Case, event: str, actor=None) -> list:
    """Who is told of ``event`` on ``case``: the assignee of assignments, returns and approvals;
    every supervisor who did not investigate the case when findings await approval. Never the
    person who took the step, never anyone without an e-mail address."""
    if event not in SUBJECTS:
        raise ValueError(f"unknown case notification: {event}")
    if event == "awaiting_approval":
        people = list(
            get_user_model()
            .objects.filter(groups__name=Role.INVESTIGATIONS_SUPERVISOR, is_active=True)
            .exclude(pk=case.assignee_id or 0)
            .distinct()
            .order_by("pk")
        )
    else:
        people = [case.assignee] if case.assignee_id and case.assignee.is_active else []
    return [p for p in people if p.email and (actor is None or p.pk != actor.pk)]


def case_notify(*, case: Case, event: str, actor=None, reason: str = "") -> None:
    """Tell the people concerned (see ``case_notification_recipients``) once the step commits."""
    recipients = case_notification_recipients(case, event, actor)
    if not recipients:
        return
    context = {
        "case": case,
        "event": event,
        "actor_name": person_name(actor) if actor else "The system",
        "reason": reason.strip(),
        "site_url": getattr(settings, "SITE_URL", ""),
    }
    subject = SUBJECTS[event].format(ref=case.reference)
    text = render_to_string("investigations/email/case_notice.txt", context)
    html = render_to_string("investigations/email/case_notice.html", context)
    addresses = [p.email for p in recipients]

    def send():
        message = EmailMultiAlternatives(subject, text, None, addresses)
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except OSError:
            logger.exception("Could not e-mail %s notice for case %s", event, case.pk)

    transaction.on_commit(send)
