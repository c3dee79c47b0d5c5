"""calls/services/leases.py: one worker per call at a time, and calls of dead workers taken back.

The multi-process kill -9 tests are in test_crash_recovery.py; these check each rule alone."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from calls.models import Call, CallLink, Transcript
from calls.services.ingest import CallStateError, call_ingest, call_retry_transcription
from calls.services.leases import (
    calls_stuck,
    transcription_claim,
    transcription_lease_renew,
    transcriptions_reclaim,
)
from calls.services.transcription import call_transcribe
from tests.calls.helpers import short_wav

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(tmp_path, agent_user):
    path = short_wav(tmp_path / "call.wav")
    with open(path, "rb") as fh:
        return call_ingest(
            file=fh, original_name="call.wav", source="folder", metadata={"agent": "a.agent"}
        ).call


def expire(call):
    Call.objects.filter(pk=call.pk).update(
        transcription_lease_until=timezone.now() - dt.timedelta(seconds=1)
    )


def test_of_two_workers_claiming_a_call_only_one_gets_it(call):
    assert transcription_claim(call_id=call.pk, worker="machine-a:1:x")
    assert not transcription_claim(call_id=call.pk, worker="machine-b:2:y")
    call.refresh_from_db()
    assert call.state == Call.State.TRANSCRIBING
    assert call.transcription_worker == "machine-a:1:x"
    assert call.transcription_attempts == 1


def test_a_lease_that_ran_out_can_be_taken_over_and_the_old_holder_cannot_renew(call):
    transcription_claim(call_id=call.pk, worker="machine-a:1:x")
    expire(call)
    assert transcription_claim(call_id=call.pk, worker="machine-b:2:y")
    assert not transcription_lease_renew(call_id=call.pk, worker="machine-a:1:x")
    assert transcription_lease_renew(call_id=call.pk, worker="machine-b:2:y")
    call.refresh_from_db()
    assert call.transcription_attempts == 2


def test_a_transcribed_or_failed_call_is_not_claimed(call):
    Call.objects.filter(pk=call.pk).update(state=Call.State.FAILED)
    assert not transcription_claim(call_id=call.pk, worker="w")
    Call.objects.filter(pk=call.pk).update(state=Call.State.TRANSCRIBED)
    assert not transcription_claim(call_id=call.pk, worker="w")


class ExplodingTranscriber:
    """Fails the test if the engine is reached (the only fake: nothing may run)."""

    def transcribe(self, *args, **kwargs):
        raise AssertionError("a second worker transcribed a call another worker holds")


def test_a_task_for_a_call_another_worker_is_transcribing_does_nothing(call, monkeypatch):
    transcription_claim(call_id=call.pk, worker="machine-a:1:x")
    monkeypatch.setattr(
        "calls.services.transcription.transcriber", lambda **kw: ExplodingTranscriber()
    )
    result = call_transcribe(call_id=call.pk)
    assert result.state == Call.State.TRANSCRIBING
    assert result.transcription_worker == "machine-a:1:x"
    assert not AuditEvent.objects.filter(action__startswith="call.transcri").exists()


@pytest.mark.slow
def test_a_worker_that_lost_its_lease_stores_nothing(call, monkeypatch):
    """The worker is paused past its lease and another takes the call over: its result (from
    the real engine) is dropped, the new holder's stands."""
    from calls import engines

    real = engines.transcriber()

    class TakenOverMeanwhile:
        def transcribe(self, *args, **kwargs):
            result = real.transcribe(*args, **kwargs)
            Call.objects.filter(pk=call.pk).update(transcription_worker="machine-b:2:y")
            return result

    monkeypatch.setattr(
        "calls.services.transcription.transcriber", lambda **kw: TakenOverMeanwhile()
    )
    call_transcribe(call_id=call.pk)
    call.refresh_from_db()
    assert call.state == Call.State.TRANSCRIBING
    assert call.transcription_worker == "machine-b:2:y"
    assert not Transcript.objects.filter(call=call).exists()
    assert not AuditEvent.objects.filter(action="call.transcribe").exists()


def test_reclaim_queues_again_a_call_whose_worker_died(call, django_capture_on_commit_callbacks):
    transcription_claim(call_id=call.pk, worker="machine-a:1:x")
    assert not transcriptions_reclaim().queued_again  # the lease is live: left alone
    expire(call)
    assert list(calls_stuck()) == [call]
    with django_capture_on_commit_callbacks() as callbacks:
        report = transcriptions_reclaim()
    assert report.queued_again == [call.pk] and not report.failed
    assert len(callbacks) == 1  # the transcription task, queued once the reclaim commits
    call.refresh_from_db()
    assert call.state == Call.State.RECEIVED
    assert call.transcription_worker == "" and call.transcription_attempts == 1
    event = AuditEvent.objects.get(action="call.transcription_reclaim")
    assert event.changes["worker"] == "machine-a:1:x"
    assert event.changes["state"] == {"old": "transcribing", "new": "received"}


def test_a_call_that_kills_its_worker_every_time_ends_failed_with_the_reason(call, settings):
    settings.TRANSCRIPTION_MAX_ATTEMPTS = 2
    for worker in ("a:1:x", "b:2:y"):
        assert transcription_claim(call_id=call.pk, worker=worker)
        expire(call)
    # Past the limit nobody may start on it again; the reclaim fails it.
    assert not transcription_claim(call_id=call.pk, worker="c:3:z")
    report = transcriptions_reclaim()
    assert report.failed == [call.pk]
    call.refresh_from_db()
    assert call.state == Call.State.FAILED
    assert "stopped 2 times" in call.failure_reason
    fail = AuditEvent.objects.get(action="call.transcription_fail")
    assert fail.changes["attempts"] == 2


def test_retry_failed_command_also_takes_stuck_calls(call, tmp_path, agent_user):
    path = short_wav(tmp_path / "other.wav", 2)
    with open(path, "rb") as fh:
        other = call_ingest(file=fh, original_name="other.wav", source="folder").call
    transcription_claim(call_id=call.pk, worker="dead:1:x")
    expire(call)
    transcription_claim(call_id=other.pk, worker="alive:2:y")  # live lease: not stuck
    call_command("retry_transcription", "--failed", verbosity=0)
    call.refresh_from_db()
    other.refresh_from_db()
    assert call.state == Call.State.RECEIVED and call.transcription_attempts == 0
    assert other.state == Call.State.TRANSCRIBING


def test_retry_is_refused_while_a_live_worker_transcribes_the_call(call, qa_manager_user):
    transcription_claim(call_id=call.pk, worker="alive:2:y")
    with pytest.raises(CallStateError, match="right now"):
        call_retry_transcription(call=call, actor=qa_manager_user)
    call.refresh_from_db()
    assert call.state == Call.State.TRANSCRIBING
    assert not AuditEvent.objects.filter(action="call.retry").exists()


def test_call_page_says_when_a_call_is_stuck_and_when_it_was_queued_again(
    client, call, qa_officer_user
):
    transcription_claim(call_id=call.pk, worker="worker-7:1:x")
    expire(call)
    client.force_login(qa_officer_user)
    page = client.get(reverse("calls:call_detail", args=[call.pk])).content.decode()
    assert "Stuck: the worker on worker-7" in page and "attempt 1 of 3" in page
    transcriptions_reclaim()
    page = client.get(reverse("calls:call_detail", args=[call.pk])).content.decode()
    assert "Queued again: the worker transcribing it stopped" in page


def test_a_call_linked_to_a_complaint_is_queued_ahead_of_the_others(
    call, settings, django_capture_on_commit_callbacks
):
    from django.tasks import default_task_backend

    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "transcription"],
        }
    }
    default_task_backend.clear()
    CallLink.objects.create(call=call, case_reference="INV-2026-000001")
    Call.objects.filter(pk=call.pk).update(state=Call.State.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        call_retry_transcription(call=call)
    (result,) = default_task_backend.results
    assert result.task.priority > 0 and result.args == [call.pk]


def test_linking_a_waiting_call_to_a_complaint_queues_it_ahead(
    call, settings, django_capture_on_commit_callbacks
):
    from django.tasks import default_task_backend

    from calls.services.links import call_link_complaint

    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.dummy.DummyBackend",
            "QUEUES": ["default", "transcription"],
        }
    }
    default_task_backend.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_link_complaint(call=call, reference="INV-2026-000002")
    (result,) = default_task_backend.results
    assert result.task.name == "transcribe_call" and result.task.priority > 0
    # A transcribed call linked later is not queued again.
    Call.objects.filter(pk=call.pk).update(state=Call.State.TRANSCRIBED)
    with django_capture_on_commit_callbacks(execute=True):
        call_link_complaint(call=call, reference="INV-2026-000003")
    assert len(default_task_backend.results) == 1
