"""A test-only task that waits at the test gate (tests/core/gate.py) and then returns."""

from __future__ import annotations

from django.tasks import task

from tests.core.gate import wait_at_gate


@task()
def gated(name: str) -> str:
    wait_at_gate(name)
    return "opened"
