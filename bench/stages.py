"""Where a call's CPU time goes: every stage of the pipeline, per second of call audio.

    python bench/stages.py [--calls 40] [--sets pipeline,dev] [--threads 1] [--profile FILE]

The pipeline's own services run in this one process, as a worker runs them, on a fresh SQLite
site in a temporary folder: ``ingest_calls`` (the database backend, so tasks are only queued),
then per call ``calls.services.transcription.call_transcribe`` and
``autoscoring.services.suggestions.call_autoscore``. Each stage is timed by wrapping the
function that does it, in process CPU seconds (``time.process_time``: every thread of the
process, CTranslate2's included; user and system), charged exclusively: a stage inside another
is taken out of the outer one, so the rows add up to the total. CPU time moves far less with the
machine's load than the wall clock (the machine here is shared), which is why it is used.

Sets: ``pipeline`` = the calls of bench/pipeline.py (tests.audio_helpers.varied_calls: synthetic
sample calls with real LibriVox speech added, stereo and mono, mu-law, A-law, MP3); ``dev`` = the
real-speech dev set (tests/data/speech/dev, mono 8 kHz mu-law). Model loading is reported on its
own row (once per worker process, not per call) and left out of the per-audio-second total.

``--profile FILE`` also writes a cProfile of the pipeline set's calls (pstats format).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Rows in pipeline order: (key, what it covers).
STAGES = (
    ("ingest", "ingest_calls: probe, hash, store the recording, queue the task (DB)"),
    ("decode", "audio decode to 8/16 kHz (PyAV), levels, quality"),
    ("resample", "8 -> 16 kHz of the slices read (TelephoneChannel)"),
    ("crosstalk gate", "stereo energy gate masks"),
    ("silence gate", "silence skipping (sounding_spans)"),
    ("vad", "Silero VAD for the language windows"),
    ("lid features", "log-mel of the language windows"),
    ("lid", "language identification: base encoder + language token"),
    ("asr features", "log-mel of the decoding clips"),
    ("asr encoder", "tiny.en encoder"),
    ("asr decode", "tiny.en beam search, word alignment, words"),
    ("afrikaans", "Afrikaans windows by the base model"),
    ("diarisation", "speakers on mono calls"),
    ("agent voice", "the agent's voice sample (stereo calls with a known agent)"),
    ("transcript checks", "flags, redaction, speech metrics"),
    ("transcribe other", "the rest of the transcription task: claim, lease, merge, turns"),
    ("store", "transcript, metrics, call, audit in one transaction (DB)"),
    ("autoscore", "auto-scoring: analysis, detectors, calibrated answerers"),
    ("autoscore DB", "auto-scoring's reads and writes (DB)"),
)


class StageClock:
    """Process CPU time charged to the innermost running stage."""

    def __init__(self) -> None:
        self.cpu: dict[str, float] = defaultdict(float)
        self.stack: list[str] = []
        self.mark = time.process_time()

    def _charge(self) -> None:
        now = time.process_time()
        if self.stack:
            self.cpu[self.stack[-1]] += now - self.mark
        self.mark = now

    @contextmanager
    def stage(self, name: str):
        self._charge()
        self.stack.append(name)
        try:
            yield
        finally:
            self._charge()
            self.stack.pop()

    def wrap(self, owner, attr: str, name: str) -> None:
        original = owner.__dict__[attr] if isinstance(owner, type) else getattr(owner, attr)
        clock = self

        @functools.wraps(original)
        def timed(*args, **kwargs):
            with clock.stage(name):
                return original(*args, **kwargs)

        setattr(owner, attr, timed)

    def take(self) -> dict[str, float]:
        out, self.cpu = dict(self.cpu), defaultdict(float)
        return out


def instrument(clock: StageClock) -> None:
    import faster_whisper.feature_extractor as fe
    import faster_whisper.transcribe as ft

    import autoscoring.services.suggestions as suggestions
    import calls.services.transcription as task
    import scoring.audio as audio
    import scoring.language as language
    import scoring.transcription as tr

    clock.wrap(task, "decode_audio", "decode")
    clock.wrap(audio.TelephoneChannel, "_resampled", "resample")
    clock.wrap(tr, "energy_gate_masks", "crosstalk gate")
    clock.wrap(tr, "sounding_spans", "silence gate")
    clock.wrap(tr._BaseTranscriber, "_speech_stamps", "vad")
    clock.wrap(language.LanguageIdentifier, "identify", "lid")
    clock.wrap(tr.FasterWhisperTranscriber, "_transcribe_channel", "asr decode")
    clock.wrap(ft.WhisperModel, "encode", "asr encoder")
    clock.wrap(tr._BaseTranscriber, "_transcribe_other", "afrikaans")
    clock.wrap(tr, "diarise_transcript", "diarisation")
    clock.wrap(task, "_agent_voice", "agent voice")
    clock.wrap(task, "assess_transcript", "transcript checks")
    clock.wrap(task, "redact_segments", "transcript checks")
    clock.wrap(task, "speech_metrics", "transcript checks")
    clock.wrap(task, "_transcription_store", "store")
    clock.wrap(suggestions, "autoscore_transcript", "autoscore")

    # Log-mel features: charged to the language windows or the decoding, whichever asked.
    original = fe.FeatureExtractor.__call__

    def features(self, *args, **kwargs):
        inside = clock.stack[-1] if clock.stack else ""
        with clock.stage("lid features" if inside == "lid" else "asr features"):
            return original(self, *args, **kwargs)

    fe.FeatureExtractor.__call__ = features


def site_environment(folder: Path, threads: int) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_DEBUG": "true",
            "SIYALALELA_DATA_DIR": str(folder / "var"),
            "SIYALALELA_MEDIA_ROOT": str(folder / "media"),
            "SIYALALELA_SQLITE_PATH": str(folder / "site.sqlite3"),
            "SIYALALELA_TASK_BACKEND": "database",
            "SIYALALELA_LOG_LEVEL": "WARNING",
            "SIYALALELA_WHISPER_THREADS": str(threads),
        }
    )


def load_models(clock: StageClock) -> float:
    """Load what a transcription worker loads once (tiny.en, the base model, the speaker
    encoder) and return its CPU seconds."""
    from calls.engines import engine_settings, transcriber
    from scoring.language import get_identifier
    from scoring.speaker_model import get_encoder

    c0 = time.process_time()
    settings = engine_settings()
    transcriber()
    if settings.language_model:
        get_identifier(settings.language_model, cpu_threads=settings.cpu_threads)
    if settings.diarise:
        get_encoder()
    clock.take()
    return time.process_time() - c0


def run_calls(clock: StageClock, folder: Path, metadata: Path | None, label: str) -> dict:
    """Ingest the calls of ``folder`` and run each through transcription and auto-scoring."""
    from django.core.management import call_command

    from autoscoring.services.suggestions import call_autoscore
    from calls.models import Call
    from calls.services.transcription import call_transcribe

    before = set(Call.objects.values_list("pk", flat=True))
    args = [str(folder), "--no-progress"] + (["--metadata", str(metadata)] if metadata else [])
    with clock.stage("ingest"), open(os.devnull, "w") as quiet:
        call_command("ingest_calls", *args, stdout=quiet)
    ids = sorted(set(Call.objects.values_list("pk", flat=True)) - before)
    c0 = time.process_time()
    for call_id in ids:
        with clock.stage("transcribe other"):
            call = call_transcribe(call_id=call_id)
        with clock.stage("autoscore DB"):
            call_autoscore(call=call)
    cpu = clock.take()
    cpu["ingest"] = cpu.get("ingest", 0.0)
    calls = Call.objects.filter(pk__in=ids)
    audio_s = sum(c.duration_s or 0 for c in calls)
    return {
        "set": label,
        "calls": len(ids),
        "transcribed": calls.filter(state=Call.State.TRANSCRIBED).count(),
        "audio_s": audio_s,
        "cpu": cpu,
        "transcribe_and_score_cpu_s": time.process_time() - c0,
    }


def print_table(results: list[dict], load_cpu: float) -> None:
    names = [r["set"] for r in results]
    print()
    print(f"CPU seconds per audio second, by stage (model loading: {load_cpu:.1f} CPU s once)")
    print(f"{'stage':<18} " + " ".join(f"{n:>16}" for n in names) + "   covers")
    for key, what in STAGES:
        cells = []
        for r in results:
            v = r["cpu"].get(key, 0.0) / r["audio_s"]
            share = r["cpu"].get(key, 0.0) / max(sum(r["cpu"].values()), 1e-9)
            cells.append(f"{v:8.4f} ({share:4.0%})")
        print(f"{key:<18} " + " ".join(f"{c:>16}" for c in cells) + f"   {what}")
    totals = [sum(r["cpu"].values()) / r["audio_s"] for r in results]
    print(f"{'total':<18} " + " ".join(f"{t:>16.4f}" for t in totals))
    for r in results:
        print(
            f"  {r['set']}: {r['calls']} calls ({r['transcribed']} transcribed), "
            f"{r['audio_s'] / 60:.1f} min of audio, {sum(r['cpu'].values()):.1f} CPU s; "
            f"at this cost 2 cores do at most {2 * r['audio_s'] / sum(r['cpu'].values()):.0f}x "
            "real time"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=40)
    parser.add_argument("--sets", default="pipeline,dev")
    parser.add_argument("--threads", type=int, default=1, help="Whisper threads (workers: 1)")
    parser.add_argument("--profile", type=Path, help="write a cProfile of the pipeline set")
    args = parser.parse_args(argv)
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    if set(sets) - {"pipeline", "dev"}:
        parser.error("sets are pipeline and dev")
    with tempfile.TemporaryDirectory(prefix="siyalalela-stages-") as tmp:
        work = Path(tmp)
        site_environment(work, args.threads)
        import django

        django.setup()
        from django.core.management import call_command

        with open(os.devnull, "w") as quiet:
            call_command("migrate", "--noinput", verbosity=0, stdout=quiet)
            call_command("setup_site", "--demo", stdout=quiet)
        clock = StageClock()
        instrument(clock)
        load_cpu = load_models(clock)
        print(f"load average {os.getloadavg()[0]:.1f}; models loaded in {load_cpu:.1f} CPU s")
        results = []
        for name in sets:
            folder, metadata = work / name, None
            if name == "pipeline":
                from tests.audio_helpers import varied_calls

                _, metadata = varied_calls(folder, args.calls)
            else:
                import shutil

                folder.mkdir()
                for wav in sorted((ROOT / "tests/data/speech/dev").glob("dev-*.wav")):
                    shutil.copy(wav, folder / wav.name)
            profiler = None
            if args.profile and name == "pipeline":
                import cProfile

                profiler = cProfile.Profile()
                profiler.enable()
            results.append(run_calls(clock, folder, metadata, name))
            if profiler is not None:
                profiler.disable()
                profiler.dump_stats(str(args.profile))
            print(f"{name} done, load average {os.getloadavg()[0]:.1f}", flush=True)
        print_table(results, load_cpu)
    return 0


if __name__ == "__main__":
    sys.exit(main())
