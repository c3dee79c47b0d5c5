"""The Reports for the Offices screens: who may see them, the downloads (figures as in the
hand-worked set, formulas escaped, the read audited with its filter and row count), the
monthly PDF pack (one page, the figures and breaches read back from the PDF) and its command."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from pypdf import PdfReader

from audit.models import AuditEvent
from casereports.pack import pack_document
from casereports.selectors.monthly import monthly_pack
from casereports.selectors.offices import OfficeFilter
from org.models import Department
from tests.casereports.conftest import NOW
from tests.core.test_exports import _no_live_formula

pytestmark = pytest.mark.django_db

URLS = [
    reverse("casereports:offices"),
    reverse("casereports:offices_export", args=["csv"]),
    reverse("casereports:offices_export", args=["xlsx"]),
    reverse("casereports:monthly_pack") + "?month=2026-11",
]


def _last(action):
    return AuditEvent.objects.filter(action=action).order_by("-sequence").first()


@pytest.mark.parametrize("role_user", ["supervisor_user", "qa_manager_user"])
def test_supervisors_and_qa_managers_may_read_the_reports(client, request, role_user):
    client.force_login(request.getfixturevalue(role_user))
    for url in URLS:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "role_user",
    ["investigator_user", "admin_user", "qa_officer_user", "team_leader_user", "agent_user"],
)
def test_other_roles_get_403(client, request, role_user):
    client.force_login(request.getfixturevalue(role_user))
    for url in URLS:
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_qa_managers_keep_no_access_to_the_case_list(client, qa_manager_user):
    client.force_login(qa_manager_user)
    assert client.get(reverse("casereports:reports")).status_code == 403
    assert client.get(reverse("casereports:reports_export", args=["csv"])).status_code == 403


def test_the_page_shows_the_figures_chart_and_table(client, office_world, supervisor_user):
    client.force_login(supervisor_user)
    page = client.get(reverse("casereports:offices"), {"group": "ward"}).content.decode()
    assert 'role="img" aria-labelledby="office-trend-title office-trend-desc"' in page
    assert "2026-11: 6 received" in page  # a bar's title
    assert '<th scope="row">Ward 12</th>' in page
    assert "Nomvula" not in page  # no complainant's name
    row = page.split('<th scope="row">2026-11</th>')[1].split("</tr>")[0]
    assert [c.split("<")[0] for c in row.split("<td>")[1:]] == [
        "6", "3", "2 (66.7%)", "2", "1", "6.5",
    ]  # fmt: skip


def test_a_bad_filter_is_refused_with_its_reason(client, supervisor_user):
    client.force_login(supervisor_user)
    response = client.get(reverse("casereports:offices"), {"ward": "999"})
    assert response.status_code == 400 and "less than or equal to 150" in response.content.decode()
    response = client.get(
        reverse("casereports:offices_export", args=["csv"]),
        {"start": "2026-12-01", "end": "2026-11-01"},
    )
    assert response.status_code == 400 and b"ends before it starts" in response.content
    assert _last("case.report_export") is None
    response = client.get(reverse("casereports:monthly_pack"), {"month": "November"})
    assert response.status_code == 400 and b"YYYY-MM" in response.content
    assert client.get(reverse("casereports:offices_export", args=["pdf"])).status_code == 404


def test_the_csv_has_the_figures_and_the_read_is_audited(client, office_world, supervisor_user):
    client.force_login(supervisor_user)
    response = client.get(
        reverse("casereports:offices_export", args=["csv"]),
        {"start": "2026-11-01", "end": "2026-11-30", "group": "source"},
    )
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    total = rows[-1]
    assert (total["month"], total["source"]) == ("whole period", "all")
    assert [total[k] for k in ("received", "closed", "closed on time", "breached", "open now")] == [
        "6", "3", "2", "2", "1",
    ]  # fmt: skip
    assert total["median working days to respond"] == "6.5"
    event = _last("case.report_export")
    assert event.actor_id == supervisor_user.pk
    assert event.changes["filter"] == {
        "start": "2026-11-01",
        "end": "2026-11-30",
        "group": "source",
    }
    assert event.changes["rows"] == len(rows) and event.changes["format"] == "csv"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_department_named_like_a_formula_is_escaped(client, make_case, supervisor_user, fmt):
    department = Department.objects.create(
        name='=HYPERLINK("http://evil.invalid","x")', slug="evil"
    )
    make_case(department=department)
    client.force_login(supervisor_user)
    response = client.get(
        reverse("casereports:offices_export", args=[fmt]), {"group": "department"}
    )
    texts = _no_live_formula(response, fmt)
    assert "'" + department.name in texts
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert sheet.cell(row=2, column=3).value == 1  # a count stays a number


def _pdf_text(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_monthly_pack_is_one_page_with_the_figures_and_breaches(
    client, office_world, supervisor_user
):
    client.force_login(supervisor_user)
    response = client.get(reverse("casereports:monthly_pack"), {"month": "2026-11"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="case-reports-2026-11.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    pages, text = _pdf_text(response.content)
    assert pages == 1
    assert "Escalated complaints: November 2026" in text
    assert "6\nreceived" in text or "6 received" in text
    assert "Deadlines missed in November 2026: 2" in text
    assert text.count(office_world["C"].reference) == 2  # acknowledgement and final response
    assert office_world["E"].reference not in text  # its deadline fell in December
    assert "Nomvula" not in text
    event = _last("case.report_export")
    assert event.changes["format"] == "pdf" and event.changes["breaches"] == 2
    assert event.changes["filter"] == {"start": "2026-11-01", "end": "2026-11-30"}


def test_the_pack_stays_on_one_page_with_many_breaches_and_departments(make_case, supervisor_user):
    from investigations.models import Source
    from tests.casereports.conftest import at

    for n in range(12):
        Department.objects.get_or_create(
            name=f"Infrastructure and Service Delivery Department {n:02}", slug=f"dept-{n:02}"
        )
    departments = list(Department.objects.all())
    sources = Source.values
    for n in range(50):
        make_case(
            source=sources[n % len(sources)],
            received_at=at(f"2026-10-{1 + n % 28:02} 09:00"),
            department=departments[n % len(departments)],
        )
    pack = monthly_pack(supervisor_user, OfficeFilter(), 2026, 10, now=NOW)
    assert len(pack.breaches) > 10 and pack.breaches_more == len(pack.breaches) - 10
    assert len(pack.departments_listed) == 10 and pack.departments_listed[-1][0].endswith(
        "other departments"
    )
    assert len(pack.by_source.groups) == len(sources)
    pages, text = _pdf_text(pack_document(pack).write_pdf())
    assert pages == 1, text[-600:]


def test_the_command_writes_the_pack(office_world, supervisor_user, tmp_path):
    out = tmp_path / "pack.pdf"
    stdout = io.StringIO()
    call_command(
        "case_reports_monthly",
        "--month=2026-11",
        "--source=city_manager",
        f"--as={supervisor_user.username}",
        f"--output={out}",
        stdout=stdout,
    )
    pages, text = _pdf_text(out.read_bytes())
    assert pages == 1 and "City Manager's Office" in text
    assert "November 2026, 3 complaints, 2 missed deadlines" in stdout.getvalue()
    assert _last("case.report_export").changes["filter"]["source"] == "city_manager"


def test_the_command_refuses_bad_input_and_writes_nothing(
    supervisor_user, investigator_user, tmp_path
):
    out = tmp_path / "pack.pdf"
    with pytest.raises(CommandError, match="not an active investigations supervisor"):
        call_command(
            "case_reports_monthly", f"--as={investigator_user.username}", f"--output={out}"
        )
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command(
            "case_reports_monthly",
            "--month=13/2026",
            f"--as={supervisor_user.username}",
            f"--output={out}",
        )
    with pytest.raises(CommandError, match="No department"):
        call_command(
            "case_reports_monthly",
            "--department=nowhere",
            f"--as={supervisor_user.username}",
            f"--output={out}",
        )
    assert not out.exists() and _last("case.report_export") is None


def test_a_breach_before_a_reopening_stays_in_its_month(office_world, supervisor_user):
    """C's final response was late in November; reopened in December, its response deadline
    moves on, but the November pack still lists the breach the monitor recorded."""
    from investigations.services import workflow
    from investigations.services.clocks import deadlines_check_all
    from tests.casereports.conftest import at

    deadlines_check_all(now=at("2026-11-30 09:00"))
    workflow.case_reopen(
        case=office_world["C"],
        actor=supervisor_user,
        reason="More to do",
        now=at("2026-12-04 09:00"),
    )
    pack = monthly_pack(supervisor_user, OfficeFilter(), 2026, 11, now=NOW)
    missed = {(b.reference, b.deadline, b.due) for b in pack.breaches}
    reference = office_world["C"].reference
    assert missed == {
        (reference, "Acknowledgement", at("2026-11-11 23:59:59")),
        (reference, "Final response", at("2026-11-19 23:59:59")),
    }
    december = monthly_pack(supervisor_user, OfficeFilter(), 2026, 12, now=NOW)
    assert [(b.reference, b.deadline) for b in december.breaches] == [
        (office_world["E"].reference, "Acknowledgement")
    ]
