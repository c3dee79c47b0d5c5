"""Benchmark: the QA reports page for 100 agents and 20,000 evaluations on SQLite.

Builds a fresh SQLite database in a temporary directory (migrations, roles, the default
scorecards), writes 100 agents and submitted evaluations with 12 answers each (scores computed by
the one scoring rule, spread over a year), then times GET /qa/reports/ as a QA manager through
Django's test client (the full request: middleware, queries, template). It measures at 2,000 and
at 20,000 evaluations to show that the query count does not grow with the data.

Target: median under 300 ms with a flat query count. Prints a table; writes JSON to
bench/results/reports.json.

    .venv/bin/python bench/reports.py [--evaluations 20000] [--agents 100] [--runs 15]
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
TMP = Path(tempfile.mkdtemp(prefix="siyalalela-bench-reports-"))
atexit.register(shutil.rmtree, TMP, ignore_errors=True)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
os.environ["DJANGO_SECURE_SSL"] = "false"
os.environ["SIYALALELA_SQLITE_PATH"] = str(TMP / "bench.sqlite3")
os.environ["SIYALALELA_DATA_DIR"] = str(TMP)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

settings.STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def make_people(n_agents: int) -> None:
    from org.models import Agent, Section, Team
    from org.services import user_set_roles

    User = get_user_model()
    for username, role in (("bench.officer", "qa_officer"), ("bench.manager", "qa_manager")):
        user = User.objects.create_user(username, first_name="Bench", last_name=role)
        user_set_roles(user=user, roles=[role])
    inbound = Section.objects.get(slug="inbound")
    teams = list(Team.objects.filter(section=inbound))
    users = User.objects.bulk_create(
        [
            User(username=f"bench.agent{i:03}", first_name="Agent", last_name=f"{i:03}")
            for i in range(n_agents)
        ]
    )
    Agent.objects.bulk_create(
        [
            Agent(user=u, employee_number=f"B{i:05}", section=inbound, team=teams[i % len(teams)])
            for i, u in enumerate(users)
        ]
    )


def add_evaluations(n: int, seed: int) -> None:
    """``n`` more submitted evaluations spread over the bench agents and the past year."""
    from calls.models import Call, Recording
    from org.models import Agent
    from qa.models import Answer, Evaluation, Scorecard
    from scoring.scorecard import compute_score

    rng = random.Random(seed)
    officer = get_user_model().objects.get(username="bench.officer")
    version = Scorecard.objects.get(slug="inbound").current_version()
    criteria = list(version.criteria.order_by("order"))
    rules = version.rules()
    agents = list(Agent.objects.filter(employee_number__startswith="B").order_by("pk"))
    # Each agent has a skill, so the report has real spread between agents.
    skill = {a.pk: random.Random(a.pk).uniform(0.78, 0.99) for a in agents}
    offset = Recording.objects.count()
    recordings = Recording.objects.bulk_create(
        [
            Recording(
                sha256=f"{offset + i:064x}", file=f"recordings/b{offset + i}.wav", size_bytes=1
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    now = timezone.now()
    calls, evaluations, answer_sets = [], [], []
    for i, recording in enumerate(recordings):
        agent = agents[(offset + i) % len(agents)]
        when = now - timedelta(days=rng.uniform(0, 365), minutes=rng.uniform(0, 600))
        calls.append(
            Call(
                recording=recording,
                started_at=when,
                duration_s=rng.uniform(20, 900),
                section=agent.section,
                agent=agent,
                state="transcribed",
            )
        )
        answers = {}
        for c in criteria:
            roll = rng.random()
            answers[c.key] = "na" if roll > 0.97 else ("yes" if roll < skill[agent.pk] else "no")
        result = compute_score(rules, answers, pass_mark=float(version.pass_mark))
        evaluations.append(
            Evaluation(
                version=version,
                agent=agent,
                evaluator=officer,
                evaluator_name="Bench Officer",
                state="submitted",
                submitted_at=when + timedelta(hours=2),
                submitted_on=timezone.localdate(when + timedelta(hours=2)),
                score=None if result.score is None else str(result.score),
                earned=result.earned,
                possible=result.possible,
                critical_fail=result.critical_fail,
                passed=result.passed,
            )
        )
        answer_sets.append(answers)
    Call.objects.bulk_create(calls, batch_size=2000)
    for call, evaluation in zip(calls, evaluations, strict=True):
        evaluation.call = call
    Evaluation.objects.bulk_create(evaluations, batch_size=2000)
    Answer.objects.bulk_create(
        [
            Answer(evaluation=e, criterion=c, answer=a[c.key])
            for e, a in zip(evaluations, answer_sets, strict=True)
            for c in criteria
        ],
        batch_size=5000,
    )


def measure(runs: int) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench.manager"))
    url = "/qa/reports/"
    response = client.get(url)  # warm-up: template compilation, caches
    assert response.status_code == 200, response.status_code
    # Count with an execute wrapper: the request closes and reopens the SQLite connection,
    # which a query log would not survive.
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
    ):
        client.get(url)
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    return {
        "queries": len(queries),
        "median_ms": round(statistics.median(timings), 1),
        "p90_ms": round(timings[int(0.9 * (len(timings) - 1))], 1),
        "min_ms": round(timings[0], 1),
        "max_ms": round(timings[-1], 1),
        "runs": runs,
        "bytes": len(response.content),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="QA reports page benchmark")
    parser.add_argument("--agents", type=int, default=100)
    parser.add_argument("--evaluations", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0, stdout=io.StringIO())
    from qa.models import Evaluation

    make_people(args.agents)
    results = []
    for target in (args.evaluations // 10, args.evaluations):
        start = time.perf_counter()
        with transaction.atomic():
            add_evaluations(target - Evaluation.objects.count(), seed=target)
        built_s = time.perf_counter() - start
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        figures = measure(args.runs)
        figures.update(
            {
                "agents": args.agents,
                "evaluations": Evaluation.objects.count(),
                "build_s": round(built_s, 1),
            }
        )
        results.append(figures)

    print(
        f"{'evaluations':>12} {'agents':>7} {'queries':>8} {'median ms':>10} "
        f"{'p90 ms':>8} {'min ms':>8} {'max ms':>8}"
    )
    for r in results:
        print(
            f"{r['evaluations']:>12} {r['agents']:>7} {r['queries']:>8} {r['median_ms']:>10} "
            f"{r['p90_ms']:>8} {r['min_ms']:>8} {r['max_ms']:>8}"
        )
    flat = len({r["queries"] for r in results}) == 1
    big = results[-1]
    ok = flat and big["median_ms"] < 300
    print(
        f"query count flat: {flat}; median at {big['evaluations']} evaluations "
        f"{big['median_ms']} ms (target < 300 ms): {'OK' if ok else 'MISSED'}"
    )
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "reports.json").write_text(
        json.dumps(
            {
                "benchmark": "qa reports page (GET /qa/reports/ as a QA manager)",
                "database": "sqlite",
                "target_ms": 300,
                "query_count_flat": flat,
                "ok": ok,
                "python": sys.version.split()[0],
                "cpu_count": os.cpu_count(),
                "results": results,
            },
            indent=2,
        )
    )
    print(f"wrote {out / 'reports.json'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
