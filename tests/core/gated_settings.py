"""Settings of a worker process that stops at the test gate (tests/core/gate.py)."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.core.gate.GateConfig"]
