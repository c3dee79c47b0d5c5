"""The one way a spreadsheet comes in: read rows -> validate each with a Django form -> preview
-> confirm.

- :func:`read_spreadsheet` reads an uploaded CSV (UTF-8, with or without BOM) or XLSX file
  (first sheet): header names become codes (``"Employee Number"`` -> ``employee_number``),
  every cell becomes text (``20077.0`` -> ``"20077"``, a date cell -> ``"2026-06-15 09:00"``),
  blank lines are skipped, and each row keeps its number as the spreadsheet shows it (the
  header is row 1).
- :func:`validate_rows` runs every row through a form and collects every bad row; one bad row
  rejects the whole file with :class:`ImportRejected`, before anything is written.
- :func:`sheet_sign` / :func:`sheet_unsign` carry the previewed rows to the confirm step signed
  (not stored), so a confirm imports exactly what was previewed.

:class:`RowError` is the one row-error type of every import: a row number (0 for the file as a
whole) and the reasons, in words.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath

from django import forms
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS

FORMATS = (".csv", ".xlsx")


@dataclass(frozen=True)
class RowError:
    row: int  # as the spreadsheet shows it (the header is row 1); 0 for the file as a whole
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    def __str__(self) -> str:
        return f"Row {self.row}: {self.reason}" if self.row else self.reason


class ImportRejected(Exception):
    """The file is not imported; ``errors`` says why, row by row. Nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: e.row)
        super().__init__("\n".join(str(e) for e in self.errors))


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (row number as shown, {column code: text})


def column_code(value) -> str:
    return cell_text(value).lower().replace(" ", "_").replace("-", "_")


def cell_text(value) -> str:
    """A cell as text: spreadsheets give numbers and dates where people meant codes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float | Decimal) and value == int(value):
        return str(int(value))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):  # a date cell: workbooks store dates as midnight
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M" if not value.second else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def read_rows(name: str, content: bytes) -> list[list]:
    """Every row of the file (the first sheet of a workbook) as raw cell values; a file that
    is not a readable CSV or XLSX is rejected as a whole (row 0)."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in FORMATS:
        raise ImportRejected(
            [RowError(0, (f"{name}: only .csv and .xlsx files can be imported.",))]
        )
    try:
        if suffix == ".csv":
            return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        try:
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()
    except UnicodeDecodeError:
        reason = f"{name}: a CSV file must be saved as UTF-8."
    except Exception as exc:  # csv/openpyxl/zipfile raise many kinds for a damaged file
        reason = f"{name}: cannot be read as {suffix[1:].upper()} ({exc})."
    raise ImportRejected([RowError(0, (reason,))])


def read_spreadsheet(name: str, content: bytes, *, required: Iterable[str] = ()) -> Sheet:
    """The file as a :class:`Sheet`, or :class:`ImportRejected` naming what is wrong with the
    file as a whole (not a spreadsheet, no header, a required column missing, no rows)."""
    raw = read_rows(name, content)
    headers = [column_code(h) for h in raw[0]] if raw else []
    if not any(headers):
        raise ImportRejected([RowError(1, ("the first row must hold the column names.",))])
    rows = []
    for number, values in enumerate(raw[1:], start=2):
        cells = [cell_text(v) for v in values]
        if any(cells):  # spreadsheets often end with blank lines: not rows to import or reject
            rows.append((number, {h: c for h, c in zip(headers, cells, strict=False) if h}))
    if not rows:
        raise ImportRejected([RowError(2, ("the file has no rows.",))])
    sheet = Sheet(name=name, headers=headers, rows=rows)
    sheet_require(sheet, required)
    return sheet


def sheet_require(sheet: Sheet, columns: Iterable[str]) -> None:
    """:class:`ImportRejected` (on the header row) naming every required column missing."""
    missing = [c for c in columns if c not in sheet.headers]
    if missing:
        reason = f"missing required column(s): {', '.join(missing)}."
        raise ImportRejected([RowError(1, (reason,))])


def form_reasons(form: forms.Form) -> tuple[str, ...]:
    """A bound, invalid form's errors as reasons, each led by its column."""
    return tuple(
        message if field == NON_FIELD_ERRORS else f"{field}: {message}"
        for field, messages in form.errors.items()
        for message in messages
    )


def validate_rows(
    sheet: Sheet,
    form_class: type[forms.Form],
    *,
    unique: Iterable[str] = (),
    form_kwargs: dict | None = None,
) -> list[tuple[int, dict]]:
    """``[(row number, cleaned data)]`` for every row, each checked by ``form_class(data=row)``;
    a value of a ``unique`` column may appear once in the file (case-insensitive). Any bad row:
    :class:`ImportRejected` listing every bad row and why. Cost: the form's queries per row."""
    seen: dict[str, dict[str, list[int]]] = {}
    for column in unique:
        rows_of: dict[str, list[int]] = defaultdict(list)
        for number, row in sheet.rows:
            if row.get(column):
                rows_of[row[column].casefold()].append(number)
        seen[column] = rows_of
    errors, cleaned = [], []
    for number, row in sheet.rows:
        reasons: list[str] = []
        for column, rows_of in seen.items():
            value = row.get(column, "")
            others = [str(n) for n in rows_of.get(value.casefold(), []) if n != number]
            if value and others:
                reasons.append(
                    f"{column}: {value} appears more than once in the file "
                    f"(also on row {', '.join(others)})."
                )
        form = form_class(data=row, **(form_kwargs or {}))
        if not form.is_valid():
            reasons.extend(form_reasons(form))
        if reasons:
            errors.append(RowError(number, tuple(reasons)))
        else:
            cleaned.append((number, form.cleaned_data))
    if errors:
        raise ImportRejected(errors)
    return cleaned


def sheet_sign(sheet: Sheet, *, salt: str, **extra) -> str:
    """The previewed rows (and ``extra``, e.g. what kind of rows they are) as a signed,
    compressed token for the confirm form."""
    data = {"name": sheet.name, "headers": sheet.headers, "rows": sheet.rows, "extra": extra}
    return signing.dumps(data, salt=salt, compress=True)


def sheet_unsign(token: str, *, salt: str, max_age: int = 3600) -> tuple[Sheet, dict]:
    """The sheet and ``extra`` a preview signed; ``signing.BadSignature`` when expired or
    altered."""
    data = signing.loads(token, salt=salt, max_age=max_age)
    rows = [(int(number), dict(row)) for number, row in data["rows"]]
    return Sheet(name=data["name"], headers=data["headers"], rows=rows), data["extra"]
