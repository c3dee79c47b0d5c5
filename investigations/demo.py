"""Demo cases for `make run`: a handful of cases in different states, created through the
services (so they have real deadlines, events and audit history). Idempotent: a case whose
source reference is already present is not created again. Needs the demo people
(org.demo.demo_people_ensure) first."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from investigations.models import Case
from investigations.services import workflow
from investigations.services.cases import case_classify, case_create
from investigations.services.clocks import deadlines_check_all
from investigations.services.findings import case_findings_update
from org.models import Department

DEMO_CASES_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo" / "cases.json"


def demo_cases() -> list[dict]:
    """The demo cases as data: what each complaint says, where it came from, how many days ago,
    and the steps the team has taken on it so far. The City Manager's water case has the caller
    number and IMS reference of the Tembisa sample call (fixtures/recordings-metadata.csv), so
    "Find the caller's calls" on it finds that call."""
    return json.loads(DEMO_CASES_FILE.read_text(encoding="utf-8"))


def _step(step: str, case: Case, demo: dict, supervisor, investigator, when) -> None:
    if step == "acknowledge":
        workflow.case_acknowledge(case=case, actor=supervisor, now=when)
    elif step == "assign":
        workflow.case_assign(case=case, actor=supervisor, assignee=investigator, now=when)
    elif step == "start":
        workflow.case_start(case=case, actor=investigator, now=when)
    elif step == "hold":
        workflow.case_hold(case=case, actor=investigator, reason=demo["hold_reason"], now=when)
    elif step == "findings":
        case_findings_update(case=case, actor=investigator, **demo["findings"])
        department = Department.objects.filter(slug=demo["department"]).first()
        case_classify(
            case=case, actor=investigator, department=department, category=demo["category"]
        )
    elif step == "submit_findings":
        workflow.case_submit_findings(case=case, actor=investigator, now=when)
    else:
        raise ValueError(f"unknown demo step {step!r}")


@transaction.atomic
def demo_cases_ensure() -> list[Case]:
    User = get_user_model()
    supervisor = User.objects.get(username="supervisor")
    investigator = User.objects.get(username="investigator")
    now = timezone.now()
    created = []
    for demo in demo_cases():
        if Case.objects.filter(source_reference=demo["source_reference"]).exists():
            continue
        case = case_create(
            actor=supervisor,
            source=demo["source"],
            source_reference=demo["source_reference"],
            complainant_name="Demo Resident",
            complainant_phone=demo["complainant_phone"],
            ims_references=demo["ims_references"],
            ward=demo["ward"],
            description=demo["description"],
            received_at=now - dt.timedelta(days=demo["received_days_ago"]),
            via="demo",
        )
        # Each step a few hours after the one before, as the team would have worked it.
        for hours, step in enumerate(demo["steps"], start=1):
            case.refresh_from_db()
            when = min(case.received_at + dt.timedelta(hours=2 * hours), now)
            _step(step, case, demo, supervisor, investigator, when)
        created.append(case)
    deadlines_check_all()
    return created
