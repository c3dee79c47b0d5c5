"""``manage.py db_worker`` (core's, over django-tasks-db's) outlives a locked SQLite database.

A real worker process on a real SQLite file (tests/calls/harness.py) with a 1-second busy
timeout, while this test holds ``BEGIN EXCLUSIVE`` on the same file with plain sqlite3 for
longer than that. Upstream's worker dies of "database is locked" at ``BEGIN EXCLUSIVE``; ours
logs a warning, waits and, once the lock is gone, runs the task that fell due meanwhile."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.calls.harness import PYTHON, Site

pytestmark = pytest.mark.slow

TASK = "calls.tasks.transcriptions_reclaim"  # cheap, real, and queued by an operator command
WARNING = "Database locked"
TABLE = "django_tasks_database_dbtaskresult"


def reclaim_runs(site: Site, status: str) -> int:
    sql = f"SELECT COUNT(*) FROM {TABLE} WHERE task_path = ? AND status = ?"
    return site.query(sql, (TASK, status))[0][0]


def test_a_db_worker_waits_out_a_locked_database_and_then_runs_the_task_due(tmp_path):
    site = Site(
        tmp_path / "site",
        extra_env={"SIYALALELA_SQLITE_TIMEOUT": 1, "SIYALALELA_RECLAIM_SECONDS": 3},
    )
    log = site.machine_dir("a") / f"{Path(PYTHON).name}.log"  # where Site.start writes
    try:
        site.manage("migrate", "--noinput")
        worker = site.start_db_worker("a", SIYALALELA_LOG_LEVEL="INFO")
        site.wait_for(lambda: "Starting worker" in log.read_text(), timeout=120, what="start")

        # Queued now, due in 3 s: it falls due while the database is locked.
        site.manage("reclaim_transcriptions", "--schedule")
        lock = sqlite3.connect(site.root / "site.sqlite3", isolation_level=None, timeout=30)
        try:
            lock.execute("BEGIN EXCLUSIVE")
            locked_at = time.monotonic()
            assert reclaim_runs(site, "READY") == 1  # readers still read (WAL)
            # Hold it past the task's due time and until the worker has met the lock twice.
            site.wait_for(
                lambda: time.monotonic() - locked_at > 5 and log.read_text().count(WARNING) >= 2,
                timeout=120,
                what="the worker meeting the lock",
            )
            assert reclaim_runs(site, "SUCCESSFUL") == 0
        finally:
            lock.rollback()
            lock.close()

        site.wait_for(
            lambda: reclaim_runs(site, "SUCCESSFUL") >= 1, timeout=60, what="the reclaim run"
        )
        assert worker.poll() is None, site.logs()
        assert "worker_id=a-" in log.read_text().split(WARNING, 1)[1].splitlines()[0]
    except BaseException:
        print(site.logs())
        raise
    finally:
        site.close()


def test_a_db_worker_still_dies_of_any_other_database_error(tmp_path):
    site = Site(tmp_path / "site", extra_env={"SIYALALELA_SQLITE_TIMEOUT": 1})
    log = site.machine_dir("a") / f"{Path(PYTHON).name}.log"
    try:
        site.manage("migrate", "--noinput")
        worker = site.start_db_worker("a", SIYALALELA_LOG_LEVEL="INFO")
        site.wait_for(lambda: "Starting worker" in log.read_text(), timeout=120, what="start")
        worker.expected_exit = True
        site.query(f"ALTER TABLE {TABLE} RENAME TO gone")
        assert worker.wait(timeout=60) != 0
        assert f"no such table: {TABLE}" in log.read_text()
        assert WARNING not in log.read_text()
    except BaseException:
        print(site.logs())
        raise
    finally:
        site.close()
