"""Transcript search over many calls on SQLite: how long the calls list's search takes.

    python bench/search.py [--calls 100000] [--segments 12] [--runs 7]

Builds a fresh SQLite database (all migrations, so the FTS5 table and its triggers are the
real ones) in a temporary directory, inserts ``--calls`` transcribed calls whose transcripts
are drawn from the labelled transcripts in tests/data/transcripts (the triggers index each one
as it is written), then times what the calls list does for a search: the count and the first
page of 25 (``calls.selectors.call_list_page``), for a rare word, a common word and
two words together. Prints the median and worst of ``--runs`` runs; writes
bench/results/search.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RARE = "kwathema"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--segments", type=int, default=12)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--database", help="reuse a database this script built before (skips the build)"
    )
    args = parser.parse_args()

    reuse = bool(args.database)
    db_path = args.database or str(Path(tempfile.mkdtemp(prefix="siyalalela-search-")) / "b.db")
    os.environ["SIYALALELA_SQLITE_PATH"] = db_path
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from calls.models import Call, Recording, Transcript
    from scoring.evaluate import load_labelled

    call_command("migrate", verbosity=0)
    if reuse:
        args.calls = Call.objects.count()
    pool = [
        s.text for c in load_labelled(ROOT / "tests" / "data" / "transcripts")
        for s in c.transcript.segments
    ]  # fmt: skip
    rng = random.Random(2026)
    t0 = time.perf_counter()
    batch = 5000
    now = timezone.now()
    for first in range(0, 0 if reuse else args.calls, batch):
        n = min(batch, args.calls - first)
        with transaction.atomic():
            recordings = Recording.objects.bulk_create(
                Recording(sha256=f"{i:064x}", file=f"recordings/{i}.wav", size_bytes=1)
                for i in range(first, first + n)
            )
            calls = Call.objects.bulk_create(
                Call(recording=r, started_at=now, state=Call.State.TRANSCRIBED) for r in recordings
            )
            transcripts = []
            for call in calls:
                segments = []
                t = 0.0
                for k in range(args.segments):
                    text = rng.choice(pool)
                    if k == 3 and call.pk % 1000 == 0:
                        text += f" I live in {RARE.title()}."
                    segments.append({"speaker": "agent", "start": t, "end": t + 4, "text": text})
                    t += 4.5
                transcripts.append(Transcript(call=call, segments=segments))
            Transcript.objects.bulk_create(transcripts)
    build_s = time.perf_counter() - t0
    last = Transcript.objects.order_by("-pk").first()
    words = sum(len(s["text"].split()) for s in last.segments)

    from calls.selectors import call_list_page

    def search(q):
        # What the calls list runs: the count, the first page's ids, those 25 rows.
        page = call_list_page(Call.objects.matching_words(q), 1)
        return page.paginator.count, len(page.object_list)

    queries = {
        "rare word": RARE,
        "common word": "municipality",
        "two words": "water meter",
        "very common": "thank you",
    }
    rows = []
    for label, q in queries.items():
        search(q)  # warm the page cache once
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            count, shown = search(q)
            times.append((time.perf_counter() - start) * 1000)
        rows.append(
            {
                "query": label,
                "text": q,
                "matches": count,
                "shown": shown,
                "median_ms": round(statistics.median(times), 1),
                "worst_ms": round(max(times), 1),
            }
        )
    size_mb = Path(os.environ["SIYALALELA_SQLITE_PATH"]).stat().st_size / 1e6
    result = {
        "calls": args.calls,
        "segments_per_call": args.segments,
        "words_in_last_transcript": words,
        "build_s": round(build_s, 1),
        "database_mb": round(size_mb, 1),
        "sqlite": connection.Database.sqlite_version,
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}",
        "rows": rows,
    }
    print(
        f"{args.calls:,} calls, {args.segments} segments each ({words} words in the last), "
        + ("database reused; " if reuse else f"built and indexed in {build_s:.0f} s; ")
        + f"database {size_mb:.0f} MB; "
        f"SQLite {result['sqlite']}; {result['machine']}"
    )
    print(f"{'query':<12} {'text':<14} {'matches':>8} {'median ms':>10} {'worst ms':>9}")
    for r in rows:
        print(
            f"{r['query']:<12} {r['text']:<14} {r['matches']:>8} "
            f"{r['median_ms']:>10} {r['worst_ms']:>9}"
        )
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "search.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
