"""A site run as separate processes, for the crash tests and bench/pipeline.py.

Each ``Site`` is one installation: its own database (a SQLite file, or a fresh PostgreSQL
database on the server the suite runs against), one shared recordings folder (the "mounted
folder" of docs/operations.md) and, per worker "machine", its own working folder. Everything is
driven through ``manage.py`` and ``celery`` exactly as an operator would; the harness reads the
outcome with plain SQL so it never shares a connection or a transaction with the workers.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
RECORDINGS = ROOT / "fixtures" / "recordings"
METADATA = ROOT / "fixtures" / "recordings-metadata.csv"

# Variables of the test process that must not leak into a site's processes.
_DROP = ("DJANGO_SETTINGS_MODULE", "PYTEST_CURRENT_TEST", "PYTEST_XDIST_WORKER")


def rabbitmq_reachable(host: str = "127.0.0.1", port: int = 5672) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@dataclass
class Site:
    root: Path
    db: str = "sqlite"  # or "postgresql"
    backend: str = "database"  # or "celery"
    extra_env: dict = field(default_factory=dict)
    processes: list = field(default_factory=list)

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.shared = self.root / "shared-recordings"
        self.shared.mkdir(exist_ok=True)
        self.token = uuid.uuid4().hex[:8]
        self.queue_prefix = f"t{self.token}-"
        self.pg_name = f"siyalalela_crash_{self.token}"
        if self.db == "postgresql":
            self._pg_admin(f'CREATE DATABASE "{self.pg_name}"')

    # ---- environment --------------------------------------------------------------------------
    def env(self, machine: str = "web", **overrides) -> dict:
        env = {k: v for k, v in os.environ.items() if k not in _DROP}
        folder = self.machine_dir(machine)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings",
                "DJANGO_DEBUG": "true",
                "PYTHONPATH": str(ROOT),
                "SIYALALELA_DATA_DIR": str(folder / "var"),
                "SIYALALELA_MEDIA_ROOT": str(self.shared),
                "SIYALALELA_TASK_BACKEND": self.backend,
                "SIYALALELA_DB": self.db,
                "SIYALALELA_QUEUE_PREFIX": self.queue_prefix,
                "SIYALALELA_LOG_LEVEL": "WARNING",
            }
        )
        if self.db == "sqlite":
            env["SIYALALELA_SQLITE_PATH"] = str(self.root / "site.sqlite3")
        else:
            env["PGDATABASE"] = self.pg_name
        env.update({k: str(v) for k, v in self.extra_env.items()})
        env.update({k: str(v) for k, v in overrides.items()})
        return env

    def machine_dir(self, machine: str) -> Path:
        folder = self.root / f"machine-{machine}"
        folder.mkdir(exist_ok=True)
        return folder

    # ---- processes ----------------------------------------------------------------------------
    def manage(self, *args, machine: str = "web", timeout: int = 900, **env) -> str:
        done = subprocess.run(
            [PYTHON, str(ROOT / "manage.py"), *args],
            cwd=self.machine_dir(machine),
            env=self.env(machine, **env),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self, argv: list[str], *, machine: str, **env) -> subprocess.Popen:
        """Start a long-running process (a worker, beat) in its own process group, so that
        killing the group stands for losing the machine."""
        log = open(self.machine_dir(machine) / f"{argv[0].rsplit('/', 1)[-1]}.log", "ab")  # noqa: SIM115
        proc = subprocess.Popen(
            argv,
            cwd=self.machine_dir(machine),
            env=self.env(machine, **env),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        proc.machine = machine
        self.processes.append(proc)
        return proc

    def start_db_worker(self, machine: str, queues: str = "*", **env) -> subprocess.Popen:
        return self.start(
            [
                PYTHON,
                str(ROOT / "manage.py"),
                "db_worker",
                "--queue-name",
                queues,
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
                "--worker-id",
                f"{machine}-{uuid.uuid4().hex[:6]}",
            ],
            machine=machine,
            **env,
        )

    def celery_queues(self, *names: str) -> str:
        return ",".join(self.queue_prefix + n for n in names)

    def start_celery_worker(
        self, machine: str, queues: tuple[str, ...], concurrency: int = 1, **env
    ) -> subprocess.Popen:
        return self.start(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config.celery",
                "worker",
                "-Q",
                self.celery_queues(*queues),
                "--concurrency",
                str(concurrency),
                "--pool",
                "prefork",
                "-n",
                f"{machine}-{self.token}@%h",
                "--without-gossip",
                "--without-mingle",
                "--loglevel",
                "WARNING",
            ],
            machine=machine,
            **env,
        )

    def start_celery_beat(self, machine: str = "beat", **env) -> subprocess.Popen:
        return self.start(
            [
                PYTHON,
                "-m",
                "celery",
                "-A",
                "config.celery",
                "beat",
                "--loglevel",
                "WARNING",
                "--schedule",
                str(self.machine_dir(machine) / "celerybeat-schedule"),
            ],
            machine=machine,
            **env,
        )

    @staticmethod
    def kill(proc: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
        """Kill the process and everything it started (its process group)."""
        proc.expected_exit = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)

    def stop_all(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                self.kill(proc, signal.SIGTERM)
        self.processes.clear()

    def close(self) -> None:
        self.stop_all()
        if self.backend == "celery":
            self._delete_queues()
        if self.db == "postgresql":
            self._pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    # ---- set-up ---------------------------------------------------------------------------
    def install(self, *, demo: bool = True) -> None:
        self.manage("migrate", "--noinput")
        self.manage("setup_site", *(["--demo"] if demo else []))

    def ingest(self, folder: Path, metadata: Path | None = None) -> str:
        args = ["ingest_calls", str(folder), "--no-progress"]
        if metadata:
            args += ["--metadata", str(metadata)]
        return self.manage(*args)

    # ---- reading the outcome --------------------------------------------------------------
    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.db == "sqlite":
            con = sqlite3.connect(self.root / "site.sqlite3", timeout=30)
            try:
                return con.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                con.close()
        import psycopg

        with psycopg.connect(**self._pg_params(self.pg_name), autocommit=True) as con:
            return con.execute(sql, params).fetchall()

    def calls(self) -> dict[int, dict]:
        rows = self.query(
            "SELECT id, state, transcription_attempts, transcription_worker, failure_reason "
            "FROM qa_call ORDER BY id"
        )
        return {
            r[0]: {"state": r[1], "attempts": r[2], "worker": r[3], "reason": r[4]} for r in rows
        }

    def counts_per_call(self, sql: str, params: tuple = ()) -> dict[int, int]:
        return {int(k): v for k, v in self.query(sql, params)}

    def outcome(self) -> dict:
        """Per call: transcripts, auto-scores and the audit events that matter."""
        calls = self.calls()
        transcripts = self.counts_per_call(
            "SELECT call_id, COUNT(*) FROM qa_transcript GROUP BY call_id"
        )
        scores = self.counts_per_call("SELECT call_id, COUNT(*) FROM qa_autoscore GROUP BY call_id")

        def events(action: str) -> dict[int, int]:
            return self.counts_per_call(
                "SELECT object_id, COUNT(*) FROM audit_auditevent WHERE action = %s "
                "AND object_type IN ('calls.call', 'qa.call') GROUP BY object_id",
                (action,),
            )

        return {
            "calls": calls,
            "transcripts": transcripts,
            "autoscores": scores,
            "transcribe_events": events("call.transcribe"),
            "reclaim_events": events("call.transcription_reclaim"),
            "fail_events": events("call.transcription_fail"),
        }

    def wait_for(self, predicate, *, timeout: float, every: float = 0.2, what: str = ""):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            for proc in self.processes:
                if proc.poll() is not None and not getattr(proc, "expected_exit", False):
                    raise RuntimeError(f"{proc.args[:4]} on {proc.machine} exited: {self.logs()}")
            time.sleep(every)
        raise TimeoutError(f"gave up waiting for {what or predicate} after {timeout} s")

    def logs(self) -> str:
        out = []
        for log in sorted(self.root.glob("machine-*/*.log")):
            tail = log.read_text(errors="replace")[-3000:]
            out.append(f"--- {log.relative_to(self.root)}\n{tail}")
        return "\n".join(out)

    # ---- PostgreSQL and RabbitMQ housekeeping ---------------------------------------------
    @staticmethod
    def _pg_params(dbname: str) -> dict:
        params = {
            "host": os.environ.get("PGHOST", "127.0.0.1"),
            "port": int(os.environ.get("PGPORT", "5432")),
            "user": os.environ.get("PGUSER", "postgres"),
            "dbname": dbname,
        }
        if os.environ.get("PGPASSWORD"):
            params["password"] = os.environ["PGPASSWORD"]
        return params

    def _pg_admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(**self._pg_params("postgres"), autocommit=True) as con:
            con.execute(sql)

    def _delete_queues(self) -> None:
        from kombu import Connection

        url = self.env().get("SIYALALELA_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672//")
        try:
            with Connection(url, connect_timeout=3) as conn:
                channel = conn.channel()
                for name in ("default", "default-urgent", "transcription", "transcription-urgent"):
                    try:
                        channel.queue_delete(self.queue_prefix + name)
                    except Exception:  # noqa: BLE001  (a queue never declared)
                        channel = conn.channel()
                with contextlib.suppress(Exception):
                    channel.exchange_delete(self.queue_prefix + "tasks")
        except OSError:
            pass
