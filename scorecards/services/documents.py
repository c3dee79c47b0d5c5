"""Import of the open JSON document :func:`scorecards.selectors.scorecard_document` exports."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from audit.services import audit_record
from org.models import Section
from scorecards.models import Scorecard, ScorecardVersion
from scorecards.selectors import EXPORT_FORMAT
from scorecards.services.designer import (
    criterion_group_add,
    criterion_save,
    group_for_title,
    scorecard_create,
)


def _doc_error(message: str):
    return ValidationError(f"Scorecard document: {message}")


def _whole_number(value, *, what: str, low: int, high: int) -> int:
    """A JSON number that is a whole number from ``low`` to ``high`` (10 or 10.0, not 2.7, not
    "10", not true): refused, never truncated or rounded."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _doc_error(f"{what} must be a whole number from {low} to {high}, not {value!r}.")
    if isinstance(value, float) and not value.is_integer():
        raise _doc_error(f"{what} must be a whole number from {low} to {high}, not {value}.")
    if not low <= value <= high:
        raise _doc_error(f"{what} must be a whole number from {low} to {high}, not {value:g}.")
    return int(value)


def _pass_mark(value) -> Decimal:
    """The pass mark as exported ("80.0") or as a number: 0 to 100, at most one decimal."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise _doc_error("'version.pass_mark' is not a number.")
    try:
        mark = Decimal(str(value).strip())
    except InvalidOperation:
        raise _doc_error("'version.pass_mark' is not a number.") from None
    if not mark.is_finite() or not Decimal(0) <= mark <= Decimal(100):
        raise _doc_error(f"'version.pass_mark' must be from 0 to 100, not {value}.")
    if mark != mark.quantize(Decimal("0.1")):
        raise _doc_error(f"'version.pass_mark' has at most one decimal, not {value}.")
    return mark


def _document_check(card: dict, version_doc, criteria: list) -> None:
    """Types and numbers of every field, before anything is written."""
    for name in ("slug", "name", "description", "direction"):
        if not isinstance(card.get(name, ""), str):
            raise _doc_error(f"'scorecard.{name}' must be text.")
    sections_doc = card.get("sections") or []
    if not isinstance(sections_doc, list) or not all(isinstance(s, str) for s in sections_doc):
        raise _doc_error("'scorecard.sections' must be a list of section codes.")
    if not isinstance(version_doc, dict):
        raise _doc_error("'version' must be an object.")
    if not isinstance(version_doc.get("change_note", ""), (str, type(None))):
        raise _doc_error("'version.change_note' must be text.")
    for position, item in enumerate(criteria, start=1):
        if not isinstance(item, dict):
            raise _doc_error(f"criterion {position} is not an object.")
        label = f"criterion {position} ({item.get('key', '?')}):"
        _whole_number(item.get("points"), what=f"{label} 'points'", low=1, high=100)
        if not isinstance(item.get("critical", False), bool):
            raise _doc_error(f"{label} 'critical' must be true or false.")
        for name in ("key", "text", "guidance", "na_when", "group", "detector_key"):
            if not isinstance(item.get(name, ""), str):
                raise _doc_error(f"{label} '{name}' must be text.")


def _sort_key(item, position: int):
    order = item.get("order", position) if isinstance(item, dict) else position
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 10_000:
        raise _doc_error(
            f"criterion {position}: 'order' must be a whole number from 0 to 10000 (got {order!r})."
        )
    return (order, position)


@transaction.atomic
def scorecard_import(*, actor, document: dict) -> ScorecardVersion:
    """Import a document made by ``scorecards.selectors.scorecard_document`` as a new DRAFT
    version (of the scorecard with that slug, created if new). It is never published by the
    import: a QA manager reviews and publishes it. Criteria are placed in the document's order
    and numbered 1..n; groups are matched by title without case. A bad document changes nothing
    and names what is wrong."""
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise _doc_error(f"'format' must be {EXPORT_FORMAT!r}.")
    card = document.get("scorecard")
    version_doc = document.get("version") or {}
    criteria = document.get("criteria")
    if not isinstance(card, dict) or not card.get("slug") or not card.get("name"):
        raise _doc_error("'scorecard' needs a slug and a name.")
    if not isinstance(criteria, list) or not criteria:
        raise _doc_error("'criteria' must be a non-empty list.")
    _document_check(card, version_doc, criteria)
    pass_mark = _pass_mark(version_doc.get("pass_mark", "80"))
    section_slugs = card.get("sections") or []
    sections = list(Section.objects.filter(slug__in=section_slugs))
    missing = set(section_slugs) - {s.slug for s in sections}
    if missing:
        raise _doc_error(f"unknown sections: {', '.join(sorted(missing))}.")
    scorecard = Scorecard.objects.filter(slug=card["slug"]).first()
    if scorecard is None:
        draft = scorecard_create(
            actor=actor,
            slug=card["slug"],
            name=card["name"],
            description=card.get("description", ""),
            direction=card.get("direction", "inbound"),
            sections=sections,
        )
    else:
        if scorecard.versions.filter(status=ScorecardVersion.Status.DRAFT).exists():
            raise _doc_error(
                f"scorecard {scorecard.slug!r} already has a draft; publish or delete it first."
            )
        draft = ScorecardVersion(
            scorecard=scorecard,
            number=(scorecard.versions.aggregate(n=Max("number"))["n"] or 0) + 1,
        )
    draft.pass_mark = pass_mark
    draft.change_note = version_doc.get("change_note", "") or "Imported"
    draft.full_clean()
    draft.save()
    numbered = sorted(
        (
            (_sort_key(item, position), position, item)
            for position, item in enumerate(criteria, start=1)
        ),
        key=lambda row: row[0],
    )
    for _, position, item in numbered:
        if not isinstance(item, dict):
            raise _doc_error(f"criterion {position} is not an object.")
        try:
            title = item.get("group", "") or ""
            group = group_for_title(draft, title)
            if group is None and title.strip():
                group = criterion_group_add(actor=actor, version=draft, title=title)
            criterion_save(
                actor=actor,
                version=draft,
                key=item.get("key", ""),
                text=item.get("text", ""),
                points=item.get("points"),
                critical=bool(item.get("critical", False)),
                guidance=item.get("guidance", ""),
                na_when=item.get("na_when", ""),
                group=group,
                detector_key=item.get("detector_key", ""),
            )
        except (ValidationError, ValueError, TypeError) as exc:
            detail = "; ".join(getattr(exc, "messages", [str(exc)]))
            raise _doc_error(f"criterion {position} ({item.get('key', '?')}): {detail}") from None
    audit_record(
        actor=actor, action="scorecard.import", obj=draft, changes={"criteria": len(criteria)}
    )
    return draft
