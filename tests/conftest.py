"""The cast: one named person per role, on top of the organisation fixture."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection


def pytest_runtest_setup(item):
    # Tests marked `postgres` prove something only a real server can (parallel sessions).
    if item.get_closest_marker("postgres"):
        from django.conf import settings

        engine = settings.DATABASES["default"]["ENGINE"]
        if not engine.endswith("postgresql"):
            pytest.skip(
                "needs PostgreSQL: the suite runs on SQLite here; .ci/run (or "
                "SIYALALELA_DB=postgresql with PGHOST/PGPORT/PGUSER) runs it on PostgreSQL"
            )


@pytest.fixture(autouse=True)
def _rules_only_autoscore(request, settings):
    """Auto-scoring in tests uses the rule detectors alone, so a test's expected answers don't
    move when the calibrated answerers (models/calibrated) are retrained; tests about the
    calibrated path are marked ``calibrated_autoscore``."""
    settings.AUTOSCORE_CALIBRATED = bool(request.node.get_closest_marker("calibrated_autoscore"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("setup_site", verbosity=0)
        # Test teardown flushes tables between transactional tests; the audit triggers refuse
        # that unless the maintenance switch is on (tests about the triggers switch it off).
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_maintenance")
            cursor.execute("INSERT INTO audit_maintenance (reason) VALUES ('test database')")


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(settings, tmp_path_factory):
    """Each test anchors the audit chain in a checkpoint file of its own: the database is rolled
    back between tests, a shared file would say events went missing."""
    settings.AUDIT_CHECKPOINT_FILE = tmp_path_factory.mktemp("audit") / "checkpoints.jsonl"


@pytest.fixture
def site_data(db):
    """Roles, organisation and default scorecards. Loaded once per session; reloaded after a
    transactional test (browser tests) has flushed the tables."""
    from org.models import Section

    if not Section.objects.exists():
        call_command("setup_site", verbosity=0)


def _person(username, first, last, roles, employee_number=None, section="inbound", team=None):
    from django.contrib.auth import get_user_model

    from org.models import Agent, Section, Team
    from org.services import user_set_roles

    user = get_user_model().objects.create_user(
        username=username,
        password="pw-" + username,
        first_name=first,
        last_name=last,
        email=f"{username}@ekurhuleni.invalid",
    )
    user_set_roles(user=user, roles=list(roles))
    if employee_number:
        Agent.objects.create(
            user=user,
            employee_number=employee_number,
            section=Section.objects.get(slug=section),
            team=Team.objects.get(name=team) if team else None,
        )
    return user


@pytest.fixture
def team_leader_user(site_data):
    from org.models import Team

    user = _person("t.leader", "Nomsa", "Khumalo", ["team_leader"])
    Team.objects.filter(name__in=["Inbound A", "Collections A"]).update(leader=user)
    return user


@pytest.fixture
def agent_user(site_data):
    return _person("a.agent", "Thabo", "Nkosi", ["agent"], "T0001", "inbound", "Inbound A")


@pytest.fixture
def agent2_user(site_data):
    return _person(
        "a.agent2", "Lerato", "Mokoena", ["agent"], "T0002", "outbound_collection", "Collections A"
    )


@pytest.fixture
def other_team_agent_user(site_data):
    return _person("a.other", "Sipho", "Dlamini", ["agent"], "T0003", "inbound", "Inbound B")


@pytest.fixture
def qa_officer_user(site_data):
    return _person("q.officer", "Pieter", "van Wyk", ["qa_officer"])


@pytest.fixture
def qa_officer2_user(site_data):
    return _person("q.officer2", "Zanele", "Mahlangu", ["qa_officer"])


@pytest.fixture
def qa_manager_user(site_data):
    return _person("q.manager", "Ayesha", "Patel", ["qa_manager"])


@pytest.fixture
def investigator_user(site_data):
    return _person("i.investigator", "Bongani", "Zulu", ["investigator"])


@pytest.fixture
def investigator2_user(site_data):
    return _person("i.investigator2", "Karabo", "Molefe", ["investigator"])


@pytest.fixture
def supervisor_user(site_data):
    return _person("i.supervisor", "Johan", "Botha", ["investigations_supervisor"])


@pytest.fixture
def admin_user(site_data):
    user = _person("s.admin", "Site", "Administrator", ["administrator"])
    user.is_staff = True  # Django admin by role permissions; not a superuser
    user.save()
    return user
