"""The Celery application of the scale-out mode (``SIYALALELA_TASK_BACKEND=celery``).

The task code is the same in every mode: ``django.tasks`` tasks, handed to Celery by
``config.celery_backend.CeleryBackend``. This module only builds the app a worker, beat or Flower
runs (docs/operations.md "Worker machines")::

    celery -A config.celery worker -Q transcription-urgent,transcription --concurrency 1
    celery -A config.celery worker -Q default --concurrency 2
    celery -A config.celery beat
    celery -A config.celery flower --address=127.0.0.1

Its configuration is the ``CELERY_*`` block of config/settings.py (acknowledge late, redeliver a
dead worker's task, prefetch 1, quorum queues with a delivery limit, the beat schedule). Importing
this module never loads Whisper; the embedded mode never imports it.
"""

from __future__ import annotations

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("siyalalela")
app.config_from_object("django.conf:settings", namespace="CELERY")


@signals.import_modules.connect
def _import_task_modules(sender=None, **kwargs):
    """Import every app's ``tasks`` module once Django is set up, so each ``django.tasks`` task
    registers itself with this app (CeleryBackend.validate_task) before the first message."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.tasks":
                raise


@signals.celeryd_after_setup.connect
def _declare_every_queue(sender=None, instance=None, **kwargs):
    """Declare all the site's queues, consumed here or not, before the worker starts: a task
    published to a queue nobody declared yet would be dropped by the broker, and Celery's
    delayed delivery (retry countdowns on quorum queues) binds every configured queue."""
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        for queue in app.amqp.queues.values():
            queue.bind(channel).declare()
