"""Every QA view: it works for its roles; an outsider gets 404; a role without the screen 403;
bad input gets a clear error and changes nothing. Exports are scoped like the screens."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from qa.models import Evaluation, Sample, SamplingPlan
from qa.services import calibration as cal
from qa.services import evaluations as ev
from qa.services import sampling as sampling_svc
from scorecards.models import Criterion, Scorecard
from tests.qa.factories import at, make_call, make_evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    agent_user,
    agent2_user,
    other_team_agent_user,
    team_leader_user,
    qa_officer_user,
    qa_officer2_user,
    qa_manager_user,
    investigator_user,
):
    calls = [make_call(agent_user, started_at=at(2026, 11, 3, h)) for h in (8, 10, 12)]
    plan = sampling_svc.sampling_plan_save(
        actor=qa_manager_user,
        name="Weekly",
        period="week",
        mode="per_agent",
        calls_per_agent=3,
        risk_pulls=False,
    )
    sample = sampling_svc.sample_draw(
        actor=qa_manager_user, plan=plan, day=calls[0].started_at.date(), officers=[qa_officer_user]
    )
    items = list(sample.items.order_by("pk"))
    submitted = make_evaluation(
        items[0].call, qa_officer_user, sample_item=items[0], overrides={"empathy": "no"}
    )
    draft = ev.evaluation_start(actor=qa_officer_user, call=items[1].call, sample_item=items[1])
    disputed = make_evaluation(make_call(agent_user), qa_officer_user, overrides={"closing": "no"})
    dispute = ev.evaluation_dispute(
        actor=agent_user, evaluation=disputed, reasons={"closing": "I did"}
    )
    other = make_evaluation(make_call(agent2_user), qa_officer2_user)
    session = cal.calibration_open(
        actor=qa_manager_user,
        call=make_call(agent_user),
        title="Cal",
        participants=[qa_officer_user, qa_manager_user],
    )
    from qa.services.coaching import coaching_record

    coaching = coaching_record(
        actor=team_leader_user,
        evaluation=submitted,
        criteria=[Criterion.objects.get(version=submitted.version, key="empathy")],
        notes="Empathy",
        follow_up_on=timezone.localdate() + timedelta(days=7),
    )
    return {
        "submitted": submitted,
        "draft": draft,
        "disputed": disputed,
        "dispute": dispute,
        "other": other,
        "plan": plan,
        "sample": sample,
        "item": items[2],
        "session": session,
        "coaching": coaching,
        "version": Scorecard.objects.get(slug="inbound").current_version(),
    }


USERS = {
    "agent": "agent_user",
    "agent2": "agent2_user",
    "leader": "team_leader_user",
    "officer": "qa_officer_user",
    "officer2": "qa_officer2_user",
    "manager": "qa_manager_user",
    "investigator": "investigator_user",
}

# (url name, args from world, method, {who: expected status}); anyone not listed is irrelevant.
MATRIX = [
    ("qa:plan_list", None, "get", {"manager": 200, "officer": 403, "agent": 403}),
    ("qa:plan_detail", "plan", "get", {"manager": 200, "officer": 403}),
    ("qa:sample_detail", "sample", "get", {"manager": 200, "officer": 403}),
    ("qa:sample_withdraw", "sample", "post", {"officer": 403, "agent": 403}),
    ("qa:queue", None, "get", {"officer": 200, "manager": 200, "agent": 403, "leader": 403}),
    ("qa:evaluation_start", "item", "post", {"officer2": 404, "agent": 403}),
    (
        "qa:evaluation_score",
        "draft",
        "get",
        {"officer": 200, "officer2": 404, "manager": 404, "agent": 403},
    ),
    (
        "qa:evaluation_autosave",
        "draft",
        "post",
        {"officer": 200, "officer2": 404, "manager": 404, "agent": 403},
    ),
    (
        "qa:evaluation_detail",
        "submitted",
        "get",
        {
            "agent": 200,
            "agent2": 404,
            "leader": 200,
            "officer": 200,
            "officer2": 404,
            "manager": 200,
            "investigator": 403,
        },
    ),
    ("qa:evaluation_detail", "draft", "get", {"agent": 404, "leader": 404, "officer2": 404}),
    (
        "qa:evaluation_acknowledge",
        "submitted",
        "post",
        {"agent2": 404, "leader": 403, "officer": 403},
    ),
    ("qa:evaluation_dispute", "submitted", "get", {"agent": 200, "agent2": 404, "officer": 403}),
    ("qa:dispute_list", None, "get", {"manager": 200, "officer": 403, "agent": 403}),
    ("qa:dispute_resolve", "dispute", "get", {"manager": 200, "officer": 403, "agent": 403}),
    ("qa:coaching_create", "submitted", "get", {"leader": 200, "agent": 403, "officer": 403}),
    ("qa:coaching_create", "other", "get", {"leader": 200}),
    ("qa:coaching_acknowledge", "coaching", "post", {"agent2": 404, "leader": 403}),
    (
        "qa:evaluation_list",
        None,
        "get",
        {"agent": 200, "leader": 200, "officer": 200, "investigator": 403},
    ),
    ("qa:my_evaluations", None, "get", {"agent": 200, "officer": 403, "leader": 403}),
    ("qa:team_evaluations", None, "get", {"leader": 200, "agent": 403}),
    (
        "qa:calibration_list",
        None,
        "get",
        {"officer": 200, "officer2": 200, "manager": 200, "agent": 403},
    ),
    (
        "qa:calibration_detail",
        "session",
        "get",
        {"officer": 200, "officer2": 404, "manager": 200, "agent": 403},
    ),
    ("qa:calibration_score", "session", "post", {"officer2": 404, "agent": 403}),
    ("qa:calibration_close", "session", "post", {"officer": 403}),
    (
        "qa:reports",
        None,
        "get",
        {"manager": 200, "leader": 200, "officer": 200, "agent": 403, "investigator": 403},
    ),
]


def _cases():
    for name, arg, method, expected in MATRIX:
        for who, status in expected.items():
            yield pytest.param(name, arg, method, who, status, id=f"{name}-{arg}-{who}-{status}")


@pytest.mark.parametrize("name, arg, method, who, status", list(_cases()))
def test_view_permissions(client, request, world, name, arg, method, who, status):
    user = request.getfixturevalue(USERS[who])
    client.force_login(user)
    url = reverse(name, args=[world[arg].pk] if arg else None)
    response = getattr(client, method)(url)
    assert response.status_code == status


def test_anonymous_users_are_sent_to_login(client, world):
    response = client.get(reverse("qa:evaluation_detail", args=[world["submitted"].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("what", ["evaluations", "answers"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_work_and_are_scoped(
    client, world, agent_user, agent2_user, investigator_user, what, fmt
):
    client.force_login(agent_user)
    response = client.get(reverse("qa:export", args=[what, fmt]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'{what}.{fmt}"')
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        ids = {int(r["id"] if what == "evaluations" else r["evaluation"]) for r in rows}
        assert ids == {world["submitted"].pk, world["disputed"].pk}
    else:
        assert response.content[:2] == b"PK"
    client.force_login(investigator_user)
    assert client.get(reverse("qa:export", args=[what, fmt])).status_code == 403


def test_export_of_another_agents_evaluations_is_empty(client, world, agent2_user):
    client.force_login(agent2_user)
    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(reverse("qa:export", args=["evaluations", "csv"])).content.decode()
            )
        )
    )
    assert [int(r["id"]) for r in rows] == [world["other"].pk]


def test_unknown_export_format_is_404(client, world, qa_manager_user):
    client.force_login(qa_manager_user)
    assert client.get(reverse("qa:export", args=["evaluations", "pdf"])).status_code == 404


def test_officer_scores_and_submits_through_the_form(client, world, qa_officer_user):
    draft = world["draft"]
    client.force_login(qa_officer_user)
    page = client.get(reverse("qa:evaluation_score", args=[draft.pk])).content.decode()
    assert "Score = points of criteria met" in page
    assert 'data-start="4.3"' in page  # transcript lines seek the audio
    # The running score is on the page from the start (computed in the browser as answers
    # change; "—" until there is an answer).
    assert "Score so far:" in page and 'id="running-score-value"' in page
    data = {f"answer-{c.key}": "yes" for c in draft.version.criteria.all()}
    data.update(
        {
            "answer-empathy": "no",
            "evidence-empathy": "2",
            "comment-empathy": "flat",
            "action": "submit",
        }
    )
    response = client.post(reverse("qa:evaluation_score", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.state == "submitted" and str(draft.score) == "90.0"
    assert draft.answers.get(criterion__key="empathy").evidence == [2]


def test_submitting_an_incomplete_form_shows_the_error_and_keeps_the_draft(
    client, world, qa_officer_user
):
    draft = world["draft"]
    client.force_login(qa_officer_user)
    response = client.post(
        reverse("qa:evaluation_score", args=[draft.pk]),
        {"answer-greeting": "yes", "action": "submit"},
        follow=True,
    )
    assert "Answer every criterion" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_agent_disputes_and_manager_resolves_through_the_forms(
    client, world, agent_user, qa_manager_user
):
    submitted = world["submitted"]
    client.force_login(agent_user)
    response = client.post(
        reverse("qa:evaluation_dispute", args=[submitted.pk]),
        {"criteria": ["empathy"], "reason-empathy": ""},
        follow=True,
    )
    assert "Give a reason" in response.content.decode()
    assert not hasattr(Evaluation.objects.get(pk=submitted.pk), "dispute")
    client.post(
        reverse("qa:evaluation_dispute", args=[submitted.pk]),
        {"criteria": ["empathy"], "reason-empathy": "I said sorry"},
    )
    dispute = Evaluation.objects.get(pk=submitted.pk).dispute
    client.force_login(qa_manager_user)
    response = client.post(
        reverse("qa:dispute_resolve", args=[dispute.pk]),
        {"decision-empathy": "changed", "answer-empathy": "yes", "reason-empathy": "Heard at 9s"},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "resolved" and str(submitted.score) == "100.0"
    page = client.get(reverse("qa:evaluation_detail", args=[submitted.pk])).content.decode()
    assert "evaluation.change" in page and "90.0 → 100.0" in page
    assert "Changed" in page


def test_agent_acknowledges_through_the_button(client, world, agent_user):
    client.force_login(agent_user)
    client.post(reverse("qa:evaluation_acknowledge", args=[world["submitted"].pk]))
    assert Evaluation.objects.get(pk=world["submitted"].pk).state == "acknowledged"


def test_agent_home_shows_no_trend_or_interval_on_two_evaluations(client, world, agent_user):
    client.force_login(agent_user)
    page = client.get(reverse("qa:my_evaluations")).content.decode()
    assert "95% CI" not in page and '<svg class="trend"' not in page
    assert "Your trend appears once 10 of your calls have been evaluated (so far 2)" in page
    assert f"Evaluation {world['other'].pk}<" not in page


def test_the_evaluation_filters_offer_only_the_teams_and_sections_the_user_can_see(
    client, world, agent_user, agent2_user, team_leader_user, qa_manager_user
):
    import re

    def options(page, name):
        select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
        return set(re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select))

    client.force_login(agent_user)
    page = client.get(reverse("qa:my_evaluations")).content.decode()
    assert '<select name="team"' not in page  # an agent's home has no manager filters
    client.force_login(team_leader_user)
    page = client.get(reverse("qa:team_evaluations")).content.decode()
    assert options(page, "team") == {"Inbound A", "Collections A"}
    client.force_login(qa_manager_user)
    page = client.get(reverse("qa:reports")).content.decode()
    assert {"Inbound A", "Collections A"} <= options(page, "team")


def test_manager_creates_a_plan_and_draws_a_sample(client, world, agent_user, qa_manager_user):
    for d in range(3):
        make_call(agent_user, started_at=at(2026, 11, 10 + d, 9))
    client.force_login(qa_manager_user)
    response = client.post(
        reverse("qa:plan_list"),
        {
            "name": "Monthly",
            "period": "month",
            "mode": "percentage",
            "calls_per_agent": 4,
            "percentage": "10",
            "minimum_per_agent": 2,
            "short_call_s": 30,
            "long_call_s": 900,
            "low_autoscore": 50,
            "repeat_caller_calls": 3,
            "max_risk_per_agent": 2,
            "active": "on",
        },
    )
    plan = SamplingPlan.objects.get(name="Monthly")
    assert response["Location"] == reverse("qa:plan_detail", args=[plan.pk])
    page = client.get(reverse("qa:plan_detail", args=[plan.pk])).content.decode()
    assert "detection-table" in page and "<td>29</td>" in page
    # The draw form starts on the last complete month, never the one still filling up.
    from qa.services.sampling import last_complete_period

    start, _ = last_complete_period("month", timezone.localdate())
    assert f'value="{start:%Y-%m-%d}"' in page
    url = reverse("qa:plan_detail", args=[plan.pk])
    preview = client.post(url, {"day": "2026-11-11", "seed": "42", "action": "preview"})
    assert "Assign these calls" in preview.content.decode()
    assert not Sample.objects.filter(plan=plan).exists()
    client.post(url, {"day": "2026-11-11", "seed": "42", "action": "assign"})
    sample = Sample.objects.get(plan=plan)
    assert sample.seed == 42 and sample.items.count() == 2
    again = client.post(url, {"day": "2026-11-20", "action": "preview"}).content.decode()
    assert "already has a sample" in again and "withdraw it first" in again
    response = client.post(url, {"day": "2026-11-20", "action": "assign"}, follow=True)
    assert "already has a sample" in response.content.decode()
    assert Sample.objects.filter(plan=plan).count() == 1


def test_reports_page_links_figures_to_their_evaluations(client, world, qa_manager_user):
    client.force_login(qa_manager_user)
    page = client.get(reverse("qa:reports")).content.decode()
    assert "95% CI" in page and "<svg" in page
    agent_id = world["submitted"].agent_id
    assert f"/qa/evaluations/?agent={agent_id}" in page
    listing = client.get(f"/qa/evaluations/?agent={agent_id}").content.decode()
    assert f"Evaluation {world['submitted'].pk}<" in listing
    failed = client.get("/qa/evaluations/?criterion=empathy&outcome=no").content.decode()
    assert f"Evaluation {world['submitted'].pk}<" in failed
    assert f"Evaluation {world['disputed'].pk}<" not in failed


def test_list_view_query_count_is_flat(client, world, agent_user, qa_officer_user, qa_manager_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(qa_manager_user)
    client.get(reverse("qa:evaluation_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("qa:evaluation_list"))
    for _ in range(5):
        make_evaluation(make_call(agent_user), qa_officer_user)
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("qa:evaluation_list"))
    assert len(few) > 3
    assert len(more) == len(few)


def test_calibration_is_blind_until_closed(client, world, qa_officer_user, qa_manager_user):
    session = world["session"]
    client.force_login(qa_officer_user)
    response = client.post(reverse("qa:calibration_score", args=[session.pk]))
    evaluation = Evaluation.objects.get(calibration_session=session, evaluator=qa_officer_user)
    assert response["Location"] == reverse("qa:evaluation_score", args=[evaluation.pk])
    page = client.get(reverse("qa:calibration_detail", args=[session.pk])).content.decode()
    assert "side-by-side" not in page


def test_closed_calibration_shows_answers_side_by_side_and_alpha(
    client, world, qa_officer_user, qa_manager_user
):
    session = world["session"]
    for user, overrides in ((qa_officer_user, {"empathy": "no"}), (qa_manager_user, {})):
        evaluation = ev.evaluation_start(actor=user, call=session.call, calibration_session=session)
        answers = {c.key: {"answer": "yes"} for c in session.version.criteria.all()}
        answers.update({k: {"answer": v, "comment": "Not heard."} for k, v in overrides.items()})
        ev.evaluation_save(actor=user, evaluation=evaluation, answers=answers)
        ev.evaluation_submit(actor=user, evaluation=evaluation)
    client.force_login(qa_manager_user)
    client.post(reverse("qa:calibration_close", args=[session.pk]))
    page = client.get(reverse("qa:calibration_detail", args=[session.pk])).content.decode()
    assert 'id="side-by-side"' in page and "(reference)" in page
    assert "Krippendorff" in page and "Range 10.0 points" in page
    client.force_login(qa_officer_user)
    page = client.get(reverse("qa:calibration_detail", args=[session.pk])).content.decode()
    assert 'id="side-by-side"' in page


def test_manager_edits_a_plan_and_where_a_scorecard_applies(
    client, world, qa_manager_user, qa_officer_user
):
    from org.models import Section

    client.force_login(qa_manager_user)
    plan = world["plan"]
    response = client.post(
        reverse("qa:plan_edit", args=[plan.pk]),
        {
            "name": "Weekly",
            "period": "week",
            "mode": "per_agent",
            "calls_per_agent": 6,
            "percentage": "5",
            "minimum_per_agent": 2,
            "short_call_s": 30,
            "long_call_s": 900,
            "low_autoscore": 50,
            "repeat_caller_calls": 3,
            "max_risk_per_agent": 2,
            "active": "on",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.calls_per_agent == 6
    # The sample drawn before keeps the parameters it was drawn with.
    assert world["sample"].parameters["calls_per_agent"] == 3
    scorecard = world["version"].scorecard
    siyakhokha = Section.objects.get(slug="siyakhokha")
    client.post(
        reverse("scorecards:scorecard_edit", args=[scorecard.pk]),
        {
            "name": "Inbound calls",
            "description": "",
            "direction": "inbound",
            "sections": [Section.objects.get(slug="inbound").pk],
        },
    )
    scorecard.refresh_from_db()
    assert scorecard.name == "Inbound calls" and siyakhokha not in scorecard.sections.all()
    from audit.models import AuditEvent

    change = AuditEvent.objects.get(action="scorecard.change")
    assert change.changes["sections"]["old"] == ["inbound", "siyakhokha"]
    client.force_login(qa_officer_user)
    assert (
        client.post(reverse("scorecards:scorecard_edit", args=[scorecard.pk]), {}).status_code
        == 403
    )
    assert client.post(reverse("qa:plan_edit", args=[plan.pk]), {}).status_code == 403


def test_coaching_acknowledgement_never_redirects_off_site(client, world, agent_user):
    client.force_login(agent_user)
    response = client.post(
        reverse("qa:coaching_acknowledge", args=[world["coaching"].pk]),
        {"next": "https://evil.example/phish"},
    )
    assert response["Location"] == reverse("qa:my_evaluations")


def test_malformed_input_gets_an_answer_not_a_crash(client, world, qa_manager_user, agent_user):
    client.force_login(qa_manager_user)
    item = world["item"]
    response = client.post(reverse("qa:sample_item_reassign", args=[item.pk]), {"officer": "x"})
    assert response.status_code == 404
    response = client.post(
        reverse("scorecards:scorecard_edit", args=[world["version"].scorecard_id]),
        {"name": "", "version": "nope"},
    )
    assert response.status_code == 302
    assert (
        world["version"].scorecard.name
        == Scorecard.objects.get(pk=world["version"].scorecard_id).name
    )
    # A bad filter value is ignored on its own; the period filter still applies.
    client.force_login(agent_user)
    page = client.get(reverse("qa:evaluation_list"), {"agent": "x", "date_from": "2999-01-01"})
    assert page.status_code == 200 and "0 evaluations" in page.content.decode()


def test_manager_opens_a_calibration_session_through_the_form(
    client, world, agent_user, qa_manager_user, qa_officer_user, qa_officer2_user
):
    from qa.models import CalibrationSession

    call = make_call(agent_user)
    client.force_login(qa_manager_user)
    data = {"title": "Form session", "call": call.pk}
    data["participants"] = [qa_officer_user.pk, qa_officer2_user.pk]
    response = client.post(reverse("qa:calibration_list"), data)
    session = CalibrationSession.objects.get(title="Form session")
    assert response["Location"] == reverse("qa:calibration_detail", args=[session.pk])
    assert set(session.participants.all()) == {qa_officer_user, qa_officer2_user}
    data = {"title": "Too few", "call": call.pk, "participants": [qa_officer_user.pk]}
    response = client.post(reverse("qa:calibration_list"), data, follow=True)
    assert "at least two" in response.content.decode()
    assert not CalibrationSession.objects.filter(title="Too few").exists()


def test_outsider_ids_are_404(client, world, qa_manager_user):
    client.force_login(qa_manager_user)
    assert client.get(reverse("qa:sample_detail", args=[9999])).status_code == 404


def test_a_critical_fail_shows_its_zero_score_not_a_dash(
    client, world, agent_user, qa_officer_user, qa_manager_user
):
    """0.0 is a score (a critical criterion failed), not a missing one."""
    session = world["session"]
    for user, overrides in ((qa_officer_user, {"verify_identity": "no"}), (qa_manager_user, {})):
        evaluation = ev.evaluation_start(actor=user, call=session.call, calibration_session=session)
        answers = {c.key: {"answer": "yes"} for c in session.version.criteria.all()}
        answers.update({k: {"answer": v, "comment": "Not heard."} for k, v in overrides.items()})
        ev.evaluation_save(actor=user, evaluation=evaluation, answers=answers)
        ev.evaluation_submit(actor=user, evaluation=evaluation)
    client.force_login(qa_manager_user)
    client.post(reverse("qa:calibration_close", args=[session.pk]))
    page = client.get(reverse("qa:calibration_detail", args=[session.pk])).content.decode()
    score_row = page[page.index('<th scope="row">Score</th>') :].split("</tr>")[0]
    assert "<td>0.0</td>" in score_row and "<td>—</td>" not in score_row

    failed = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"verify_identity": "no"}
    )
    assert failed.score == 0
    client.force_login(agent_user)
    client.post(
        reverse("qa:evaluation_dispute", args=[failed.pk]),
        {"criteria": ["verify_identity"], "reason-verify_identity": "I verified the caller."},
    )
    client.force_login(qa_manager_user)
    disputes = client.get(reverse("qa:dispute_list")).content.decode()
    assert "<td>0.0</td>" in disputes
    resolve_url = reverse("qa:dispute_resolve", args=[failed.dispute.pk])
    assert "current score 0.0." in client.get(resolve_url).content.decode()


def test_an_evaluations_history_reads_as_words_not_codes_or_python(
    client, agent_user, qa_officer_user, qa_manager_user
):
    evaluation = make_evaluation(
        make_call(agent_user), qa_officer_user, overrides={"empathy": "no"}
    )
    client.force_login(agent_user)
    client.post(
        reverse("qa:evaluation_dispute", args=[evaluation.pk]),
        {"criteria": ["empathy"], "reason-empathy": "I said I understand."},
    )
    client.force_login(qa_manager_user)
    client.post(
        reverse("qa:dispute_resolve", args=[evaluation.dispute.pk]),
        {"decision-empathy": "changed", "answer-empathy": "yes", "reason-empathy": "She did."},
    )
    page = client.get(reverse("qa:evaluation_detail", args=[evaluation.pk])).content.decode()
    history = page[page.index('class="history"') :].split("</ol>")[0]
    assert "Pieter van Wyk (q.officer) submitted Evaluation" in history
    assert "Thabo Nkosi (a.agent) disputed Evaluation" in history
    assert "Ayesha Patel (q.manager) resolved the dispute on Evaluation" in history
    assert "empathy no → yes" in history
    for python in ("{&#x27;", "{'", "[]", "True", "None"):
        assert python not in history, python
    assert ": <code>" not in history  # the action code is not shown beside the words


def test_autosave_stores_the_draft_and_answers_json(client, world, qa_officer_user):
    draft = world["draft"]
    client.force_login(qa_officer_user)
    url = reverse("qa:evaluation_autosave", args=[draft.pk])
    response = client.post(url, {"answer-greeting": "yes", "evidence-greeting": "0"})
    assert response.status_code == 200 and response.json()["saved"] is True
    row = draft.answers.get(criterion__key="greeting")
    assert (row.answer, row.evidence) == ("yes", [0])
    # Bad input: a clear error, and nothing changes.
    response = client.post(url, {"answer-greeting": "no", "evidence-greeting": "999"})
    assert response.status_code == 400 and "no segment 999" in response.json()["error"]
    row.refresh_from_db()
    assert (row.answer, row.evidence) == ("yes", [0])


def test_the_scoring_form_shows_each_group_once_in_order(client, world, qa_officer_user):
    draft = world["draft"]
    version = draft.version
    groups = list(version.groups.order_by("order"))
    # The default inbound card interleaves: "expectation" (Handling) is ordered after
    # "hold_etiquette" (Conduct).
    assert len(groups) >= 2
    client.force_login(qa_officer_user)
    page = client.get(reverse("qa:evaluation_score", args=[draft.pk])).content.decode()
    for group in groups:
        assert page.count(f'<h3 class="criterion-group">{group.title}</h3>') == 1
    positions = [page.index(f'<h3 class="criterion-group">{g.title}</h3>') for g in groups]
    assert positions == sorted(positions)


def test_an_unsure_suggestion_is_asked_with_its_reason_and_quote_not_prefilled(
    client, world, agent_user, qa_officer_user
):
    from autoscoring.models import AutoAnswer, AutoScore

    call = make_call(agent_user)
    version = world["draft"].version
    auto = AutoScore.objects.create(call=call, version=version, engine="test")
    for key, answer, confidence in (("greeting", "yes", 0.95), ("empathy", "no", 0.52)):
        AutoAnswer.objects.create(
            auto_score=auto,
            criterion=version.criteria.get(key=key),
            criterion_key=key,
            answer=answer,
            confidence=confidence,
            source="model",
            note=f"reason for {key}",
            evidence=[{"segment_index": 2, "start": 4.3, "end": 6.0, "text": "x"}],
        )
    evaluation = ev.evaluation_start(actor=qa_officer_user, call=call)
    client.force_login(qa_officer_user)
    page = client.get(reverse("qa:evaluation_score", args=[evaluation.pk])).content.decode()
    assert "Why: reason for greeting" in page and "Why: reason for empathy" in page
    assert "Auto-scoring is unsure (it leans No, 52% sure)" in page
    empathy = page[page.index('id="criterion-empathy"') :]
    empathy = empathy[: empathy.index("</fieldset>")]
    assert "checked" not in empathy
    greeting = page[page.index('id="criterion-greeting"') :]
    greeting = greeting[: greeting.index("</fieldset>")]
    assert 'value="yes" checked' in greeting
    assert '<q class="suggestion-quote">' in greeting


def test_the_draw_form_defaults_to_the_last_complete_period_and_previews_first(
    client, world, qa_manager_user
):
    from qa.services.sampling import last_complete_period

    plan = world["plan"] if "plan" in world else world["sample"].plan
    client.force_login(qa_manager_user)
    url = reverse("qa:plan_detail", args=[plan.pk])
    start, _ = last_complete_period(plan.period, timezone.localdate())
    assert f'value="{start:%Y-%m-%d}"' in client.get(url).content.decode()
    samples = plan.samples.count()
    page = client.post(url, {"day": "2026-12-01", "action": "preview"}).content.decode()
    assert "Preview the draw" in page and "Assign these calls" in page
    assert plan.samples.count() == samples  # a preview stores nothing


def test_a_started_sample_cannot_be_withdrawn_through_the_page(client, world, qa_manager_user):
    sample = world["sample"]
    client.force_login(qa_manager_user)
    response = client.post(reverse("qa:sample_withdraw", args=[sample.pk]), follow=True)
    assert "cannot be withdrawn" in response.content.decode()
    assert type(sample).objects.filter(pk=sample.pk).exists()
