"""The table of known office addresses: which complaint source mail from a sender is guessed
to be. Kept by supervisors and administrators; every change audited."""

from __future__ import annotations

import re

from django.db import transaction

from audit.services import audit_record
from correspondence.models import OfficeAddress
from correspondence.parsing import MailError

DOMAIN = re.compile(r"^(?=.{3,253}$)([a-z0-9-]+\.)+[a-z]{2,}$")
LOCAL_PART = re.compile(r"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+$")


def pattern_normalise(pattern: str) -> str:
    """``office@x.gov.za`` or ``x.gov.za`` (a leading ``@`` dropped), lower-cased; MailError
    for anything else."""
    pattern = pattern.strip().lower().lstrip("@")
    local, _, domain = pattern.rpartition("@")
    if not DOMAIN.match(domain) or (
        local and not re.match(r"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+$", local)
    ):
        raise MailError(f"{pattern!r} is neither an e-mail address nor a domain.")
    return pattern


def office_for(sender: str) -> OfficeAddress | None:
    """The known office of ``sender``: its full address first, then its domain or the nearest
    parent domain (mail.gauteng.gov.za is found under gauteng.gov.za)."""
    sender = sender.strip().lower()
    domain = sender.rpartition("@")[2]
    labels = domain.split(".")
    candidates = [sender] + [".".join(labels[i:]) for i in range(len(labels) - 1)]
    found = {o.pattern: o for o in OfficeAddress.objects.filter(pattern__in=candidates)}
    return next((found[c] for c in candidates if c in found), None)


@transaction.atomic
def office_address_add(*, actor, pattern: str, office: str, source: str, request=None):
    pattern = pattern_normalise(pattern)
    if OfficeAddress.objects.filter(pattern=pattern).exists():
        raise MailError(f"{pattern} is already in the table.")
    item = OfficeAddress(pattern=pattern, office=office.strip(), source=source)
    item.full_clean()
    item.save()
    audit_record(
        actor=actor,
        action="office_address.add",
        obj=item,
        request=request,
        changes={"pattern": pattern, "office": item.office, "source": source},
    )
    return item


@transaction.atomic
def office_address_remove(*, actor, item: OfficeAddress, request=None) -> None:
    audit_record(
        actor=actor,
        action="office_address.remove",
        obj=item,
        request=request,
        changes={"pattern": item.pattern, "office": item.office, "source": item.source},
    )
    item.delete()
