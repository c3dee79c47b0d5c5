"""Scorecard numbers are checked, never silently changed: pass mark 0-100, points whole numbers
from 1 to 100, wherever a scorecard is made (import, designer)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from scorecards.forms import CriterionForm
from scorecards.models import Criterion, Scorecard, ScorecardVersion
from scorecards.selectors import scorecard_document
from scorecards.services.designer import scorecard_version_new_draft, scorecard_version_update
from scorecards.services.documents import scorecard_import

pytestmark = pytest.mark.django_db


def _document(**criterion_changes):
    document = scorecard_document(Scorecard.objects.get(slug="inbound").current_version())
    document["scorecard"]["slug"] = "imported"
    document["criteria"][0].update(criterion_changes)
    return document


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (2.7, "must be a whole number from 1 to 100, not 2.7"),
        (10**12, "must be a whole number from 1 to 100, not 1e+12"),
        (0, "must be a whole number from 1 to 100, not 0"),
        ("10", "must be a whole number from 1 to 100, not '10'"),
    ],
)
def test_import_refuses_points_that_are_not_whole_numbers_from_1_to_100(
    qa_manager_user, points, message
):
    before = (ScorecardVersion.objects.count(), Criterion.objects.count())
    expected = re.escape(f"criterion 1 (greeting): 'points' {message}")
    with pytest.raises(ValidationError, match=expected):
        scorecard_import(actor=qa_manager_user, document=_document(points=points))
    assert (ScorecardVersion.objects.count(), Criterion.objects.count()) == before


def test_import_keeps_whole_points_given_as_10_point_0(qa_manager_user):
    draft = scorecard_import(actor=qa_manager_user, document=_document(points=10.0))
    assert draft.criteria.get(key="greeting").points == 10


@pytest.mark.parametrize("mark", ["150", -10, "100.1", "NaN"])
def test_import_refuses_a_pass_mark_outside_0_to_100(qa_manager_user, mark):
    document = _document()
    document["version"]["pass_mark"] = mark
    with pytest.raises(ValidationError, match="pass_mark"):
        scorecard_import(actor=qa_manager_user, document=document)
    assert not Scorecard.objects.filter(slug="imported").exists()


def test_the_designer_refuses_points_over_100(qa_manager_user):
    draft = scorecard_version_new_draft(
        actor=qa_manager_user, scorecard=Scorecard.objects.get(slug="inbound")
    )
    form = CriterionForm({"key": "k", "text": "T", "points": "1000", "order": "1"}, version=draft)
    assert not form.is_valid()
    assert "less than or equal to 100" in str(form.errors["points"])


def test_a_draft_pass_mark_over_100_is_refused_by_the_service(qa_manager_user):
    draft = scorecard_version_new_draft(
        actor=qa_manager_user, scorecard=Scorecard.objects.get(slug="inbound")
    )
    with pytest.raises(ValidationError, match="less than or equal to 100"):
        scorecard_version_update(actor=qa_manager_user, version=draft, pass_mark=150)
