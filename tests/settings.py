"""Test settings: the real settings with a fast hasher and tasks run inline.

SIYALALELA_DB=postgresql (with PGHOST etc.) runs the same suite on PostgreSQL."""

import os

# Always as in production (the Makefile exports DJANGO_DEBUG=true for `make run`).
os.environ["DJANGO_DEBUG"] = "false"
os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DJANGO_SECURE_SSL", "false")
os.environ.setdefault("SIYALALELA_TASK_BACKEND", "immediate")
os.environ.setdefault("SIYALALELA_AUDIT_KEY", "test-audit-key-0123456789abcdef0123456789abcdef")

from config.settings import *  # noqa: E402,F403
from config.settings import BASE_DIR  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Static files come straight from the app and project directories, as under `make run`; no
# collectstatic (and no missing-directory warning from WhiteNoise) in tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
AXES_ENABLED = True
# Tests check what a background import writes, not how it shares SQLite with other writers.
SPREADSHEET_IMPORT_PAUSE = 0.0
