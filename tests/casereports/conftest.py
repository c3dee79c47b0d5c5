"""The investigations factories, and a small hand-checked set of cases for the Reports for the
Offices: holidays, a hold, breaches, a withdrawal and cases either side of a month end."""

from __future__ import annotations

import pytest

from investigations.models import Case
from tests.investigations.conftest import assigned_case, at, make_case  # noqa: F401

# The report is read on this day: every case below is as described on it.
NOW = at("2026-12-07 08:00")


def _work_to_response(case, *, supervisor, investigator, steps, respond, close=None):
    """Acknowledge, assign and start at the times in ``steps``, optionally hold/resume, then
    findings, approval, the response at ``respond`` and the close at ``close``."""
    from investigations.services import workflow

    workflow.case_acknowledge(case=case, actor=supervisor, now=at(steps["ack"]))
    workflow.case_assign(case=case, actor=supervisor, assignee=investigator, now=at(steps["ack"]))
    workflow.case_start(case=case, actor=investigator, now=at(steps["ack"]))
    if "hold" in steps:
        workflow.case_hold(
            case=case, actor=investigator, reason="Waiting for Eskom", now=at(steps["hold"])
        )
        workflow.case_resume(case=case, actor=investigator, now=at(steps["resume"]))
    Case.objects.filter(pk=case.pk).update(
        outcome="substantiated",
        root_cause="department_delay",
        findings="The depot did not attend.",
        response_text="Dear Sir/Madam, the depot has now attended.",
    )
    workflow.case_submit_findings(case=case, actor=investigator, now=at(respond))
    workflow.case_approve(case=case, actor=supervisor, now=at(respond))
    workflow.case_respond(case=case, actor=investigator, now=at(respond))
    if close:
        workflow.case_close(case=case, actor=investigator, now=at(close))
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def office_world(make_case, supervisor_user, investigator_user):  # noqa: F811
    """Seven cases, their figures worked out by hand (standards.md §5; 4 Nov 2026, the local
    government election, is a public holiday):

    A city manager, Mon 2 Nov 10:00, ward 7, dept 1: response due Thu 12 Nov (7 working days,
      4 Nov skipped); responded Tue 10 Nov = 5 working days; closed on time.
    B councillor, Fri 6 Nov 17:00 (after 16:00: counts from Mon 9 Nov), ward 12, dept 2: on hold
      Wed 11 Nov 15:00 to Tue 17 Nov 10:00 (12, 13 and 16 Nov wholly on hold); due Mon 23 Nov + 3
      = Thu 26 Nov; responded Wed 25 Nov = 12 working days - 3 on hold = 9; closed on time.
    C city manager, Tue 10 Nov 09:00, ward 7, dept 1: acknowledged Thu 12 Nov (due Wed 11: a
      breach), responded Fri 20 Nov (due Thu 19: a breach) = 8 working days; closed late.
    D councillor, Fri 27 Nov 15:00, no ward: responded Thu 3 Dec = 4 working days (not closed).
    E presidential hotline, Mon 30 Nov 16:30 (a November case that counts from Tue 1 Dec),
      ward 12: never acknowledged, due Wed 2 Dec: breached, open.
    F councillor, Tue 1 Dec 10:00, ward 3: responded Fri 4 Dec = 3 working days (not closed).
    G city manager, Tue 3 Nov 09:00, ward 7: withdrawn the same morning.
    """
    from investigations.services import workflow
    from org.models import Department

    dept1, dept2 = Department.objects.order_by("name")[:2]
    people = {"supervisor": supervisor_user, "investigator": investigator_user}
    cases = {}
    cases["A"] = _work_to_response(
        make_case(source="city_manager", received_at=at("2026-11-02 10:00"), department=dept1),
        **people,
        steps={"ack": "2026-11-02 11:00"},
        respond="2026-11-10 12:00",
        close="2026-11-10 13:00",
    )
    cases["B"] = _work_to_response(
        make_case(
            source="councillor", received_at=at("2026-11-06 17:00"), ward=12, department=dept2
        ),
        **people,
        steps={"ack": "2026-11-09 09:00", "hold": "2026-11-11 15:00", "resume": "2026-11-17 10:00"},
        respond="2026-11-25 10:00",
        close="2026-11-25 11:00",
    )
    cases["C"] = _work_to_response(
        make_case(source="city_manager", received_at=at("2026-11-10 09:00"), department=dept1),
        **people,
        steps={"ack": "2026-11-12 10:00"},
        respond="2026-11-20 10:00",
        close="2026-11-20 11:00",
    )
    cases["D"] = _work_to_response(
        make_case(source="councillor", received_at=at("2026-11-27 15:00"), ward=None),
        **people,
        steps={"ack": "2026-11-27 15:30"},
        respond="2026-12-03 10:00",
    )
    cases["E"] = make_case(
        source="presidential_hotline", received_at=at("2026-11-30 16:30"), ward=12
    )
    cases["F"] = _work_to_response(
        make_case(source="councillor", received_at=at("2026-12-01 10:00"), ward=3),
        **people,
        steps={"ack": "2026-12-01 11:00"},
        respond="2026-12-04 10:00",
    )
    cases["G"] = make_case(source="city_manager", received_at=at("2026-11-03 09:00"))
    workflow.case_withdraw(
        case=cases["G"], actor=supervisor_user, reason="Sent in error", now=at("2026-11-03 10:00")
    )
    cases["dept1"], cases["dept2"] = dept1, dept2
    return cases
