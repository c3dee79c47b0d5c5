"""Auto-scoring throughput: transcripts per second and peak memory, on one core.

    python bench/autoscore.py [--count 10000] [--words 400]

Transcripts: built deterministically from the labelled set (tests/data/transcripts), by
appending segments of other calls until each has about ``--words`` words, with times that run
on. Modes, each in its own process so peak memory is its own:

- ``rules``: scoring.autoscore.autoscore per transcript (analysis + every detector + score);
- ``rules+models``: autoscore_many with a trained model applied to every criterion (forced,
  whatever its card says), so the figure is the cost of the slowest configuration;
- ``calibrated``: the product's default path: rules, call features and the shipped calibrated
  answerers of models/calibrated (learned models, Platt maps, abstention);
- ``calibrated+language``: the same plus the spaCy English pipeline's features (names, entities,
  dependency negation) computed for every call.

Prints a table and writes JSON to bench/results/autoscore.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scoring.autoscore import autoscore, autoscore_many  # noqa: E402
from scoring.default_scorecards import DEFAULT_SCORECARDS  # noqa: E402
from scoring.evaluate import load_labelled  # noqa: E402
from scoring.transcript import Segment, Transcript  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "transcripts"
MODES = ("rules", "rules+models", "calibrated", "calibrated+language")


def synthetic_calls(count: int, words: int, seed: int = 11) -> list[tuple[str, Transcript]]:
    labelled = load_labelled(LABELLED)
    pool = [s for call in labelled for s in call.transcript.segments]
    rng = random.Random(seed)
    out = []
    for i in range(count):
        base = labelled[i % len(labelled)]
        segments = list(base.transcript.segments)
        total = sum(len(s.text.split()) for s in segments)
        t = segments[-1].end if segments else 0.0
        extra = []
        while total < words:
            s = rng.choice(pool)
            length = s.end - s.start
            extra.append(Segment(s.speaker if not base.mono else "unknown", t, t + length, s.text))
            t += length + 0.4
            total += len(s.text.split())
        # The borrowed turns go before the closing, as the middle of a longer call.
        merged = segments[:-2] + extra + segments[-2:]
        out.append((base.scorecard, Transcript(segments=merged, call_id=f"bench-{i}")))
    return out


def run_mode(mode: str, count: int, words: int) -> dict:
    calls = synthetic_calls(count, words)
    word_total = sum(len(s.text.split()) for _, t in calls for s in t.segments)
    models_by_card = {}
    if mode == "rules+models":
        from scoring.learning import examples_from_labelled, train_scorecard

        labelled = load_labelled(LABELLED)
        for card, criteria in DEFAULT_SCORECARDS.items():
            examples = [e for c in criteria for e in examples_from_labelled(labelled, c.key, card)]
            outcomes = train_scorecard(examples, criteria)
            models_by_card[card] = {o.criterion_key: o.model for o in outcomes if o.model}
    calibrated = None
    if mode.startswith("calibrated"):
        from dataclasses import replace

        from scoring.calibrated import default_scorers

        calibrated = default_scorers()
        if mode == "calibrated+language":
            calibrated = replace(calibrated, language_features=True)
    # Warm up: builds the matchers (once per process) outside the timed part.
    autoscore(calls[0][1], DEFAULT_SCORECARDS[calls[0][0]], calibrated=calibrated)
    load_start = os.getloadavg()[0]
    start = time.perf_counter()
    cpu_start = time.process_time()
    if mode == "rules" or calibrated is not None:
        for card, transcript in calls:
            autoscore(transcript, DEFAULT_SCORECARDS[card], calibrated=calibrated)
    else:
        for card, criteria in DEFAULT_SCORECARDS.items():
            batch = [t for c, t in calls if c == card]
            for i in range(0, len(batch), 500):
                autoscore_many(batch[i : i + 500], criteria, models=models_by_card[card])
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "mode": mode,
        "transcripts": count,
        "mean_words": round(word_total / count, 1),
        "seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "transcripts_per_second": round(count / elapsed, 1),
        "transcripts_per_cpu_second": round(count / cpu, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "load_average_1m_start": round(load_start, 2),
        "peak_rss_mb": round(peak_kb / 1024, 1),
        "models": sum(len(m) for m in models_by_card.values())
        + (
            sum(1 for x in calibrated.by_detector.values() if x.model is not None)
            if calibrated
            else 0
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--words", type=int, default=400)
    parser.add_argument("--mode", choices=MODES)
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated modes to run")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "autoscore.json")
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.count, args.words)))
        return 0
    results = []
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    for mode in args.modes.split(","):
        with tempfile.TemporaryFile("w+") as log:
            done = subprocess.run(
                [sys.executable, __file__, "--mode", mode, "--count", str(args.count),
                 "--words", str(args.words)],
                stdout=subprocess.PIPE, stderr=log, text=True, env=env, check=False,
            )  # fmt: skip
            if done.returncode != 0:
                log.seek(0)
                print(log.read(), file=sys.stderr)
                return done.returncode
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"Auto-scoring, {args.count} transcripts of ~{args.words} words, one process each")
    print("(per CPU second = one core's throughput; wall figures depend on the machine's load)")
    print("| mode | transcripts/s (wall) | transcripts/s (CPU) | wall s | mean words | peak RSS MB "
          "| models | load avg (start-end) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['mode']} | {r['transcripts_per_second']} | {r['transcripts_per_cpu_second']} "
            f"| {r['seconds']} | {r['mean_words']} | {r['peak_rss_mb']} | {r['models']} "
            f"| {r['load_average_1m_start']}-{r['load_average_1m']} |"
        )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            {
                "benchmark": "autoscore",
                "python": platform.python_version(),
                "machine": platform.machine(),
                "cpu_count": os.cpu_count(),
                "results": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"JSON written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
