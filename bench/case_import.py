"""Benchmark: a large case import, and what it does to everyone else's writes, on SQLite.

Builds a fresh SQLite database (migrations, roles, service levels) in a temporary directory and
imports N cases (default 3,000; the issue's report was about 10,000) from a checked sheet, in
two ways:

- ``one transaction``: the whole file in one transaction (the old confirm request);
- ``background chunks``: ``core.imports`` as the import screen now runs it, committing
  ``SPREADSHEET_IMPORT_CHUNK`` rows per transaction.

Meanwhile another thread, standing in for the rest of the site, writes one audit event (as a
listen or a note does) every 100 ms and times each write. Reports the import's wall time and
rate, and the other writes' latency (p50/p95/max) and how many failed with "database is
locked" (a write waits at most the busy timeout, 20 s). Writes JSON to
bench/results/case_import.json.

    .venv/bin/python bench/case_import.py [--rows 3000] [--chunk 100]
"""

from __future__ import annotations

import argparse
import atexit
import io
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="siyalalela-bench-import-"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
os.environ["DJANGO_SECURE_SSL"] = "false"
os.environ["SIYALALELA_SQLITE_PATH"] = str(TMP / "bench.sqlite3")
os.environ["SIYALALELA_DATA_DIR"] = str(TMP)
os.environ["SIYALALELA_TASK_BACKEND"] = "immediate"
os.environ.setdefault("SIYALALELA_AUDIT_KEY", "bench-only-audit-key-0123456789abcdef0123456789")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import OperationalError, connection, transaction  # noqa: E402


def sheet_of(rows: int, tag: str):
    from core.spreadsheets import Sheet

    headers = ["source", "source_reference", "received_at", "complainant_name", "description"]
    data = [
        (
            i + 2,
            {
                "source": "councillor",
                "source_reference": f"{tag}-{i:06d}",
                "received_at": "2026-11-02 10:00",
                "complainant_name": f"Caller {i}",
                "description": f"No water in Tembisa, street {i}.",
            },
        )
        for i in range(rows)
    ]
    return Sheet(name=f"{tag}.csv", headers=headers, rows=data)


class OtherWrites(threading.Thread):
    """One small audited write every 100 ms until stopped; each timed."""

    def __init__(self, actor):
        super().__init__(daemon=True)
        self.actor, self.stop, self.latencies, self.locked = actor, threading.Event(), [], 0

    def run(self):
        from core.audit import audit_record

        try:
            while not self.stop.is_set():
                start = time.perf_counter()
                try:
                    with transaction.atomic():
                        audit_record(actor=self.actor, action="bench.write", obj=self.actor)
                    self.latencies.append(time.perf_counter() - start)
                except OperationalError:
                    self.locked += 1
                time.sleep(0.1)
        finally:
            connection.close()


def measure(mode: str, rows: int, actor) -> dict:
    from caseimport.sheets import cases_import
    from core.imports import spreadsheet_import_continue, spreadsheet_import_start

    sheet = sheet_of(rows, mode.replace(" ", "-"))
    others = OtherWrites(actor)
    others.start()
    time.sleep(0.5)
    start = time.perf_counter()
    if mode == "one transaction":
        cases_import(actor=actor, sheet=sheet)
    else:
        with transaction.atomic():  # the confirm request; the task is queued on commit
            job = spreadsheet_import_start(kind="cases", sheet=sheet, actor=actor)
        job = spreadsheet_import_continue(import_id=job.pk)  # idempotent if already run
        assert job.done == rows, job.error
    wall = time.perf_counter() - start
    time.sleep(0.3)
    others.stop.set()
    others.join()
    lat = sorted(others.latencies) or [0.0]
    return {
        "mode": mode,
        "rows": rows,
        "wall_s": round(wall, 1),
        "rows_per_s": round(rows / wall, 1),
        "other_writes": len(others.latencies) + others.locked,
        "p50_ms": round(1000 * statistics.median(lat), 1),
        "p95_ms": round(1000 * lat[int(0.95 * (len(lat) - 1))], 1),
        "max_ms": round(1000 * lat[-1], 1),
        "locked": others.locked,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="case import benchmark")
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--chunk", type=int, default=settings.SPREADSHEET_IMPORT_CHUNK)
    args = parser.parse_args()
    settings.SPREADSHEET_IMPORT_CHUNK = args.chunk
    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0, stdout=io.StringIO())
    from org.services import user_set_roles

    actor = get_user_model().objects.create_user("bench.supervisor", first_name="Bench")
    user_set_roles(user=actor, roles=["investigations_supervisor"])
    results = [measure(m, args.rows, actor) for m in ("background chunks", "one transaction")]
    load = os.getloadavg()[0]
    print(f"{args.rows} cases, chunk {args.chunk}, SQLite, load average {load:.1f}")
    head = f"{'mode':<18} {'wall s':>7} {'rows/s':>7} {'writes':>6} {'p50 ms':>7} "
    print(head + f"{'p95 ms':>7} {'max ms':>8} {'locked':>6}")
    for r in results:
        print(
            f"{r['mode']:<18} {r['wall_s']:>7} {r['rows_per_s']:>7} {r['other_writes']:>6} "
            f"{r['p50_ms']:>7} {r['p95_ms']:>7} {r['max_ms']:>8} {r['locked']:>6}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "case_import.json").write_text(json.dumps({"load": load, "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
