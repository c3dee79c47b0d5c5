"""Roles and permissions: each role reaches what it should and nothing else."""

from __future__ import annotations

import uuid

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import org.roles
from audit.models import AuditEvent
from core.access import Role, collect_role_permissions, user_roles
from core.navigation import all_items, home_url_for, items_for
from org.demo import DEMO_PASSWORD, DEMO_PEOPLE, demo_people_ensure
from org.services import roles_sync

pytestmark = pytest.mark.django_db


def _group_permissions() -> dict[str, set[str]]:
    return {
        group.name: {
            f"{p.content_type.app_label}.{p.codename}"
            for p in group.permissions.select_related("content_type")
        }
        for group in Group.objects.filter(name__in=Role.values)
    }


def test_sync_roles_sets_exactly_the_declared_permissions_and_is_idempotent(site_data):
    group = Group.objects.get(name=Role.AGENT)
    group.permissions.clear()  # drift: someone edited the group by hand
    roles_sync()
    declared = collect_role_permissions()
    assert _group_permissions() == {role: declared[role] for role in Role.values}
    events = AuditEvent.objects.count()
    roles_sync()
    assert _group_permissions() == {role: declared[role] for role in Role.values}
    assert AuditEvent.objects.count() == events  # nothing changed, nothing recorded


def test_an_unknown_permission_code_stops_sync_and_changes_nothing(site_data, monkeypatch):
    before = _group_permissions()
    broken = {**org.roles.ROLE_PERMISSIONS, Role.AGENT: ["org.view_agent", "org.fly_agent"]}
    monkeypatch.setattr(org.roles, "ROLE_PERMISSIONS", broken)
    with pytest.raises(ValueError, match="org.fly_agent"):
        roles_sync()
    assert _group_permissions() == before


def test_every_role_is_a_group_with_its_code_as_name(site_data):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


# ---- the demo cast: each logs in and lands on its role's home ----


def _log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.mark.parametrize("person", DEMO_PEOPLE, ids=lambda p: p.username)
def test_each_demo_login_lands_on_its_roles_home(client, site_data, person):
    demo_people_ensure()
    response = _log_in(client, person.username, DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=person.username)
    assert user_roles(user) == set(person.roles)
    home = home_url_for(user)
    response = client.get("/")
    if home is None:
        pytest.skip(f"no home page declared yet for {person.roles} (its app's navigation.py)")
    assert response.status_code == 302 and response["Location"] == home
    assert client.get(home).status_code == 200


def test_a_user_without_a_role_is_told_what_to_ask_for(client, django_user_model, site_data):
    user = django_user_model.objects.create_user("nobody", password="pw-nobody")
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert "Your account has no role yet" in response.content.decode()


# ---- each role reaches its navigation and nothing else ----

ROLE_FIXTURES = {
    Role.AGENT: "agent_user",
    Role.TEAM_LEADER: "team_leader_user",
    Role.QA_OFFICER: "qa_officer_user",
    Role.QA_MANAGER: "qa_manager_user",
    Role.INVESTIGATOR: "investigator_user",
    Role.INVESTIGATIONS_SUPERVISOR: "supervisor_user",
    Role.ADMINISTRATOR: "admin_user",
}


# Screens a role may open although they are not in its menu. Every entry is a decision: a new
# way for a role to reach another role's screen must be added here on purpose.
ALSO_REACHES = {
    # A supervisor's own queue (the cases they worked on); they work from the case board.
    (Role.INVESTIGATIONS_SUPERVISOR, "investigations:queue"),
    # The evaluation list behind every report figure, scoped by visible_to: agents see their own,
    # team leaders their team's.
    (Role.AGENT, "qa:evaluation_list"),
    (Role.TEAM_LEADER, "qa:evaluation_list"),
}


@pytest.mark.parametrize("role", Role.values)
def test_each_role_opens_its_navigation_and_gets_403_elsewhere(client, request, role):
    user = request.getfixturevalue(ROLE_FIXTURES[role])
    client.force_login(user)
    mine = {entry["url"] for entry in items_for(user)}
    mine |= {reverse(name) for who, name in ALSO_REACHES if who == role}
    everything = {entry["url"] for entry in items_for(_everyone())}
    if not mine:
        pytest.skip(f"no screens declared yet for {role} (its app's navigation.py)")
    for url in sorted(everything):
        status = client.get(url).status_code
        if url in mine:
            assert status == 200, f"{role} cannot open {url} from their own navigation"
        else:
            assert status in (403, 404), f"{role} opens {url} ({status}) outside their navigation"


def _everyone():
    class Everyone:
        is_authenticated = True
        _siyalalela_roles = set(Role.values)

    return Everyone()


EXPECTED = {
    # url name: roles that may open it (200); every other role gets 403
    "org:agent_list": {Role.TEAM_LEADER, Role.QA_MANAGER, Role.ADMINISTRATOR},
    "org:people_import": {Role.ADMINISTRATOR},
    "audit:event_list": {Role.QA_MANAGER, Role.INVESTIGATIONS_SUPERVISOR, Role.ADMINISTRATOR},
}


@pytest.mark.parametrize("url_name", sorted(EXPECTED))
def test_foundation_screens_admit_exactly_their_roles(client, request, url_name):
    for role, fixture in ROLE_FIXTURES.items():
        user = request.getfixturevalue(fixture)
        client.force_login(user)
        status = client.get(reverse(url_name)).status_code
        assert status == (200 if role in EXPECTED[url_name] else 403), (role, url_name, status)


def test_only_the_administrator_reaches_the_django_admin(client, qa_manager_user, admin_user):
    client.force_login(qa_manager_user)
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin's login
    client.force_login(admin_user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_team_leader_sees_only_their_teams_agents(
    client, team_leader_user, agent_user, other_team_agent_user
):
    client.force_login(team_leader_user)
    shown = {a.employee_number for a in client.get(reverse("org:agent_list")).context["page"]}
    assert shown == {"T0001"}


# ---- login is required everywhere except the login page and the health check ----

PUBLIC = {
    "login",
    "logout",
    "healthz",
    "admin:login",
    "admin:logout",
    "admin:password_reset",
    "admin:password_reset_done",
    "admin:password_reset_confirm",
    "admin:password_reset_complete",
    "admin:view_on_site",
    "admin:jsi18n",
}
FILLERS = {"int": "1", "slug": "x", "str": "x", "path": "x", "uuid": str(uuid.uuid4())}


def _all_urls(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            if ns and namespace and pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}"
            yield from _all_urls(pattern, prefix + route, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or "", prefix + route


def _concrete(route: str) -> str | None:
    import re

    if route.startswith("^") or "(?P" in route:
        return None  # regex routes (admin internals): covered by their named siblings
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: FILLERS.get(m.group(1) or "str", "x"), route)


def test_every_page_but_login_and_healthz_requires_login(client, site_data):
    checked = 0
    for name, route in _all_urls():
        url = _concrete(route)
        if url is None or name in PUBLIC:
            continue
        response = client.get(url)
        checked += 1
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), (url, response.status_code)
        else:
            assert response.status_code == 302, (url, response.status_code)
            assert response["Location"].split("?")[0] in (
                reverse("login"),
                reverse("admin:login"),
            ), url
    assert checked >= 5
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("healthz")).content == b"ok"


def test_navigation_items_name_real_roles():
    for item in all_items():
        assert set(item.roles) <= set(Role.values), item
        assert set(item.home_for) <= set(item.roles), item


def test_setup_site_says_roles_are_synchronised_once_and_sync_roles_lists_them(site_data, capsys):
    from django.core.management import call_command

    call_command("setup_site")
    printed = capsys.readouterr().out
    assert "Roles and permissions synchronised." in printed
    assert f"{Role.AGENT}: " not in printed  # not sync_roles's per-role lines as well
    call_command("sync_roles")
    assert f"{Role.AGENT}: " in capsys.readouterr().out
