"""Role-based navigation. Each app lists its entries in ``<app>/navigation.py`` as ``NAV_ITEMS``;
the base layout shows the entries of the user's roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import import_module

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from org.roles import Role, user_roles


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]
    home_for: tuple[str, ...] = field(default=())
    order: int = 100


@cache
def all_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.navigation")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.navigation":
                raise
            continue
        items.extend(getattr(module, "NAV_ITEMS", ()))
    return tuple(sorted(items, key=lambda item: item.order))


def items_for(user) -> list[dict]:
    roles = user_roles(user)
    entries = []
    for item in all_items():
        if roles & set(item.roles):
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:
                continue
            entries.append({"label": item.label, "url": url, "url_name": item.url_name})
    return entries


def home_url_for(user) -> str | None:
    roles = user_roles(user)
    # A user with several roles lands on the home of the first role in Role's order.
    for role in Role.values:
        if role not in roles:
            continue
        for item in all_items():
            if role in item.home_for:
                try:
                    return reverse(item.url_name)
                except NoReverseMatch:
                    continue
    return None


NAV_ITEMS = [
    NavItem(
        label="Agents",
        url_name="org:agent_list",
        roles=(Role.TEAM_LEADER, Role.QA_MANAGER, Role.ADMINISTRATOR),
        home_for=(Role.ADMINISTRATOR,),
        order=80,
    ),
    NavItem(
        label="Import agents",
        url_name="org:people_import",
        roles=(Role.ADMINISTRATOR,),
        order=81,
    ),
]
