"""Correspondence tests reuse the investigation factories (cases made through the services)."""

from pathlib import Path

import pytest

from tests.correspondence.imap_server import imap_server  # noqa: F401
from tests.investigations.conftest import assigned_case, at, make_case  # noqa: F401

MAIL = Path(__file__).resolve().parent.parent / "data" / "mail"


@pytest.fixture
def eml():
    """The bytes of a test message under tests/data/mail/."""
    return lambda name: (MAIL / name).read_bytes()
