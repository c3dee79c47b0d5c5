"""scorecards/services/documents.py: a version exported as JSON imports back as a draft; a bad
document is rejected whole, naming what is wrong."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from scorecards.models import Criterion, CriterionGroup, Scorecard, ScorecardVersion
from scorecards.selectors import scorecard_document
from scorecards.services.documents import scorecard_import

pytestmark = pytest.mark.django_db


def _published():
    return Scorecard.objects.get(slug="inbound").current_version()


def test_export_import_round_trip(qa_manager_user):
    document = scorecard_document(_published())
    assert document["format"] == "siyalalela.scorecard/1"
    assert len(document["criteria"]) == 12
    json.dumps(document)  # an open, plain JSON document
    document["scorecard"]["slug"] = "inbound_copy"
    draft = scorecard_import(actor=qa_manager_user, document=document)
    assert draft.status == "draft" and draft.scorecard.slug == "inbound_copy"
    again = scorecard_document(draft)
    assert again["criteria"] == document["criteria"]
    assert sorted(again["scorecard"]["sections"]) == sorted(document["scorecard"]["sections"])
    assert again["version"]["pass_mark"] == "80.0"


def test_import_into_an_existing_scorecard_adds_the_next_draft_version(qa_manager_user):
    document = scorecard_document(_published())
    draft = scorecard_import(actor=qa_manager_user, document=document)
    assert draft.scorecard.slug == "inbound" and draft.number == 2


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d.update(criteria=[]), "non-empty"),
        (lambda d: d["criteria"][3].update(points="lots"), "criterion 4"),
        (lambda d: d["criteria"].append(dict(d["criteria"][0])), "criterion 13"),
        (lambda d: d["scorecard"].update(sections=["nowhere"]), "unknown sections"),
        (lambda d: d["criteria"][0].update(points=2.5), "criterion 1 .*whole number"),
        (lambda d: d["criteria"][0].update(points=0), "criterion 1 .*whole number"),
        (lambda d: d["criteria"][2].update(detector_key="inbound.nope"), "criterion 3 .*detector"),
        (lambda d: d["criteria"][2].update(order="first"), "criterion 3: 'order'"),
        (lambda d: d["version"].update(pass_mark="120"), "from 0 to 100"),
    ],
)
def test_a_bad_document_is_rejected_whole(qa_manager_user, mutate, message):
    document = scorecard_document(_published())
    document["scorecard"]["slug"] = "brand_new"
    mutate(document)
    before = (
        Scorecard.objects.count(),
        ScorecardVersion.objects.count(),
        Criterion.objects.count(),
        CriterionGroup.objects.count(),
    )
    with pytest.raises(ValidationError, match=message):
        scorecard_import(actor=qa_manager_user, document=document)
    assert (
        Scorecard.objects.count(),
        ScorecardVersion.objects.count(),
        Criterion.objects.count(),
        CriterionGroup.objects.count(),
    ) == before


def test_groups_that_differ_only_in_case_become_one_group(qa_manager_user):
    document = scorecard_document(_published())
    document["scorecard"]["slug"] = "cased"
    for item in document["criteria"]:
        if item["group"] == "Closing":
            item["group"] = "closing"
            break
    draft = scorecard_import(actor=qa_manager_user, document=document)
    titles = list(draft.groups.values_list("title", flat=True))
    assert len(titles) == len({t.lower() for t in titles}) == 4


def test_criteria_are_placed_in_the_documents_order(qa_manager_user):
    document = scorecard_document(_published())
    document["scorecard"]["slug"] = "reordered"
    document["criteria"][0]["order"] = 99  # greeting last
    draft = scorecard_import(actor=qa_manager_user, document=document)
    keys = list(draft.criteria.order_by("order").values_list("key", flat=True))
    assert keys[-1] == "greeting" and keys[0] == "agent_name"
    assert list(draft.criteria.order_by("order").values_list("order", flat=True)) == list(
        range(1, 13)
    )
