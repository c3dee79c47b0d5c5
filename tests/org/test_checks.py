"""System checks, production settings (`check --deploy`) and the background-task worker."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.tasks import TaskResultStatus, default_task_backend
from django.test import override_settings

from audit.models import AuditEvent
from audit.tasks import audit_chain_check
from org.checks import check_task_backend_for_production, check_task_queue

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "transcription"],
    }
}


def manage(*args, env: dict, timeout: int = 120) -> subprocess.CompletedProcess:
    """Run manage.py in a fresh process with only the given settings environment (the test
    settings module of this process must not leak in)."""
    base = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def production_env(data_dir: Path) -> dict:
    """The variables docs/operations.md "Deploying" documents for a deployment."""
    return {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "qa.ekurhuleni.gov.za",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://qa.ekurhuleni.gov.za",
        "DJANGO_BEHIND_PROXY": "true",
        "EMAIL_HOST": "smtp.ekurhuleni.gov.za",
        "SIYALALELA_DATA_DIR": str(data_dir),
    }


@pytest.mark.slow  # five fresh manage.py processes, collectstatic and a full migrate
def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    env = production_env(tmp_path)
    before = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    # Before collectstatic the manifest is missing: every page would fail, so the check says so.
    assert before.returncode != 0 and "siyalalela.E002" in before.stderr
    collected = manage("collectstatic", "--noinput", env=env)
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    # With the database as docs/operations.md "Deploying" has it: migrated, the task queue table
    # present.
    migrated = manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    result = manage(
        "check", "--deploy", "--database", "default", "--fail-level", "WARNING", env=env
    )
    assert result.returncode == 0, result.stderr


def test_production_without_a_secret_key_refuses_to_start(tmp_path):
    env = production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0 and "Set DJANGO_SECRET_KEY" in result.stderr


def test_a_malformed_setting_stops_start_up(tmp_path):
    env = {**production_env(tmp_path), "SIYALALELA_LOGIN_FAILURE_LIMIT": "five"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SIYALALELA_LOGIN_FAILURE_LIMIT='five' is not an integer" in result.stderr


def test_check_reports_a_task_queue_database_that_cannot_be_reached(tmp_path):
    env = {
        "DJANGO_DEBUG": "true",
        "SIYALALELA_DATA_DIR": str(tmp_path),
        "SIYALALELA_DB": "postgresql",
        "PGHOST": "127.0.0.1",
        "PGPORT": "1",  # nothing listens there
    }
    result = manage("check", "--database", "default", env=env)
    assert result.returncode != 0
    assert "siyalalela.E001" in result.stderr and "cannot be reached" in result.stderr


@pytest.mark.django_db
@override_settings(TASKS=DATABASE_TASKS)
def test_check_reports_a_missing_task_queue_table():
    assert check_task_queue(databases=["default"]) == []
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE django_tasks_database_dbtaskresult")
        messages = check_task_queue(databases=["default"])
        transaction.set_rollback(True)
    assert [m.id for m in messages] == ["siyalalela.W001"]
    assert "manage.py migrate" in messages[0].hint


def test_the_queue_check_leaves_the_database_alone_unless_asked():
    with override_settings(TASKS=DATABASE_TASKS):
        assert check_task_queue(databases=None) == []  # no query: plain `manage.py check`


def test_immediate_tasks_in_production_are_flagged():
    immediate = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with override_settings(DEBUG=False, TASKS=immediate):
        assert [m.id for m in check_task_backend_for_production()] == ["siyalalela.W002"]
    with override_settings(DEBUG=False, TASKS=DATABASE_TASKS):
        assert check_task_backend_for_production() == []


# ---- a task enqueued on commit runs when the database worker passes ----


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_task_enqueued_on_commit_waits_in_the_queue_and_the_worker_runs_it(site_data):
    from django_tasks_db.models import DBTaskResult

    queued = []
    with transaction.atomic():
        transaction.on_commit(lambda: queued.append(audit_chain_check.enqueue()))
        assert queued == []  # nothing leaves before the commit
    assert len(queued) == 1
    result = queued[0]
    assert result.status == TaskResultStatus.READY
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    assert not AuditEvent.objects.filter(action="audit_chain.verify").exists()

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--queue-name", "*")

    result = default_task_backend.get_result(result.id)
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    assert result.return_value["intact"] is True
    event = AuditEvent.objects.get(action="audit_chain.verify")
    assert event.changes["events_checked"] == result.return_value["events_checked"] > 0
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.READY).exists()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_a_rolled_back_transaction_enqueues_nothing(site_data):
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError), transaction.atomic():
        transaction.on_commit(audit_chain_check.enqueue)
        raise RuntimeError("the change failed")
    assert not DBTaskResult.objects.exists()
