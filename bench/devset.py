"""The real-speech English dev set (tests/data/speech/dev): load it, transcribe it, score it.

    python bench/devset.py                   # the product's defaults
    python bench/devset.py --bare            # the defaults and the bare engine's best, one run
    python bench/devset.py --sweep           # every decoding setting considered, side by side
    python bench/devset.py --speed dev,stereo,holds   # speed and WER of the speed rows

Each call of the set is 8 kHz mu-law audio made from real recordings shipped in public packages
(tests/data/speech/dev/README.md); the WER uses Whisper's English normaliser.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEV = ROOT / "tests" / "data" / "speech" / "dev"


def dev_calls() -> list[tuple[Path, str]]:
    return [(p, p.with_suffix(".txt").read_text()) for p in sorted(DEV.glob("dev-*.wav"))]


def _clips(name: str) -> list[tuple[np.ndarray, str]]:
    """The clips of one dev call (8 kHz float samples, reference text), cut by the manifest."""
    from scoring.audio import decode_audio

    manifest = json.loads((DEV / "manifest.json").read_text())["calls"][name]
    audio = decode_audio(DEV / f"{name}.wav", sample_rate=8000)
    x = audio.channels[0]
    return [
        (x[int(c["start_s"] * 8000) : int(c["end_s"] * 8000)], c["text"]) for c in manifest["clips"]
    ]


def _write_wav(path: Path, channels: list[np.ndarray]) -> Path:
    """8 kHz G.711 mu-law WAV, mono or stereo, the way calls arrive."""
    import av

    layout = "stereo" if len(channels) == 2 else "mono"
    pcm = (np.clip(np.stack(channels), -1, 1) * 32767).astype(np.int16)
    with av.open(str(path), "w", format="wav") as out:
        stream = out.add_stream("pcm_mulaw", rate=8000, layout=layout)
        frame = av.AudioFrame.from_ndarray(pcm, format="s16p", layout=layout)
        frame.rate = 8000
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
    return path


def _noise(n: int, dbfs: float, seed: int) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(n) * 10 ** (dbfs / 20)).astype(np.float32)


def stereo_call(folder: Path, *, leak_db: float = -20.0, noise_dbfs: float = -60.0):
    """A two-party stereo call made of the dev clips (read speech and the telephone sample as the
    agent, spontaneous and short speech as the caller, turns alternating with 0.5 s between), each
    party leaking into the other's channel at ``leak_db`` and line noise on both: the product's
    energy gate, per-channel decoding and silence skipping on real speech. (path, reference)"""
    agent = _clips("dev-01-read-librivox") + _clips("dev-04-phone-and-misc")
    caller = _clips("dev-02-spontaneous-mfa") + _clips("dev-03-short-mfa")
    left, right, texts = [], [], []
    gap = np.zeros(4000, dtype=np.float32)
    for i in range(max(len(agent), len(caller))):
        for party, clips in ((0, agent), (1, caller)):
            if i < len(clips):
                clip, text = clips[i]
                mine, other = (left, right) if party == 0 else (right, left)
                mine += [clip, gap]
                other += [clip * 10 ** (leak_db / 20), gap]
                texts.append(text)
    channels = [np.concatenate(left), np.concatenate(right)]
    channels = [c + _noise(len(c), noise_dbfs, k) for k, c in enumerate(channels)]
    return _write_wav(folder / "dev-stereo.wav", channels), " ".join(texts)


def calls_with_holds(folder: Path, *, hold_s: float = 45.0, noise_dbfs: float = -60.0):
    """Each dev call with two holds of ``hold_s`` (line noise only) between its clips and line
    noise throughout: what a call's silences do to the decoder and the silence skipping."""
    out = []
    for k, (path, ref) in enumerate(dev_calls()):
        clips = _clips(path.stem)
        at = {len(clips) // 3, 2 * len(clips) // 3}
        pieces = []
        for i, (clip, _) in enumerate(clips):
            if i in at and i:
                pieces.append(np.zeros(int(hold_s * 8000), dtype=np.float32))
            pieces += [clip, np.zeros(8000, dtype=np.float32)]
        x = np.concatenate(pieces)
        x = x + _noise(len(x), noise_dbfs, 10 + k)
        out.append((_write_wav(folder / f"{path.stem}-holds.wav", [x]), ref))
    return out


def transcribe_files(calls: list[tuple[Path, str]], overrides: dict) -> dict:
    """WER and cost of the product on some call files: CPU seconds per audio second (this
    process, which moves less with the machine's load than the wall clock) and x real time."""
    from scoring.audio import decode_audio
    from scoring.transcription import get_transcriber
    from scoring.wer import word_errors

    engine = get_transcriber(**overrides)
    texts, audio_s, wall, cpu = [], 0.0, 0.0, 0.0
    for path, _ in calls:
        audio = decode_audio(path)
        t0, c0 = time.perf_counter(), time.process_time()
        result = engine.transcribe(audio)
        wall += time.perf_counter() - t0
        cpu += time.process_time() - c0
        audio_s += audio.duration_s
        texts.append(" ".join(s.text for s in result.segments if s.is_english))
    total = word_errors([ref for _, ref in calls], texts)
    return {
        "wer": round(total.wer, 4),
        "words": total.words,
        "per_call": {
            p.stem: round(word_errors([ref], [t]).wer, 4)
            for (p, ref), t in zip(calls, texts, strict=True)
        },
        "audio_s": round(audio_s, 1),
        "cpu_per_audio_s": round(cpu / audio_s, 4),
        "rtf": round(audio_s / wall, 1),
    }


def transcribe_product(settings_overrides: dict, with_lid_time: bool = False):
    """Texts, audio seconds and wall seconds (and LID seconds) for the product's transcriber."""
    from scoring.audio import decode_audio
    from scoring.transcription import get_transcriber

    engine = get_transcriber(**settings_overrides)
    texts, audio_s, wall, lid_s = [], 0.0, 0.0, 0.0
    for path, _ in dev_calls():
        audio = decode_audio(path)
        t0 = time.perf_counter()
        result = engine.transcribe(audio)
        wall += time.perf_counter() - t0
        audio_s += audio.duration_s
        lid_s += result.timings.get("language_identification", 0.0)
        texts.append(" ".join(s.text for s in result.segments if s.is_english))
    if with_lid_time:
        return texts, audio_s, wall, lid_s
    return texts, audio_s, wall


def transcribe_bare(kwargs: dict, model: str = "tiny.en") -> tuple[list[str], float, float]:
    """faster-whisper itself, no product code around it (the yardstick)."""
    from faster_whisper import BatchedInferencePipeline, WhisperModel

    from scoring.audio import decode_audio
    from scoring.transcription import EngineSettings, resolve_model

    path = resolve_model(EngineSettings(model=model))
    m = WhisperModel(path, device="cpu", compute_type="int8", cpu_threads=2)
    kwargs = dict(kwargs)
    batch = kwargs.pop("batch_size", 0)
    texts, audio_s, wall = [], 0.0, 0.0
    for p, _ in dev_calls():
        audio = decode_audio(p)
        t0 = time.perf_counter()
        if batch:
            segs, _ = BatchedInferencePipeline(m).transcribe(
                audio.mono(), batch_size=batch, **kwargs
            )
        else:
            segs, _ = m.transcribe(audio.mono(), **kwargs)
        texts.append(" ".join(s.text for s in segs))
        wall += time.perf_counter() - t0
        audio_s += audio.duration_s
    return texts, audio_s, wall


def score(texts: list[str]) -> dict:
    from scoring.wer import word_errors

    refs = [ref for _, ref in dev_calls()]
    total = word_errors(refs, texts)
    return {
        "wer": round(total.wer, 4),
        "errors": total.errors,
        "words": total.words,
        "per_call": {
            p.stem: round(word_errors([ref], [t]).wer, 4)
            for (p, ref), t in zip(dev_calls(), texts, strict=True)
        },
    }


BARE = {
    "bare tiny.en greedy VAD sequential t0 no prompt": {
        "language": "en",
        "beam_size": 1,
        "temperature": 0.0,
        "vad_filter": True,
        "condition_on_previous_text": False,
    },
    "bare tiny.en beam5 VAD sequential t0 no prompt": {
        "language": "en",
        "beam_size": 5,
        "temperature": 0.0,
        "vad_filter": True,
        "condition_on_previous_text": False,
    },
    "bare tiny.en beam5 VAD batched8 no prompt": {
        "language": "en",
        "beam_size": 5,
        "temperature": 0.0,
        "vad_filter": True,
        "batch_size": 8,
    },
    "bare tiny.en faster-whisper defaults (beam5, fallback, cond. prev., no VAD)": {
        "language": "en",
    },
}

# The bare engine's best setting on the dev set (sweep of 2026-12-07): the product must do at
# least as well.
BARE_BEST = "bare tiny.en faster-whisper defaults (beam5, fallback, cond. prev., no VAD)"

OLD = {  # the product's settings before they were chosen on this set
    "beam_size": 5,
    "vad": True,
    "vad_threshold": 0.5,
    "batch_size": 8,
    "vad_min_silence_ms": 500,
    "vad_speech_pad_ms": 200,
    "condition_on_previous_text": False,
    "temperature_fallback": False,
}


def product_sweep() -> dict[str, dict]:
    from scoring.transcription import DEFAULT_VOCABULARY

    p = {**OLD, "language_model": ""}
    v = DEFAULT_VOCABULARY
    return {
        "product, old defaults (beam5 batched8 prompt VAD 500/200)": {**p, "vocabulary": v},
        "product, old defaults without prompt": {**p, "vocabulary": ""},
        "product beam1 batched8 no prompt": {**p, "beam_size": 1, "vocabulary": ""},
        "product beam1 sequential no prompt": {
            **p,
            "beam_size": 1,
            "batch_size": 0,
            "vocabulary": "",
        },
        "product beam1 sequential prompt": {**p, "beam_size": 1, "batch_size": 0, "vocabulary": v},
        "product beam5 sequential no prompt": {**p, "batch_size": 0, "vocabulary": ""},
        "product beam1 sequential no prompt VAD 2000/400 (faster-whisper's)": {
            **p,
            "beam_size": 1,
            "batch_size": 0,
            "vocabulary": "",
            "vad_min_silence_ms": 2000,
            "vad_speech_pad_ms": 400,
        },
        "product beam1 sequential no prompt VAD 1000/400": {
            **p,
            "beam_size": 1,
            "batch_size": 0,
            "vocabulary": "",
            "vad_min_silence_ms": 1000,
            "vad_speech_pad_ms": 400,
        },
        "product beam1 sequential no prompt cond. on previous text": {
            **p,
            "beam_size": 1,
            "batch_size": 0,
            "vocabulary": "",
            "condition_on_previous_text": True,
        },
        "product beam1 sequential no prompt temperature fallback": {
            **p,
            "beam_size": 1,
            "batch_size": 0,
            "vocabulary": "",
            "temperature_fallback": True,
        },
    }


def product_sweep2() -> dict[str, dict]:
    """VAD, the no-speech filter and the decoder's own fallbacks, around the best of sweep 1."""
    p = {
        **OLD,
        "language_model": "",
        "vocabulary": "",
        "batch_size": 0,
    }
    rows = {}
    for beam in (1, 5):
        b = {**p, "beam_size": beam}
        rows[f"product beam{beam} seq no prompt VAD 0.5 2000/400"] = {
            **b,
            "vad_min_silence_ms": 2000,
            "vad_speech_pad_ms": 400,
        }
        rows[f"product beam{beam} seq no prompt VAD 0.35 2000/400"] = {
            **b,
            "vad_threshold": 0.35,
            "vad_min_silence_ms": 2000,
            "vad_speech_pad_ms": 400,
        }
        rows[f"product beam{beam} seq no prompt VAD 0.25 2000/400"] = {
            **b,
            "vad_threshold": 0.25,
            "vad_min_silence_ms": 2000,
            "vad_speech_pad_ms": 400,
        }
        rows[f"product beam{beam} seq no prompt VAD 0.5 2000/400 keep no-speech"] = {
            **b,
            "vad_min_silence_ms": 2000,
            "vad_speech_pad_ms": 400,
            "no_speech_drop": 1.0,
        }
        rows[f"product beam{beam} seq no prompt no VAD"] = {**b, "vad": False}
        rows[f"product beam{beam} seq no prompt no VAD fallback+cond"] = {
            **b,
            "vad": False,
            "temperature_fallback": True,
            "condition_on_previous_text": True,
        }
        rows[f"product beam{beam} seq no prompt VAD 0.35 2000/400 fallback+cond"] = {
            **b,
            "vad_threshold": 0.35,
            "vad_min_silence_ms": 2000,
            "vad_speech_pad_ms": 400,
            "temperature_fallback": True,
            "condition_on_previous_text": True,
        }
    return rows


def product_sweep3() -> dict[str, dict]:
    """A gentle VAD: only long silences (holds) are cut, speech keeps a wide margin."""
    p = {**OLD, "language_model": "", "vocabulary": "", "batch_size": 0}
    gentle = {"vad_min_silence_ms": 3000, "vad_speech_pad_ms": 1000}
    fb = {"temperature_fallback": True, "condition_on_previous_text": True}
    return {
        "product beam1 seq no prompt VAD 0.2 3000/1000": {
            **p,
            "beam_size": 1,
            "vad_threshold": 0.2,
            **gentle,
        },
        "product beam1 seq no prompt VAD 0.1 3000/1000": {
            **p,
            "beam_size": 1,
            "vad_threshold": 0.1,
            **gentle,
        },
        "product beam5 seq no prompt VAD 0.2 3000/1000 fallback+cond": {
            **p,
            "beam_size": 5,
            "vad_threshold": 0.2,
            **gentle,
            **fb,
        },
        "product beam5 seq no prompt VAD 0.2 3000/1000": {
            **p,
            "beam_size": 5,
            "vad_threshold": 0.2,
            **gentle,
        },
        "product beam1 seq no prompt VAD 0.2 3000/1000 fallback+cond": {
            **p,
            "beam_size": 1,
            "vad_threshold": 0.2,
            **gentle,
            **fb,
        },
    }


def product_sweep4() -> dict[str, dict]:
    """Without VAD: the decoder's conditioning on its own previous text, with and without the
    temperature fallback."""
    p = {**OLD, "language_model": "", "vocabulary": "", "batch_size": 0, "vad": False}
    return {
        "product beam1 seq no prompt no VAD cond. prev. t0": {
            **p,
            "beam_size": 1,
            "condition_on_previous_text": True,
        },
        "product beam5 seq no prompt no VAD cond. prev. t0": {
            **p,
            "beam_size": 5,
            "condition_on_previous_text": True,
        },
    }


# Speed and accuracy side by side (2026-12-07, afternoon): the rows behind the defaults chosen
# for the speed targets. Each is run with one CPU thread, as a `make run` worker decodes.
PREVIOUS = {  # the defaults chosen on accuracy alone in the morning
    "beam_size": 5,
    "batch_size": 0,
    "skip_silence": False,
    "lid_stride": 1,
}
SPEED = {
    "previous defaults (beam 5, sequential, every second decoded, LID on every window)": PREVIOUS,
    "beam 5, sequential, silence skipped, LID stride 2": {
        "beam_size": 5,
        "batch_size": 0,
        "skip_silence": True,
        "lid_stride": 2,
    },
    "beam 5, batched 2 over silence-skipped clips, LID stride 2 (defaults)": {
        "beam_size": 5,
        "batch_size": 2,
        "skip_silence": True,
        "lid_stride": 2,
    },
    "beam 5, batched 8 over silence-skipped clips, LID stride 2 (peak memory +340 MB)": {
        "beam_size": 5,
        "batch_size": 8,
        "skip_silence": True,
        "lid_stride": 2,
    },
    "beam 1, batched 8 over silence-skipped clips, LID stride 2": {
        "beam_size": 1,
        "batch_size": 8,
        "skip_silence": True,
        "lid_stride": 2,
    },
    "beam 5, batched 8, silence skipped, LID stride 3": {
        "beam_size": 5,
        "batch_size": 8,
        "skip_silence": True,
        "lid_stride": 3,
    },
    "beam 5, batched 8, Silero VAD 0.2 3000/1000 (no silence skipping)": {
        "beam_size": 5,
        "batch_size": 8,
        "vad": True,
        "vad_threshold": 0.2,
        "vad_min_silence_ms": 3000,
        "vad_speech_pad_ms": 1000,
        "lid_stride": 2,
    },
}


def around_defaults() -> dict[str, dict]:
    """Each decoding default changed alone (plus the two fallbacks together), the rest as today:
    the check that every default is still the best on the dev set as it grows
    (``--around``; one CPU thread, language identification on, as a `make run` worker)."""
    from scoring.transcription import DEFAULT_VOCABULARY

    return {
        "defaults": {},
        "without the vocabulary prompt": {"vocabulary": ""},
        "beam 1 (greedy)": {"beam_size": 1},
        "sequential decoding (batch 0)": {"batch_size": 0},
        "batched 8": {"batch_size": 8},
        "condition on previous text": {"condition_on_previous_text": True},
        "temperature fallback": {"temperature_fallback": True},
        "temperature fallback + condition on previous text": {
            "temperature_fallback": True,
            "condition_on_previous_text": True,
        },
        "no silence skipping": {"skip_silence": False},
        "gentle Silero VAD (0.2, 3000/1000) instead of silence skipping": {
            "skip_silence": False,
            "vad": True,
            "vad_threshold": 0.2,
            "vad_min_silence_ms": 3000,
            "vad_speech_pad_ms": 1000,
        },
        "keep segments Whisper marks as no speech (no_speech_drop 1.0)": {"no_speech_drop": 1.0},
        "LID on every window (stride 1)": {"lid_stride": 1},
        # Combinations, towards the bare engine's own defaults (its best row on this set).
        "combo: fallback + conditioning + vocabulary prompt": {
            "temperature_fallback": True,
            "condition_on_previous_text": True,
            "vocabulary": DEFAULT_VOCABULARY,
        },
        "combo: sequential, fallback + conditioning": {
            "batch_size": 0,
            "temperature_fallback": True,
            "condition_on_previous_text": True,
        },
        "combo: sequential, fallback + conditioning, no silence skipping": {
            "batch_size": 0,
            "temperature_fallback": True,
            "condition_on_previous_text": True,
            "skip_silence": False,
        },
        "combo: sequential, conditioning, no silence skipping": {
            "batch_size": 0,
            "condition_on_previous_text": True,
            "skip_silence": False,
        },
    }


def around_rows(only: str = "") -> dict:
    rows = {}
    for name, overrides in around_defaults().items():
        if only and only not in name:
            continue
        row = {
            "settings": overrides,
            **transcribe_files(dev_calls(), {"cpu_threads": 1, **overrides}),
        }
        rows[name] = row
        print(
            f"{name:70} WER {row['wer']:6.1%}  {row['cpu_per_audio_s']:.4f} CPU s/audio s  "
            f"{row['per_call']}",
            flush=True,
        )
    return rows


def speed_rows(only: str = "", sets: tuple[str, ...] = ("dev",)) -> dict:
    """WER and CPU seconds per audio second of each SPEED row on the dev set (and, if asked, the
    stereo call and the calls with holds made of its clips)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="devset-"))
    material = {"dev": dev_calls()}
    if "stereo" in sets:
        material["stereo"] = [stereo_call(folder)]
    if "holds" in sets:
        material["holds"] = calls_with_holds(folder)
    rows = {}
    for name, overrides in SPEED.items():
        if only and only not in name:
            continue
        row = {"settings": overrides}
        for set_name, calls in material.items():
            row[set_name] = transcribe_files(calls, {"cpu_threads": 1, **overrides})
        rows[name] = row
        print(name, json.dumps({k: v for k, v in row.items() if k != "settings"}), flush=True)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true")
    parser.add_argument("--sweep2", action="store_true")
    parser.add_argument("--sweep3", action="store_true")
    parser.add_argument("--sweep4", action="store_true")
    parser.add_argument("--around", action="store_true", help="each default changed alone")
    parser.add_argument(
        "--bare",
        action="store_true",
        help="also the bare engine's best setting (BARE_BEST), in the same run as the defaults",
    )
    parser.add_argument("--only", default="", help="run only rows whose name contains this")
    parser.add_argument("--out", type=Path)
    parser.add_argument(
        "--speed",
        default="",
        help="the speed rows (SPEED) on these sets, comma-separated: dev,stereo,holds",
    )
    args = parser.parse_args(argv)
    if args.speed:
        rows = speed_rows(args.only, tuple(args.speed.split(",")))
        if args.out:
            args.out.write_text(json.dumps(rows, indent=1))
        return 0
    if args.around:
        rows = around_rows(args.only)
        if args.out:
            args.out.write_text(json.dumps(rows, indent=1))
        return 0
    rows: dict[str, dict] = {}
    runs = [("product defaults", "product", {})]
    if args.bare:
        runs.append((BARE_BEST, "bare", BARE[BARE_BEST]))
    if args.sweep2:
        runs = [(name, "product", kw) for name, kw in product_sweep2().items()]
    if args.sweep3:
        runs = [(name, "product", kw) for name, kw in product_sweep3().items()]
    if args.sweep4:
        runs = [(name, "product", kw) for name, kw in product_sweep4().items()]
    if args.sweep:
        runs += [(name, "bare", kw) for name, kw in BARE.items()]
        runs += [(name, "product", kw) for name, kw in product_sweep().items()]
    for name, kind, kw in runs:
        if args.only and args.only not in name:
            continue
        texts, audio_s, wall = (transcribe_bare if kind == "bare" else transcribe_product)(kw)
        row = {**score(texts), "rtf": round(audio_s / wall, 1), "settings": kw}
        rows[name] = row
        print(f"{name:75} WER {row['wer']:6.1%}  {row['rtf']:5.1f}x  {row['per_call']}", flush=True)
    if args.out:
        args.out.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
