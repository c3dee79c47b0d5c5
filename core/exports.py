"""Spreadsheet exports that are safe to open: no cell is read as a formula.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken
as a formula by Excel and LibreOffice (``=HYPERLINK(...)`` in an agent name or an answer
comment would come out live). Such cells get a leading apostrophe, the usual escape (OWASP
"CSV injection"), in CSV and XLSX alike. Numbers, dates and booleans are left as they are, so
a negative score stays a number.

django-import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` only strips a leading
``=`` (not ``+ - @``, tab or CR), only on the admin's export path, and turns every cell into
text; every export here goes through :class:`SafeExportMixin` or :func:`escape_dataset`
instead.
"""

from __future__ import annotations

import tablib

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """``value`` as it may be written to a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def escape_dataset(dataset: tablib.Dataset) -> tablib.Dataset:
    """A copy of ``dataset`` with every cell passed through :func:`safe_cell` (the headers too).
    Cost: one pass over the cells."""
    safe = tablib.Dataset(title=dataset.title)
    if dataset.headers:
        safe.headers = [safe_cell(h) for h in dataset.headers]
    for row in dataset:
        safe.append([safe_cell(cell) for cell in row])
    return safe


class SafeExportMixin:
    """For import-export resources: ``export()`` returns a dataset with formulas escaped, for
    the screens' downloads and the admin's export alike."""

    def export(self, *args, **kwargs):
        return escape_dataset(super().export(*args, **kwargs))
