"""System checks for configuration that would otherwise only fail later, at the first task or
the first page with a stylesheet."""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, connections, router
from django.utils.module_loading import import_string


def _database_task_backends() -> list[str]:
    from django_tasks_db import DatabaseBackend

    names = []
    for alias, params in settings.TASKS.items():
        try:
            backend = import_string(params["BACKEND"])
        except ImportError:
            continue  # Django's own tasks check reports a backend that cannot be imported
        if isinstance(backend, type) and issubclass(backend, DatabaseBackend):
            names.append(alias)
    return names


@checks.register(checks.Tags.database)
def check_task_queue(app_configs=None, databases=None, **kwargs):
    """The database queue's table must be reachable (``check --database default``; migrate and
    the test runner pass their databases too). Without it, enqueuing fails at the first
    commit that schedules a task, long after start-up."""
    backends = _database_task_backends()
    if not backends or not databases:
        return []
    from django_tasks_db.models import DBTaskResult

    alias = router.db_for_write(DBTaskResult)
    if alias not in databases:
        return []
    table = DBTaskResult._meta.db_table
    try:
        with connections[alias].cursor() as cursor:
            tables = connections[alias].introspection.table_names(cursor)
    except DatabaseError as exc:
        return [
            checks.Error(
                f"The task backend {', '.join(backends)!s} keeps its queue in database "
                f"{alias!r}, which cannot be reached: {exc}".strip(),
                hint="Check SIYALALELA_DB and the PG* settings, and that the server is running.",
                id="siyalalela.E001",
            )
        ]
    if "django_migrations" not in tables:
        return []  # a brand-new database: `migrate` is what comes next, and runserver says so
    if table not in tables:
        return [
            checks.Warning(
                f"The task queue table {table!r} is missing in database {alias!r}: "
                "queued tasks cannot be stored and no worker can run them.",
                hint="Run `manage.py migrate`.",
                id="siyalalela.W001",
            )
        ]
    return []


@checks.register(checks.Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs=None, **kwargs):
    """With DEBUG off, pages reference hashed file names from the collectstatic manifest;
    without it every page fails with a server error."""
    from django.contrib.staticfiles.storage import ManifestFilesMixin
    from django.core.files.storage import storages

    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return []
    if not storage.exists(storage.manifest_name):
        return [
            checks.Error(
                f"No static files manifest in {settings.STATIC_ROOT}: with DEBUG off every page "
                "would fail.",
                hint="Run `manage.py collectstatic --noinput` after each deployment.",
                id="siyalalela.E002",
            )
        ]
    return []


@checks.register(deploy=True)
def check_task_backend_for_production(app_configs=None, **kwargs):
    if settings.DEBUG or _database_task_backends():
        return []
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend.endswith("ImmediateBackend"):
        return [
            checks.Warning(
                "Background tasks run inside web requests (immediate backend): a transcription "
                "would block the page that started it.",
                hint="Set SIYALALELA_TASK_BACKEND=database and run `manage.py db_worker`.",
                id="siyalalela.W002",
            )
        ]
    return []
