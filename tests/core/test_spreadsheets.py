"""core/spreadsheets.py: the one reader, the one row-error type, the preview token."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django import forms
from django.core import signing

from core.spreadsheets import (
    ImportRejected,
    RowError,
    read_spreadsheet,
    sheet_sign,
    sheet_unsign,
    validate_rows,
)


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class PersonForm(forms.Form):
    code = forms.CharField(max_length=6)
    age = forms.IntegerField(min_value=0)


def test_cells_are_text_headers_are_codes_and_blank_lines_keep_the_numbering():
    content = _xlsx(
        [
            ["Employee Number", "Started-On", "Age"],
            [20077.0, dt.datetime(2026, 6, 15, 9, 0), 41],
            [None, None, None],
            ["A1", dt.date(2026, 6, 16), True],
        ]
    )
    sheet = read_spreadsheet("people.xlsx", content)
    assert sheet.headers == ["employee_number", "started_on", "age"]
    assert sheet.rows == [
        (2, {"employee_number": "20077", "started_on": "2026-06-15 09:00", "age": "41"}),
        (4, {"employee_number": "A1", "started_on": "2026-06-16", "age": "yes"}),
    ]
    csv = read_spreadsheet("people.csv", "\ufeffCode,Age\nx,1\n,\n".encode())
    assert csv.rows == [(2, {"code": "x", "age": "1"})]


@pytest.mark.parametrize(
    ("name", "content", "row", "reason"),
    [
        ("a.pdf", b"%PDF", 0, "only .csv and .xlsx"),
        ("a.csv", "code\nÉ".encode("latin-1"), 0, "UTF-8"),
        ("a.xlsx", b"not a zip", 0, "cannot be read as XLSX"),
        ("a.csv", b"", 1, "column names"),
        ("a.csv", b"code,age\n", 2, "no rows"),
        ("a.csv", b"code\nx\n", 1, "missing required column(s): age"),
    ],
)
def test_a_file_that_cannot_be_imported_is_rejected_whole_with_the_reason(
    name, content, row, reason
):
    with pytest.raises(ImportRejected) as excinfo:
        read_spreadsheet(name, content, required=("code", "age"))
    (error,) = excinfo.value.errors
    assert error.row == row and reason in error.reason


def test_every_bad_row_is_reported_with_its_column_and_nothing_is_returned():
    sheet = read_spreadsheet("a.csv", b"code,age\nok,3\ntoolongcode,-1\nOK,4\n")
    with pytest.raises(ImportRejected) as excinfo:
        validate_rows(sheet, PersonForm, unique=("code",))
    errors = {e.row: e.reasons for e in excinfo.value.errors}
    assert sorted(errors) == [2, 3, 4]
    assert errors[2] == ("code: ok appears more than once in the file (also on row 4).",)
    assert any(r.startswith("code: Ensure this value has at most 6") for r in errors[3])
    assert any(r.startswith("age: ") for r in errors[3])
    assert str(RowError(3, ("a", "b"))) == "Row 3: a; b"
    good = read_spreadsheet("a.csv", b"code,age\nok,3\n")
    assert validate_rows(good, PersonForm) == [(2, {"code": "ok", "age": 3})]


def test_the_preview_token_carries_exactly_the_rows_and_refuses_an_altered_one():
    sheet = read_spreadsheet("a.csv", b"code,age\nok,3\n")
    token = sheet_sign(sheet, salt="test", kind="people")
    again, extra = sheet_unsign(token, salt="test")
    assert (again, extra) == (sheet, {"kind": "people"})
    with pytest.raises(signing.BadSignature):
        sheet_unsign(token[:-2] + "xx", salt="test")
    with pytest.raises(signing.BadSignature):
        sheet_unsign(token, salt="another user")
