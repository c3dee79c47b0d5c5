"""Spreadsheet import (all or nothing, original received times kept) and export."""

import pytest
import tablib

from caseimport.sheets import cases_import, cases_rows_check
from core.spreadsheets import ImportRejected, read_spreadsheet
from investigations.models import Case
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db


def _import(actor, name: str, data: bytes):
    return cases_import(actor=actor, sheet=read_spreadsheet(name, data))


HEADER = (
    "source,source_reference,received_at,complainant_name,complainant_phone,ward,"
    "department,category,ims_references,description\n"
)


def test_a_good_csv_creates_every_case_with_its_original_received_time(supervisor_user):
    data = (
        HEADER
        + "councillor,CLR-1,2026-09-18 10:00,Nomvula Sithole,0821234567,7,Water and Sanitation,"
        "water_outage,IMS-1,No water\n"
        + "City Manager's Office,CM-9,2026-11-03 16:30,Peter Mokoena,,12,energy,,,"
        "Lights out\n"
    ).encode()
    created = _import(supervisor_user, "cases.csv", data)
    assert len(created) == 2
    first = Case.objects.get(source_reference="CLR-1")
    assert first.received_at == at("2026-09-18 10:00")
    # Fri 18 Sep 2026, councillor: Heritage Day (Thu 24) skipped.
    assert first.acknowledge_due == at("2026-09-22 23:59:59")
    assert first.response_due == at("2026-10-05 23:59:59")
    assert first.department.slug == "water-and-sanitation"
    assert list(first.ims_references.values_list("reference", flat=True)) == ["IMS-1"]
    second = Case.objects.get(source_reference="CM-9")
    assert second.source == "city_manager" and second.department.slug == "energy"


def test_a_bad_row_rejects_the_whole_file_with_row_numbers_and_reasons(supervisor_user):
    data = (
        HEADER
        + "councillor,CLR-1,2026-09-18 10:00,Nomvula Sithole,,7,,,,No water\n"
        + "mayor's friend,X,2026-12-11 10:00,A B,,7,,,,Text\n"
        + "councillor,CLR-3,not a date,,,900,Nowhere,,,Text\n"
    ).encode()
    with pytest.raises(ImportRejected) as excinfo:
        _import(supervisor_user, "cases.csv", data)
    errors = {e.row: e.reason for e in excinfo.value.errors}
    assert set(errors) == {3, 4}
    assert """source: "mayor's friend" is not a known source""" in errors[3]
    assert "received_at" in errors[4]
    assert "complainant_name" in errors[4]
    assert "ward" in errors[4]
    assert "department: 'Nowhere' is unknown" in errors[4]
    assert Case.objects.count() == 0


def test_the_preview_checks_every_row_and_writes_nothing(supervisor_user):
    data = (HEADER + "councillor,CLR-1,2026-09-18 10:00,Nomvula Sithole,,7,,,,No water\n").encode()
    rows = cases_rows_check(read_spreadsheet("cases.csv", data))
    assert [(number, row["source"], row["ward"]) for number, row in rows] == [(2, "councillor", 7)]
    assert Case.objects.count() == 0


def test_missing_columns_are_named(supervisor_user):
    with pytest.raises(ImportRejected, match="missing required column"):
        _import(supervisor_user, "c.csv", b"source,description\nx,y\n")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("cases.csv", "source,description\nx,Tembisa é\n".encode("latin-1"), "UTF-8"),
        ("cases.xlsx", b"PK not really a workbook", "cannot be read as XLSX"),
        ("cases.pdf", b"%PDF-1.4", "only .csv and .xlsx"),
    ],
)
def test_a_file_that_cannot_be_read_is_rejected_with_the_reason(
    supervisor_user, name, data, reason
):
    with pytest.raises(ImportRejected, match=reason):
        _import(supervisor_user, name, data)
    assert Case.objects.count() == 0


def test_xlsx_import(supervisor_user):
    import datetime as dt

    book = tablib.Dataset(
        headers=["source", "received_at", "complainant_name", "description", "ward"]
    )
    book.append(
        [
            "provincial_hotline",
            dt.datetime(2026, 6, 15, 9, 0),
            "Sipho Dube",
            "Refuse not collected",
            3,
        ]
    )
    data = book.export("xlsx")
    created = _import(supervisor_user, "cases.xlsx", data)
    case = created[0]
    assert case.received_at == at("2026-06-15 09:00")
    assert case.response_due == at("2026-07-06 23:59:59")  # Youth Day row of the clock table
