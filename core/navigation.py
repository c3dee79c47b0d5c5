"""Role-based navigation. Each app lists its entries in ``<app>/navigation.py`` as ``NAV_ITEMS``;
the base layout shows the entries of the user's roles."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.urls import NoReverseMatch, reverse

from core.access import Role, user_roles
from core.discovery import app_modules


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
    for _label, module in app_modules("navigation"):
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
