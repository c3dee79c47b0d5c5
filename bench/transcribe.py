"""Transcription benchmark: speed, memory and accuracy of the engines, in one run.

    python bench/transcribe.py [--repeat N] [--skip-openai] [--quick]

1. Engine settings, one process each (so peak memory is that engine's own), on the same call
   recordings (fixtures/recordings: stereo and mono telephone calls with a hold): faster-whisper
   int8 greedy/beam 5, with/without VAD, sequential/batched, and openai-whisper on the same
   tiny.en weights (converted by scoring.whisper_convert) when it is installed.
   Real-time factor = call audio seconds / wall seconds (a stereo call counts once, although
   both channels are transcribed). Model loading is timed separately.
2. Throughput on a 2-core machine, all workers together: the calls repeated N times, shared out
   among W worker processes of T threads each (each loads the model once).
3. Word error rate on the real-speech English dev set (tests/data/speech/dev: 8 kHz mu-law,
   971 words), Whisper's English normaliser: the product's defaults next to the bare engine's
   best setting, and the time the language identification takes per call.

Prints a table and writes bench/results/transcribe-<timestamp>.json. The figures move with the
load on the machine: compare rows of the same run only.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import multiprocessing as mp
import os
import platform
import re
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

DEFAULT = "product defaults (language identification on)"
CALLS = sorted((ROOT / "fixtures" / "recordings").glob("*.*"))


def _peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ru_maxrss: on Linux that survives
    exec, so a spawned worker would report its parent's peak if the parent was bigger."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _settings(config: dict):
    from scoring.transcription import EngineSettings

    return EngineSettings(**config)


def _run_engine(config: dict, files: list[str], out: mp.Queue) -> None:
    """Child process: load the engine, transcribe the files, report times and peak memory."""
    try:
        from scoring.audio import decode_audio
        from scoring.transcription import get_transcriber

        t0 = time.perf_counter()
        engine = get_transcriber(_settings(config))
        load_s = time.perf_counter() - t0
        audio_s, words, wall, lid_s, diar_s, cpu = 0.0, 0, 0.0, 0.0, 0.0, 0.0
        texts = []
        for f in files:
            audio = decode_audio(f)
            t0, c0 = time.perf_counter(), time.process_time()
            result = engine.transcribe(audio)
            wall += time.perf_counter() - t0
            cpu += time.process_time() - c0
            audio_s += audio.duration_s
            words += sum(len(s.text.split()) for s in result.segments)
            texts.append(" ".join(s.text for s in result.segments))
            lid_s += result.timings.get("language_identification", 0.0)
            diar_s += result.timings.get("diarisation", 0.0)
        out.put(
            {
                "load_s": load_s,
                "audio_s": audio_s,
                "wall_s": wall,
                "rtf": audio_s / wall,
                "cpu_per_audio_s": cpu / audio_s,
                "peak_rss_mb": _peak_rss_mb(),
                "words": words,
                "texts": texts,
                "lid_s": lid_s,
                "diarisation_s": diar_s,
            }
        )
    except Exception as exc:  # report, don't hang the parent
        out.put({"error": f"{type(exc).__name__}: {exc}"})


def run_isolated(config: dict, files: list[str]) -> dict:
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_run_engine, args=(config, files, queue))
    proc.start()
    result = _get(queue, [proc])
    proc.join()
    return result


def _get(queue, procs) -> dict:
    """The next result, or an error if the workers died without one (killed, crashed on
    import) instead of waiting for ever."""
    import queue as queue_module

    while True:
        try:
            return queue.get(timeout=5)
        except queue_module.Empty:
            if not any(p.is_alive() for p in procs):
                codes = ", ".join(str(p.exitcode) for p in procs)
                return {"error": f"worker process exited (code {codes}) without a result"}


def _worker(config: dict, files: list[str], ready, start, out) -> None:
    from scoring.audio import decode_audio
    from scoring.transcription import get_transcriber

    engine = get_transcriber(_settings(config))
    ready.set()
    start.wait()
    t0, c0 = time.perf_counter(), time.process_time()
    audio_s = 0.0
    for f in files:
        audio = decode_audio(f)
        engine.transcribe(audio)
        audio_s += audio.duration_s
    out.put(
        {
            "wall_s": time.perf_counter() - t0,
            "cpu_s": time.process_time() - c0,
            "audio_s": audio_s,
            "peak_rss_mb": _peak_rss_mb(),
        }
    )


def throughput(config: dict, files: list[str], workers: int) -> dict:
    """All workers start together once their models are loaded; wall = the slowest worker."""
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    start = ctx.Event()
    shares = [files[i::workers] for i in range(workers)]
    procs, readies = [], []
    for share in shares:
        ready = ctx.Event()
        p = ctx.Process(target=_worker, args=(config, share, ready, start, out))
        p.start()
        procs.append(p)
        readies.append(ready)
    for r, p in zip(readies, procs, strict=True):
        while not r.wait(5):
            if not p.is_alive():
                for q in procs:
                    q.kill()
                return {"error": f"worker process exited (code {p.exitcode}) while loading"}
    t0 = time.perf_counter()
    start.set()
    results = [_get(out, procs) for _ in procs]
    failed = [r["error"] for r in results if "error" in r]
    if failed:
        for p in procs:
            p.kill()
        return {"error": failed[0]}
    wall = time.perf_counter() - t0
    for p in procs:
        p.join()
    audio_s = sum(r["audio_s"] for r in results)
    return {
        "workers": workers,
        "threads": config["cpu_threads"],
        "batch_size": config.get("batch_size", 0),
        "audio_s": audio_s,
        "wall_s": wall,
        "rtf": audio_s / wall,
        "cpu_per_audio_s": sum(r["cpu_s"] for r in results) / audio_s,
        "peak_rss_mb_per_worker": max(r["peak_rss_mb"] for r in results),
    }


def _call_scripts() -> list[str]:
    """The words each sample call was generated from (fixtures/make_recordings.py)."""
    sys.path.insert(0, str(ROOT / "fixtures"))
    import make_recordings

    by_name = {
        name: " ".join(text for who, text in script if who != "hold")
        for name, script, *_ in make_recordings.CALLS
    }
    return [normalise(by_name[p.name]) for p in CALLS]


def _script_wer(scripts: list[str], texts: list[str]) -> float:
    import jiwer

    return jiwer.wer(scripts, [normalise(t) for t in texts])


def normalise(text: str) -> str:
    text = re.sub(r"[^a-z' ]+", " ", text.lower().replace("mr.", "mister"))
    return " ".join(text.split())


def dev_set_rows(quick: bool = False) -> dict:
    """The product's defaults (with and without language identification) and the bare engine's
    best setting of the dev-set sweep, side by side, with time and LID time per call."""
    import devset

    from scoring.transcription import EngineSettings

    rows = {"product defaults": ("product", {})}
    if not quick:
        rows["product defaults, no language identification"] = (
            "product",
            {"language_model": ""},
        )
        best = devset.BARE_BEST
        rows[f"bare engine: {best}"] = ("bare", devset.BARE[best])
    out = {}
    calls = len(devset.dev_calls())
    for name, (kind, kw) in rows.items():
        if kind == "product":
            texts, audio_s, wall, lid_s = devset.transcribe_product(kw, with_lid_time=True)
        else:
            texts, audio_s, wall = devset.transcribe_bare(kw)
            lid_s = 0.0
        row = {**devset.score(texts), "rtf": audio_s / wall, "lid_s_per_call": lid_s / calls}
        out[name] = row
        print(
            f"{name:60} WER {row['wer']:6.1%}  {row['rtf']:5.1f}x real time  "
            f"LID {row['lid_s_per_call']:.1f} s per call"
        )
    out["settings"] = EngineSettings().describe()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="copies of the calls (throughput)")
    parser.add_argument("--skip-openai", action="store_true")
    parser.add_argument("--quick", action="store_true", help="fewer settings, one repeat")
    args = parser.parse_args(argv)
    has_openai = (
        not args.skip_openai
        and importlib.util.find_spec("whisper") is not None
        and importlib.util.find_spec("torch") is not None
    )
    files = [str(p) for p in CALLS]
    base = {"model": "tiny.en", "compute_type": "int8", "cpu_threads": 2}
    no_lid = {**base, "language_model": ""}
    engines = {
        DEFAULT: dict(base),
        "default without language identification": dict(no_lid),
        "previous default (sequential, every second decoded, LID on every window)": {
            **base,
            "batch_size": 0,
            "skip_silence": False,
            "lid_stride": 1,
        },
        "fw int8 beam5 VAD batched (old default)": {
            **no_lid,
            "beam_size": 5,
            "vad": True,
            "batch_size": 8,
            "vad_threshold": 0.5,
            "vad_min_silence_ms": 500,
            "vad_speech_pad_ms": 200,
        },
        "fw int8 greedy VAD": {**no_lid, "beam_size": 1, "vad": True, "batch_size": 0},
        "fw int8 greedy no VAD": {**no_lid, "beam_size": 1, "vad": False, "batch_size": 0},
        "fw int8 beam5 no VAD": {**no_lid, "beam_size": 5, "vad": False, "batch_size": 0},
    }
    if args.quick:
        engines = dict(list(engines.items())[:2])
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        if has_openai:
            from scoring.whisper_convert import write_checkpoint

            checkpoint = write_checkpoint(tmp / "tiny.en.pt")
            engines["openai-whisper greedy VAD (same tiny.en)"] = {
                "engine": "openai-whisper",
                "model": str(checkpoint),
                "beam_size": 1,  # greedy: openai-whisper's beam search is far slower still
                "vad": True,
                "cpu_threads": 2,
            }
        results: dict = {
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "load_avg": os.getloadavg(),
            },
            "recordings": [p.name for p in CALLS],
            "engines": {},
        }
        print(
            f"Recordings: {', '.join(p.name for p in CALLS)}; load average "
            f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (shared machine)\n"
        )
        scripts = _call_scripts()
        print(
            f"{'engine / settings':48} {'RTF':>6} {'CPU/s':>6} {'wall s':>7} {'load s':>7} "
            f"{'peak MB':>8} {'WER*':>6} {'LID s':>6} {'diar s':>6}"
        )
        for name, config in engines.items():
            r = run_isolated(config, files)
            if "error" in r:
                results["engines"][name] = r
                print(f"{name:44} error: {r['error']}")
                continue
            r["script_wer"] = _script_wer(scripts, r.pop("texts"))
            results["engines"][name] = r
            print(
                f"{name:48} {r['rtf']:6.1f} {r['cpu_per_audio_s']:6.3f} {r['wall_s']:7.1f} "
                f"{r['load_s']:7.1f} "
                f"{r['peak_rss_mb']:8.0f} {r['script_wer']:6.1%} {r['lid_s']:6.1f} "
                f"{r['diarisation_s']:6.1f}"
            )
        print(
            "* WER against the scripts of the synthetic sample calls (espeak-ng speech: a "
            "completeness check, not an accuracy figure). LID s: language identification; "
            "diar s: telling the speakers apart on the mono calls (scoring.diarisation; its "
            "error rate on mixes of real speakers: bench/diarisation.py). Peak MB of the "
            "default row: tiny.en, the LID base model and the speaker encoder loaded together."
        )
        default = results["engines"][DEFAULT]
        openai = results["engines"].get("openai-whisper greedy VAD (same tiny.en)")
        if openai and "rtf" in openai and "rtf" in default:
            ratio = default["rtf"] / openai["rtf"]
            results["faster_vs_openai"] = ratio
            print(f"\nfaster-whisper default vs openai-whisper, same audio and run: {ratio:.1f}x")

        repeat = 1 if args.quick else args.repeat
        many = files * repeat
        print(f"\nThroughput, {len(many)} calls, all workers together:")
        print(f"{'layout':44} {'RTF':>6} {'CPU/s':>6} {'wall s':>7} {'MB/worker':>9}")
        layouts = [
            ("defaults: 1 worker x 2 threads", 1, {**engines[DEFAULT], "cpu_threads": 2}),
            ("defaults: 2 workers x 1 thread", 2, {**engines[DEFAULT], "cpu_threads": 1}),
            (
                "defaults without LID: 2 workers x 1 thread",
                2,
                {**engines["default without language identification"], "cpu_threads": 1},
            ),
        ]
        if args.quick:
            layouts = layouts[:2]
        results["throughput"] = {}
        for label, workers, config in layouts:
            t = throughput(config, many, workers)
            results["throughput"][label] = t
            if "error" in t:
                print(f"{label:44} error: {t['error']}")
                continue
            print(
                f"{label:44} {t['rtf']:6.1f} {t['cpu_per_audio_s']:6.3f} {t['wall_s']:7.1f} "
                f"{t['peak_rss_mb_per_worker']:9.0f}"
            )

        print("\nWord error rate on the real-speech English dev set (tests/data/speech/dev):")
        results["dev_set"] = dev_set_rows(quick=args.quick)

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"transcribe-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
