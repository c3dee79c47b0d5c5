"""Writes to scorecards: drafts are edited, publishing freezes a version, a change is a new
version. Import reads the open JSON document :mod:`qa.selectors.scorecards` exports."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from audit.services import audit_record
from org.models import Section
from qa.models import Criterion, CriterionGroup, Scorecard, ScorecardVersion
from qa.selectors.scorecards import EXPORT_FORMAT


class ScorecardFrozen(ValidationError):
    """An edit of a published or retired version."""


def _require_draft(version: ScorecardVersion) -> None:
    version.refresh_from_db(fields=["status"])
    if not version.is_editable:
        raise ScorecardFrozen(
            f"{version} is {version.get_status_display().lower()}: it cannot be changed. "
            "Start a new draft version instead."
        )


@transaction.atomic
def scorecard_create(
    *,
    actor,
    slug: str,
    name: str,
    description: str = "",
    direction: str = "inbound",
    sections=(),
) -> ScorecardVersion:
    """A new scorecard with an empty draft version 1."""
    scorecard = Scorecard(slug=slug, name=name, description=description, direction=direction)
    scorecard.full_clean()
    scorecard.save()
    scorecard.sections.set(sections)
    version = ScorecardVersion(scorecard=scorecard, number=1)
    version.full_clean()
    version.save()
    audit_record(
        actor=actor, action="scorecard.create", obj=scorecard, changes={"slug": slug, "name": name}
    )
    return version


@transaction.atomic
def scorecard_update(
    *, actor, scorecard: Scorecard, name: str, description: str, direction: str, sections
) -> Scorecard:
    """Change what a scorecard is called and which calls it applies to. Its versions (and the
    evaluations on them) are untouched; the change decides which scorecard new calls get."""
    sections = list(sections)
    old = {
        "name": scorecard.name,
        "direction": scorecard.direction,
        "sections": sorted(scorecard.sections.values_list("slug", flat=True)),
    }
    scorecard.name = name
    scorecard.description = description
    scorecard.direction = direction
    scorecard.full_clean()
    scorecard.save()
    scorecard.sections.set(sections)
    new = {"name": name, "direction": direction, "sections": sorted(s.slug for s in sections)}
    audit_record(
        actor=actor,
        action="scorecard.change",
        obj=scorecard,
        changes={k: {"old": old[k], "new": new[k]} for k in old if old[k] != new[k]},
    )
    return scorecard


@transaction.atomic
def scorecard_version_new_draft(*, actor, scorecard: Scorecard) -> ScorecardVersion:
    """A new draft copying the latest version (criteria, groups, pass mark). At most one draft
    per scorecard: an existing draft is returned as is."""
    existing = scorecard.versions.filter(status=ScorecardVersion.Status.DRAFT).first()
    if existing:
        return existing
    latest = scorecard.versions.order_by("-number").first()
    number = (scorecard.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = ScorecardVersion(
        scorecard=scorecard, number=number, pass_mark=latest.pass_mark if latest else 80
    )
    draft.full_clean()
    draft.save()
    if latest:
        groups = {}
        for group in latest.groups.all():
            groups[group.pk] = CriterionGroup.objects.create(
                version=draft, title=group.title, order=group.order
            )
        for c in latest.criteria.all():
            Criterion.objects.create(
                version=draft,
                group=groups.get(c.group_id),
                key=c.key,
                text=c.text,
                guidance=c.guidance,
                points=c.points,
                critical=c.critical,
                na_when=c.na_when,
                answer_type=c.answer_type,
                detector_key=c.detector_key,
                order=c.order,
            )
    audit_record(
        actor=actor,
        action="scorecard.draft",
        obj=draft,
        changes={"from_version": latest.number if latest else None},
    )
    return draft


@transaction.atomic
def scorecard_version_update(
    *, actor, version: ScorecardVersion, pass_mark: Decimal, change_note: str = ""
) -> ScorecardVersion:
    _require_draft(version)
    version.pass_mark = pass_mark
    version.change_note = change_note
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def criterion_save(
    *,
    actor,
    version: ScorecardVersion,
    criterion: Criterion | None = None,
    key: str,
    text: str,
    points: int,
    critical: bool = False,
    guidance: str = "",
    na_when: str = "",
    group_title: str = "",
    order: int | None = None,
    detector_key: str = "",
) -> Criterion:
    """Add a criterion to a draft, or change one of its criteria."""
    _require_draft(version)
    if criterion is not None and criterion.version_id != version.pk:
        raise ValidationError("That criterion belongs to another version.")
    group = None
    if group_title.strip():
        group, _ = CriterionGroup.objects.get_or_create(
            version=version,
            title=group_title.strip(),
            defaults={"order": version.groups.count() + 1},
        )
    if criterion is None:
        criterion = Criterion(version=version)
        if order is None:
            order = (version.criteria.aggregate(n=Max("order"))["n"] or 0) + 1
    criterion.key = key
    criterion.text = text
    criterion.points = points
    criterion.critical = critical
    criterion.guidance = guidance
    criterion.na_when = na_when
    criterion.group = group
    criterion.detector_key = detector_key
    if order is not None:
        criterion.order = order
    criterion.full_clean()
    criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion) -> None:
    _require_draft(criterion.version)
    criterion.delete()


@transaction.atomic
def scorecard_version_publish(
    *, actor, version: ScorecardVersion, request=None
) -> ScorecardVersion:
    """Freeze a draft. The previously published version of the scorecard is retired; evaluations
    keep pointing at the version they were scored on."""
    _require_draft(version)
    criteria = list(version.criteria.all())
    if not criteria:
        raise ValidationError("A scorecard version needs at least one criterion to be published.")
    if sum(c.points for c in criteria) <= 0:
        raise ValidationError("The criteria must carry some points.")
    retired = list(
        version.scorecard.versions.filter(status=ScorecardVersion.Status.PUBLISHED).values_list(
            "number", flat=True
        )
    )
    version.scorecard.versions.filter(status=ScorecardVersion.Status.PUBLISHED).update(
        status=ScorecardVersion.Status.RETIRED
    )
    version.status = ScorecardVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = actor
    version.full_clean()
    version.save()
    audit_record(
        actor=actor,
        action="scorecard.publish",
        obj=version,
        request=request,
        changes={
            "status": {"old": "draft", "new": "published"},
            "retired_versions": retired,
            "criteria": len(criteria),
            "points": sum(c.points for c in criteria),
        },
    )
    return version


def _doc_error(message: str):
    return ValidationError(f"Scorecard document: {message}")


@transaction.atomic
def scorecard_import(*, actor, document: dict) -> ScorecardVersion:
    """Import a document made by ``qa.selectors.scorecards.scorecard_document`` as a new DRAFT
    version (of the scorecard with that slug, created if new). It is never published by the
    import: a QA manager reviews and publishes it. A bad document changes nothing and names
    what is wrong."""
    if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
        raise _doc_error(f"'format' must be {EXPORT_FORMAT!r}.")
    card = document.get("scorecard")
    version_doc = document.get("version") or {}
    criteria = document.get("criteria")
    if not isinstance(card, dict) or not card.get("slug") or not card.get("name"):
        raise _doc_error("'scorecard' needs a slug and a name.")
    if not isinstance(criteria, list) or not criteria:
        raise _doc_error("'criteria' must be a non-empty list.")
    try:
        pass_mark = Decimal(str(version_doc.get("pass_mark", "80")))
    except InvalidOperation:
        raise _doc_error("'version.pass_mark' is not a number.") from None
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
    for position, item in enumerate(criteria, start=1):
        if not isinstance(item, dict):
            raise _doc_error(f"criterion {position} is not an object.")
        try:
            criterion_save(
                actor=actor,
                version=draft,
                key=item.get("key", ""),
                text=item.get("text", ""),
                points=int(item.get("points", -1)),
                critical=bool(item.get("critical", False)),
                guidance=item.get("guidance", ""),
                na_when=item.get("na_when", ""),
                group_title=item.get("group", ""),
                order=int(item.get("order", position)),
                detector_key=item.get("detector_key", ""),
            )
        except (ValidationError, ValueError, TypeError) as exc:
            detail = "; ".join(getattr(exc, "messages", [str(exc)]))
            raise _doc_error(f"criterion {position} ({item.get('key', '?')}): {detail}") from None
    audit_record(
        actor=actor, action="scorecard.import", obj=draft, changes={"criteria": len(criteria)}
    )
    return draft
