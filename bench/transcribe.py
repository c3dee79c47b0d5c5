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
3. Word error rate (jiwer) on real read speech (LibriVox clips in tests/data/speech) at 16 kHz
   and after conversion to 8 kHz mu-law telephone audio.

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

CALLS = sorted((ROOT / "fixtures" / "recordings").glob("*.*"))
LIBRIVOX = sorted((ROOT / "tests" / "data" / "speech" / "librivox").glob("*.wav"))


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
        audio_s, words, wall = 0.0, 0, 0.0
        texts = []
        for f in files:
            audio = decode_audio(f)
            t0 = time.perf_counter()
            result = engine.transcribe(audio)
            wall += time.perf_counter() - t0
            audio_s += audio.duration_s
            words += sum(len(s.text.split()) for s in result.segments)
            texts.append(" ".join(s.text for s in result.segments))
        out.put(
            {
                "load_s": load_s,
                "audio_s": audio_s,
                "wall_s": wall,
                "rtf": audio_s / wall,
                "peak_rss_mb": _peak_rss_mb(),
                "words": words,
                "texts": texts,
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
    t0 = time.perf_counter()
    audio_s = 0.0
    for f in files:
        audio = decode_audio(f)
        engine.transcribe(audio)
        audio_s += audio.duration_s
    out.put({"wall_s": time.perf_counter() - t0, "audio_s": audio_s, "peak_rss_mb": _peak_rss_mb()})


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


def word_error_rates(configs: dict[str, dict], tmp: Path) -> dict:
    import jiwer

    from tests.audio_helpers import encode

    refs = [normalise(p.with_suffix(".txt").read_text()) for p in LIBRIVOX]
    phone = [
        str(encode(p, tmp / f"{p.stem}-8k.wav", codec="pcm_mulaw", rate=8000)) for p in LIBRIVOX
    ]
    out = {}
    for name, config in configs.items():
        for label, files in (("16k", [str(p) for p in LIBRIVOX]), ("8k", phone)):
            result = run_isolated(config, files)
            if "error" in result:
                out[f"{name} {label}"] = {"error": result["error"]}
                continue
            hyps = [normalise(t) for t in result["texts"]]
            out[f"{name} {label}"] = {
                "wer": jiwer.wer(refs, hyps),
                "words": sum(len(r.split()) for r in refs),
                "audio_s": result["audio_s"],
            }
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
    engines = {
        "fw int8 beam5 VAD batched (default)": {
            **base,
            "beam_size": 5,
            "vad": True,
            "batch_size": 8,
        },
        "fw int8 greedy VAD batched": {**base, "beam_size": 1, "vad": True, "batch_size": 8},
        "fw int8 greedy VAD": {**base, "beam_size": 1, "vad": True, "batch_size": 0},
        "fw int8 beam5 VAD": {**base, "beam_size": 5, "vad": True, "batch_size": 0},
        "fw int8 greedy no VAD": {**base, "beam_size": 1, "vad": False, "batch_size": 0},
        "fw int8 beam5 no VAD": {**base, "beam_size": 5, "vad": False, "batch_size": 0},
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
            f"{'engine / settings':44} {'RTF':>6} {'wall s':>7} {'load s':>7} {'peak MB':>8} "
            f"{'WER*':>6}"
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
                f"{name:44} {r['rtf']:6.1f} {r['wall_s']:7.1f} {r['load_s']:7.1f} "
                f"{r['peak_rss_mb']:8.0f} {r['script_wer']:6.1%}"
            )
        print(
            "* WER against the scripts of the synthetic sample calls (espeak-ng speech: a "
            "completeness check, not an accuracy figure)"
        )
        default = results["engines"]["fw int8 beam5 VAD batched (default)"]
        openai = results["engines"].get("openai-whisper greedy VAD (same tiny.en)")
        if openai and "rtf" in openai and "rtf" in default:
            ratio = default["rtf"] / openai["rtf"]
            results["faster_vs_openai"] = ratio
            print(f"\nfaster-whisper default vs openai-whisper, same audio and run: {ratio:.1f}x")

        repeat = 1 if args.quick else args.repeat
        many = files * repeat
        print(f"\nThroughput, {len(many)} calls, all workers together:")
        print(f"{'layout':44} {'RTF':>6} {'wall s':>7} {'MB/worker':>9}")
        layouts = [
            (
                "default (beam 5, batched): 1 worker x 2 threads",
                1,
                {**engines["fw int8 beam5 VAD batched (default)"], "cpu_threads": 2},
            ),
            (
                "default (beam 5, batched): 2 workers x 1 thread",
                2,
                {**engines["fw int8 beam5 VAD batched (default)"], "cpu_threads": 1},
            ),
            (
                "greedy, batched: 2 workers x 1 thread",
                2,
                {**engines["fw int8 greedy VAD batched"], "cpu_threads": 1},
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
                f"{label:44} {t['rtf']:6.1f} {t['wall_s']:7.1f} {t['peak_rss_mb_per_worker']:9.0f}"
            )

        wer_configs = {"faster-whisper default": engines["fw int8 beam5 VAD batched (default)"]}
        if not args.quick:
            wer_configs["faster-whisper greedy batched"] = engines["fw int8 greedy VAD batched"]
        if "openai-whisper greedy VAD (same tiny.en)" in engines and not args.quick:
            wer_configs["openai-whisper"] = engines["openai-whisper greedy VAD (same tiny.en)"]
        print(f"\nWord error rate on real read speech ({len(LIBRIVOX)} LibriVox clips):")
        results["wer"] = word_error_rates(wer_configs, tmp)
        for name, w in results["wer"].items():
            print(f"{name:44} " + (f"{w['wer']:.1%}" if "wer" in w else w["error"]))

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"transcribe-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
