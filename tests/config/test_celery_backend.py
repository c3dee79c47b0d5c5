"""config/celery_backend.py and the Celery settings: routing, options, the PostgreSQL check.

The multi-process crash test against RabbitMQ is tests/calls/test_celery_crash.py."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.tasks import task

from config.celery_backend import CeleryBackend, celery_queue_for, celery_task_for
from tests.calls.harness import ROOT


@task(queue_name="transcription")
def double(n: int) -> int:
    return 2 * n


def test_transcription_goes_to_its_queue_and_urgent_work_to_the_urgent_twin(settings):
    settings.TASK_QUEUE_PREFIX = "site1-"
    assert celery_queue_for("transcription", 0) == "site1-transcription"
    assert celery_queue_for("transcription", 50) == "site1-transcription-urgent"
    assert celery_queue_for("default", -10) == "site1-default"


def test_a_django_task_becomes_a_celery_task_of_the_same_name_that_runs_it(settings):
    settings.CELERY_TASK_OPTIONS = {double.module_path: {"max_retries": 4, "retry_backoff": 5}}
    celery_task = celery_task_for(double)
    assert celery_task.name == "tests.config.test_celery_backend.double"
    assert celery_task.max_retries == 4 and celery_task.retry_backoff == 5
    assert celery_task.apply(args=[21]).get() == 42  # run in-process, no broker


def test_workers_acknowledge_late_take_one_task_at_a_time_and_bound_memory():
    from config.celery import app

    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.worker_max_memory_per_child >= 100 * 1024
    schedule = app.conf.beat_schedule
    assert schedule["transcriptions-reclaim"]["task"] == "calls.tasks.transcriptions_reclaim"


def _run(*args, **env):
    full = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        **env,
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def test_celery_mode_on_sqlite_is_refused_by_a_system_check():
    done = _run("check", SIYALALELA_TASK_BACKEND="celery", SIYALALELA_DB="sqlite")
    assert done.returncode != 0
    assert "siyalalela.E010" in done.stderr and "needs PostgreSQL" in done.stderr


def test_celery_queues_are_quorum_queues_with_a_delivery_limit():
    code = (
        "from django.conf import settings; "
        "print([(q.name, q.queue_arguments) for q in settings.CELERY_TASK_QUEUES])"
    )
    done = _run(
        "shell", "-c", code, SIYALALELA_TASK_BACKEND="celery", SIYALALELA_DELIVERY_LIMIT="4"
    )
    assert done.returncode == 0, done.stderr
    assert "('transcription', {'x-queue-type': 'quorum', 'x-delivery-limit': 4})" in done.stdout
    assert "'transcription-urgent'" in done.stdout


@pytest.mark.parametrize("device", ["cpu", "cuda"])
def test_the_whisper_device_is_a_setting_read_per_worker(device):
    done = _run(
        "shell",
        "-c",
        "from calls.engines import engine_settings; print(engine_settings().device)",
        SIYALALELA_WHISPER_DEVICE=device,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == device


def test_an_unknown_device_stops_the_process_with_the_variable_named():
    done = _run("check", SIYALALELA_WHISPER_DEVICE="tpu")
    assert done.returncode != 0
    assert "SIYALALELA_WHISPER_DEVICE" in done.stderr


def test_backend_does_not_pretend_to_keep_results_or_defer():
    assert not CeleryBackend.supports_get_result
    assert not CeleryBackend.supports_defer
