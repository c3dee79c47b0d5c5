"""Writes to scorecard drafts: create a scorecard, start a draft, change its settings, add
groups, add, change, place and remove criteria. Publishing is :mod:`scorecards.services.publish`,
import :mod:`scorecards.services.documents`.

Every value a manager picks is checked here, whichever screen or document it came from: points
are whole numbers from 1 to 100, the pass mark 0 to 100, a detector key must name a detector of
the registry, a group must be one of the version's groups (titles compared without case)."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from audit.services import audit_record
from scorecards.models import Criterion, CriterionGroup, Scorecard, ScorecardVersion
from scoring.detectors import DETECTORS


class ScorecardFrozen(ValidationError):
    """An edit of a published or retired version."""


def require_draft(version: ScorecardVersion) -> None:
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
    require_draft(version)
    version.pass_mark = pass_mark
    version.change_note = change_note
    version.full_clean()
    version.save()
    return version


def check_points(points) -> int:
    """Points as a whole number from 1 to 100, or a ValidationError saying so."""
    if isinstance(points, bool) or not isinstance(points, int | Decimal | float | str):
        raise ValidationError(f"Points must be a whole number from 1 to 100 (got {points!r}).")
    try:
        value = Decimal(str(points).strip())
    except ArithmeticError:
        raise ValidationError(
            f"Points must be a whole number from 1 to 100 (got {points!r})."
        ) from None
    if value != value.to_integral_value() or not 1 <= value <= 100:
        raise ValidationError(f"Points must be a whole number from 1 to 100 (got {points!r}).")
    return int(value)


def check_detector_key(detector_key: str) -> str:
    """A known detector key, or "" for a criterion left to people."""
    detector_key = (detector_key or "").strip()
    if detector_key and detector_key not in DETECTORS:
        raise ValidationError(
            f"There is no detector {detector_key!r}. Pick one from the list of detectors, or "
            "none to leave the criterion to people."
        )
    return detector_key


def group_for_title(version: ScorecardVersion, title: str) -> CriterionGroup | None:
    """The version's group with this title, compared without case ("closing" is "Closing")."""
    title = " ".join((title or "").split())
    if not title:
        return None
    return version.groups.filter(title__iexact=title).first()


@transaction.atomic
def criterion_group_add(*, actor, version: ScorecardVersion, title: str) -> CriterionGroup:
    """A new group at the end of a draft's groups. A title the version already has (in any
    case) is refused, so the form never shows two groups that read the same."""
    require_draft(version)
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError("Give the group a title.")
    existing = group_for_title(version, title)
    if existing is not None:
        raise ValidationError(f"This version already has a group called “{existing.title}”.")
    group = CriterionGroup(
        version=version,
        title=title,
        order=(version.groups.aggregate(n=Max("order"))["n"] or 0) + 1,
    )
    group.full_clean()
    group.save()
    return group


def _place(version: ScorecardVersion, criterion: Criterion, position: int | None) -> None:
    """Number the version's criteria 1..n with ``criterion`` at ``position`` (1-based; None keeps
    it where it is). One query to read, one update per moved row."""
    others = [c for c in version.criteria.order_by("order", "id") if c.pk != criterion.pk]
    if position is None:
        ordered = sorted([*others, criterion], key=lambda c: (c.order, c.pk))
    else:
        if not 1 <= position <= len(others) + 1:
            raise ValidationError(f"Position must be from 1 to {len(others) + 1}.")
        ordered = [*others[: position - 1], criterion, *others[position - 1 :]]
    for number, item in enumerate(ordered, start=1):
        if item.order != number:
            item.order = number
            Criterion.objects.filter(pk=item.pk).update(order=number)


@transaction.atomic
def criterion_save(
    *,
    actor,
    version: ScorecardVersion,
    criterion: Criterion | None = None,
    key: str,
    text: str,
    points,
    critical: bool = False,
    guidance: str = "",
    na_when: str = "",
    group: CriterionGroup | None = None,
    position: int | None = None,
    detector_key: str = "",
) -> Criterion:
    """Add a criterion to a draft, or change one of its criteria. A new criterion goes at the end
    unless ``position`` (1-based) says where; the criteria are numbered 1..n afterwards."""
    require_draft(version)
    if criterion is not None and criterion.version_id != version.pk:
        raise ValidationError("That criterion belongs to another version.")
    if group is not None and group.version_id != version.pk:
        raise ValidationError("That group belongs to another version: pick one of this version's.")
    points = check_points(points)
    detector_key = check_detector_key(detector_key)
    if criterion is None:
        criterion = Criterion(version=version, order=0)
    criterion.key = key
    criterion.text = text
    criterion.points = points
    criterion.critical = critical
    criterion.guidance = guidance
    criterion.na_when = na_when
    criterion.group = group
    criterion.detector_key = detector_key
    if criterion.order == 0:
        criterion.order = (version.criteria.aggregate(n=Max("order"))["n"] or 0) + 1
    criterion.full_clean()
    criterion.save()
    _place(version, criterion, position)
    return criterion


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion) -> None:
    version = criterion.version
    require_draft(version)
    criterion.delete()
    for number, pk in enumerate(
        version.criteria.order_by("order", "id").values_list("pk", flat=True), start=1
    ):
        Criterion.objects.filter(pk=pk).exclude(order=number).update(order=number)
