"""Benchmark: the investigator queue and the supervisor board at 50,000 cases on SQLite.

Builds a fresh SQLite database in a temporary directory (migrations, roles, the service-level
policies), a supervisor and 20 investigators, then ``--cases`` cases spread over 18 months
(deadlines computed by the real clock, states mixed: about a third closed, the rest open in every
state), and times GET /investigations/ (an investigator's queue) and /investigations/board/ (the
supervisor board) through Django's test client: the full request, middleware, queries and
template. Measured at a tenth of the cases and at all of them, so a query count that grows with
the data shows. Target: p95 under 200 ms at 50,000 cases. Also times opening a case page (GET)
and saving its department and category (POST, a real change each time): target under 300 ms.

    .venv/bin/python bench/investigations.py [--cases 50000] [--runs 15] [--database postgresql]

The cases carry a breach for each final response owed past its deadline (most open ones: a
neglected backlog is the hard case for the board). ``--database postgresql`` runs the same on a
fresh PostgreSQL database (PGHOST, default 127.0.0.1), vacuumed and analysed after seeding as
autovacuum would soon do (SQLite gets no ANALYZE: the site never runs one). Prints a table;
writes JSON to bench/results/investigations-<database>.json.
"""

from __future__ import annotations

import argparse
import atexit
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="siyalalela-bench-investigations-"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
os.environ["DJANGO_SECURE_SSL"] = "false"
os.environ["SIYALALELA_SQLITE_PATH"] = str(TMP / "bench.sqlite3")
os.environ["SIYALALELA_DATA_DIR"] = str(TMP)
os.environ.setdefault("SIYALALELA_AUDIT_KEY", "bench-only-audit-key-0123456789abcdef0123456789")
# --database postgresql: a fresh database on the server at PGHOST (default 127.0.0.1:5432, trust
# authentication), dropped at the end. Chosen before Django reads its settings.
BACKEND = "postgresql" if {"postgresql", "--database=postgresql"} & set(sys.argv[1:]) else "sqlite"
if BACKEND == "postgresql":
    import psycopg

    PG_NAME = f"siyalalela_bench_inv_{os.getpid()}"
    os.environ.update(SIYALALELA_DB="postgresql", PGDATABASE=PG_NAME)
    os.environ.setdefault("PGHOST", "127.0.0.1")

    def _pg_admin(sql: str) -> None:
        with psycopg.connect(dbname="postgres", autocommit=True) as admin:
            admin.execute(sql)

    _pg_admin(f"CREATE DATABASE {PG_NAME}")
    atexit.register(_pg_admin, f"DROP DATABASE IF EXISTS {PG_NAME} WITH (FORCE)")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

settings.STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

OPEN_MIX = [
    "received",
    "acknowledged",
    "assigned",
    "investigating",
    "on_hold",
    "findings_submitted",
]


def make_people() -> tuple:
    from org.services import user_set_roles

    User = get_user_model()
    supervisor = User.objects.create_user("bench.supervisor", first_name="Bench", last_name="Sup")
    user_set_roles(user=supervisor, roles=["investigations_supervisor"])
    investigators = []
    for i in range(20):
        user = User.objects.create_user(f"bench.inv{i:02}", first_name="Inv", last_name=f"{i:02}")
        user_set_roles(user=user, roles=["investigator"])
        investigators.append(user)
    return supervisor, investigators


def add_cases(n: int, start_index: int, supervisor, investigators, seed: int) -> None:
    from core import working_time
    from core.workdays import days_to_respond
    from investigations.models import Case, DeadlineAlert, ServiceLevelPolicy
    from investigations.models.cases import next_due_of

    rng = random.Random(seed)
    policies = {p.source: p for p in ServiceLevelPolicy.objects.order_by("effective_from")}
    sources = sorted(policies)
    base = working_time.local(django.utils.timezone.now()) - timedelta(days=540)
    rows = []
    now = django.utils.timezone.now()
    for i in range(start_index, start_index + n):
        source = rng.choice(sources)
        policy = policies[source]
        received = base + timedelta(minutes=rng.randrange(0, 540 * 24 * 60))
        d = working_time.compute_deadlines(
            received_at=received,
            acknowledge_days=policy.acknowledge_days,
            response_days=policy.response_days,
        )
        closed = rng.random() < 0.35
        state = "closed" if closed else rng.choice(OPEN_MIX)
        responded = received + timedelta(days=9) if closed else None
        breached = (responded or now) > d.response_due
        assignee = None if state in ("received", "acknowledged") else rng.choice(investigators)
        rows.append(
            Case(
                reference=f"INV-B{i:07}",
                source=source,
                complainant_name=f"Complainant {i}",
                description=f"Bench complaint {i}: no water, no answer from the depot.",
                received_at=received,
                state=state,
                policy=policy,
                assignee=assignee,
                supervisor=supervisor if assignee else None,
                acknowledge_due=d.acknowledge_due,
                response_due=d.response_due,
                response_clock_start=d.response_clock_start,
                next_due=next_due_of(state, d.acknowledge_due, d.response_due),
                breach_recorded=breached,
                acknowledged_at=None if state == "received" else received + timedelta(hours=3),
                responded_at=responded,
                response_working_days=(
                    days_to_respond(d.response_clock_start, responded) if responded else None
                ),
                closed_at=received + timedelta(days=10) if closed else None,
            )
        )
    with transaction.atomic():
        Case.objects.bulk_create(rows, batch_size=2000)
        # The monitor's record: a breach for each final response owed past its deadline or
        # sent late (most open cases of a year and a half, as a neglected backlog would be).
        alerts = [
            DeadlineAlert(
                case=case,
                deadline="response",
                level=100,
                due_at=case.response_due,
                recorded_at=case.response_due,
            )
            for case in rows
            if case.breach_recorded
        ]
        DeadlineAlert.objects.bulk_create(alerts, batch_size=2000)


def measure(path: str, user, runs: int, data: list[dict] | None = None) -> dict:
    """GET ``path`` (or POST each of ``data`` in turn: the case page's save, a real change each
    time) ``runs`` times after a warm-up."""
    client = Client()
    client.force_login(user)
    sent = [0]

    def request():
        if data is None:
            return client.get(path)
        sent[0] += 1
        return client.post(path, data[sent[0] % len(data)])

    request()  # warm
    timings, queries = [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = request()
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == (302 if data is not None else 200), response.status_code
        queries = len(ctx.captured_queries)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        "queries": queries,
        "bytes": len(response.content),
    }


def main() -> int:
    from investigations.models import Case
    from org.models import Department

    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0, stdout=io.StringIO())
    supervisor, investigators = make_people()
    results = []
    done = 0
    for target in (args.cases // 10, args.cases):
        start = time.perf_counter()
        add_cases(target - done, done, supervisor, investigators, seed=target)
        if BACKEND == "postgresql":
            # What autovacuum does to a table this size soon after: statistics for the planner
            # and the visibility map that lets counts read the index alone.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE investigations_case")
        built_s = time.perf_counter() - start
        done = target
        case = Case.objects.filter(state="investigating").order_by("next_due").first()
        department = Department.objects.order_by("pk").first()
        classify = [
            {"department": department.pk if department else "", "category": category}
            for category in ("water_leak", "water_outage")
        ]
        for name, path, user, data in (
            ("queue", "/investigations/", investigators[0], None),
            ("board", "/investigations/board/", supervisor, None),
            ("case open", f"/investigations/cases/{case.pk}/", supervisor, None),
            ("case save", f"/investigations/cases/{case.pk}/classify/", supervisor, classify),
        ):
            row = {"cases": target, "page": name, **measure(path, user, args.runs, data)}
            row["seeded_s"] = round(built_s, 1)
            results.append(row)
            print(
                f"{target:>7} cases  {name:<9} p50 {row['p50_ms']:>8.1f} ms  "
                f"p95 {row['p95_ms']:>8.1f} ms  {row['queries']:>3} queries  "
                f"{row['bytes'] / 1024:>7.0f} KiB",
                flush=True,
            )
    out = ROOT / "bench" / "results" / f"investigations-{BACKEND}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({BACKEND: results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
