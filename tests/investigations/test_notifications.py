"""Who is told, in the in-app inbox (and by e-mail), when a case is assigned, returned, awaiting
approval or approved, and of the deadline monitor's 50 % / 75 % warnings and breaches: the right
people, and nobody else."""

import pytest
from django.core import mail

from inbox.models import Notification
from investigations.models import Case, DeadlineAlert
from investigations.services import CaseError, workflow
from investigations.services.clocks import deadlines_check_all
from tests.conftest import _person
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db


def told(kind):
    """Usernames told about ``kind``."""
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def _submit(case, investigator):
    case = Case.objects.get(pk=case.pk)
    case.findings, case.outcome, case.root_cause = "Not attended.", "substantiated", "agent_conduct"
    case.response_text = "Dear Sir/Madam"
    case.save()
    return workflow.case_submit_findings(case=case, actor=investigator)


@pytest.fixture
def people(supervisor_user, investigator_user, investigator2_user, qa_manager_user):
    """A second supervisor, and a supervisor who left (an inactive account)."""
    retired = _person("i.retired", "Old", "Hand", ["investigations_supervisor"])
    retired.is_active = False
    retired.save()
    return {
        "supervisor2": _person("i.supervisor2", "Lerato", "Dlamini", ["investigations_supervisor"]),
        "retired": retired,
    }


def test_each_step_tells_the_right_people_and_nobody_else(
    make_case,
    people,
    supervisor_user,
    investigator_user,
    django_capture_on_commit_callbacks,
):
    case = make_case()
    workflow.case_acknowledge(case=case, actor=supervisor_user, now=at("2026-11-02 11:00"))

    with django_capture_on_commit_callbacks(execute=True):
        case = workflow.case_assign(case=case, actor=supervisor_user, assignee=investigator_user)
    assert told("case.assigned") == {"i.investigator"}
    note = Notification.objects.get(kind="case.assigned")
    assert note.words == f"Johan Botha assigned case {case.reference} (Councillor) to you."
    assert note.link == f"/investigations/cases/{case.pk}/"
    # E-mailed too (the inbox does it after the commit), text and HTML.
    assert [m.to for m in mail.outbox] == [[investigator_user.email]]
    assert mail.outbox[0].alternatives[0][1] == "text/html"

    case = workflow.case_start(case=case, actor=investigator_user)
    case = _submit(case, investigator_user)
    # Every active supervisor who may approve: not the investigator, not the inactive one.
    assert told("case.awaiting_approval") == {"i.supervisor", "i.supervisor2"}

    case = workflow.case_return(case=case, actor=people["supervisor2"], reason="Add the date.")
    assert told("case.returned") == {"i.investigator"}
    assert Notification.objects.get(kind="case.returned").details == "Reason: Add the date."

    case = _submit(case, investigator_user)
    workflow.case_approve(case=case, actor=supervisor_user, comment="Good work.")
    assert told("case.approved") == {"i.investigator"}
    # The QA manager, the other investigator and the inactive supervisor heard nothing.
    everyone = set(Notification.objects.values_list("recipient__username", flat=True))
    assert everyone == {"i.investigator", "i.supervisor", "i.supervisor2"}


def test_a_supervisor_who_investigated_is_not_asked_to_approve(make_case, supervisor_user, people):
    both = _person("i.both", "Thandi", "Nkosi", ["investigator", "investigations_supervisor"])
    case = make_case()
    workflow.case_acknowledge(case=case, actor=supervisor_user)
    case = workflow.case_assign(case=case, actor=supervisor_user, assignee=both)
    case = workflow.case_start(case=case, actor=both)
    _submit(case, both)
    assert told("case.awaiting_approval") == {"i.supervisor", "i.supervisor2"}


def test_a_refused_step_tells_nobody(assigned_case, investigator_user):
    with pytest.raises(CaseError, match="cannot approve"):
        workflow.case_approve(case=assigned_case, actor=investigator_user)
    assert not Notification.objects.filter(kind="case.approved").exists()


def test_nobody_is_told_of_their_own_step(make_case):
    both = _person("i.both", "Thandi", "Nkosi", ["investigator", "investigations_supervisor"])
    case = make_case()
    workflow.case_acknowledge(case=case, actor=both)
    workflow.case_assign(case=case, actor=both, assignee=both)
    assert not Notification.objects.exists()


def test_unassigned_case_warnings_go_to_every_supervisor(
    make_case, people, supervisor_user, investigator_user
):
    # Councillor case received Mon 2 Nov 2026 10:00: acknowledge by Thu 5 Nov (4th: election).
    case = make_case()
    deadlines_check_all(now=at("2026-11-04 12:00"))  # 50 % of the working time
    assert told("case.deadline_warning") == {"i.supervisor", "i.supervisor2"}
    assert "used 50% of the working time to its acknowledgement" in (
        Notification.objects.filter(kind="case.deadline_warning").first().words
    )
    deadlines_check_all(now=at("2026-11-05 12:00"))  # 75 %
    assert Notification.objects.filter(kind="case.deadline_warning").count() == 4
    deadlines_check_all(now=at("2026-11-06 09:00"))  # breached
    assert told("case.breach") == {"i.supervisor", "i.supervisor2"}
    assert not Notification.objects.filter(recipient=investigator_user).exists()
    breach = DeadlineAlert.objects.get(case=case, level=100)
    assert sorted(breach.notified) == ["Johan Botha", "Lerato Dlamini"]


def test_assigned_case_warnings_go_to_the_assignee_and_their_supervisor_only(
    assigned_case, people, investigator2_user
):
    # Final response due Tue 17 Nov 2026.
    deadlines_check_all(now=at("2026-11-18 09:00"))
    assert told("case.deadline_warning") == {"i.investigator", "i.supervisor"}
    assert told("case.breach") == {"i.investigator", "i.supervisor"}
    assert Notification.objects.filter(kind="case.deadline_warning").count() == 4  # 50, 75 each
    words = Notification.objects.filter(kind="case.breach").first().words
    assert words == (
        f"Case {assigned_case.reference} (Councillor) BREACHED its final response deadline "
        "(Tue 17 Nov 2026, 23:59)."
    )
