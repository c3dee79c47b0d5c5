"""The transcription speed profiles: "accurate" is the defaults, "fast" (greedy decoding) a
documented setting whose cost in accuracy is measured and recorded, never the default.

The figures are in scoring/data/decoding_defaults.json ("speed_profiles"), measured with
bench/asr_cpu.py on the real-speech dev set; the last test decodes a dev call with the bundled
tiny.en to check that the profile decodes as recorded.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.transcription import SPEED_PROFILES, EngineSettings, get_transcriber, speed_profile

ROOT = Path(__file__).resolve().parent.parent.parent
RECORD = json.loads((ROOT / "scoring" / "data" / "decoding_defaults.json").read_text())
PROFILES = RECORD["speed_profiles"]
DEV = ROOT / "tests" / "data" / "speech" / "dev"


def test_the_accurate_profile_is_the_defaults():
    assert EngineSettings(**speed_profile("accurate")) == EngineSettings()


def test_an_unknown_profile_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown transcription speed profile 'turbo'"):
        speed_profile("turbo")


def test_every_profile_is_recorded_with_its_measured_wer_and_cpu():
    assert sorted(PROFILES["profiles"]) == sorted(SPEED_PROFILES)
    for name, row in PROFILES["profiles"].items():
        assert row["settings"] == SPEED_PROFILES[name], name
        assert 0 < row["wer"] < 1 and row["cpu_per_audio_s"] > 0, name


def test_the_fast_profile_is_cheaper_but_less_accurate_so_it_is_not_the_default():
    fast, accurate = PROFILES["profiles"]["fast"], PROFILES["profiles"]["accurate"]
    assert fast["cpu_per_audio_s"] < accurate["cpu_per_audio_s"]
    assert fast["wer"] > accurate["wer"]
    assert EngineSettings().beam_size != SPEED_PROFILES["fast"]["beam_size"]
    assert (
        accurate["wer"]
        == RECORD["cpu_round"]["rows"]["defaults, glibc trim threshold 64 MB (after)"]["wer"]
    )


def _settings_in_a_worker(**env):
    code = (
        "from calls.engines import engine_settings; s = engine_settings(); "
        "print(s.beam_size, s.batch_size)"
    )
    full = {
        **{k: v for k, v in os.environ.items() if not k.startswith("SIYALALELA_WHISPER_")},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "true",
        **env,
    }
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-c", code],
        env=full,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


def test_a_worker_started_with_the_fast_profile_decodes_greedily():
    fast = _settings_in_a_worker(SIYALALELA_TRANSCRIPTION_PROFILE="fast")
    assert fast.returncode == 0, fast.stderr
    assert fast.stdout.split()[-2:] == ["1", str(EngineSettings().batch_size)]
    default = _settings_in_a_worker()
    assert default.stdout.split()[-2:] == [str(EngineSettings().beam_size), "2"]
    # A setting given on its own still wins over the profile.
    both = _settings_in_a_worker(
        SIYALALELA_TRANSCRIPTION_PROFILE="fast", SIYALALELA_WHISPER_BEAM_SIZE="3"
    )
    assert both.stdout.split()[-2] == "3"


def test_an_unknown_profile_stops_the_worker_with_the_choices():
    done = _settings_in_a_worker(SIYALALELA_TRANSCRIPTION_PROFILE="turbo")
    assert done.returncode != 0
    assert "SIYALALELA_TRANSCRIPTION_PROFILE='turbo' must be one of: accurate, fast" in done.stderr


@pytest.mark.slow
def test_the_fast_profile_decodes_a_real_dev_call_as_recorded():
    from scoring.audio import decode_audio
    from scoring.wer import word_errors

    name = "dev-03-short-mfa"
    reference = (DEV / f"{name}.txt").read_text()
    audio = decode_audio(DEV / f"{name}.wav")
    wer = {}
    for profile in ("accurate", "fast"):
        engine = get_transcriber(
            cpu_threads=1, language_model="", diarise=False, **speed_profile(profile)
        )
        assert engine.settings.beam_size == (1 if profile == "fast" else 5)
        text = " ".join(s.text for s in engine.transcribe(audio).segments if s.is_english)
        wer[profile] = word_errors([reference], [text]).wer
        recorded = PROFILES["profiles"][profile]["per_call"][name]
        assert abs(wer[profile] - recorded) <= 0.02, (profile, wer[profile], recorded)
    assert wer["fast"] > wer["accurate"]
