"""scorecards/selectors.py: the detector pick list, the form preview and the version diff."""

from __future__ import annotations

import pytest

from scorecards.models import Criterion, Scorecard
from scorecards.selectors import detector_choices, detector_label, form_preview, version_diff
from scorecards.services.designer import criterion_save, scorecard_version_new_draft

pytestmark = pytest.mark.django_db


def test_the_detector_pick_list_is_in_words_grouped_by_direction():
    choices = detector_choices()
    assert choices[0] == ("", "No detector: left to people")
    families = dict(choices[1:])
    assert set(families) == {"Inbound calls", "Outbound calls"}
    inbound = dict(families["Inbound calls"])
    assert inbound["inbound.greeting"] == "Greets and names the City in the agent's first turn"
    assert detector_label("inbound.typo").startswith("Unknown detector")


def test_the_preview_shows_each_group_once_in_order(qa_manager_user):
    version = Scorecard.objects.get(slug="inbound").current_version()
    groups = form_preview(version)
    assert [g["title"] for g in groups] == [
        "Opening",
        "Handling the request",
        "Conduct",
        "Closing",
    ]
    assert sum(len(g["criteria"]) for g in groups) == 12


def test_the_diff_names_what_changed(qa_manager_user):
    v1 = Scorecard.objects.get(slug="inbound").current_version()
    draft = scorecard_version_new_draft(actor=qa_manager_user, scorecard=v1.scorecard)
    assert version_diff(draft).is_empty
    Criterion.objects.filter(version=draft, key="greeting").update(
        points=10, detector_key="", critical=True
    )
    criterion_save(
        actor=qa_manager_user, version=draft, key="x", text="New one", points=5, position=1
    )
    draft.criteria.get(key="closing").delete()
    diff = version_diff(draft)
    assert diff.previous == v1
    assert [c.key for c in diff.added] == ["x"]
    assert [c.key for c in diff.removed] == ["closing"]
    (change,) = diff.changed
    labels = {label: (before, after) for label, before, after in change.fields}
    assert labels["Points"] == (5, 10)
    assert labels["Critical"] == ("no", "yes")
    assert labels["Detector"] == (
        "Greets and names the City in the agent's first turn",
        "No detector: left to people",
    )
    assert not diff.reordered  # the criteria both versions have keep their order
