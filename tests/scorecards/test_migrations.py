"""scorecards/migrations: a database made while the scorecards lived in qa moves to the
scorecards app with every row found through the new models, no data copied (the tables keep
their names), the roles keeping their permissions and published versions still frozen."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import DatabaseError

from audit.models import AuditEvent
from audit.services import audit_record
from autoscoring.models import AutoAnswer, AutoScore
from qa.models import Answer, Coaching, Evaluation
from scorecards.models import Criterion, CriterionGroup, Scorecard, ScorecardVersion

# The leaf migrations of the apps before the models moved (the scorecards app did not exist).
BEFORE_THE_MOVE = [
    ("scorecards", None),
    ("autoscoring", None),
    ("qa", "0008_scorecard_number_limits"),
    ("calls", "0002_calllink"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def _leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _fill_the_old_tables(old_apps) -> dict:
    get = old_apps.get_model
    card = get("qa", "Scorecard").objects.create(slug="old_card", name="Old card")
    card.sections.set(get("org", "Section").objects.all()[:1])
    version = get("qa", "ScorecardVersion").objects.create(
        scorecard=card, number=1, status="draft", pass_mark=75
    )
    group = get("qa", "CriterionGroup").objects.create(version=version, title="Opening", order=1)
    criterion = get("qa", "Criterion").objects.create(
        version=version,
        group=group,
        key="hello",
        text="Says hello",
        points=10,
        order=1,
        detector_key="inbound.greeting",
    )
    get("qa", "ScorecardVersion").objects.filter(pk=version.pk).update(status="published")
    user_model = get("auth", "User")
    officer = user_model.objects.create(username="old.officer")
    agent = get("org", "Agent").objects.order_by("pk").first()
    recording = get("calls", "Recording").objects.create(
        sha256="b" * 64, file="recordings/bb/old.wav", size_bytes=1, original_name="old.wav"
    )
    call = get("calls", "Call").objects.create(recording=recording, state="transcribed")
    evaluation = get("qa", "Evaluation").objects.create(
        call=call,
        version=version,
        evaluator=officer,
        evaluator_name="Old Officer",
        agent=agent,
        state="draft",
        kind="regular",
    )
    answer = get("qa", "Answer").objects.create(
        evaluation=evaluation, criterion=criterion, answer="no"
    )
    auto = get("qa", "AutoScore").objects.create(call=call, version=version, engine="x")
    auto_answer = get("qa", "AutoAnswer").objects.create(
        auto_score=auto,
        criterion=criterion,
        criterion_key="hello",
        answer="no",
        confidence=0.9,
        source="rule",
    )
    coaching = None
    if agent is not None:
        coaching = get("qa", "Coaching").objects.create(
            evaluation=evaluation,
            agent=agent,
            coach=officer,
            coach_name="Old Officer",
            notes="n",
            follow_up_on="2026-01-01",
        )
        coaching.criteria.set([criterion])
    return {
        "card": card.pk,
        "version": version.pk,
        "group": group.pk,
        "criterion": criterion.pk,
        "evaluation": evaluation.pk,
        "answer": answer.pk,
        "auto": auto.pk,
        "auto_answer": auto_answer.pk,
        "coaching": coaching.pk if coaching else None,
    }


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_migrates_to_the_scorecards_app_and_keeps_every_row(site_data):
    latest = _leaf_nodes()
    old_apps = _migrate(BEFORE_THE_MOVE)
    try:
        assert ContentType.objects.filter(app_label="qa", model="scorecard").exists(), (
            "going back restores qa's content type of the scorecard"
        )
        manager_perms_before = set(
            Group.objects.get(name="qa_manager").permissions.values_list("codename", flat=True)
        )
        assert "change_scorecard" in manager_perms_before
        ids = _fill_the_old_tables(old_apps)
    finally:
        _migrate(latest)
    ContentType.objects.clear_cache()

    card = Scorecard.objects.get(pk=ids["card"])
    version = ScorecardVersion.objects.get(pk=ids["version"])
    assert version.scorecard == card and card.sections.count() == 1
    assert CriterionGroup.objects.get(pk=ids["group"]).version == version
    criterion = Criterion.objects.get(pk=ids["criterion"])
    assert (criterion.version, criterion.group.title, criterion.points) == (version, "Opening", 10)
    evaluation = Evaluation.objects.get(pk=ids["evaluation"])
    assert evaluation.version == version
    assert Answer.objects.get(pk=ids["answer"]).criterion == criterion
    assert AutoScore.objects.get(pk=ids["auto"]).version == version
    assert AutoAnswer.objects.get(pk=ids["auto_answer"]).criterion == criterion
    if ids["coaching"]:
        assert list(Coaching.objects.get(pk=ids["coaching"]).criteria.all()) == [criterion]
    # The content types, and so the roles' permissions, followed the models.
    assert ContentType.objects.get_for_model(Scorecard).app_label == "scorecards"
    assert not ContentType.objects.filter(app_label="qa", model="scorecard").exists()
    manager = Group.objects.get(name="qa_manager")
    assert manager.permissions.filter(
        content_type__app_label="scorecards", codename="change_scorecard"
    ).exists()
    assert Permission.objects.filter(codename="change_scorecard").count() == 1
    assert Scorecard._meta.db_table == "qa_scorecard"
    # The database still refuses edits of the published version.
    with pytest.raises((IntegrityError, DatabaseError)), transaction.atomic():
        Criterion.objects.filter(pk=criterion.pk).update(points=50)
    # Audit events written before the move ("qa.scorecardversion") stay in the history.
    audit_record(
        actor=None,
        action="scorecard.publish",
        object_type="qa.scorecardversion",
        object_id=str(version.pk),
    )
    assert [e.action for e in AuditEvent.objects.for_object(version)] == ["scorecard.publish"]
