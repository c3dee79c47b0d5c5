"""Calibration sessions: a QA manager opens one on a call; officers score it blind; closing the
session reveals the results (:mod:`qa.selectors.calibration`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from calls.models import Call
from core.access import Role, user_has_role
from core.people import person_name
from qa.models import CalibrationSession
from qa.services.evaluations import _version_for


@transaction.atomic
def calibration_open(
    *, actor, call: Call, title: str, participants, request=None
) -> CalibrationSession:
    if not user_has_role(actor, Role.QA_MANAGER):
        raise PermissionDenied("Only a QA manager opens calibration sessions.")
    participants = list(participants)
    if len(participants) < 2:
        raise ValidationError("Choose at least two QA officers to calibrate.")
    session = CalibrationSession(
        title=title,
        call=call,
        version=_version_for(call),
        opened_by=actor,
        opened_by_name=person_name(actor),
    )
    session.full_clean()
    session.save()
    session.participants.set(participants)
    audit_record(
        actor=actor,
        action="calibration.open",
        obj=session,
        request=request,
        changes={"call": call.pk, "participants": [p.get_username() for p in participants]},
    )
    return session


@transaction.atomic
def calibration_close(*, actor, session: CalibrationSession, request=None) -> CalibrationSession:
    if not user_has_role(actor, Role.QA_MANAGER):
        raise PermissionDenied("Only a QA manager closes calibration sessions.")
    if session.state != CalibrationSession.State.OPEN:
        raise ValidationError("This session is already closed.")
    if session.evaluations.submitted().count() < 2:
        raise ValidationError("At least two submitted evaluations are needed to compare.")
    session.state = CalibrationSession.State.CLOSED
    session.closed_at = timezone.now()
    session.full_clean()
    session.save()
    audit_record(actor=actor, action="calibration.close", obj=session, request=request)
    return session
