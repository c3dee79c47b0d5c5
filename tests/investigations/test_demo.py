import pytest

from audit.verify import chain_verify
from investigations.demo import DEMO_CASES, demo_cases_ensure
from investigations.models import Case

pytestmark = pytest.mark.django_db


def test_demo_cases_are_created_once_in_different_states(site_data):
    from org.demo import demo_people_ensure

    demo_people_ensure()
    assert len(demo_cases_ensure()) == len(DEMO_CASES)
    assert demo_cases_ensure() == []
    assert Case.objects.count() == len(DEMO_CASES)
    states = set(Case.objects.values_list("state", flat=True))
    assert {"received", "acknowledged", "investigating", "on_hold", "findings_submitted"} <= states
    assert chain_verify().intact
