"""core/discovery.py, core/access.py, core/navigation.py: what apps declare is found, lower
layers never import higher ones to learn it."""

from core.access import Role, collect_role_permissions
from core.discovery import app_modules
from core.navigation import all_items


def test_every_app_with_a_roles_module_is_found_and_one_without_is_skipped():
    labels = [label for label, _module in app_modules("roles")]
    assert {"org", "audit", "calls", "qa", "investigations"} <= set(labels)
    assert "contenttypes" not in labels


def test_role_permissions_of_all_apps_are_merged_by_role():
    merged = collect_role_permissions()
    assert set(merged) == set(Role.values)
    assert {"calls.view_call", "qa.add_evaluation", "org.view_agent"} <= merged[Role.QA_MANAGER]


def test_navigation_collects_the_entries_of_every_app_in_order():
    names = [item.url_name for item in all_items()]
    assert "calls:call_list" in names and "org:agent_list" in names
    orders = [item.order for item in all_items()]
    assert orders == sorted(orders)
