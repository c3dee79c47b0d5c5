"""Moved to ``core.working_time`` (plain calendar arithmetic); this name is kept for code written
before the move and is the very same module."""

import sys

from core import working_time

sys.modules[__name__] = working_time
