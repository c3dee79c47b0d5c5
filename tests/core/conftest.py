"""Case fixtures shared with the investigation tests."""

from tests.investigations.conftest import make_case  # noqa: F401
