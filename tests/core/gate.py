"""A file gate for the multi-process worker tests: a worker process stops at a chosen point and
waits until the test opens the gate (a file appears), so a test can kill it, or lock the database,
at exactly that point without any sleep or timing.

Test-only: ``tests.core.gated_settings`` installs :class:`GateConfig` in the one worker process
that should stop; nothing of it is in the product. The gate wraps the real function and then
runs it unchanged."""

from __future__ import annotations

import functools
import os
import time
from pathlib import Path

from django.apps import AppConfig


def wait_at_gate(name: str, note: str = "") -> None:
    """Say "entered" (with ``note``) in ``$SIYALALELA_TEST_GATE_DIR`` and wait for "open"."""
    folder = Path(os.environ["SIYALALELA_TEST_GATE_DIR"])
    (folder / f"{name}.entered").write_text(note or str(os.getpid()))
    while not (folder / f"{name}.open").exists():
        time.sleep(0.05)


class GateConfig(AppConfig):
    name = "tests.core"
    label = "tests_core_gate"

    def ready(self) -> None:
        from autoscoring.services import suggestions

        real = suggestions.autoscore_transcript

        @functools.wraps(real)
        def gated(transcript, version):
            # Inside call_autoscore's transaction, after its reads, before its writes.
            wait_at_gate("autoscore", note=str(transcript.call_id))
            return real(transcript, version)

        suggestions.autoscore_transcript = gated
