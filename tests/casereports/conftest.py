"""The investigations factories (cases made through the services, at chosen times)."""

from tests.investigations.conftest import assigned_case, at, make_case  # noqa: F401
