"""Benchmark: the Reports for the Offices at 50,000 cases on SQLite.

Builds a fresh SQLite database in a temporary directory (migrations, roles, the service-level
policies), a supervisor, then ``--cases`` cases over 18 months from every source, department
and ward (deadlines by the real clock; about 60 % responded, some late, a tenth with a hold,
the rest open), and times through Django's test client (full request, middleware, queries,
template):

- the page as it opens (the last twelve months), for all time, and for one month;
- the page filtered to one department and grouped by ward;
- the CSV download of all cases;
- the monthly PDF pack of the last full month (WeasyPrint).

Measured at a tenth of the cases and at all of them, so a query count that grows with the data
shows.

    .venv/bin/python bench/case_reports.py [--cases 50000] [--runs 5]

Prints a table; writes JSON to bench/results/case_reports.json.
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
TMP = Path(tempfile.mkdtemp(prefix="siyalalela-bench-case-reports-"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
os.environ["DJANGO_SECURE_SSL"] = "false"
os.environ["SIYALALELA_SQLITE_PATH"] = str(TMP / "bench.sqlite3")
os.environ["SIYALALELA_DATA_DIR"] = str(TMP)
os.environ.setdefault("SIYALALELA_AUDIT_KEY", "bench-only-audit-key-0123456789abcdef0123456789")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

OPEN_MIX = ["received", "acknowledged", "assigned", "investigating", "on_hold"]


def make_supervisor():
    from org.services import user_set_roles

    user = get_user_model().objects.create_user("bench.sup", first_name="Bench", last_name="Sup")
    user_set_roles(user=user, roles=["investigations_supervisor"])
    return user


def add_cases(n: int, start_index: int, seed: int) -> None:
    """``n`` cases (and the hold events of a tenth of the responded ones), in bulk."""
    from core.workdays import days_to_respond
    from investigations import working_time
    from investigations.models import Case, CaseEvent, ServiceLevelPolicy
    from org.models import Department

    rng = random.Random(seed)
    policies = {p.source: p for p in ServiceLevelPolicy.objects.order_by("effective_from")}
    sources = sorted(policies)
    departments = list(Department.objects.all())
    base = working_time.local(timezone.now()) - timedelta(days=540)
    cases, holds = [], []
    for i in range(start_index, start_index + n):
        policy = policies[rng.choice(sources)]
        received = base + timedelta(minutes=rng.randrange(0, 530 * 24 * 60))
        d = working_time.compute_deadlines(
            received_at=received,
            acknowledge_days=policy.acknowledge_days,
            response_days=policy.response_days,
        )
        responded = rng.random() < 0.6
        state = rng.choice(["closed", "closed", "responded"]) if responded else rng.choice(OPEN_MIX)
        responded_at = received + timedelta(days=rng.randrange(1, 25)) if responded else None
        # A tenth of the responded ones had a hold; the stored working days skip it, as the
        # workflow's clock refresh stores them.
        hold = None
        if responded_at and rng.random() < 0.1:
            start = received + timedelta(days=1)
            hold = working_time.Hold(start, start + timedelta(days=rng.randrange(1, 6)))
        case = Case(
            reference=f"INV-B{i:07}",
            source=policy.source,
            complainant_name=f"Complainant {i}",
            description=f"Bench complaint {i}.",
            received_at=received,
            ward=rng.randrange(1, 113),
            department=rng.choice(departments),
            state=state,
            policy=policy,
            acknowledge_due=d.acknowledge_due,
            response_due=d.response_due,
            response_clock_start=d.response_clock_start,
            acknowledged_at=None if state == "received" else received + timedelta(hours=30),
            responded_at=responded_at,
            response_working_days=(
                days_to_respond(d.response_clock_start, responded_at, [hold] if hold else ())
                if responded_at
                else None
            ),
            closed_at=responded_at + timedelta(hours=2) if state == "closed" else None,
        )
        cases.append((case, hold))
    with transaction.atomic():
        Case.objects.bulk_create([case for case, _ in cases], batch_size=2000)
        for case, hold in cases:
            if hold is not None:
                for kind, at in (("hold_started", hold.start), ("hold_ended", hold.end)):
                    holds.append(
                        CaseEvent(case=case, kind=kind, at=at, actor_name="bench", data={})
                    )
        CaseEvent.objects.bulk_create(holds, batch_size=2000)


def measure(path: str, user, runs: int) -> dict:
    client = Client()
    client.force_login(user)
    client.get(path)  # warm (and the session's first request)
    timings, cpu, queries = [], [], 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as ctx:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(ctx.captured_queries)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(p95, 1),
        # CPU time of this process (Django and SQLite run in it): carries across machine load.
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "queries": queries,
        "bytes": len(response.content),
    }


def figures_agree(user) -> str:
    """The page's figures (added up by the database) against the same figures counted case by
    case, and the stored working days against the clock's count: all cases, all groupings."""
    from casereports.selectors.offices import (
        OfficeFilter,
        case_figures,
        office_cases,
        office_report,
        office_report_of,
    )
    from investigations.models import Case
    from investigations.services.clocks import case_deadlines_derived

    def flat(report):
        rows = [(m, vars(f)) for m, f in report.monthly]
        rows += [(g, vars(f)) for g, f in report.groups]
        rows += [(m, g, vars(f)) for m, g, f in report.month_groups]
        return [*rows, vars(report.total)]

    now = timezone.now()
    cases = office_cases(user, OfficeFilter())
    per_case = case_figures(cases, now=now)
    for dimension in ("source", "department", "ward"):
        added_up = office_report_of(
            office_cases(user, OfficeFilter()), dimension=dimension, now=now
        )
        by_case = office_report(per_case, dimension=dimension)
        for report in (added_up, by_case):  # the order of a median's days does not matter
            for _, figures in report.monthly + report.groups:
                figures.response_days.sort()
            report.total.response_days.sort()
            for _, _, figures in report.month_groups:
                figures.response_days.sort()
        assert flat(added_up) == flat(by_case), dimension
    sample = Case.objects.filter(responded_at__isnull=False).select_related("policy")[:2000]
    wrong = [
        c.reference
        for c in sample
        if case_deadlines_derived(c)["response_working_days"] != c.response_working_days
    ]
    assert not wrong, wrong[:5]
    return f"figures agree: database sums = case by case, {len(per_case)} cases, 3 groupings"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0, stdout=io.StringIO())
    supervisor = make_supervisor()
    from org.models import Department

    department = Department.objects.order_by("name").first()
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    first = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    pages = (
        ("page, 12 months", "/investigations/reports/offices/"),
        ("page, all time", "/investigations/reports/offices/?group=source"),
        (
            "page, one month",
            f"/investigations/reports/offices/?start={first}&end={first.replace(day=28)}",
        ),
        (
            "page, dept by ward",
            f"/investigations/reports/offices/?department={department.pk}&group=ward",
        ),
        ("CSV, all time", "/investigations/reports/offices/figures.csv"),
        ("PDF pack", f"/investigations/reports/offices/monthly.pdf?month={month}"),
    )
    results, done = [], 0
    print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
    for target in (args.cases // 10, args.cases):
        start = time.perf_counter()
        add_cases(target - done, done, seed=target)
        seeded = round(time.perf_counter() - start, 1)
        done = target
        for name, path in pages:
            row = {"cases": target, "what": name, **measure(path, supervisor, args.runs)}
            row["seeded_s"] = seeded
            results.append(row)
            print(
                f"{target:>7} cases  {name:<20} p50 {row['p50_ms']:>8.1f} ms  "
                f"p95 {row['p95_ms']:>8.1f} ms  CPU p50 {row['cpu_p50_ms']:>8.1f} ms  "
                f"{row['queries']:>3} queries  "
                f"{row['bytes'] / 1024:>7.0f} KiB",
                flush=True,
            )
    print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
    print(figures_agree(supervisor), flush=True)
    out = ROOT / "bench" / "results" / "case_reports.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"sqlite": results}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
