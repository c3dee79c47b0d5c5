import pytest

from audit.verify import chain_verify
from investigations.demo import demo_cases, demo_cases_ensure
from investigations.models import Case
from investigations.services.evidence import calls_search

pytestmark = pytest.mark.django_db


def test_demo_cases_are_created_once_in_different_states(site_data):
    from org.demo import demo_people_ensure

    demo_people_ensure()
    assert len(demo_cases_ensure()) == len(demo_cases())
    assert demo_cases_ensure() == []
    assert Case.objects.count() == len(demo_cases())
    states = set(Case.objects.values_list("state", flat=True))
    assert {"received", "acknowledged", "investigating", "on_hold", "findings_submitted"} <= states
    assert chain_verify().intact


def test_the_city_managers_demo_case_finds_the_tembisa_sample_call(site_data):
    """The sample call's caller number and IMS reference, as fixtures/recordings-metadata.csv
    gives them to `make run`."""
    from django.contrib.auth import get_user_model

    from org.demo import demo_people_ensure
    from tests.qa.factories import make_call

    demo_people_ensure()
    demo_cases_ensure()
    users = get_user_model().objects
    call = make_call(users.get(username="agent"), caller_number="0825551234")
    case = Case.objects.get(source_reference="DEMO-CM-001")
    supervisor = users.get(username="supervisor")
    assert list(calls_search(user=supervisor, query=case.complainant_phone)) == [call]
    assert list(case.ims_references.values_list("reference", flat=True)) == ["IMS-2026-0451"]


def test_a_demo_cases_history_says_when_each_backdated_step_took_effect(site_data):
    """The clock says "acknowledged 22 Nov"; the history, written today, must not contradict it."""
    from core import working_time
    from investigations.selectors import case_history
    from org.demo import demo_people_ensure

    demo_people_ensure()
    demo_cases_ensure()
    case = Case.objects.get(source_reference="DEMO-SPK-003")
    acknowledged = working_time.local(case.acknowledged_at).replace(second=0, microsecond=0)
    lines = {line.words: line for line in case_history(case)}
    ack = lines["moved the case from received to acknowledged"]
    # Dated by when it took effect; when it was recorded (today, by the demo) is said apart.
    assert ack.when == acknowledged
    assert ack.recorded is not None and ack.recorded > ack.when
    assign = next(line for words, line in lines.items() if words.startswith("assigned the case"))
    assert assign.words == "assigned the case to Bongani Zulu" and assign.recorded is not None
    opened = next(line for words, line in lines.items() if words.startswith("opened the case"))
    assert opened.when == working_time.local(case.received_at).replace(second=0, microsecond=0)
    # In the order the steps took effect, not the order they were written down.
    whens = [line.when for line in lines.values()]
    assert whens == sorted(whens)
