from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared layer: file store, spreadsheets, names, navigation, exports, and the one model
    every app may use, a spreadsheet import running in the background (``core.imports``)."""

    name = "core"
    verbose_name = "Shared services"
