"""autoscoring/migrations: a database made while the auto-scores lived in qa moves to the
autoscoring app with every row found through the new models, no data copied (the tables keep
their names), the content types and permissions kept (same rows, new label), and auto-scoring
tasks still queued under the old path pointed at the new one. Runs on SQLite and, with
SIYALALELA_DB=postgresql, on PostgreSQL."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from autoscoring.models import AutoAnswer, AutoScore
from autoscoring.selectors import suggestions_for
from autoscoring.services.suggestions import call_autoscore
from autoscoring.tasks import autoscore_call
from calls.models import Call, Transcript
from scorecards.models import Criterion, ScorecardVersion
from tests.autoscoring.factories import INBOUND_SEGMENTS

# The leaf migrations of the apps before the models moved (the autoscoring app did not exist).
BEFORE_THE_MOVE = [
    ("autoscoring", None),
    ("qa", "0009_sampleitem_version"),
]


def _migrate(targets):
    """Migrate to ``targets``; the models as they were there, every other app at its latest."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    moved = {app for app, _ in targets}
    nodes = [target for target in targets if target[1] is not None]
    nodes += [node for node in _leaf_nodes() if node[0] not in moved]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def _leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _queued_task(path: str, call_id: int) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [call_id], "kwargs": {}},
        task_path=path,
        queue_name="default",
        backend_name="default",
        run_after=now,
    )


def _fill_the_old_tables(old_apps) -> dict:
    """Two calls with an auto-score each on the published inbound version, every criterion
    answered, through qa's old models."""
    get = old_apps.get_model
    version = get("scorecards", "ScorecardVersion").objects.get(
        scorecard__slug="inbound", status="published"
    )
    criteria = list(version.criteria.order_by("order"))
    ids: dict = {"autoscores": {}, "answers": {}}
    for n in range(2):
        recording = get("calls", "Recording").objects.create(
            sha256=f"{n}" * 64, file=f"recordings/old-{n}.wav", size_bytes=1, original_name="o.wav"
        )
        call = get("calls", "Call").objects.create(recording=recording, state="transcribed")
        auto = get("qa", "AutoScore").objects.create(
            call=call, version=version, engine=f"rules-old-{n}", score=75, earned=9, possible=12
        )
        ids["autoscores"][auto.pk] = (call.pk, f"rules-old-{n}")
        for i, criterion in enumerate(criteria):
            answer = get("qa", "AutoAnswer").objects.create(
                auto_score=auto,
                criterion=criterion,
                criterion_key=criterion.key,
                answer=("yes", "no", "na", "")[i % 4],
                source="human" if i % 4 == 3 else "rule",
                confidence=0.5 + i / 100,
                evidence=[{"segment_index": i, "start": 0.0, "end": 1.0, "text": f"said {i}"}],
                note=f"note {i}",
            )
            ids["answers"][answer.pk] = (auto.pk, criterion.pk, answer.answer, f"said {i}")
    ids["version"] = version.pk
    return ids


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_moves_its_auto_scores_to_the_autoscoring_app(site_data):
    latest = _leaf_nodes()
    old_apps = _migrate(BEFORE_THE_MOVE)
    try:
        old_types = {
            ct.model: ct.pk
            for ct in ContentType.objects.filter(
                app_label="qa", model__in=["autoscore", "autoanswer"]
            )
        }
        assert set(old_types) == {"autoscore", "autoanswer"}, "going back restores qa's types"
        permissions = dict(
            Permission.objects.filter(content_type__in=old_types.values()).values_list(
                "codename", "pk"
            )
        )
        assert "view_autoscore" in permissions
        # A permission someone was given on the old models (no role holds one today).
        Group.objects.get(name="qa_manager").permissions.add(permissions["view_autoscore"])
        roles_before = {
            g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()
        }
        ids = _fill_the_old_tables(old_apps)
        first_call = next(iter(ids["autoscores"].values()))[0]
        queued = _queued_task("qa.tasks.autoscore_call", first_call)
        finished = _queued_task("qa.tasks.autoscore_call", first_call)
        DBTaskResult.objects.filter(pk=finished.pk).update(status="SUCCESSFUL")
    finally:
        _migrate(latest)
    ContentType.objects.clear_cache()

    # Every auto-score and answer is found through the new models, unchanged.
    assert AutoScore._meta.db_table == "qa_autoscore"
    assert AutoAnswer._meta.db_table == "qa_autoanswer"
    found = {a.pk: (a.call_id, a.engine) for a in AutoScore.objects.all()}
    assert found == ids["autoscores"]
    answers = {
        a.pk: (a.auto_score_id, a.criterion_id, a.answer, a.evidence[0]["text"])
        for a in AutoAnswer.objects.select_related("auto_score", "criterion")
    }
    assert answers == ids["answers"]
    version = ScorecardVersion.objects.get(pk=ids["version"])
    call = Call.objects.get(pk=first_call)
    suggestions = suggestions_for(call, version)
    assert len(suggestions) == Criterion.objects.filter(version=version).count()
    assert {s["answer"] for s in suggestions.values()} == {"yes", "no", "na", ""}
    # The tables' constraints still hold: one auto-score per call and version.
    with pytest.raises(IntegrityError), transaction.atomic():
        AutoScore.objects.create(call=call, version=version, engine="twice")

    # The same content type and permission rows, relabelled: who holds what is unchanged.
    new_types = {ct.model: ct.pk for ct in ContentType.objects.filter(app_label="autoscoring")}
    assert new_types == old_types
    assert ContentType.objects.get_for_model(AutoScore).pk == old_types["autoscore"]
    assert not ContentType.objects.filter(app_label="qa", model="autoscore").exists()
    roles_after = {
        g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()
    }
    assert roles_after == roles_before
    manager = Group.objects.get(name="qa_manager")
    assert manager.permissions.filter(
        content_type__app_label="autoscoring", codename="view_autoscore"
    ).exists()
    assert Permission.objects.filter(codename="view_autoscore").count() == 1

    # The task still waiting runs under its new path; the finished one keeps its history.
    queued.refresh_from_db()
    finished.refresh_from_db()
    assert queued.task_path == "autoscoring.tasks.autoscore_call"
    assert import_string(queued.task_path) is autoscore_call
    assert finished.task_path == "qa.tasks.autoscore_call"

    # And the moved rows are live: once the call has a transcript, scoring it again replaces the
    # old suggestions in place.
    old = AutoScore.objects.get(call=call)
    Transcript.objects.create(call=call, segments=INBOUND_SEGMENTS, language="en")
    auto = call_autoscore(call=call, version=version)
    assert auto.pk == old.pk and auto.engine != old.engine
    assert auto.answers.get(criterion_key="greeting").answer == "yes"
