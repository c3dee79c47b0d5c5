"""The strict environment readers of config/env.py refuse what they cannot use."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_float


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "twenty", ""])
def test_env_float_refuses_a_value_below_its_minimum_or_not_a_finite_number(monkeypatch, value):
    monkeypatch.setenv("SIYALALELA_SQLITE_TIMEOUT", value)
    with pytest.raises(ImproperlyConfigured, match="SIYALALELA_SQLITE_TIMEOUT="):
        env_float("SIYALALELA_SQLITE_TIMEOUT", 20.0, minimum=0.1)


@pytest.mark.parametrize(("value", "read"), [(None, 20.0), ("1", 1.0), ("0.5", 0.5)])
def test_env_float_reads_a_number_or_gives_the_default(monkeypatch, value, read):
    if value is None:
        monkeypatch.delenv("SIYALALELA_SQLITE_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("SIYALALELA_SQLITE_TIMEOUT", value)
    assert env_float("SIYALALELA_SQLITE_TIMEOUT", 20.0, minimum=0.1) == read
