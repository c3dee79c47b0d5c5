"""Service-level clock throughput: how many cases' deadlines can be (re)computed per second.

Prints figures; writes bench/results/investigations_clock.txt. Plain Python (no database)."""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core import working_time  # noqa: E402


def main() -> None:
    rng = random.Random(6)
    start = dt.datetime(2026, 1, 1, tzinfo=working_time.TZ)
    cases = []
    for _ in range(20000):
        received = start + dt.timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60))
        holds = []
        if rng.random() < 0.3:
            begin = received + dt.timedelta(hours=rng.randrange(1, 200))
            end = begin + dt.timedelta(hours=rng.randrange(1, 150))
            holds.append(working_time.Hold(begin, end))
        cases.append((received, rng.choice((1, 2)), rng.choice((7, 10, 14)), holds))
    began = time.perf_counter()
    for received, ack, final, holds in cases:
        working_time.compute_deadlines(
            received_at=received, acknowledge_days=ack, response_days=final, holds=holds
        )
    elapsed = time.perf_counter() - began
    lines = [
        f"cases: {len(cases)} (30% with a hold), received over 2026-2027",
        f"total: {elapsed:.2f} s; per case: {1e6 * elapsed / len(cases):.0f} µs; "
        f"{len(cases) / elapsed:,.0f} cases/s",
    ]
    print("\n".join(lines))
    out = Path(__file__).parent / "results"
    out.mkdir(exist_ok=True)
    (out / "investigations_clock.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
