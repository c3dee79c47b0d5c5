"""kill -9 of a worker mid-transcription, on real processes, real Whisper and the sample calls.

Embedded default: ``manage.py db_worker`` processes on one database (SQLite, or PostgreSQL when
the suite runs on it). Celery: see
test_celery_crash.py. Each test runs a whole site in separate processes (tests/calls/harness.py)
with a short lease, so a dead worker's call is taken back within seconds."""

from __future__ import annotations

import os
import time

import pytest

from tests.calls.harness import METADATA, RECORDINGS, Site

pytestmark = pytest.mark.slow

LEASE = {"SIYALALELA_TRANSCRIPTION_LEASE_SECONDS": 4, "SIYALALELA_RECLAIM_SECONDS": 2}


def assert_every_call_done_exactly_once(site: Site) -> dict:
    out = site.outcome()
    calls = out["calls"]
    assert calls, "no calls were ingested"
    for call_id, call in calls.items():
        assert call["state"] == "transcribed", (call_id, call)
        assert out["transcripts"].get(call_id) == 1, (call_id, out["transcripts"])
        assert out["transcribe_events"].get(call_id) == 1, (call_id, out["transcribe_events"])
    flagged = {
        row[0] for row in site.query("SELECT id FROM qa_call WHERE needs_listening = %s", (True,))
    }
    for call_id in set(calls) - flagged:
        assert out["autoscores"].get(call_id) == 1, (call_id, out["autoscores"])
    assert not (set(out["autoscores"]) & flagged)
    return out


def all_settled(site: Site):
    def check():
        calls = site.calls()
        if not calls or any(c["state"] not in ("transcribed", "failed") for c in calls.values()):
            return False
        wanted = {
            r[0]
            for r in site.query(
                "SELECT id FROM qa_call WHERE state = 'transcribed' AND needs_listening = %s",
                (False,),
            )
        }
        return wanted <= set(site.outcome()["autoscores"])

    return check


def test_kill_9_of_a_db_worker_mid_call_ends_with_every_call_transcribed_once(tmp_path):
    # The database the suite runs on: SQLite here, PostgreSQL in the second pass of .ci/run.
    db = "postgresql" if os.environ.get("SIYALALELA_DB") == "postgresql" else "sqlite"
    site = Site(tmp_path / "site", db=db, extra_env=LEASE)
    try:
        site.install()
        site.ingest(RECORDINGS, METADATA)
        worker_a = site.start_db_worker("a", queues="transcription")
        busy = site.wait_for(
            lambda: [i for i, c in site.calls().items() if c["state"] == "transcribing"],
            timeout=180,
            what="worker a starting on a call",
        )
        time.sleep(1.0)  # into the Whisper run
        assert site.calls()[busy[0]]["state"] == "transcribing"
        site.kill(worker_a)  # SIGKILL to the worker and anything it started
        victim = busy[0]
        # A new worker on another "machine"; the periodic reclaim runs on its queue.
        site.manage("reclaim_transcriptions", "--schedule")
        site.start_db_worker("b")
        site.wait_for(all_settled(site), timeout=600, what="every call transcribed and scored")
        out = assert_every_call_done_exactly_once(site)
        assert out["reclaim_events"] == {victim: 1}
        assert site.calls()[victim]["attempts"] == 2
        # The dead worker's task row no longer claims to be running.
        rows = site.query(
            "SELECT status, exception_class_path FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'calls.tasks.transcribe_call' AND status != 'SUCCESSFUL'"
        )
        assert rows == [("FAILED", "calls.services.leases.WorkerLost")]
    except BaseException:
        print(site.logs())
        raise
    finally:
        site.close()
