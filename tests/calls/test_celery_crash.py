"""Celery mode across "machines": RabbitMQ-backed workers in separate processes, each in its own
working folder, sharing the recordings folder and the PostgreSQL database; one is killed with
SIGKILL mid-call. Every call must end transcribed and auto-scored exactly once.

Runs in the PostgreSQL pass of .ci/run (Celery mode requires PostgreSQL) when RabbitMQ answers on
127.0.0.1:5672 (guest/guest, or SIYALALELA_BROKER_URL); skipped otherwise, saying why."""

from __future__ import annotations

import time

import psutil
import pytest

from tests.calls.harness import METADATA, RECORDINGS, Site, rabbitmq_reachable
from tests.calls.test_crash_recovery import LEASE, all_settled, assert_every_call_done_exactly_once

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

QUEUES = ("transcription-urgent", "transcription", "default-urgent", "default")


@pytest.fixture
def rabbitmq():
    if not rabbitmq_reachable():
        pytest.skip("needs RabbitMQ on 127.0.0.1:5672 (Celery mode); none answers here")


def test_sigkill_of_a_celery_worker_machine_mid_call_loses_and_duplicates_nothing(
    tmp_path, rabbitmq
):
    site = Site(
        tmp_path / "site",
        db="postgresql",
        backend="celery",
        extra_env={**LEASE, "SIYALALELA_WHISPER_THREADS": 1},
    )
    try:
        site.install()
        machine_a = site.start_celery_worker("a", QUEUES)
        site.start_celery_worker("b", QUEUES)
        site.start_celery_beat()
        time.sleep(5)  # workers connected and queues declared
        site.ingest(RECORDINGS, METADATA)

        def held_by_a():
            pids = {p.pid for p in psutil.Process(machine_a.pid).children(recursive=True)}
            pids.add(machine_a.pid)
            return [
                call_id
                for call_id, call in site.calls().items()
                if call["state"] == "transcribing" and int(call["worker"].split(":")[1]) in pids
            ]

        victims = site.wait_for(held_by_a, timeout=300, what="machine a transcribing a call")
        time.sleep(1.0)  # into the Whisper run
        site.kill(machine_a)  # the worker and its pool process: the machine is gone
        site.wait_for(all_settled(site), timeout=600, what="every call transcribed and scored")
        out = assert_every_call_done_exactly_once(site)
        assert out["reclaim_events"].get(victims[0]) == 1, out["reclaim_events"]
        assert site.calls()[victims[0]]["attempts"] == 2
        # The lease holder of every transcription was on machine b after the kill.
        assert not out["fail_events"]
    except BaseException:
        print(site.logs())
        raise
    finally:
        site.close()
