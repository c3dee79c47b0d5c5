"""Intake: creating cases (form, import, API all call ``case_create``), classification and
follow-ups."""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from core import working_time
from core.people import person_name
from investigations.models import (
    Case,
    CaseEvent,
    ImsReference,
    ReferenceCounter,
    ServiceLevelPolicy,
    State,
)
from investigations.services import CaseError
from investigations.services.clocks import DEADLINE_FIELDS, case_deadlines_refresh
from investigations.services.common import case_audit, event_write

IMS_SPLIT = re.compile(r"[\s,;]+")


def ims_references_parse(text: str | list[str] | None) -> list[str]:
    """IMS references from a comma/space separated string (upper-cased, de-duplicated, in order)."""
    if not text:
        return []
    items = text if isinstance(text, list) else IMS_SPLIT.split(text)
    seen: list[str] = []
    for item in items:
        ref = item.strip().upper()
        if ref and ref not in seen:
            seen.append(ref)
    return seen


def reference_next(*, year: int) -> str:
    """The next case reference for ``year`` (INV-2026-000123). Must run in the caller's
    transaction: the counter row is locked, so two intakes never get the same number and a
    number once issued is never issued again."""
    counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"INV-{year}-{counter.last_number:06d}"


def normalise_phone(number: str) -> str:
    """Digits only, South African numbers in national form (0XX...), for matching."""
    digits = re.sub(r"\D", "", number or "")
    if digits.startswith("27") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits


@transaction.atomic
def case_create(
    *,
    actor,
    source: str,
    complainant_name: str,
    description: str,
    received_at: dt.datetime | None = None,
    source_reference: str = "",
    complainant_phone: str = "",
    complainant_email: str = "",
    complainant_account: str = "",
    ward: int | None = None,
    councillor: str = "",
    department=None,
    category: str = "",
    priority: str = "normal",
    ims_references: list[str] | str | None = None,
    follow_up_of: Case | None = None,
    request=None,
    via: str = "form",
) -> Case:
    """Open a case. ``received_at`` is when the complaint reached the city (historical imports
    keep theirs); the service-level policy is the version in force on that day.

    Longer than 80 lines only because every field a case opens with is spelled out twice (the
    signature and the row); the steps are few: check the time, find the policy, validate, take
    a reference, write the row, its received event, its deadlines and its audit event."""
    now = timezone.now()
    received_at = received_at or now
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at, working_time.TZ)
    if received_at > now + dt.timedelta(minutes=5):
        raise CaseError({"received_at": "The received time is in the future."})
    try:
        policy = ServiceLevelPolicy.objects.in_force(source, working_time.local(received_at).date())
    except ServiceLevelPolicy.DoesNotExist as exc:
        raise CaseError({"source": str(exc)}) from None
    case = Case(
        reference="pending",
        source=source,
        source_reference=source_reference.strip(),
        complainant_name=complainant_name.strip(),
        complainant_phone=complainant_phone.strip(),
        complainant_phone_key=normalise_phone(complainant_phone),
        complainant_email=complainant_email.strip(),
        complainant_account=complainant_account.strip(),
        ward=ward,
        councillor=councillor.strip(),
        department=department,
        category=category,
        priority=priority,
        description=description.strip(),
        received_at=received_at,
        state=State.RECEIVED,
        policy=policy,
        follow_up_of=follow_up_of,
        created_by=actor,
        created_by_name=person_name(actor),
        created_at=now,
        acknowledge_due=received_at,
        response_due=received_at,
        response_clock_start=received_at,
    )
    # Validate before a reference number is spent.
    case.full_clean(exclude=["reference"])
    case.reference = reference_next(year=working_time.local(now).year)
    case.save()
    refs = ims_references_parse(ims_references)
    ImsReference.objects.bulk_create([ImsReference(case=case, reference=r) for r in refs])
    event_write(
        case=case,
        kind=CaseEvent.Kind.RECEIVED,
        actor=actor,
        at=now,
        to_state=State.RECEIVED,
        data={"via": via},
    )
    case_deadlines_refresh(case)
    case.save(update_fields=list(DEADLINE_FIELDS))
    case_audit(
        case=case,
        actor=actor,
        action="case.create",
        request=request,
        changes={
            "source": source,
            "received_at": working_time.local(received_at).strftime("%Y-%m-%d %H:%M"),
            "via": via,
            "policy": policy.pk,
            "ims_references": refs,
            **({"follow_up_of": follow_up_of.reference} if follow_up_of else {}),
        },
    )
    return case


@transaction.atomic
def case_classify(*, case: Case, actor, department=None, category: str = "", request=None) -> Case:
    """A person sets the case's department and category (for example, accepting a triage
    suggestion)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    changes = {}
    if (department.pk if department else None) != case.department_id:
        changes["department"] = {
            "old": str(case.department) if case.department_id else "",
            "new": str(department) if department else "",
        }
        case.department = department
    if category != case.category:
        changes["category"] = {"old": case.category, "new": category}
        case.category = category
    if not changes:
        return case
    case.full_clean()
    case.save(update_fields=["department", "category"])
    case_audit(case=case, actor=actor, action="case.classify", changes=changes, request=request)
    return case


@transaction.atomic
def case_follow_up_create(*, case: Case, actor, reason: str, request=None) -> Case:
    """A closed case past its reopening window: a new case linked to it, received now."""
    if not reason.strip():
        raise CaseError("Give the reason for the follow-up case.")
    follow_up = case_create(
        actor=actor,
        source=case.source,
        source_reference=case.source_reference,
        complainant_name=case.complainant_name,
        complainant_phone=case.complainant_phone,
        complainant_email=case.complainant_email,
        complainant_account=case.complainant_account,
        ward=case.ward,
        councillor=case.councillor,
        department=case.department,
        category=case.category,
        priority=case.priority,
        description=f"Follow-up of {case.reference}: {reason.strip()}\n\n{case.description}",
        ims_references=list(case.ims_references.values_list("reference", flat=True)),
        follow_up_of=case,
        request=request,
        via="follow_up",
    )
    case_audit(
        case=case,
        actor=actor,
        action="case.follow_up",
        changes={"follow_up": follow_up.reference, "reason": reason.strip()},
        request=request,
    )
    return follow_up


def case_view_record(*, case: Case, user, request=None, personal_data: bool) -> None:
    """Record that ``user`` opened the case (and whether personal data was shown)."""
    with transaction.atomic():
        case_audit(
            case=case,
            actor=user,
            action="case.view",
            changes={"personal_data_shown": personal_data},
            request=request,
        )


__all__ = [
    "case_classify",
    "case_create",
    "case_follow_up_create",
    "case_view_record",
    "ims_references_parse",
    "reference_next",
]
