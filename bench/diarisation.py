"""Speaker separation on mono calls: diarisation error rate, agent pick and time per call.

    python bench/diarisation.py [--per-pair N] [--turns N]

Builds two-party conversations from real speech (scoring.diarisation_eval: four real speakers,
every ordered pair, N seeds each; the agent's voiceprint is enrolled from utterances of theirs
that are not in the conversation), makes each a mono 8 kHz mu-law call, separates it with
scoring.diarisation and scores it against the truth (each party's own track): DER with a
0.25-s collar, overlap scored. Each mix is decided twice: with the agent's voiceprint and
without it (the opening decides). Also the two stereo sample calls of fixtures/recordings
(synthetic espeak voices) mixed down to mono, the truth being each channel's speech.

Prints the figures and the machine's load average; figures move with the load.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _enrol(mix) -> np.ndarray | None:
    from scoring.audio import decode_audio
    from scoring.diarisation import speech_spans, voiceprint
    from scoring.diarisation_eval import _telephone_wav

    joined = np.concatenate(
        [np.concatenate([u.samples, np.zeros(8000, np.float32)]) for u in mix.agent_enrolment]
    )
    channel = decode_audio(_telephone_wav(joined)).mono()
    found = voiceprint(channel, speech_spans(channel))
    return found[0] if found else None


def _stereo_fixture_mixes():
    """(name, mono samples, truth) for the stereo sample calls (agent left)."""
    from scoring.audio import decode_audio
    from scoring.diarisation import speech_spans
    from scoring.transcription import energy_gate

    out = []
    for path in sorted((ROOT / "fixtures" / "recordings").glob("*.wav")):
        audio = decode_audio(path)
        if not audio.is_stereo:
            continue
        gated = energy_gate(audio.channels, gate_db=12.0)
        truth = [
            (who, s, e)
            for who, ch in zip(("agent", "caller"), gated, strict=True)
            for s, e in speech_spans(ch)
        ]
        out.append((path.name, audio.mono(), sorted(truth, key=lambda x: x[1]), audio))
    return out


def run(per_pair: int, turns: int) -> dict:
    from scoring.audio import decode_audio
    from scoring.diarisation import diarise, voiceprint
    from scoring.diarisation_eval import diarisation_error, standard_mixes
    from scoring.speaker_model import get_encoder

    get_encoder()
    t0 = time.perf_counter()
    mixes = standard_mixes(per_pair=per_pair, turns=turns)
    print(f"{len(mixes)} mixes built in {time.perf_counter() - t0:.1f} s")
    rows = []
    for mix in mixes:
        samples = decode_audio(mix.mono_wav).mono()
        vp = _enrol(mix)
        t1 = time.perf_counter()
        with_vp = diarise(samples, agent_voiceprint=vp)
        seconds = time.perf_counter() - t1
        opening = diarise(samples, agent_voiceprint=None)
        r_vp = diarisation_error(mix.truth, with_vp.named_turns(), mix.duration_s)
        r_op = diarisation_error(mix.truth, opening.named_turns(), mix.duration_s)
        rows.append((mix, with_vp, r_vp, r_op, seconds))
        print(
            f"{mix.name:24s} {mix.duration_s:5.1f}s DER {r_vp.der:6.1%} (miss {r_vp.missed:5.1%} "
            f"fa {r_vp.false_alarm:5.1%} conf {r_vp.confusion:5.1%}) "
            f"named {r_vp.der_as_named:6.1%}"
            f"  {with_vp.method:10s} {with_vp.confidence:.2f} agent ok {r_vp.agent_correct!s:5s}"
            f" | opening ok {r_op.agent_correct!s:5s}  sims {with_vp.voiceprint_similarity}"
            f"  {seconds:.1f}s"
        )
    fixtures = []
    for name, mono, truth, audio in _stereo_fixture_mixes():
        agent_spans = [(s, e) for who, s, e in truth if who == "agent"]
        vp = voiceprint(audio.channels[0], agent_spans)
        d = diarise(mono, agent_voiceprint=vp[0] if vp else None)
        r = diarisation_error(truth, d.named_turns(), len(mono) / 16000)
        fixtures.append((name, r, d))
        if d.method == "one-voice":
            print(f"{name:34s} one voice heard: speakers left unknown (no DER)")
            continue
        print(
            f"{name:34s} DER {r.der:6.1%} (miss {r.missed:5.1%} fa {r.false_alarm:5.1%} "
            f"conf {r.confusion:5.1%}) named {r.der_as_named:6.1%} {d.method} "
            f"agent ok {r.agent_correct}"
        )
    total_speech = sum(m.duration_s for m, *_ in rows)
    summary = {
        "mixes": len(rows),
        "der_mean": float(np.mean([r.der for _, _, r, _, _ in rows])),
        "der_pooled": float(
            sum(r.der * m.duration_s for m, _, r, _, _ in rows) / max(total_speech, 1e-9)
        ),
        "der_named_mean": float(np.mean([r.der_as_named for _, _, r, _, _ in rows])),
        "der_max": float(max(r.der for _, _, r, _, _ in rows)),
        "agent_correct_voiceprint": float(np.mean([r.agent_correct for _, _, r, _, _ in rows])),
        "decided_by_voiceprint": float(
            np.mean([d.method == "voiceprint" for _, d, _, _, _ in rows])
        ),
        "agent_correct_opening_only": float(np.mean([o.agent_correct for *_, o, _ in rows])),
        "seconds_per_call_minute": float(sum(s for *_, s in rows) / max(total_speech / 60, 1e-9)),
        "fixtures": {n: r.to_dict() for n, r, _ in fixtures},
    }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-pair", type=int, default=2)
    parser.add_argument("--turns", type=int, default=16)
    parser.add_argument("--step", type=float, help="seconds between windows (default: product)")
    args = parser.parse_args()
    if args.step:
        import scoring.diarisation

        scoring.diarisation.STEP_S = args.step
    summary = run(args.per_pair, args.turns)
    print()
    print(f"mixes: {summary['mixes']} (ordered speaker pairs x {args.per_pair} seeds)")
    print(f"DER (0.25 s collar, overlap scored): mean {summary['der_mean']:.1%}, pooled "
          f"{summary['der_pooled']:.1%}, worst {summary['der_max']:.1%}; with the product's "
          f"agent/caller names {summary['der_named_mean']:.1%}")  # fmt: skip
    print(f"agent picked correctly: {summary['agent_correct_voiceprint']:.1%} "
          f"(voiceprint decided {summary['decided_by_voiceprint']:.0%} of mixes); opening alone "
          f"{summary['agent_correct_opening_only']:.1%}")  # fmt: skip
    print(f"diarisation time: {summary['seconds_per_call_minute']:.2f} s per minute of call")
    import scoring.diarisation

    print(f"window step: {scoring.diarisation.STEP_S} s")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
