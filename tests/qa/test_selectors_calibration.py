"""qa/selectors/calibration.py: a session's results and the per-criterion alpha."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from qa.selectors.calibration import calibration_results, criterion_alphas
from qa.services import calibration as svc
from qa.services import evaluations as ev
from tests.qa.factories import make_call
from tests.qa.test_calibration import _score

pytestmark = pytest.mark.django_db


def test_session_results_side_by_side_with_reference_and_alpha(
    agent_user, qa_manager_user, qa_officer_user, qa_officer2_user
):
    call = make_call(agent_user)
    session = svc.calibration_open(
        actor=qa_manager_user,
        call=call,
        title="Week 45",
        participants=[qa_officer_user, qa_officer2_user],
    )
    ref = _score(session, qa_manager_user, empathy="no")
    one = _score(session, qa_officer_user, empathy="no")
    two = _score(session, qa_officer2_user, closing="no", hold_etiquette="na")
    with pytest.raises(ValidationError):
        ev.evaluation_start(
            actor=qa_officer_user,
            call=call,
            calibration_session=svc.calibration_close(actor=qa_manager_user, session=session),
        )
    results = calibration_results(session)
    assert results["reference"] == ref
    rows = {r["criterion"].key: r for r in results["rows"]}
    assert rows["empathy"]["with_reference"] == 0.5
    assert rows["greeting"]["agreement"] == 1.0
    assert results["spread"]["min"] == 90.0 and results["spread"]["max"] == 94.7
    agreement = {r["evaluation"]: r["agreement"] for r in results["per_rater_reference"]}
    assert agreement[one] == 1.0 and agreement[two] == pytest.approx(9 / 12)
    assert results["alpha"] is not None and results["alpha"] < 1


def test_per_criterion_alpha_pools_closed_sessions(
    agent_user, qa_manager_user, qa_officer_user, qa_officer2_user
):
    for overrides_one, overrides_two in (
        ({"empathy": "no"}, {"empathy": "no"}),
        ({}, {}),
        ({"empathy": "no"}, {}),
    ):
        session = svc.calibration_open(
            actor=qa_manager_user,
            call=make_call(agent_user),
            title="s",
            participants=[qa_officer_user, qa_officer2_user],
        )
        _score(session, qa_officer_user, **overrides_one)
        _score(session, qa_officer2_user, **overrides_two)
        svc.calibration_close(actor=qa_manager_user, session=session)
    alphas = criterion_alphas(session.version)
    assert alphas["greeting"] is None  # no variation: undefined
    # empathy: units (no,no), (yes,yes), (no,yes): D_o = 2/6, n_no=3 n_yes=3, D_e = 2*3*3/(6*5)
    assert alphas["empathy"] == pytest.approx(1 - (2 / 6) / (18 / 30))
