"""Demo cases for `make run`: a handful of cases in different states, created through the
services (so they have real deadlines, events and audit history). Idempotent: a case whose
source reference is already present is not created again. Needs the demo people
(org.demo.demo_people_ensure) first."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from investigations.models import Case
from investigations.services import workflow
from investigations.services.cases import case_classify, case_create
from investigations.services.clocks import deadlines_check_all
from investigations.services.findings import case_findings_update
from org.models import Department

DEMO_CASES = [
    # source ref, source, days ago, steps, text
    (
        "DEMO-CM-001",
        "city_manager",
        1,
        [],
        "No water in Tembisa Extension 5 for four days; residents have called the call centre "
        "daily and were given different reference numbers.",
    ),
    (
        "DEMO-CLR-002",
        "councillor",
        3,
        ["acknowledge"],
        "Councillor reports that the call centre agent was rude to an elderly resident reporting "
        "a burst pipe and refused to give a reference number.",
    ),
    (
        "DEMO-SPK-003",
        "speaker",
        6,
        ["acknowledge", "assign", "start"],
        "Resident's electricity account was billed on estimated readings for eight months; "
        "complaints to the call centre were not escalated.",
    ),
    (
        "DEMO-PH-004",
        "presidential_hotline",
        10,
        ["acknowledge", "assign", "start", "hold"],
        "Refuse not collected in Katlehong for three weeks despite repeated calls.",
    ),
    (
        "DEMO-HOD-005",
        "head_of_department",
        8,
        ["acknowledge", "assign", "start", "findings", "submit_findings"],
        "Streetlights on the main road in Daveyton out for two months; fault logged twice.",
    ),
]


# The City Manager's water case is the caller of the Tembisa sample call (fixtures/recordings-
# metadata.csv), so "Find the caller's calls" on it finds that call once the case is assigned.
DEMO_CONTACTS = {"DEMO-CM-001": ("082 555 1234", ["IMS-2026-0451"])}


@transaction.atomic
def demo_cases_ensure() -> list[Case]:
    User = get_user_model()
    supervisor = User.objects.get(username="supervisor")
    investigator = User.objects.get(username="investigator")
    now = timezone.now()
    created = []
    for ref, source, days_ago, steps, text in DEMO_CASES:
        if Case.objects.filter(source_reference=ref).exists():
            continue
        case = case_create(
            actor=supervisor,
            source=source,
            source_reference=ref,
            complainant_name="Demo Resident",
            complainant_phone=DEMO_CONTACTS.get(ref, ("082 555 0" + ref[-3:],))[0],
            ims_references=DEMO_CONTACTS.get(ref, ("", []))[1],
            ward=(int(ref[-1]) * 7) % 112 + 1,
            description=text,
            received_at=now - dt.timedelta(days=days_ago),
            via="demo",
        )
        # Each step a few hours after the one before, as the team would have worked it.
        for hours, step in enumerate(steps, start=1):
            case.refresh_from_db()
            when = min(case.received_at + dt.timedelta(hours=2 * hours), now)
            if step == "acknowledge":
                workflow.case_acknowledge(case=case, actor=supervisor, now=when)
            elif step == "assign":
                workflow.case_assign(case=case, actor=supervisor, assignee=investigator, now=when)
            elif step == "start":
                workflow.case_start(case=case, actor=investigator, now=when)
            elif step == "hold":
                workflow.case_hold(
                    case=case,
                    actor=investigator,
                    reason="Waiting for Waste Management's collection schedule.",
                    now=when,
                )
            elif step == "findings":
                case_findings_update(
                    case=case,
                    actor=investigator,
                    outcome="substantiated",
                    root_cause="department_delay",
                    batho_pele_breached="service_standards",
                    findings="The fault was logged twice and not attended within the standard.",
                    response_text="Dear Sir/Madam\n\nThe complaint was substantiated ...",
                )
                case_classify(
                    case=case,
                    actor=investigator,
                    department=Department.objects.filter(slug="energy").first(),
                    category="streetlights",
                )
            elif step == "submit_findings":
                workflow.case_submit_findings(case=case, actor=investigator, now=when)
        created.append(case)
    deadlines_check_all()
    return created
