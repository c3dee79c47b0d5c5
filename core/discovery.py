"""Finding what each installed app declares in a conventional module (``roles.py``,
``navigation.py``), so that lower layers never import higher ones to learn about them."""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(name: str) -> list[tuple[str, ModuleType]]:
    """``(app label, module)`` for every installed app that has a ``<app>.<name>`` module, in
    INSTALLED_APPS order. An app without the module is skipped; an error inside an existing
    module is raised, not mistaken for absence."""
    found = []
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, name):
            found.append((config.label, import_module(f"{config.name}.{name}")))
    return found
