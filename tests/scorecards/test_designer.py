"""scorecards/services/designer.py and the database triggers that freeze published versions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError

from audit.models import AuditEvent
from scorecards.models import Criterion, Scorecard, ScorecardVersion
from scorecards.services import designer as svc
from scorecards.services.publish import scorecard_version_publish
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
        group=draft.groups.get(title="Opening"),
    )
    svc.criterion_save(
        actor=qa_manager_user, version=draft, key="callback", text="Offers a call back", points=5
    )
    scorecard_version_publish(actor=qa_manager_user, version=draft)
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
        scorecard_version_publish(actor=qa_manager_user, version=version)
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


@pytest.fixture
def draft(qa_manager_user):
    return svc.scorecard_version_new_draft(actor=qa_manager_user, scorecard=_published().scorecard)


def _snapshot(version):
    return list(
        version.criteria.order_by("pk").values_list("key", "order", "points", "detector_key")
    )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"points": 0}, "whole number from 1 to 100"),
        ({"points": 101}, "whole number from 1 to 100"),
        ({"points": 2.5}, "whole number from 1 to 100"),
        ({"points": "lots"}, "whole number from 1 to 100"),
        ({"points": True}, "whole number from 1 to 100"),
        ({"detector_key": "inbound.no_such_rule"}, "There is no detector 'inbound.no_such_rule'"),
        ({"position": 99}, "Position must be from 1 to 13"),
    ],
)
def test_bad_criterion_values_are_refused_and_nothing_changes(
    qa_manager_user, draft, changes, message
):
    before = _snapshot(draft)
    values = {"key": "callback", "text": "Offers a call back", "points": 5, **changes}
    with pytest.raises(ValidationError, match=message):
        svc.criterion_save(actor=qa_manager_user, version=draft, **values)
    assert _snapshot(draft) == before


def test_a_group_of_another_version_is_refused(qa_manager_user, draft):
    before = _snapshot(draft)
    foreign = _published().groups.first()
    with pytest.raises(ValidationError, match="another version"):
        svc.criterion_save(
            actor=qa_manager_user, version=draft, key="x", text="X", points=5, group=foreign
        )
    assert _snapshot(draft) == before


def test_a_new_criterion_goes_at_the_end_and_a_position_moves_the_others(qa_manager_user, draft):
    last = svc.criterion_save(actor=qa_manager_user, version=draft, key="x", text="X", points=5)
    assert last.order == 13
    first = svc.criterion_save(
        actor=qa_manager_user, version=draft, key="y", text="Y", points=5, position=1
    )
    keys = list(draft.criteria.order_by("order").values_list("key", flat=True))
    assert keys[0] == "y" and keys[1] == "greeting" and keys[-1] == "x"
    assert list(draft.criteria.order_by("order").values_list("order", flat=True)) == list(
        range(1, 15)
    )
    svc.criterion_delete(actor=qa_manager_user, criterion=first)
    assert list(draft.criteria.order_by("order").values_list("order", flat=True)) == list(
        range(1, 14)
    )


def test_groups_are_unique_without_case(qa_manager_user, draft):
    with pytest.raises(ValidationError, match="already has a group called “Closing”"):
        svc.criterion_group_add(actor=qa_manager_user, version=draft, title="  closing ")
    group = svc.criterion_group_add(actor=qa_manager_user, version=draft, title="Follow-up")
    assert group.order == draft.groups.count()
    assert svc.group_for_title(draft, "CLOSING").title == "Closing"


def test_the_pass_mark_stays_within_0_and_100(qa_manager_user, draft):
    for bad in (Decimal("100.5"), Decimal("-1")):
        with pytest.raises(ValidationError):
            svc.scorecard_version_update(actor=qa_manager_user, version=draft, pass_mark=bad)
    draft.refresh_from_db()
    assert draft.pass_mark == Decimal("80.0")


def test_publish_refuses_an_unknown_detector_and_names_the_criterion(qa_manager_user, draft):
    Criterion.objects.filter(version=draft, key="empathy").update(detector_key="inbound.typo")
    with pytest.raises(ValidationError) as refused:
        scorecard_version_publish(actor=qa_manager_user, version=draft)
    (message,) = refused.value.messages
    assert message.startswith("“Agent acknowledges the caller's situation")
    assert "There is no detector 'inbound.typo'" in message
    draft.refresh_from_db()
    assert draft.status == "draft" and _published().number == 1


def test_publish_records_the_changes_from_the_previous_version(qa_manager_user, draft):
    svc.criterion_save(actor=qa_manager_user, version=draft, key="x", text="X", points=5)
    svc.criterion_delete(actor=qa_manager_user, criterion=draft.criteria.get(key="closing"))
    Criterion.objects.filter(version=draft, key="greeting").update(points=10)
    scorecard_version_publish(actor=qa_manager_user, version=draft)
    event = AuditEvent.objects.get(action="scorecard.publish")
    assert (event.changes["added"], event.changes["removed"]) == (["x"], ["closing"])
    assert event.changes["changed"] == ["greeting"] and event.changes["compared_with"] == 1
