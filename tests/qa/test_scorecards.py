"""qa/services/scorecards.py and the database triggers that freeze published versions."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from audit.models import AuditEvent
from qa.models import Criterion, CriterionGroup, Scorecard, ScorecardVersion
from qa.selectors.scorecards import scorecard_document
from qa.services import scorecards as svc
from tests.qa.factories import make_call, make_evaluation

pytestmark = pytest.mark.django_db


def _published():
    return Scorecard.objects.get(slug="inbound").current_version()


def test_defaults_ship_as_published_fixtures_matching_standards():
    inbound = _published()
    rules = {r.key: (r.points, r.critical) for r in inbound.rules()}
    assert len(rules) == 12 and sum(p for p, _ in rules.values()) == 100
    assert {k for k, (_, crit) in rules.items() if crit} == {
        "verify_identity",
        "reference_number",
        "professional_language",
    }
    outbound = Scorecard.objects.get(slug="outbound_collection").current_version()
    assert sum(r.points for r in outbound.rules()) == 100
    assert inbound.pass_mark == Decimal("80.0")


def test_service_refuses_to_edit_a_published_version(qa_manager_user):
    version = _published()
    criterion = version.criteria.get(key="greeting")
    with pytest.raises(svc.ScorecardFrozen):
        svc.criterion_save(
            actor=qa_manager_user,
            version=version,
            criterion=criterion,
            key="greeting",
            text="changed",
            points=50,
        )
    with pytest.raises(svc.ScorecardFrozen):
        svc.criterion_delete(actor=qa_manager_user, criterion=criterion)
    with pytest.raises(svc.ScorecardFrozen):
        svc.scorecard_version_update(
            actor=qa_manager_user, version=version, pass_mark=Decimal("50")
        )
    criterion.refresh_from_db()
    assert criterion.points == 5


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE qa_criterion SET points = 50 WHERE key = 'greeting'",
        "DELETE FROM qa_criterion WHERE key = 'greeting'",
        "UPDATE qa_criteriongroup SET title = 'x'",
        "UPDATE qa_scorecardversion SET pass_mark = 10",
        "UPDATE qa_scorecardversion SET status = 'draft'",
    ],
)
def test_database_refuses_edits_of_published_versions(statement):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_maintenance")  # the switch lets deletes through
        with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
            cursor.execute(statement)
        cursor.execute("INSERT INTO audit_maintenance (reason) VALUES ('test database')")
    assert Criterion.objects.get(version=_published(), key="greeting").points == 5


def test_database_refuses_a_new_criterion_on_a_published_version():
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Criterion.objects.create(version=_published(), key="extra", text="x", points=5)


def test_database_allows_retiring_a_published_version():
    version = _published()
    ScorecardVersion.objects.filter(pk=version.pk).update(status="retired")
    version.refresh_from_db()
    assert version.status == "retired"


def test_a_change_is_a_new_version_and_old_evaluations_keep_theirs(
    agent_user, qa_officer_user, qa_manager_user
):
    old = _published()
    evaluation = make_evaluation(make_call(agent_user), qa_officer_user)
    draft = svc.scorecard_version_new_draft(actor=qa_manager_user, scorecard=old.scorecard)
    assert (draft.number, draft.status) == (2, "draft")
    assert draft.criteria.count() == 12 and draft.groups.count() == old.groups.count()
    # Idempotent: a second call returns the same draft.
    assert svc.scorecard_version_new_draft(actor=qa_manager_user, scorecard=old.scorecard) == draft
    greeting = draft.criteria.get(key="greeting")
    svc.criterion_save(
        actor=qa_manager_user,
        version=draft,
        criterion=greeting,
        key="greeting",
        text=greeting.text,
        points=10,
        group_title="Opening",
    )
    svc.criterion_save(
        actor=qa_manager_user, version=draft, key="callback", text="Offers a call back", points=5
    )
    svc.scorecard_version_publish(actor=qa_manager_user, version=draft)
    old.refresh_from_db()
    assert old.status == "retired"
    assert old.scorecard.current_version() == draft
    evaluation.refresh_from_db()
    assert evaluation.version == old
    assert old.criteria.get(key="greeting").points == 5
    event = AuditEvent.objects.get(action="scorecard.publish")
    assert event.changes["retired_versions"] == [1]
    assert event.changes["points"] == 110
    # New evaluations use version 2.
    assert make_evaluation(make_call(agent_user), qa_officer_user).version == draft


def test_publish_refuses_an_empty_draft(qa_manager_user):
    version = svc.scorecard_create(actor=qa_manager_user, slug="empty", name="Empty")
    with pytest.raises(ValidationError, match="at least one criterion"):
        svc.scorecard_version_publish(actor=qa_manager_user, version=version)
    version.refresh_from_db()
    assert version.status == "draft"


def test_duplicate_criterion_key_is_refused(qa_manager_user):
    version = svc.scorecard_create(actor=qa_manager_user, slug="dup", name="Dup")
    svc.criterion_save(actor=qa_manager_user, version=version, key="a", text="A", points=5)
    with pytest.raises(ValidationError):
        svc.criterion_save(
            actor=qa_manager_user, version=version, key="a", text="A again", points=5
        )
    assert version.criteria.count() == 1


def test_export_import_round_trip(qa_manager_user):
    document = scorecard_document(_published())
    assert document["format"] == "siyalalela.scorecard/1"
    assert len(document["criteria"]) == 12
    json.dumps(document)  # an open, plain JSON document
    document["scorecard"]["slug"] = "inbound_copy"
    draft = svc.scorecard_import(actor=qa_manager_user, document=document)
    assert draft.status == "draft" and draft.scorecard.slug == "inbound_copy"
    again = scorecard_document(draft)
    assert again["criteria"] == document["criteria"]
    assert sorted(again["scorecard"]["sections"]) == sorted(document["scorecard"]["sections"])
    assert again["version"]["pass_mark"] == "80.0"


def test_import_into_an_existing_scorecard_adds_the_next_draft_version(qa_manager_user):
    document = scorecard_document(_published())
    draft = svc.scorecard_import(actor=qa_manager_user, document=document)
    assert draft.scorecard.slug == "inbound" and draft.number == 2


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d.update(criteria=[]), "non-empty"),
        (lambda d: d["criteria"][3].update(points="lots"), "criterion 4"),
        (lambda d: d["criteria"].append(dict(d["criteria"][0])), "criterion 13"),
        (lambda d: d["scorecard"].update(sections=["nowhere"]), "unknown sections"),
    ],
)
def test_a_bad_document_is_rejected_whole(qa_manager_user, mutate, message):
    document = scorecard_document(_published())
    document["scorecard"]["slug"] = "brand_new"
    mutate(document)
    before = (
        Scorecard.objects.count(),
        ScorecardVersion.objects.count(),
        Criterion.objects.count(),
        CriterionGroup.objects.count(),
    )
    with pytest.raises(ValidationError, match=message):
        svc.scorecard_import(actor=qa_manager_user, document=document)
    assert (
        Scorecard.objects.count(),
        ScorecardVersion.objects.count(),
        Criterion.objects.count(),
        CriterionGroup.objects.count(),
    ) == before
