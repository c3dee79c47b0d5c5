"""Who is told, by e-mail, when a case is assigned, returned, awaiting approval or approved (the
breach e-mails are tested with the deadline monitor in test_clocks)."""

import pytest
from django.core import mail

from investigations.models import Case
from investigations.services import CaseError, workflow
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db


def _submit(case, investigator):
    case = Case.objects.get(pk=case.pk)
    case.findings, case.outcome, case.root_cause = "Not attended.", "substantiated", "agent_conduct"
    case.response_text = "Dear Sir/Madam"
    case.save()
    return workflow.case_submit_findings(case=case, actor=investigator)


def test_each_step_tells_the_right_people(
    make_case,
    supervisor_user,
    investigator_user,
    investigator2_user,
    django_capture_on_commit_callbacks,
):
    from tests.conftest import _person

    second_supervisor = _person("i.supervisor2", "Lerato", "Dlamini", ["investigations_supervisor"])
    case = make_case()
    workflow.case_acknowledge(case=case, actor=supervisor_user, now=at("2026-11-02 11:00"))

    with django_capture_on_commit_callbacks(execute=True):
        case = workflow.case_assign(case=case, actor=supervisor_user, assignee=investigator_user)
    assert [m.to for m in mail.outbox] == [[investigator_user.email]]
    assert mail.outbox[0].subject == f"Assigned to you: {case.reference}"
    assert "Johan Botha assigned this case to you." in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"

    case = workflow.case_start(case=case, actor=investigator_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = _submit(case, investigator_user)
    # Every supervisor, but not the investigator who submitted.
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == sorted([supervisor_user.email, second_supervisor.email])
    assert mail.outbox[0].subject.startswith("Awaiting your approval")

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = workflow.case_return(case=case, actor=second_supervisor, reason="Add the date.")
    assert [m.to for m in mail.outbox] == [[investigator_user.email]]
    assert "Reason: Add the date." in mail.outbox[0].body

    case = _submit(case, investigator_user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_approve(case=case, actor=supervisor_user)
    assert [m.to for m in mail.outbox] == [[investigator_user.email]]
    assert mail.outbox[0].subject == f"Approved: {case.reference}"
    assert investigator2_user.email not in str([m.to for m in mail.outbox])


def test_a_refused_step_tells_nobody(
    assigned_case, investigator_user, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(CaseError, match="cannot approve"),
    ):
        workflow.case_approve(case=assigned_case, actor=investigator_user)
    assert mail.outbox == []


def test_nobody_is_told_of_their_own_step(make_case, django_capture_on_commit_callbacks):
    from tests.conftest import _person

    both = _person("i.both", "Thandi", "Nkosi", ["investigator", "investigations_supervisor"])
    case = make_case()
    workflow.case_acknowledge(case=case, actor=both)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_assign(case=case, actor=both, assignee=both)
    assert mail.outbox == []
