"""Bulk import of agents and teams from real CSV and XLSX files: all or nothing."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from audit.models import AuditEvent
from audit.verify import chain_verify
from core.spreadsheets import ImportRejected, read_spreadsheet
from org.models import Agent, Team
from org.services import people_import

pytestmark = pytest.mark.django_db

AGENT_HEADER = [
    "employee_number",
    "username",
    "first_name",
    "last_name",
    "email",
    "section",
    "team",
]
GOOD_AGENTS = [
    ["EK20001", "n.dube", "Nandi", "Dube", "n.dube@ekurhuleni.gov.za", "inbound", "Inbound A"],
    ["EK20002", "m.sithole", "Musa", "Sithole", "m.sithole@ekurhuleni.gov.za", "Siyakhokha", ""],
    [
        "EK20003",
        "p.naidoo",
        "Priya",
        "Naidoo",
        "p.naidoo@ekurhuleni.gov.za",
        "outbound_collection",
        "Collections A",
    ],
]


def csv_bytes(header, rows) -> bytes:
    lines = [",".join(header)] + [",".join(str(c) for c in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def xlsx_bytes(header, rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def agent_snapshot():
    return sorted(
        Agent.objects.values_list(
            "employee_number", "user__username", "section__slug", "team__name"
        )
    )


def run(kind, filename, content, actor, dry_run=False):
    return people_import(
        kind=kind, sheet=read_spreadsheet(filename, content), actor=actor, dry_run=dry_run
    )


def problems_of(outcome) -> dict[int, str]:
    return {problem.row: problem.reason for problem in outcome.problems}


@pytest.mark.parametrize("maker,filename", [(csv_bytes, "agents.csv"), (xlsx_bytes, "agents.xlsx")])
def test_good_agent_file_creates_agents_with_logins_roles_and_audit(admin_user, maker, filename):
    before = AuditEvent.objects.count()
    outcome = run("agents", filename, maker(AGENT_HEADER, GOOD_AGENTS), admin_user)
    assert outcome.ok and outcome.applied, outcome.problems
    assert outcome.count("create") == 3
    nandi = Agent.objects.with_people().get(employee_number="EK20001")
    assert (nandi.user.username, nandi.full_name, nandi.user.email) == (
        "n.dube",
        "Nandi Dube",
        "n.dube@ekurhuleni.gov.za",
    )
    assert nandi.section.slug == "inbound" and nandi.team.name == "Inbound A"
    assert not nandi.user.has_usable_password()
    assert nandi.user.groups.filter(name="agent").exists()
    assert Agent.objects.get(employee_number="EK20002").section.slug == "siyakhokha"
    actions = list(
        AuditEvent.objects.filter(sequence__gt=before)
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions.count("agent.create") == 3
    assert actions[-1] == "agents.import"
    summary = AuditEvent.objects.order_by("-sequence").first()
    assert summary.actor_id == admin_user.pk
    assert summary.changes == {"file": filename, "created": 3, "updated": 0, "unchanged": 0}
    assert chain_verify().intact


def test_xlsx_numbers_are_read_as_codes(admin_user):
    rows = [[20077, "z.khoza", "Zodwa", "Khoza", "z.khoza@ekurhuleni.gov.za", "inbound", None]]
    outcome = run("agents", "agents.xlsx", xlsx_bytes(AGENT_HEADER, rows), admin_user)
    assert outcome.ok, outcome.problems
    assert Agent.objects.filter(employee_number="20077", team=None).exists()


def test_reimport_updates_changed_rows_and_reports_unchanged(admin_user):
    run("agents", "a.csv", csv_bytes(AGENT_HEADER, GOOD_AGENTS), admin_user)
    changed = [list(r) for r in GOOD_AGENTS]
    changed[0][6] = "Inbound B"
    outcome = run("agents", "a.csv", csv_bytes(AGENT_HEADER, changed), admin_user, dry_run=True)
    assert [(r.row, r.action) for r in outcome.rows] == [
        (2, "update"),
        (3, "unchanged"),
        (4, "unchanged"),
    ]
    assert outcome.rows[0].changes == {"team": ("Inbound A", "Inbound B")}
    assert Agent.objects.get(employee_number="EK20001").team.name == "Inbound A"  # dry run
    outcome = run("agents", "a.csv", csv_bytes(AGENT_HEADER, changed), admin_user)
    assert outcome.applied
    assert Agent.objects.get(employee_number="EK20001").team.name == "Inbound B"
    event = AuditEvent.objects.filter(action="agent.update").latest("sequence")
    assert event.changes == {"team": {"old": "Inbound A", "new": "Inbound B"}}


def test_dry_run_writes_nothing_not_even_audit_events(admin_user):
    users, events = get_user_model().objects.count(), AuditEvent.objects.count()
    outcome = run("agents", "a.csv", csv_bytes(AGENT_HEADER, GOOD_AGENTS), admin_user, dry_run=True)
    assert outcome.ok and not outcome.applied
    assert [r.action for r in outcome.rows] == ["create"] * 3
    assert not Agent.objects.filter(employee_number__startswith="EK2").exists()
    assert get_user_model().objects.count() == users
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("maker,filename", [(csv_bytes, "bad.csv"), (xlsx_bytes, "bad.xlsx")])
def test_file_with_bad_rows_is_rejected_whole_with_row_numbers_and_reasons(
    admin_user, maker, filename
):
    rows = [
        GOOD_AGENTS[0],  # row 2: fine, but must not be written
        ["EK20002", "m.sithole", "Musa", "Sithole", "m.sithole@ekurhuleni.gov.za", "parks", ""],
        [
            "EK20003",
            "p.naidoo",
            "Priya",
            "Naidoo",
            "p.naidoo@ekurhuleni.gov.za",
            "inbound",
            "Night Shift",
        ],
        ["EK20004", "k.mokoena", "Kagiso", "Mokoena", "not-an-email", "inbound", ""],
        ["EK20001", "x.other", "Xolani", "Other", "x.other@ekurhuleni.gov.za", "inbound", ""],
        [
            "EK20006",
            "t.baloyi",
            "Tumi",
            "Baloyi",
            "t.baloyi@ekurhuleni.gov.za",
            "inbound",
            "Collections A",
        ],
    ]
    snapshot, users, events = (
        agent_snapshot(),
        get_user_model().objects.count(),
        (AuditEvent.objects.count()),
    )
    outcome = run("agents", filename, maker(AGENT_HEADER, rows), admin_user)
    assert not outcome.ok and not outcome.applied
    problems = problems_of(outcome)
    assert sorted(problems) == [2, 3, 4, 5, 6, 7]
    assert "EK20001" in problems[2] and "row 6" in problems[2]
    assert "unknown section 'parks'" in problems[3]
    assert "unknown team 'Night Shift'" in problems[4]
    assert "'not-an-email' is not a valid e-mail address" in problems[5]
    assert "row 2" in problems[6]
    assert "belongs to Outbound Revenue Collection, not Inbound" in problems[7]
    assert agent_snapshot() == snapshot
    assert get_user_model().objects.count() == users
    assert AuditEvent.objects.count() == events


def test_missing_required_column_rejects_the_file_once(admin_user):
    header = ["employee_number", "username", "first_name", "last_name", "section"]
    rows = [r[:4] + [r[5]] for r in GOOD_AGENTS]
    outcome = run("agents", "a.csv", csv_bytes(header, rows), admin_user)
    assert len(outcome.problems) == 1
    assert outcome.problems[0].row == 1  # the header row
    assert "missing required column(s): email" in outcome.problems[0].reason
    assert not Agent.objects.filter(employee_number__startswith="EK2").exists()


def test_headers_are_matched_without_regard_to_case_or_spaces(admin_user):
    header = ["Employee Number", "Username", "First name", "Last Name", "E-mail", "Section", "Team"]
    header[4] = "Email"
    outcome = run("agents", "a.csv", csv_bytes(header, GOOD_AGENTS[:1]), admin_user)
    assert outcome.applied, outcome.problems


def test_username_of_another_agent_is_a_bad_row(admin_user, agent_user):
    row = ["EK29999", agent_user.username, "Thabo", "Nkosi", "t@ekurhuleni.gov.za", "inbound", ""]
    outcome = run("agents", "a.csv", csv_bytes(AGENT_HEADER, [row]), admin_user)
    assert problems_of(outcome) == {2: "username: 'a.agent' already belongs to agent T0001."}


def test_unreadable_files_get_a_clear_error():
    with pytest.raises(ImportRejected, match="only .csv and .xlsx"):
        read_spreadsheet("agents.pdf", b"%PDF-1.4")
    with pytest.raises(ImportRejected, match="cannot be read as XLSX"):
        read_spreadsheet("agents.xlsx", b"this is not a zip file")
    with pytest.raises(ImportRejected, match="UTF-8"):
        read_spreadsheet("agents.csv", "employee_number\nÉ".encode("latin-1"))


TEAM_HEADER = ["name", "section", "leader"]


def test_team_import_creates_and_updates_teams_and_gives_leaders_the_role(
    admin_user, qa_officer_user
):
    rows = [
        ["Siyakhokha Night", "siyakhokha", qa_officer_user.username],
        ["Inbound A", "inbound", ""],
    ]
    outcome = run("teams", "teams.xlsx", xlsx_bytes(TEAM_HEADER, rows), admin_user)
    assert outcome.applied, outcome.problems
    assert [(r.key, r.action) for r in outcome.rows] == [
        ("Siyakhokha Night", "create"),
        ("Inbound A", "unchanged"),
    ]
    team = Team.objects.get(name="Siyakhokha Night")
    assert team.section.slug == "siyakhokha" and team.leader == qa_officer_user
    assert qa_officer_user.groups.filter(name="team_leader").exists()
    assert AuditEvent.objects.for_object(team).first().action == "team.create"


def test_bad_team_rows_are_rejected_whole(admin_user):
    rows = [
        ["Siyakhokha Night", "siyakhokha", ""],
        ["Parks Team", "parks", ""],
        ["Night", "inbound", "nobody"],
        ["siyakhokha night", "siyakhokha", ""],
    ]
    outcome = run("teams", "teams.csv", csv_bytes(TEAM_HEADER, rows), admin_user)
    problems = problems_of(outcome)
    assert sorted(problems) == [2, 3, 4, 5]
    assert "unknown section 'parks'" in problems[3]
    assert "no login with username 'nobody'" in problems[4]
    assert "also on row 2" in problems[5]
    assert not Team.objects.filter(name__in=["Siyakhokha Night", "Night"]).exists()


# ---- the administrator's screen ----


def test_import_screen_previews_then_imports_on_confirm(client, admin_user):
    client.force_login(admin_user)
    url = reverse("org:people_import")
    upload = SimpleUploadedFile("agents.csv", csv_bytes(AGENT_HEADER, GOOD_AGENTS), "text/csv")
    response = client.post(url, {"kind": "agents", "file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview of agents.csv" in html and "Nandi Dube (n.dube)" in html
    assert not Agent.objects.filter(employee_number="EK20001").exists()
    payload = re.search(r'name="payload" value="([^"]+)"', html).group(1)
    response = client.post(url, {"payload": payload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("org:agent_list")
    assert "3 created" in response.content.decode()
    assert Agent.objects.filter(employee_number__in=["EK20001", "EK20002", "EK20003"]).count() == 3
    summary = AuditEvent.objects.filter(action="agents.import").latest("sequence")
    assert summary.request_id and summary.ip_address == "127.0.0.1"


def test_import_screen_lists_bad_rows_and_offers_no_confirm(client, admin_user):
    client.force_login(admin_user)
    rows = [GOOD_AGENTS[0], ["EK20009", "b.ad", "B", "Ad", "b@x", "mars", ""]]
    upload = SimpleUploadedFile("bad.csv", csv_bytes(AGENT_HEADER, rows), "text/csv")
    response = client.post(reverse("org:people_import"), {"kind": "agents", "file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "bad.csv was not imported" in html and "Nothing was written" in html
    assert "<td>3</td>" in html and "unknown section" in html and "not a valid e-mail" in html
    assert 'name="payload"' not in html
    assert not Agent.objects.filter(employee_number="EK20001").exists()


def test_a_tampered_preview_is_refused(client, admin_user):
    client.force_login(admin_user)
    response = client.post(reverse("org:people_import"), {"payload": "forged"}, follow=True)
    assert "upload the file again" in response.content.decode()
    assert not Agent.objects.filter(employee_number__startswith="EK2").exists()


@pytest.mark.parametrize("fixture", ["qa_manager_user", "team_leader_user", "agent_user"])
def test_only_administrators_may_import(client, request, fixture):
    client.force_login(request.getfixturevalue(fixture))
    assert client.get(reverse("org:people_import")).status_code == 403
    assert client.get(reverse("org:people_export", args=["agents"])).status_code == 403


def test_export_gives_the_import_format_and_is_audited(client, admin_user, agent_user):
    client.force_login(admin_user)
    response = client.get(reverse("org:people_export", args=["agents"]))
    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "employee_number,username,first_name,last_name,email,section,team,active"
    assert "T0001,a.agent,Thabo,Nkosi,a.agent@ekurhuleni.invalid,inbound,Inbound A,yes" in lines
    assert AuditEvent.objects.latest("sequence").action == "agents.export"
    # What was exported imports back unchanged.
    outcome = run("agents", "x.csv", response.content, admin_user, dry_run=True)
    assert outcome.ok and {r.action for r in outcome.rows} == {"unchanged"}


# ---- the Django admin ----


def test_django_admin_offers_export_but_imports_only_through_the_import_screen(
    client, admin_user
):
    client.force_login(admin_user)
    page = client.get(reverse("admin:org_agent_changelist")).content.decode()
    assert reverse("admin:org_agent_export") in page
    with pytest.raises(NoReverseMatch):
        reverse("admin:org_agent_import")


def test_django_admin_export_is_audited(client, admin_user, agent_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:org_agent_export"),
        {"format": "0", "resource": "0", "agentresource_employee_number": "on"},
    )
    assert response.status_code == 200, response.content[:500]
    assert b"T0001" in response.content
    event = AuditEvent.objects.latest("sequence")
    assert (event.action, event.actor_id) == ("agents.export", admin_user.pk)


def test_blank_lines_are_skipped_and_row_numbers_still_match_the_file(admin_user):
    content = csv_bytes(AGENT_HEADER, [GOOD_AGENTS[0], [""] * 7, GOOD_AGENTS[1]])
    content += b",,,,,,\n"  # what spreadsheets leave at the end
    outcome = run("agents", "a.csv", content, admin_user, dry_run=True)
    assert outcome.ok, outcome.problems
    assert [(r.row, r.key) for r in outcome.rows] == [(2, "EK20001"), (4, "EK20002")]
    bad = [GOOD_AGENTS[0], [""] * 7, ["EK20002", "m.s", "M", "S", "bad", "inbound", ""]]
    outcome = run("agents", "a.xlsx", xlsx_bytes(AGENT_HEADER, bad), admin_user)
    assert [problem.row for problem in outcome.problems] == [4]


def test_the_same_username_twice_in_a_file_is_a_bad_row(admin_user):
    rows = [
        GOOD_AGENTS[0],
        ["EK20005", "n.dube", "N", "Dube", "n2@ekurhuleni.gov.za", "inbound", ""],
    ]
    outcome = run("agents", "a.csv", csv_bytes(AGENT_HEADER, rows), admin_user)
    assert [problem.row for problem in outcome.problems] == [2, 3]
    assert (
        "username: n.dube appears more than once in the file (also on row 2)"
        in problems_of(outcome)[3]
    )
