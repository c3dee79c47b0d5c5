"""calls/migrations: a database made before the calls app existed moves to it with every row
found through the new models, and no data copied (the tables keep their names)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEvent
from audit.services import audit_record
from autoscoring.models import AutoScore
from calls.models import Call, CallLink, CallMetrics, Recording, Transcript
from investigations.models import Evidence

# The leaf migrations of the apps before the models moved (the calls app did not exist).
BEFORE_THE_MOVE = [
    ("calls", None),
    ("autoscoring", None),
    ("qa", "0006_call_complaint_references"),
    ("investigations", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    nodes = [target for target in targets if target[1] is not None]
    return MigrationExecutor(connection).loader.project_state(nodes).apps


def _leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _fill_the_old_tables(old_apps) -> dict:
    recording = old_apps.get_model("qa", "Recording").objects.create(
        sha256="a" * 64, file="recordings/aa/old.wav", size_bytes=1234, original_name="old.wav"
    )
    call = old_apps.get_model("qa", "Call").objects.create(
        recording=recording,
        caller_number="0821234567",
        state="transcribed",
        complaint_references=["INV-2026-000001", "INV-2026-000002"],
    )
    old_apps.get_model("qa", "Transcript").objects.create(
        call=call, segments=[{"speaker": "agent", "start": 0, "end": 1, "text": "Good morning"}]
    )
    old_apps.get_model("qa", "CallMetrics").objects.create(call=call, silence_s=2.5)
    version = old_apps.get_model("qa", "ScorecardVersion").objects.order_by("pk").first()
    old_apps.get_model("qa", "AutoScore").objects.create(call=call, version=version, engine="x")
    case = old_apps.get_model("investigations", "Case").objects.order_by("pk").first()
    if case is not None:
        old_apps.get_model("investigations", "Evidence").objects.create(
            case=case, kind="call", call=call, added_by_name="someone", added_at=call.created_at
        )
    return {"recording": recording.pk, "call": call.pk, "evidence": case is not None}


@pytest.mark.django_db(transaction=True)
def test_an_existing_database_migrates_to_the_calls_app_and_keeps_every_row(site_data):
    latest = _leaf_nodes()
    old_apps = _migrate(BEFORE_THE_MOVE)
    try:
        old_type = ContentType.objects.filter(app_label="qa", model="call").values_list(
            "pk", flat=True
        )
        assert list(old_type), "going back restores qa's content type of the call"
        ids = _fill_the_old_tables(old_apps)
    finally:
        _migrate(latest)
    ContentType.objects.clear_cache()

    call = Call.objects.select_related("recording", "transcript", "metrics").get(pk=ids["call"])
    assert call.recording == Recording.objects.get(pk=ids["recording"])
    assert call.caller_number == "0821234567"
    assert Transcript.objects.get(call=call).segments[0]["text"] == "Good morning"
    assert CallMetrics.objects.get(call=call).silence_s == 2.5
    assert AutoScore.objects.get(call=call).engine == "x"
    if ids["evidence"]:
        assert Evidence.objects.get(call=call).kind == "call"
    # The JSON list became rows, and the permissions followed the model to the calls app.
    assert call.complaint_references() == ["INV-2026-000001", "INV-2026-000002"]
    assert CallLink.objects.active().filter(call=call).count() == 2
    assert Call.objects.with_complaint_flag().get(pk=call.pk).linked_to_complaint
    assert ContentType.objects.get_for_model(Call).app_label == "calls"
    assert not ContentType.objects.filter(app_label="qa", model="call").exists()
    assert Call._meta.db_table == "qa_call"
    # Audit events written before the move (object type "qa.call") stay in the call's history.
    audit_record(actor=None, action="call.ingest", object_type="qa.call", object_id=str(call.pk))
    assert [e.action for e in AuditEvent.objects.for_object(call)] == ["call.ingest"]
