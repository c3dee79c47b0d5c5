"""One complaint listed twice in a case import opens no case: the whole file is refused with
the row numbers of both copies."""

from __future__ import annotations

import pytest

from caseimport.rules import duplicate_source_references
from caseimport.sheets import ImportRejected, cases_import
from core.spreadsheets import read_spreadsheet
from investigations.models import Case

pytestmark = pytest.mark.django_db

HEADER = "source,source_reference,received_at,complainant_name,description"


def test_duplicate_references_are_refused_with_both_row_numbers(supervisor_user):
    data = (
        f"{HEADER}\n"
        "councillor,CLR-7,2026-11-02 10:00,Nomvula,No water\n"
        "councillor,CLR-8,2026-11-02 11:00,Sipho,Potholes\n"
        "councillor, clr-7 ,2026-11-03 09:00,Nomvula,No water still\n"
    ).encode()
    before = Case.objects.count()
    with pytest.raises(ImportRejected) as raised:
        cases_import(actor=supervisor_user, sheet=read_spreadsheet("cases.csv", data))
    assert [(e.row, e.reasons) for e in raised.value.errors] == [
        (2, ("source_reference: the same complaint is also on row 4",)),
        (4, ("source_reference: the same complaint is also on row 2",)),
    ]
    assert Case.objects.count() == before


def test_the_same_reference_from_two_sources_or_blank_references_are_fine():
    rows = [
        (2, {"source": "councillor", "source_reference": "R1"}),
        (3, {"source": "speaker", "source_reference": "R1"}),
        (4, {"source": "councillor", "source_reference": ""}),
        (5, {"source": "councillor", "source_reference": ""}),
    ]
    assert duplicate_source_references(rows) == []
