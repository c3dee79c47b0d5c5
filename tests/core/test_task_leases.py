"""core/task_leases.py: task rows of dead workers taken back, rule by rule, on the real database.

The rows are written as django-tasks-db's worker writes them (claimed: RUNNING, ``started_at``,
the worker's id appended); the multi-process kill -9 test is test_task_crash_recovery.py."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent
from autoscoring.models import AutoScore
from autoscoring.tasks import autoscore_call
from core.models import WorkerHeartbeat
from core.task_leases import (
    heartbeat_write,
    heartbeats_prune,
    task_note,
    tasks_lost,
    tasks_reclaim,
)
from tests.autoscoring.factories import make_call

pytestmark = pytest.mark.django_db

AUTOSCORE = "autoscoring.tasks.autoscore_call"


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "transcription"],
        }
    }
    settings.TASK_LEASE_SECONDS = {AUTOSCORE: 60, "core.tasks.spreadsheet_import_run": 600}
    settings.WORKER_HEARTBEAT_SECONDS = 5
    settings.TASK_MAX_ATTEMPTS = 3


def claimed(path=AUTOSCORE, *, args=(7,), ago=120, workers=("w-1",)) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        task_path=path,
        args_kwargs={"args": list(args), "kwargs": {}},
        backend_name="default",
        queue_name="default",
        run_after=now - dt.timedelta(seconds=ago + 1),
        status="RUNNING",
        started_at=now - dt.timedelta(seconds=ago),
        worker_ids=list(workers),
    )


def test_a_row_running_past_its_lease_with_no_worker_beating_is_ready_again():
    row = claimed()
    report = tasks_reclaim()
    row.refresh_from_db()
    assert report.queued_again == [str(row.pk)] and report.failed == []
    assert row.status == "READY" and row.started_at is None
    event = AuditEvent.objects.get(action="task.reclaim")
    assert event.object_id == str(row.pk) and event.changes["worker"] == "w-1"
    assert tasks_reclaim().queued_again == []  # nothing left to take


def test_a_row_whose_worker_still_beats_for_it_is_left_alone():
    row = claimed(ago=600)
    heartbeat_write(worker_id="w-1", task_id=str(row.pk))
    assert tasks_reclaim().queued_again == []
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_a_live_worker_that_moved_on_no_longer_holds_the_row():
    # The worker lived but could not record the result: it beats, for another task or none.
    row = claimed()
    heartbeat_write(worker_id="w-1", task_id="")
    assert tasks_reclaim().queued_again == [str(row.pk)]


def test_a_beat_older_than_the_lease_does_not_count():
    row = claimed(ago=600)
    heartbeat_write(
        worker_id="w-1", task_id=str(row.pk), now=timezone.now() - dt.timedelta(seconds=90)
    )
    assert tasks_reclaim().queued_again == [str(row.pk)]


def test_a_row_within_its_lease_is_left_alone():
    row = claimed(ago=30)
    assert tasks_lost() == []
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_leases_are_per_kind():
    long_import = claimed("core.tasks.spreadsheet_import_run", ago=300)
    autoscore = claimed(ago=300)
    assert [r.pk for r in tasks_lost()] == [autoscore.pk]
    assert long_import.pk not in tasks_reclaim().queued_again


@pytest.mark.parametrize("path", ["calls.tasks.transcribe_call", "inbox.tasks.notifications_email"])
def test_kinds_not_listed_are_never_taken(path):
    row = claimed(path, ago=10_000)
    assert tasks_reclaim().queued_again == []
    row.refresh_from_db()
    assert row.status == "RUNNING"


def test_after_max_attempts_the_row_fails_with_the_reason():
    row = claimed(workers=("w-1", "w-2", "w-3"))
    report = tasks_reclaim()
    row.refresh_from_db()
    assert report.failed == [str(row.pk)]
    assert row.status == "FAILED" and row.finished_at is not None
    assert row.exception_class_path == "core.task_leases.TaskLost"
    assert "3 workers (w-1, w-2, w-3) stopped" in row.traceback
    assert AuditEvent.objects.filter(action="task.fail", object_id=str(row.pk)).count() == 1


def test_nothing_is_taken_on_another_task_backend(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    claimed()
    assert tasks_reclaim().queued_again == []


def test_heartbeats_are_one_row_per_worker():
    heartbeat_write(worker_id="w-9", task_id="a")
    heartbeat_write(worker_id="w-9", task_id="b")
    beat = WorkerHeartbeat.objects.get()
    assert beat.task_id == "b" and beat.pid


def test_auto_scoring_a_call_twice_stores_one_autoscore(site_data):
    # Why autoscore_call may be run again by the reclaim: a rerun changes nothing.
    call = make_call()
    assert autoscore_call.call(call.pk) == "scored"
    assert autoscore_call.call(call.pk) == "scored"
    assert AutoScore.objects.filter(call=call).count() == 1
    assert AuditEvent.objects.filter(action="autoscore.run").count() == 1


def test_the_call_page_says_when_auto_scoring_was_stuck_and_retried(client, qa_officer_user):
    call = make_call()
    row = claimed(args=(call.pk,), workers=("w-1",))
    client.force_login(qa_officer_user)
    url = reverse("calls:call_detail", args=[call.pk])
    page = client.get(url).content.decode()
    assert "Auto-scoring: Stuck: the worker that started it" in page
    assert task_note(AUTOSCORE, call.pk)[0] == "warn"
    tasks_reclaim()
    assert "Auto-scoring: Queued again" in client.get(url).content.decode()
    # A second worker claims it and records the result.
    DBTaskResult.objects.filter(pk=row.pk).update(
        status="SUCCESSFUL", started_at=timezone.now(), worker_ids=["w-1", "w-2"]
    )
    assert "Auto-scoring: Done on attempt 2" in client.get(url).content.decode()


def test_the_call_page_says_nothing_of_a_task_that_ran_once(client, qa_officer_user):
    call = make_call()
    row = claimed(args=(call.pk,), ago=1)
    client.force_login(qa_officer_user)
    url = reverse("calls:call_detail", args=[call.pk])
    assert "Auto-scoring:" not in client.get(url).content.decode()
    DBTaskResult.objects.filter(pk=row.pk).update(status="SUCCESSFUL")
    assert "Auto-scoring:" not in client.get(url).content.decode()


def test_old_beats_of_stopped_workers_are_pruned_and_live_ones_kept(settings):
    settings.WORKER_HEARTBEAT_KEEP_SECONDS = 3600
    now = timezone.now()
    heartbeat_write(worker_id="dead", task_id="a", now=now - dt.timedelta(hours=2))
    heartbeat_write(worker_id="recently-dead", task_id="b", now=now - dt.timedelta(minutes=30))
    heartbeat_write(worker_id="live", task_id="", now=now - dt.timedelta(seconds=5))
    assert heartbeats_prune(now=now) == 1
    assert set(WorkerHeartbeat.objects.values_list("pk", flat=True)) == {"recently-dead", "live"}
    assert heartbeats_prune(now=now) == 0


def test_a_beat_the_reclaim_may_still_read_is_never_pruned(settings):
    # Kept shorter than the longest lease: the lease wins, so a worker still inside its task's
    # lease is not mistaken for a dead one by a pruned beat.
    settings.WORKER_HEARTBEAT_KEEP_SECONDS = 60
    now = timezone.now()
    row = claimed("core.tasks.spreadsheet_import_run", ago=500)
    heartbeat_write(worker_id="w-1", task_id=str(row.pk), now=now - dt.timedelta(seconds=300))
    assert heartbeats_prune(now=now) == 0
    assert tasks_reclaim(now=now).queued_again == []
    assert heartbeats_prune(now=now + dt.timedelta(seconds=400)) == 1


def test_the_periodic_reclaim_and_its_command_prune_old_beats(settings):
    from django.core.management import call_command

    from calls.tasks import transcriptions_reclaim

    settings.WORKER_HEARTBEAT_KEEP_SECONDS = 3600
    old = timezone.now() - dt.timedelta(days=2)
    heartbeat_write(worker_id="gone-1", now=old)
    assert transcriptions_reclaim.call(reschedule=False)["heartbeats_pruned"] == 1
    heartbeat_write(worker_id="gone-2", now=old)
    out = io.StringIO()
    call_command("reclaim_transcriptions", stdout=out)
    assert "1 old heartbeat(s) of stopped workers deleted" in out.getvalue()
    assert not WorkerHeartbeat.objects.exists()
