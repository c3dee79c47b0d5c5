"""Where the product loses words against the bare engine on the dev set: an ablation.

    python bench/decoding_gap.py --rows bare     # the bare engine, product habits added one by one
    python bench/decoding_gap.py --rows product  # the product, its differences removed one by one
    python bench/decoding_gap.py --rows fix      # the fix, before and after, beside the bare engine
    python bench/decoding_gap.py --rows all --out /tmp/gap.json

Every row runs on the same decoded dev audio (``decode_audio(path).mono()``, 16 kHz), one CPU
thread (as a `make run` worker), and reports WER (Whisper's English normaliser), errors, the
per-call WER and CPU seconds per audio second of this process. ``--out`` keeps each row's texts,
so the words that differ can be compared (``--diff A B`` prints them).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import devset  # noqa: E402

# Keyword arguments forced on every WhisperModel.transcribe call of a row (product rows): the
# product hard-codes some of them (best_of 1, word timestamps), so the ablation overrides them.
_FORCE: dict = {}


def _patch_engine() -> None:
    from faster_whisper import WhisperModel

    original = WhisperModel.transcribe
    if getattr(original, "_ablation", False):
        return

    def transcribe(self, audio, *args, **kwargs):
        kwargs.update(_FORCE)
        return original(self, audio, *args, **kwargs)

    transcribe._ablation = True
    WhisperModel.transcribe = transcribe


def bare_rows() -> dict[str, dict]:
    """The bare engine's own defaults, then the product's habits added one at a time."""
    base = {"language": "en"}
    return {
        "bare: faster-whisper defaults": {"kwargs": base},
        "bare: + word timestamps": {"kwargs": {**base, "word_timestamps": True}},
        "bare: + best_of 1": {"kwargs": {**base, "best_of": 1}},
        "bare: + word timestamps, text from words, no-speech drop 0.7, loop cutting": {
            "kwargs": {**base, "word_timestamps": True},
            "words": True,
        },
        "bare: + vocabulary prompt": {"kwargs": {**base, "initial_prompt": "PROMPT"}},
    }


def product_rows() -> dict[str, dict]:
    """The product decoding as the bare engine does (sequential, fallback, conditioning, no
    silence skipping, no prompt), then its remaining differences removed one at a time."""
    seq = {
        "batch_size": 0,
        "temperature_fallback": True,
        "condition_on_previous_text": True,
        "skip_silence": False,
        "vocabulary": "",
    }
    return {
        "product: defaults": {"settings": {}},
        "product: bare way (sequential, fallback, conditioning, no skipping, no prompt)": {
            "settings": seq
        },
        "product: bare way, no language gate": {"settings": {**seq, "language_model": ""}},
        "product: bare way, no language gate, keep no-speech": {
            "settings": {**seq, "language_model": "", "no_speech_drop": 1.0}
        },
        "product: bare way, no language gate, keep no-speech, best_of 5": {
            "settings": {**seq, "language_model": "", "no_speech_drop": 1.0},
            "force": {"best_of": 5},
        },
        "product: bare way, no language gate, keep no-speech, best_of 5, no word timestamps": {
            "settings": {**seq, "language_model": "", "no_speech_drop": 1.0},
            "force": {"best_of": 5, "word_timestamps": False},
            "segment_text": True,
        },
    }


def fix_rows() -> dict[str, dict]:
    """The fix found by the ablation, beside the bare engine's best in the same run: words
    Whisper aligns to no audio (zero duration) kept unless unlikely."""
    return {
        "fix: bare faster-whisper defaults": {"kind": "bare", "kwargs": {"language": "en"}},
        "fix: product defaults, every zero-length word dropped (before)": {
            "settings": {},
            "patch": {"UNALIGNED_MIN_PROBABILITY": 1.01},
        },
        "fix: product defaults, zero-length words kept from p 0.5 (after)": {"settings": {}},
        "fix: product defaults without the vocabulary prompt, zero-length words from p 0.5": {
            "settings": {"vocabulary": ""}
        },
        "fix: product defaults, every zero-length word kept": {
            "settings": {},
            "patch": {"UNALIGNED_MIN_PROBABILITY": 0.0},
        },
    }


def run_bare(row: dict) -> dict:
    from faster_whisper import WhisperModel

    from scoring.audio import decode_audio
    from scoring.transcription import (
        DEFAULT_VOCABULARY,
        EngineSettings,
        _drop_loops,
        _Word,
        resolve_model,
    )

    model = WhisperModel(
        resolve_model(EngineSettings()), device="cpu", compute_type="int8", cpu_threads=1
    )
    kwargs = dict(row["kwargs"])
    if kwargs.get("initial_prompt") == "PROMPT":
        kwargs["initial_prompt"] = DEFAULT_VOCABULARY
    texts, segments, audio_s, cpu = [], [], 0.0, 0.0
    for path, _ in devset.dev_calls():
        audio = decode_audio(path)
        c0 = time.process_time()
        segs, _ = model.transcribe(audio.mono(), **kwargs)
        segs = list(segs)
        cpu += time.process_time() - c0
        audio_s += audio.duration_s
        segments.append([(round(s.start, 2), round(s.end, 2), s.text) for s in segs])
        if row.get("words"):
            words = [
                _Word("unknown", w.start, w.end, w.word, s.avg_logprob, s.no_speech_prob)
                for s in segs
                if s.no_speech_prob <= 0.7
                for w in s.words or []
            ]
            texts.append("".join(w.text for w in _drop_loops(words)))
        else:
            texts.append(" ".join(s.text for s in segs))
    return {"texts": texts, "segments": segments, "cpu_per_audio_s": round(cpu / audio_s, 4)}


def run_product(row: dict) -> dict:
    from scoring import transcription
    from scoring.audio import decode_audio

    _patch_engine()
    _FORCE.clear()
    _FORCE.update(row.get("force", {}))
    saved = {k: getattr(transcription, k) for k in row.get("patch", {})}
    for k, v in row.get("patch", {}).items():
        setattr(transcription, k, v)
    engine = transcription.get_transcriber(cpu_threads=1, **row["settings"])
    texts, segments, audio_s, cpu = [], [], 0.0, 0.0
    original_words = None
    if row.get("segment_text"):
        original_words = _segments_as_words()
    try:
        for path, _ in devset.dev_calls():
            audio = decode_audio(path)
            c0 = time.process_time()
            result = engine.transcribe(audio)
            cpu += time.process_time() - c0
            audio_s += audio.duration_s
            english = [s for s in result.segments if s.is_english]
            segments.append([(s.start, s.end, s.text) for s in english])
            texts.append(" ".join(s.text for s in english))
    finally:
        _FORCE.clear()
        for k, v in saved.items():
            setattr(transcription, k, v)
        if original_words is not None:
            original_words()
    return {"texts": texts, "segments": segments, "cpu_per_audio_s": round(cpu / audio_s, 4)}


def _segments_as_words():
    """Make faster-whisper's segments without word timestamps look like one word each (start,
    end, text), so the product's pipeline runs unchanged; returns the undo."""
    from faster_whisper import transcribe as fw

    original = fw.Segment.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if not self.words:
            self.words = [fw.Word(self.start, self.end, self.text, 1.0)]

    fw.Segment.__init__ = init

    def undo():
        fw.Segment.__init__ = original

    return undo


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="all", help="bare, product or all")
    parser.add_argument("--only", default="", help="rows whose name contains this")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--diff", nargs=2, metavar=("ROW_A", "ROW_B"))
    args = parser.parse_args(argv)
    if args.diff:
        rows = json.loads(args.out.read_text())
        a, b = (rows[name] for name in args.diff)
        for (path, _), ta, tb in zip(devset.dev_calls(), a["texts"], b["texts"], strict=True):
            from scoring.wer import normalise

            print(f"== {path.stem}")
            wa, wb = normalise(ta), normalise(tb)
            for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb).get_opcodes():
                if op != "equal":
                    print(f"  {op:8} A: {' '.join(wa[i1:i2])!r:60} B: {' '.join(wb[j1:j2])!r}")
        return 0
    wanted = {}
    if args.rows in ("bare", "all"):
        wanted.update({k: ("bare", v) for k, v in bare_rows().items()})
    if args.rows in ("product", "all"):
        wanted.update({k: ("product", v) for k, v in product_rows().items()})
    if args.rows in ("fix", "all"):
        wanted.update({k: (v.get("kind", "product"), v) for k, v in fix_rows().items()})
    rows = json.loads(args.out.read_text()) if args.out and args.out.exists() else {}
    for name, (kind, row) in wanted.items():
        if args.only and args.only not in name:
            continue
        out = (run_bare if kind == "bare" else run_product)(row)
        out.update(devset.score(out["texts"]))
        rows[name] = out
        print(
            f"{name:90} WER {out['wer']:6.1%} ({out['errors']} errors)  "
            f"{out['cpu_per_audio_s']:.4f} CPU s/audio s  {out['per_call']}",
            flush=True,
        )
        if args.out:
            args.out.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
