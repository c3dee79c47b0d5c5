"""Build the labelled transcripts (standards.md section 2 JSON) from calls_*.txt.

    python tests/data/transcripts/build.py            # the development set
    python tests/data/transcripts/build.py holdout    # the held-out set (no noised twins)

Source format, one block per call:

    === call_id
    scorecard: inbound | outbound_collection
    mono: yes          (optional: every speaker becomes "unknown", as on a mono recording)
    noisy: yes        (optional: the text was written noisy by hand)
    labels: key=yes|no|na ...   (every criterion of the scorecard)
    A: agent text
    C: caller text
    +35 A: text       (35 seconds of silence before this segment)

Timing is synthetic: about 2.5 words a second, with short pauses. Every third clean call also
gets a machine-noised twin (lowercase, no punctuation, fillers), named ``<id>_asr``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
FILLERS = ("um", "uh", "you know", "eh")


def parse(text: str) -> list[dict]:
    calls = []
    current = None
    for line in text.splitlines():
        line = line.rstrip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("=== "):
            current = {"id": line[4:].strip(), "lines": [], "meta": {}}
            calls.append(current)
            continue
        meta = re.match(r"^(scorecard|mono|noisy|labels):\s*(.*)$", line)
        if meta:
            current["meta"][meta.group(1)] = meta.group(2)
            continue
        turn = re.match(r"^(?:\+(\d+(?:\.\d+)?)\s+)?([AC]):\s*(.*)$", line)
        if not turn:
            raise ValueError(f"{current['id']}: cannot read line {line!r}")
        current["lines"].append((float(turn.group(1) or 0), turn.group(2), turn.group(3)))
    return calls


def noisify(text: str, seed: int) -> str:
    words = re.sub(r"[^\w\s']", " ", text.lower()).split()
    out = []
    for i, word in enumerate(words):
        after_article = bool(out) and out[-1] in ("the", "a", "an", "of", "to", "r")
        if (i + seed) % 9 == 4 and not after_article:
            out.append(FILLERS[(i + seed) % len(FILLERS)])
        out.append(word)
    return " ".join(out)


def build(call: dict, noised: bool = False) -> dict:
    meta = call["meta"]
    mono = meta.get("mono") == "yes"
    labels = dict(pair.split("=") for pair in meta["labels"].split())
    t = 0.0
    segments = []
    for i, (gap, who, text) in enumerate(call["lines"]):
        t += gap if gap else 0.3 + (i % 3) * 0.25
        if noised:
            text = noisify(text, i)
        duration = max(1.2, len(text.split()) / 2.5)
        speaker = "unknown" if mono else {"A": "agent", "C": "caller"}[who]
        segments.append(
            {"speaker": speaker, "start": round(t, 2), "end": round(t + duration, 2), "text": text}
        )
        t += duration
    return {
        "call_id": call["id"] + ("_asr" if noised else ""),
        "language": "en",
        "duration_s": round(t + 1.0, 2),
        "scorecard": meta["scorecard"],
        "clean": not noised and meta.get("noisy") != "yes",
        "mono": mono,
        "labels": labels,
        "segments": segments,
    }


def main() -> None:
    import sys

    folder = HERE / sys.argv[1] if len(sys.argv) > 1 else HERE
    twins = folder == HERE
    for old in folder.glob("*.json"):
        old.unlink()
    count = 0
    clean_seen = 0
    for source in sorted(folder.glob("calls_*.txt")):
        for call in parse(source.read_text()):
            variants = [build(call)]
            if twins and variants[0]["clean"]:
                clean_seen += 1
                if clean_seen % 3 == 0:
                    variants.append(build(call, noised=True))
            for data in variants:
                path = folder / f"{data['call_id']}.json"
                path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
                count += 1
    print(f"{count} transcripts written to {folder}")


if __name__ == "__main__":
    main()
