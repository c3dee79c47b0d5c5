"""Pipeline benchmark: a batch of varied calls from ingest to auto-scored, per layout and backend.

    python bench/pipeline.py [--calls 40] [--layouts embedded,celery-2,celery-4] [--threads 1]

Each layout is a fresh site run as separate processes (tests/calls/harness.py): its own
database, the recordings in one shared folder, each worker "machine" in its own working folder.

- ``embedded``: the `make run` layout on SQLite: two `db_worker` processes on the transcription
  queue (one Whisper thread each) and one general worker (auto-scoring, periodic checks).
- ``embedded-pg``: the same on PostgreSQL.
- ``celery-2`` / ``celery-4``: Celery on RabbitMQ and PostgreSQL, two "machines" of one or two
  worker processes each, every process taking any queue, plus beat.

The calls (tests/audio_helpers.varied_calls): the four sample calls and variants with real
LibriVox speech added, 8 kHz, stereo mu-law and A-law WAV, mono MP3 and mu-law. Timing runs from
the start of `ingest_calls` to the last call auto-scored (or transcribed, for a call flagged for
listening, which auto-scoring skips). Reported: x real time (audio seconds / wall seconds),
latency per call from ingest to auto-scored (p50, p95), peak resident memory of each worker
process, and every task that failed; any failure makes the benchmark exit non-zero.

Writes bench/results/pipeline-<timestamp>.json. The machine here has 2 cores shared with other
work: compare rows of one run, and read "4 processes" as "4 processes on 2 cores".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.audio_helpers import varied_calls  # noqa: E402
from tests.calls.harness import Site, rabbitmq_reachable  # noqa: E402

ALL_QUEUES = ("transcription-urgent", "transcription", "default-urgent", "default")


class MemorySampler:
    """Peak resident memory of every process a site started, and of their children, sampled
    every 0.2 s (psutil). A Celery worker's pool processes count as workers of their own."""

    def __init__(self, site: Site):
        self.site = site
        self.peaks: dict[int, dict] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        import psutil

        while not self._stop.wait(0.2):
            for proc in list(self.site.processes):
                try:
                    top = psutil.Process(proc.pid)
                    family = [top, *top.children(recursive=True)]
                except psutil.NoSuchProcess:
                    continue
                for p in family:
                    try:
                        rss = p.memory_info().rss / 2**20
                        cpu = p.cpu_times()
                        name = " ".join(p.cmdline()[2:5])
                    except psutil.Error:
                        continue
                    entry = self.peaks.setdefault(
                        p.pid,
                        {"machine": proc.machine, "process": name, "peak_mb": 0.0, "cpu_s": 0.0},
                    )
                    entry["peak_mb"] = max(entry["peak_mb"], rss)
                    entry["cpu_s"] = max(entry["cpu_s"], cpu.user + cpu.system)


def start_layout(site: Site, layout: str, threads: int) -> None:
    whisper = {"SIYALALELA_WHISPER_THREADS": threads}
    if layout.startswith("embedded"):
        site.start_db_worker("a", queues="transcription", **whisper)
        site.start_db_worker("b", queues="transcription", **whisper)
        site.start(
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "db_worker",
                "--queue-name",
                "*",
                "--exclude-queues",
                "transcription",
                "--interval",
                "0.2",
                "--no-startup-delay",
                "--no-reload",
            ],
            machine="general",
        )
        site.manage("reclaim_transcriptions", "--schedule")
        return
    per_machine = int(layout.split("-")[1]) // 2
    site.start_celery_worker("a", ALL_QUEUES, concurrency=per_machine, **whisper)
    site.start_celery_worker("b", ALL_QUEUES, concurrency=per_machine, **whisper)
    site.start_celery_beat()
    time.sleep(6)  # connected, queues declared


def settled(site: Site, quiet_s: float = 90.0):
    """True once every call is transcribed or failed and every unflagged transcribed call has
    its auto-score; after ``quiet_s`` without progress, stop waiting (what is missing is then
    reported as failed)."""
    state = {"progress": None, "since": time.monotonic()}

    def check():
        rows = site.query(
            "SELECT c.id, c.state, c.needs_listening, a.id FROM qa_call c "
            "LEFT JOIN qa_autoscore a ON a.call_id = c.id"
        )
        done = sum(
            1
            for _id, st, flagged, score in rows
            if st == "failed" or (st == "transcribed" and (flagged or score))
        )
        if done != state["progress"]:
            state["progress"], state["since"] = done, time.monotonic()
        if rows and done == len(rows):
            return True
        return time.monotonic() - state["since"] > quiet_s and "stalled"

    return check


def failed_tasks(site: Site, layout: str) -> list[str]:
    failures = []
    for call_id, call in site.calls().items():
        if call["state"] != "transcribed":
            failures.append(f"call {call_id}: {call['state']} {call['reason']}")
    missing = site.query(
        "SELECT c.id FROM qa_call c LEFT JOIN qa_autoscore a ON a.call_id = c.id "
        "WHERE c.state = 'transcribed' AND c.needs_listening = %s AND a.id IS NULL",
        (False,),
    )
    failures += [f"call {r[0]}: transcribed but not auto-scored" for r in missing]
    if layout.startswith("embedded"):
        rows = site.query(
            "SELECT task_path, exception_class_path, traceback FROM "
            "django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
        )
        failures += [f"{path}: {exc}: {tb.strip().splitlines()[-1]}" for path, exc, tb in rows]
    else:
        for log in site.root.glob("machine-*/*.log"):
            text = log.read_text(errors="replace")
            failures += [
                f"{log.parent.name}: {m.strip()}"
                for m in re.findall(r"^.*(?:raised unexpected|Traceback).*$", text, re.M)
            ]
    return failures


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def run_layout(layout: str, calls_dir: Path, metadata: Path, threads: int, work: Path) -> dict:
    db = "sqlite" if layout == "embedded" else "postgresql"
    backend = "database" if layout.startswith("embedded") else "celery"
    site = Site(work / layout, db=db, backend=backend)
    try:
        site.install()
        with MemorySampler(site) as memory:
            start_layout(site, layout, threads)
            t0 = time.time()
            site.ingest(calls_dir, metadata)
            outcome = site.wait_for(settled(site), timeout=3600, every=0.5, what="the batch")
        failures = failed_tasks(site, layout)
        if outcome == "stalled":
            failures.append("the batch stalled: no call finished for 90 s")
        audio_s = sum(r[0] or 0 for r in site.query("SELECT duration_s FROM qa_call"))
        rows = site.query(
            "SELECT c.created_at, COALESCE(a.created_at, t.created_at) FROM qa_call c "
            "LEFT JOIN qa_autoscore a ON a.call_id = c.id "
            "LEFT JOIN qa_transcript t ON t.call_id = c.id"
        )
        latencies, last = [], t0
        for created, finished in rows:
            if finished is None:
                continue
            created, finished = _when(created), _when(finished)
            latencies.append(finished - created)
            last = max(last, finished)
        wall = last - t0
        workers = sorted(memory.peaks.values(), key=lambda e: -e["peak_mb"])
        transcribers = [w for w in workers if w["machine"] != "beat"]
        return {
            "layout": layout,
            "db": db,
            "backend": backend,
            "calls": len(rows),
            "audio_min": audio_s / 60,
            "wall_s": wall,
            "x_real_time": audio_s / wall if wall > 0 else float("nan"),
            "latency_p50_s": percentile(latencies, 0.5),
            "latency_p95_s": percentile(latencies, 0.95),
            "peak_rss_mb_max": max((w["peak_mb"] for w in transcribers), default=0.0),
            # CPU seconds all worker processes spent per second of call audio (model loading
            # included): the per-call cost the capacity plan in docs/operations.md scales up.
            "cpu_s_per_audio_s": sum(w["cpu_s"] for w in workers) / audio_s if audio_s else 0,
            "processes": workers,
            "attempts_over_1": sum(1 for c in site.calls().values() if c["attempts"] > 1),
            "failed": failures,
        }
    finally:
        site.close()


def _when(value) -> float:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--layouts", default="embedded,celery-2,celery-4")
    parser.add_argument("--threads", type=int, default=1, help="Whisper threads per process")
    args = parser.parse_args(argv)
    layouts = [name.strip() for name in args.layouts.split(",") if name.strip()]
    unknown = set(layouts) - {"embedded", "embedded-pg", "celery-2", "celery-4"}
    if unknown:
        parser.error(f"unknown layout(s): {', '.join(sorted(unknown))}")
    needs_pg = [name for name in layouts if name != "embedded"]
    skipped = {}
    if needs_pg and not _postgres_reachable():
        skipped.update(dict.fromkeys(needs_pg, "no PostgreSQL (PGHOST/PGPORT/PGUSER)"))
    for name in layouts:
        if name.startswith("celery") and name not in skipped and not rabbitmq_reachable():
            skipped[name] = "no RabbitMQ on 127.0.0.1:5672"
    results = []
    with tempfile.TemporaryDirectory(prefix="siyalalela-pipeline-") as tmp:
        work = Path(tmp)
        print(f"Making {args.calls} calls ...", flush=True)
        paths, metadata = varied_calls(work / "calls", args.calls)
        for name in layouts:
            if name in skipped:
                print(f"-- {name}: skipped ({skipped[name]})", flush=True)
                continue
            print(f"-- {name} ...", flush=True)
            result = run_layout(name, work / "calls", metadata, args.threads, work)
            results.append(result)
            print(_row(result), flush=True)
    print()
    print(
        f"{'layout':<12} {'calls':>5} {'audio min':>9} {'wall s':>7} {'x real time':>11} "
        f"{'p50 s':>6} {'p95 s':>6} {'peak MB':>7} {'CPU s/audio s':>13} {'failed':>6}"
    )
    for r in results:
        print(_row(r))
    for r in results:
        for failure in r["failed"]:
            print(f"FAILED [{r['layout']}] {failure}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    path = out / f"pipeline-{stamp}.json"
    path.write_text(
        json.dumps(
            {
                "machine": {"cpus": os.cpu_count(), "platform": platform.platform()},
                "load_average": os.getloadavg(),
                "threads": args.threads,
                "skipped": skipped,
                "results": results,
            },
            indent=2,
            default=str,
        )
    )
    print(f"Wrote {path.relative_to(ROOT)}")
    return 1 if any(r["failed"] for r in results) else 0


def _row(r: dict) -> str:
    return (
        f"{r['layout']:<12} {r['calls']:>5} {r['audio_min']:>9.1f} {r['wall_s']:>7.1f} "
        f"{r['x_real_time']:>10.1f}x {r['latency_p50_s']:>6.1f} {r['latency_p95_s']:>6.1f} "
        f"{r['peak_rss_mb_max']:>7.0f} {r['cpu_s_per_audio_s']:>13.3f} {len(r['failed']):>6}"
    )


def _postgres_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(**Site._pg_params("postgres"), connect_timeout=3):
            return True
    except Exception:  # noqa: BLE001
        return False


if __name__ == "__main__":
    sys.exit(main())
