"""Background tasks of the shared layer. Tasks are thin: they take ids and call a service."""

from __future__ import annotations

from django.tasks import task

from core.imports import spreadsheet_import_continue


@task()
def spreadsheet_import_run(import_id: int) -> str:
    """Write a confirmed spreadsheet in chunks (core.imports); safe to run twice."""
    return spreadsheet_import_continue(import_id=import_id).state
