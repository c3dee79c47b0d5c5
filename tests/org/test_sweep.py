"""Orphan files (an upload interrupted by a killed server, a partial media file without its
row) are swept once older than the grace period; files in use or still fresh are kept."""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from audit.models import AuditEvent
from org.sweep import orphan_files_sweep
from org.tasks import orphans_sweep
from tests.qa.factories import make_call

pytestmark = pytest.mark.django_db

HOURS = 3600


@pytest.fixture
def dirs(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    Path(settings.FILE_UPLOAD_TEMP_DIR).mkdir()
    return Path(settings.MEDIA_ROOT), Path(settings.FILE_UPLOAD_TEMP_DIR)


def _file(path: Path, age_hours: float, size=1000) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    then = time.time() - age_hours * HOURS
    os.utime(path, (then, then))
    return path


def test_old_orphans_go_and_everything_else_stays(site_data, dirs):
    media, uploads = dirs
    call = make_call()
    kept_recording = _file(media / call.recording.file.name, 48)
    partial_recording = _file(media / "recordings/ab/abcdef.wav", 48, size=70_000_000 // 1000)
    partial_document = _file(media / "investigations/documents/cd/cdef", 7)
    fresh_orphan = _file(media / "recordings/ef/fresh.wav", 1)
    killed_upload = _file(uploads / "tmp1234.upload.wav", 12)
    running_upload = _file(uploads / "tmp9999.upload.wav", 0.1)

    result = orphan_files_sweep()

    assert sorted(result.media_files) == [
        "investigations/documents/cd/cdef",
        "recordings/ab/abcdef.wav",
    ]
    assert result.temp_files == ["tmp1234.upload.wav"]
    assert not partial_recording.exists() and not partial_document.exists()
    assert not killed_upload.exists()
    assert kept_recording.exists() and fresh_orphan.exists() and running_upload.exists()
    event = AuditEvent.objects.filter(action="files.sweep").latest("sequence")
    assert event.changes["temp_files"] == 1
    assert sorted(event.changes["media_files"]) == sorted(result.media_files)


def test_a_dry_run_lists_and_deletes_nothing(site_data, dirs):
    media, uploads = dirs
    orphan = _file(media / "recordings/aa/orphan.wav", 48)
    out = io.StringIO()
    call_command("sweep_orphans", "--dry-run", stdout=out)
    assert "recordings/aa/orphan.wav" in out.getvalue()
    assert "would free" in out.getvalue()
    assert orphan.exists()
    assert not AuditEvent.objects.filter(action="files.sweep").exists()


def test_the_periodic_task_sweeps(site_data, dirs):
    _media, uploads = dirs
    upload = _file(uploads / "tmp5555.upload.mp3", 30)
    assert orphans_sweep.enqueue(reschedule=False).return_value == 1
    assert not upload.exists()


def test_large_uploads_are_spooled_where_the_sweep_looks(settings):
    assert settings.FILE_UPLOAD_TEMP_DIR.endswith(os.path.join("tmp", "uploads"))
    assert Path(settings.FILE_UPLOAD_TEMP_DIR).is_dir()
