"""The real-speech English dev set (tests/data/speech/dev) is what its manifest says it is.

Decoding defaults are chosen on this set (bench/devset.py), so a call whose audio, reference or
manifest drift apart would mis-score every setting. Issue 12 asks for at least 1,500 words of real
speech; the Debian asterisk-core-sounds-en* packages are the acceptance set and never belong here.
"""

import json
import struct
from pathlib import Path

from scoring.whisper_english_normaliser import EnglishTextNormalizer

DEV = Path(__file__).resolve().parent.parent / "data" / "speech" / "dev"
MANIFEST = json.loads((DEV / "manifest.json").read_text())


def test_the_dev_set_holds_at_least_1500_reference_words():
    norm = EnglishTextNormalizer()
    words = sum(
        len(norm(clip["text"]).split())
        for call in MANIFEST["calls"].values()
        for clip in call["clips"]
    )
    assert words >= 1500, words


def test_each_reference_is_its_clips_texts_in_order():
    assert sorted(MANIFEST["calls"]) == sorted(p.stem for p in DEV.glob("dev-*.wav"))
    for name, call in MANIFEST["calls"].items():
        joined = " ".join(clip["text"] for clip in call["clips"])
        assert (DEV / f"{name}.txt").read_text().strip() == joined, name


def test_each_call_is_8_khz_mono_mu_law_as_long_as_the_manifest_says():
    for name, call in MANIFEST["calls"].items():
        data = (DEV / f"{name}.wav").read_bytes()
        fmt = data.index(b"fmt ")
        tag, channels, rate = struct.unpack("<HHI", data[fmt + 8 : fmt + 16])
        assert (tag, channels, rate) == (7, 1, 8000), name  # WAVE_FORMAT_MULAW
        size = struct.unpack("<I", data[data.index(b"data") + 4 :][:4])[0]
        assert abs(size / 8000 - call["duration_s"]) < 0.05, name
        clips = call["clips"]
        assert all(a["end_s"] <= b["start_s"] for a, b in zip(clips, clips[1:], strict=False))


def test_no_clip_comes_from_the_acceptance_set():
    for call in MANIFEST["calls"].values():
        for clip in call["clips"]:
            assert "asterisk" not in clip["package"].lower(), clip["source_file"]
            assert clip["licence"].strip(), clip["source_file"]
