"""`make run` on a fresh database: what a new user finds once it has set everything up.

The recipe's own `manage.py` steps (read from `make -n run`, so a reordering of the Makefile is
tested, not a copy of it) run in fresh processes on an empty data directory; the server start is
left out. Slow: it transcribes the four sample recordings with the real Whisper model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

REPORT = """
import json
from calls.models import Call
from autoscoring.models import AutoAnswer
from qa.models import SampleItem
from investigations.models import Case
calls = []
for call in Call.objects.order_by("pk"):
    transcript = getattr(call, "transcript", None)
    segments = transcript.redacted_segments if transcript else []
    answers = AutoAnswer.objects.filter(auto_score__call=call)
    calls.append({
        "name": call.recording.original_name,
        "state": call.state,
        "needs_listening": call.needs_listening,
        "flags": [f["code"] for f in call.flags],
        "speakers": sorted({s["speaker"] for s in segments}),
        "metrics": hasattr(call, "metrics"),
        "suggestions": answers.count(),
        "with_evidence": answers.exclude(evidence=[]).count(),
    })
queue = list(
    SampleItem.objects.filter(assigned_to__username="qaofficer").values_list("call_id", flat=True)
)
print(json.dumps({"calls": calls, "queue": queue, "cases": Case.objects.count()}))
"""


def recipe_steps() -> list[str]:
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "run", f"PY={sys.executable}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in dry.stdout.splitlines() if "manage.py" in line]


@pytest.mark.slow
def test_make_run_leaves_transcribed_scored_calls_a_filled_qa_queue_and_demo_cases(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_DEBUG": "true",
        "SIYALALELA_DATA_DIR": str(tmp_path),
    }
    steps = recipe_steps()
    assert any("ingest_calls" in step for step in steps)
    for step in steps:
        done = subprocess.run(
            ["bash", "-c", step], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, f"{step}\n{done.stdout}\n{done.stderr}"
    shell = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", REPORT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shell.returncode == 0, shell.stderr
    report = json.loads(shell.stdout.strip().splitlines()[-1])

    calls = {c["name"]: c for c in report["calls"]}
    assert len(calls) == 4
    assert all(c["state"] == "transcribed" and c["metrics"] for c in calls.values())
    assert calls["inbound-water-tembisa.wav"]["speakers"] == ["agent", "caller"]
    assert calls["inbound-pothole-boksburg-poor-line.mp3"]["needs_listening"]
    assert calls["inbound-pothole-boksburg-poor-line.mp3"]["flags"]
    for call in calls.values():
        if not call["needs_listening"]:
            assert call["suggestions"] > 0 and call["with_evidence"] > 0, call
    # The QA officer's queue holds sampled calls, and the scored ones carry suggestions.
    assert report["queue"]
    assert report["cases"] >= 5
