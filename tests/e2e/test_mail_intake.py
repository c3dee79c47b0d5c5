"""A real browser through e-mail intake: upload an .eml, check and confirm the draft, land on
the new case with the attachment in its evidence locker; then upload the councillor's reply and
see it join the same case instead of opening another. An Outlook .msg goes the same way, and a
damaged one is refused with the reason."""

from pathlib import Path

import pytest

from correspondence.models import MailMessage
from investigations.models import Case, ServiceLevelPolicy
from tests.e2e.conftest import login
from tests.e2e.test_shell_accessibility import NO_HORIZONTAL_SCROLL_JS, _assert_accessible

pytestmark = [pytest.mark.e2e]

MAIL = Path(__file__).resolve().parent.parent / "data" / "mail"


def test_upload_confirm_and_a_reply_joining_the_case(page, live_server, investigator_user):
    login(page, live_server, investigator_user.username)
    page.get_by_role("link", name="E-mail intake").click()
    _assert_accessible(page)
    page.get_by_label("E-mail message (.eml or .msg)").set_input_files(
        str(MAIL / "councillor_with_attachment.eml")
    )
    page.get_by_role("button", name="Take in").click()
    page.wait_for_load_state("networkidle")
    # The draft: the office recognised, the source guessed, the body as text.
    assert page.get_by_role("heading", name="Draft case from an e-mail").is_visible()
    assert "Ward councillors" in page.inner_text("main")
    assert "ward12-photo-log.pdf" in page.inner_text("main")
    assert page.get_by_label("Source", exact=True).input_value() == "councillor"
    assert Case.objects.count() == 0  # nothing opened before the officer confirms
    _assert_accessible(page)
    page.get_by_label("Complainant name").fill("Lindiwe Dube")
    page.get_by_label("Complainant phone").fill("072 555 0142")
    page.get_by_label("Ward", exact=True).fill("12")
    page.get_by_role("button", name="Confirm and open the case").click()
    page.wait_for_load_state("networkidle")
    case = Case.objects.get()
    assert page.url.endswith(f"/investigations/cases/{case.pk}/")
    assert case.reference in page.inner_text("h1")
    assert "ward12-photo-log.pdf" in page.content()
    assert case.evidence.filter(original_name="ward12-photo-log.pdf").exists()
    # The reply joins the same case.
    page.get_by_role("link", name="E-mail intake").click()
    page.get_by_label("E-mail message (.eml or .msg)").set_input_files(
        str(MAIL / "councillor_reply.eml")
    )
    page.get_by_role("button", name="Take in").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/investigations/cases/{case.pk}/")
    assert f"The e-mail joined {case.reference}" in page.inner_text("main")
    assert "the pressure is very low" in page.content()
    assert Case.objects.count() == 1
    assert MailMessage.objects.filter(case=case, state="joined").count() == 1


def test_the_draft_page_fits_a_phone(phone_page, live_server, investigator_user):
    page = phone_page
    login(page, live_server, investigator_user.username)
    page.goto(f"{live_server.url}/investigations/mail/")
    page.get_by_label("E-mail message (.eml or .msg)").set_input_files(
        str(MAIL / "speaker_html_only.eml")
    )
    page.get_by_role("button", name="Take in").click()
    page.wait_for_load_state("networkidle")
    assert "three weeks & muggings" in page.inner_text("pre")
    assert page.evaluate(NO_HORIZONTAL_SCROLL_JS)


def test_an_outlook_msg_upload_becomes_a_case(page, live_server, investigator_user):
    ServiceLevelPolicy.objects.create(  # the message is from 2018
        source="email", acknowledge_days=2, response_days=14, effective_from="2018-01-01"
    )
    login(page, live_server, investigator_user.username)
    page.goto(f"{live_server.url}/investigations/mail/")
    cut = MAIL / "msgreader_jpeg_attachment.msg"
    page.get_by_label("E-mail message (.eml or .msg)").set_input_files(
        files=[
            {
                "name": "cut.msg",
                "mimeType": "application/vnd.ms-outlook",
                "buffer": cut.read_bytes()[:20000],
            }
        ]
    )
    page.get_by_role("button", name="Take in").click()
    page.wait_for_load_state("networkidle")
    assert "damaged or cut short" in page.inner_text("main")
    assert MailMessage.objects.count() == 0
    page.get_by_label("E-mail message (.eml or .msg)").set_input_files(str(cut))
    page.get_by_role("button", name="Take in").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Draft case from an e-mail").is_visible()
    main = page.inner_text("main")
    assert "christoph@freiraum.xyz" in main and "5AAoPFgV-nJ965R7o" in main
    page.get_by_label("Complainant name").fill("Christoph")
    page.get_by_label("Description").fill("Photo of the leak, see attached.")
    page.get_by_role("button", name="Confirm and open the case").click()
    page.wait_for_load_state("networkidle")
    case = Case.objects.get()
    assert page.url.endswith(f"/investigations/cases/{case.pk}/")
    assert "e-mail asdf.msg" in page.content()
    assert case.evidence.filter(document__content_type="image/jpeg").exists()
