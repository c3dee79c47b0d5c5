"""The response letter as a real PDF (WeasyPrint): rendered on the letterhead, and "record sent"
keeps the exact PDF in the evidence locker with its SHA-256, the step pointing at it."""

import datetime as dt
import hashlib

import pytest
from django.urls import reverse

from correspondence.services.letters import case_record_sent, letter_document, letter_pdf
from investigations.models import Case, Evidence, State
from investigations.selectors import case_history
from investigations.services import CaseError, workflow
from investigations.services.findings import corrective_action_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved_case(assigned_case, investigator_user, supervisor_user):
    corrective_action_add(
        case=assigned_case,
        actor=investigator_user,
        description="Coach the depot crew",
        owner="Depot manager",
        due_date=dt.date(2099, 1, 1),
    )
    case = Case.objects.get(pk=assigned_case.pk)
    case.findings, case.outcome, case.root_cause = "Not attended.", "substantiated", "agent_conduct"
    case.response_text = "Dear Sir/Madam\n\nThe outage was logged but not attended."
    case.save()
    case = workflow.case_submit_findings(case=case, actor=investigator_user)
    return workflow.case_approve(case=case, actor=supervisor_user)


def _texts(box):
    if getattr(box, "text", None):
        yield box.text
    for child in getattr(box, "children", ()):
        yield from _texts(child)


def test_the_letter_is_a_pdf_on_the_letterhead(approved_case, supervisor_user):
    pdf = letter_pdf(approved_case)
    assert pdf.startswith(b"%PDF-") and len(pdf) > 3000
    document = letter_document(approved_case)
    assert len(document.pages) == 1
    text = " ".join(_texts(document.pages[0]._page_box))
    for words in (
        "City of Ekurhuleni",  # the letterhead
        approved_case.reference,
        "Councillor",  # the addressee office
        "The outage was logged but not attended.",  # the findings in the response
        "Coach the depot crew",  # corrective actions
        "Johan Botha",  # the sign-off: the approving supervisor
        "Approved for release",
    ):
        assert words in text, words
    assert "Nomvula" not in text  # no complainant's name on the letter


def test_record_sent_keeps_the_exact_pdf_with_its_hash(approved_case, investigator_user):
    case = case_record_sent(case=approved_case, actor=investigator_user, comment="By e-mail.")
    assert case.state == State.RESPONDED
    item = Evidence.objects.get(case=case, kind=Evidence.Kind.DOCUMENT)
    stored = item.document.file.open("rb").read()
    assert stored.startswith(b"%PDF-")
    digest = hashlib.sha256(stored).hexdigest()
    assert item.document.sha256 == digest and item.document.content_type == "application/pdf"
    words = " ".join(line.words for line in case_history(case))
    assert f"the letter sent: {item.original_name} (SHA-256 {digest[:12]}" in words
    assert "Comment: By e-mail." in words


def test_record_sent_before_approval_is_refused_and_stores_nothing(
    assigned_case, investigator_user
):
    with pytest.raises(CaseError, match="Cannot record response sent"):
        case_record_sent(case=assigned_case, actor=investigator_user)
    assert not Evidence.objects.filter(case=assigned_case, kind="document").exists()


def test_the_pdf_page_and_the_action_through_the_site(client, approved_case, investigator_user):
    client.force_login(investigator_user)
    response = client.get(reverse("correspondence:case_letter_pdf", args=[approved_case.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    url = reverse("investigations:case_action", args=[approved_case.pk, "respond"])
    client.post(url, {"confirm": "yes"})
    assert Case.objects.get(pk=approved_case.pk).state == State.RESPONDED
    assert Evidence.objects.filter(case=approved_case, kind="document").count() == 1
