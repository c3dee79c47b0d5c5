"""Sweeping orphan files: what an interrupted upload or a rolled-back save leaves on disk.

- Upload temp files: Django spools a large upload to ``FILE_UPLOAD_TEMP_DIR`` (a directory of
  ours, see settings); a web server killed mid-upload leaves the file there for good.
- Media files no row points to: a partial recording or document written before its database
  row (a crash between the write and the commit).

Only files older than ``ORPHAN_GRACE_HOURS`` are touched, so an upload or a save still in
progress is never swept. Every file field of every installed model is consulted, so this module
needs no import of the apps that own the files.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models, transaction

from core.audit import audit_record


@dataclass
class SweepResult:
    temp_files: list[str] = field(default_factory=list)
    media_files: list[str] = field(default_factory=list)
    freed_bytes: int = 0
    dry_run: bool = False

    @property
    def count(self) -> int:
        return len(self.temp_files) + len(self.media_files)


def referenced_media() -> set[str]:
    """Every file name stored in a FileField of any installed model. Cost: one query per file
    field, reading only the names."""
    names: set[str] = set()
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField) and model_field.concrete:
                names.update(
                    n for n in model._base_manager.values_list(model_field.attname, flat=True) if n
                )
    return names


def _old_files(root: Path, older_than: float):
    if not root.is_dir():
        return
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            try:
                stat = path.stat()
            except OSError:
                continue
            if stat.st_mtime < older_than:
                yield path, stat.st_size


def orphan_files_sweep(*, dry_run: bool = False, now: float | None = None) -> SweepResult:
    """Delete upload temp files and unreferenced media files older than the grace period, and
    record one audit event listing what went (nothing is recorded when nothing was found)."""
    now = time.time() if now is None else now
    older_than = now - settings.ORPHAN_GRACE_HOURS * 3600
    result = SweepResult(dry_run=dry_run)
    temp_root = Path(settings.FILE_UPLOAD_TEMP_DIR)
    for path, size in _old_files(temp_root, older_than):
        result.temp_files.append(str(path.relative_to(temp_root)))
        result.freed_bytes += size
        if not dry_run:
            path.unlink(missing_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    referenced = referenced_media()
    for path, size in _old_files(media_root, older_than):
        name = path.relative_to(media_root).as_posix()
        if name in referenced:
            continue
        result.media_files.append(name)
        result.freed_bytes += size
        if not dry_run:
            path.unlink(missing_ok=True)
    if result.count and not dry_run:
        with transaction.atomic():
            audit_record(
                actor=None,
                action="files.sweep",
                object_type="org.files",
                object_repr="orphan files",
                changes={
                    "temp_files": len(result.temp_files),
                    "media_files": result.media_files[:200],
                    "freed_bytes": result.freed_bytes,
                },
            )
    return result
