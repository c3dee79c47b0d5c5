"""Triage help: suggestions from text, likely duplicates; nothing applied automatically."""

import pytest

from investigations.services.triage import duplicates_find, triage_suggest
from tests.investigations.conftest import at

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "department", "category"),
    [
        (
            "There has been no water in our street since Monday",
            "water-and-sanitation",
            "water_outage",
        ),
        (
            "Power outage, the whole section has had no electricity for two days",
            "energy",
            "electricity_outage",
        ),
        (
            "My municipal bill is wrong, they charged me too much on my account",
            "finance",
            "billing",
        ),
        (
            "The bins have not been collected for weeks, refuse everywhere",
            "waste-management",
            "refuse",
        ),
    ],
)
def test_department_and_category_are_suggested_from_the_text(site_data, text, department, category):
    suggestions = triage_suggest(text=text)
    assert suggestions["department"][0].value == department
    assert suggestions["category"][0].value == category
    assert 0 < suggestions["category"][0].confidence <= 1


def test_suggesting_changes_nothing(make_case):
    case = make_case(department=None, category="")
    triage_suggest(text=case.description)
    case.refresh_from_db()
    assert case.department is None and case.category == ""


def test_duplicates_by_contact_ims_and_similar_text_in_the_same_ward(make_case):
    case = make_case(
        complainant_phone="082 123 4567",
        ims_references="IMS-1",
        ward=7,
        description="No water in Tembisa extension 5 for three days",
    )
    same_phone = make_case(
        complainant_phone="+27 82 123 4567",
        complainant_name="Someone",
        ward=20,
        description="Unrelated pothole complaint",
    )
    same_ims = make_case(
        complainant_phone="0110000000",
        ims_references="ims-1",
        ward=30,
        description="Another matter entirely",
    )
    similar = make_case(
        complainant_phone="0720000000",
        ward=7,
        received_at=at("2026-11-20 10:00"),
        description="Tembisa extension 5 has no water for three days now",
    )
    make_case(
        complainant_phone="0730000000",
        ward=8,  # other ward
        description="No water in Tembisa extension 5 for three days",
    )
    make_case(
        complainant_phone="0740000000",
        ward=7,  # same ward, too long before
        received_at=at("2026-09-01 10:00"),
        description="No water in Tembisa extension 5 for three days",
    )
    found = {d.case.pk: d.reasons for d in duplicates_find(case=case)}
    assert set(found) == {same_phone.pk, same_ims.pk, similar.pk}
    assert found[same_phone.pk] == ["same complainant contact"]
    assert found[same_ims.pk] == ["same IMS reference"]
    assert found[similar.pk][0].startswith("similar text in ward 7")
