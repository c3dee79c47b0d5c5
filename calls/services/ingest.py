"""Calls in: the one place that ingests recordings, and the other writes on a call.

Every way in (browser upload, ingest folder command, telephony API, metadata spreadsheet) calls
``call_ingest``, which queues the transcription task (``calls.services.transcription``).
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q

from audit.services import audit_record
from calls.models import Call, Recording
from calls.services.queue import enqueue_transcription
from core.files import file_store_once
from org.models import Agent, Section
from org.resources import ImportFileError, dataset_read_upload
from scoring import audio_types
from scoring.audio import AudioError, probe_audio

logger = logging.getLogger(__name__)

AUDIO_EXTENSIONS = audio_types.AUDIO_EXTENSIONS


class IngestError(ValueError):
    """A recording or its metadata was refused; nothing was stored. The message says why."""


class CallStateError(ValueError):
    """The call is not in a state that allows this action."""


class CallMetadataForm(forms.Form):
    """The metadata of one call, the same for every way in."""

    # In the browser, the date-and-time picker (it posts 2026-11-23T09:14, local time); the
    # spreadsheet, API and folder ways in give ISO text, which the same field reads.
    started_at = forms.DateTimeField(
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    direction = forms.ChoiceField(choices=Call.Direction.choices, required=False)
    section = forms.CharField(required=False, help_text="Section slug, e.g. inbound")
    agent = forms.CharField(required=False, help_text="Agent's username or employee number")
    caller_number = forms.CharField(required=False, max_length=32)
    ims_reference = forms.CharField(required=False, max_length=40, label="IMS reference")
    account_number = forms.CharField(required=False, max_length=40)
    channel_layout = forms.ChoiceField(
        choices=[("auto", "Detect from the file"), *Call.ChannelLayout.choices], required=False
    )

    def clean_section(self):
        slug = (self.cleaned_data.get("section") or "").strip()
        if not slug:
            return None
        try:
            return Section.objects.get(slug=slug)
        except Section.DoesNotExist:
            raise ValidationError(f"unknown section {slug!r}") from None

    def clean_agent(self):
        key = (self.cleaned_data.get("agent") or "").strip()
        if not key:
            return None
        agent = (
            Agent.objects.select_related("user", "section")
            .filter(Q(employee_number=key) | Q(user__username=key))
            .first()
        )
        if agent is None:
            raise ValidationError(f"no agent with username or employee number {key!r}")
        return agent

    def clean_caller_number(self):
        return "".join(ch for ch in self.cleaned_data.get("caller_number") or "" if ch != " ")


def metadata_errors(form: forms.Form) -> str:
    return "; ".join(
        f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in form.errors.items()
    )


def clean_metadata(data: dict | None) -> dict:
    """Validated metadata (model instances for section and agent); IngestError when invalid."""
    form = CallMetadataForm(data={k: v for k, v in (data or {}).items() if v is not None})
    if not form.is_valid():
        raise IngestError(metadata_errors(form))
    return form.cleaned_data


@dataclass
class IngestResult:
    call: Call
    created: bool  # False: the recording was already here (a duplicate); nothing new stored


def _sha256(fh: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    fh.seek(0)
    for chunk in iter(lambda: fh.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    fh.seek(0)
    return digest.hexdigest(), size


def call_ingest(
    *,
    file: File | IO[bytes],
    original_name: str,
    source: str,
    metadata: dict | None = None,
    actor=None,
    request=None,
) -> IngestResult:
    """Store a recording once under its SHA-256 and create its call in state ``received``; the
    transcription task is queued when the transaction commits.

    A file already stored returns the existing call (``created`` False) and stores nothing. A
    file that is not audio, holds no sound, is too long or too big, or metadata that is invalid
    raises IngestError and changes nothing. Cost: one read of the file for the hash plus a header
    probe; the file is decoded only by the task."""
    if source not in Call.Source.values:
        raise IngestError(f"unknown source {source!r}")
    name = Path(original_name or "recording").name
    try:
        audio_types.check_upload_name(name, getattr(file, "content_type", None))
    except audio_types.NotAudioNameError as exc:
        raise IngestError(str(exc)) from exc
    cleaned = clean_metadata(metadata)
    fh = file.file if isinstance(file, File) and hasattr(file, "file") else file
    sha, size = _sha256(fh)
    _check_size(name, size)
    existing = Call.objects.filter(recording__sha256=sha).order_by("pk").first()
    if existing is not None:
        return IngestResult(call=existing, created=False)
    try:
        info = probe_audio(fh, max_duration_s=settings.TRANSCRIPTION["max_duration_s"])
    except AudioError as exc:
        message = str(exc).replace("the upload", name, 1)
        raise IngestError(message) from exc
    finally:
        fh.seek(0)

    layout = cleaned.get("channel_layout") or "auto"
    if layout == "auto":
        layout = Call.ChannelLayout.STEREO if info.channels == 2 else Call.ChannelLayout.MONO
    agent = cleaned.get("agent")
    section = cleaned.get("section") or (agent.section if agent else None)
    with transaction.atomic():
        recording = _recording_store(fh, name=name, sha=sha, size=size, container=info.container)
        call = Call(
            recording=recording,
            started_at=cleaned.get("started_at"),
            duration_s=round(info.duration_s, 2) if info.duration_s else None,
            direction=cleaned.get("direction") or Call.Direction.INBOUND,
            section=section,
            agent=agent,
            caller_number=cleaned.get("caller_number") or "",
            ims_reference=cleaned.get("ims_reference") or "",
            account_number=cleaned.get("account_number") or "",
            channel_layout=layout,
            source=source,
            state=Call.State.RECEIVED,
        )
        call.full_clean()
        call.save()
        audit_record(
            actor=actor,
            action="call.ingest",
            obj=call,
            changes={
                "state": {"old": None, "new": Call.State.RECEIVED},
                "source": source,
                "sha256": sha,
                "file_name": name,
            },
            request=request,
        )
        enqueue_transcription(call)
    return IngestResult(call=call, created=True)


def _check_size(name: str, size: int) -> None:
    if size == 0:
        raise IngestError(f"{name}: the file is empty (0 bytes)")
    if size > settings.MAX_RECORDING_MB * 1024 * 1024:
        raise IngestError(
            f"{name}: {size / 1024 / 1024:.0f} MB is larger than the limit of "
            f"{settings.MAX_RECORDING_MB} MB"
        )


def _recording_store(fh: IO[bytes], *, name: str, sha: str, size: int, container: str) -> Recording:
    """The recording stored under ``sha``: the existing row, else a new one whose file is
    written once under its content address (inside the caller's transaction)."""
    recording = Recording.objects.filter(sha256=sha).first()
    if recording is not None:
        return recording
    recording = Recording(
        sha256=sha,
        size_bytes=size,
        content_type=audio_types.served_type(container),
        original_name=name,
    )
    suffix = Path(name).suffix.lower() or ".audio"
    file_store_once(
        recording.file, filename=f"{sha[:2]}/{sha}{suffix}", size=size, content=File(fh)
    )
    recording.full_clean()
    recording.save()
    return recording


def call_retry_transcription(*, call: Call, actor=None, request=None) -> Call:
    """Queue a call's transcription again: after a failure, or a call stuck in the queue or
    held by a worker whose lease ran out. Refused for a transcribed call, and for one a live
    worker is transcribing right now."""
    from calls.services.leases import calls_stuck

    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.state == Call.State.TRANSCRIBED:
            raise CallStateError("This call is already transcribed.")
        if call.state == Call.State.TRANSCRIBING and not calls_stuck().filter(pk=call.pk).exists():
            raise CallStateError(
                "A worker is transcribing this call right now; wait for it to finish."
            )
        previous = call.state
        call.state = Call.State.RECEIVED
        call.failure_reason = ""
        call.transcription_worker = ""
        call.transcription_lease_until = None
        call.transcription_attempts = 0
        call.full_clean()
        call.save(
            update_fields=[
                "state",
                "failure_reason",
                "transcription_worker",
                "transcription_lease_until",
                "transcription_attempts",
            ]
        )
        audit_record(
            actor=actor,
            action="call.retry",
            obj=call,
            changes={"state": {"old": previous, "new": Call.State.RECEIVED}},
            request=request,
        )
        enqueue_transcription(call)
    return call


def call_listen(*, call: Call, actor, request=None) -> None:
    """Record that someone started playing a call's recording (the player reports it; fetching
    the file is not a listen)."""
    with transaction.atomic():
        audit_record(actor=actor, action="call.listen", obj=call, request=request)


def call_view_original(*, call: Call, actor, request=None) -> None:
    """Record that someone read a call's transcript before redaction."""
    with transaction.atomic():
        audit_record(actor=actor, action="call.view_original", obj=call, request=request)


# Metadata spreadsheets

SPREADSHEET_COLUMNS = (
    "file_name",
    "started_at",
    "direction",
    "section",
    "agent",
    "caller_number",
    "ims_reference",
    "account_number",
    "channel_layout",
)


class SpreadsheetError(ValueError):
    """A metadata spreadsheet was rejected as a whole; ``errors`` lists (row number, reason)."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        lines = "; ".join(f"row {row}: {reason}" for row, reason in errors)
        super().__init__(f"The spreadsheet was not imported: {lines}")


def read_metadata_spreadsheet(content: bytes, file_name: str) -> list[tuple[int, dict]]:
    """Rows of a CSV or XLSX call-metadata file as (spreadsheet row number, values); the header
    is row 1. Read by org's spreadsheet reader, as the people and case imports are. Raises
    SpreadsheetError."""
    try:
        dataset = dataset_read_upload(file_name, content)
    except ImportFileError as exc:
        raise SpreadsheetError([(0, str(exc))]) from None
    headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
    if "file_name" not in headers:
        raise SpreadsheetError([(1, "the header row has no 'file_name' column")])
    unknown = [h for h in headers if h and h not in SPREADSHEET_COLUMNS]
    if unknown:
        raise SpreadsheetError([(1, f"unknown column(s): {', '.join(unknown)}")])
    rows = []
    for index, raw in enumerate(dataset, start=2):
        values = {
            h: ("" if v is None else str(v).strip())
            for h, v in zip(headers, raw, strict=False)
            if h
        }
        if any(values.values()):
            rows.append((index, values))
    if not rows:
        raise SpreadsheetError([(2, "the spreadsheet has no rows")])
    return rows


def validate_metadata_rows(rows: list[tuple[int, dict]], available: set[str]) -> dict[str, dict]:
    """Check every row (file present, metadata valid, no file twice); all errors at once."""
    errors: list[tuple[int, str]] = []
    by_file: dict[str, dict] = {}
    for number, values in rows:
        name = Path(values.get("file_name", "")).name
        meta = {k: v for k, v in values.items() if k != "file_name" and v != ""}
        if not name:
            errors.append((number, "file_name is empty"))
            continue
        if name in by_file:
            errors.append((number, f"{name} appears more than once"))
        if name not in available:
            errors.append((number, f"no recording named {name}"))
        form = CallMetadataForm(data=meta)
        if not form.is_valid():
            errors.append((number, metadata_errors(form)))
        by_file[name] = meta
    if errors:
        raise SpreadsheetError(errors)
    return by_file


@dataclass
class ImportReport:
    created: list[Call] = field(default_factory=list)
    duplicates: list[Call] = field(default_factory=list)


def calls_import_spreadsheet(
    *,
    spreadsheet: bytes,
    spreadsheet_name: str,
    files: dict[str, File | IO[bytes]],
    actor=None,
    request=None,
) -> ImportReport:
    """Ingest the recordings listed in a metadata spreadsheet, matched by file name.

    All or nothing: any bad row (unknown file, invalid metadata, a recording that is not audio)
    rejects the whole spreadsheet with every row number and reason, and nothing is stored."""
    rows = read_metadata_spreadsheet(spreadsheet, spreadsheet_name)
    by_file = validate_metadata_rows(rows, {Path(n).name for n in files})
    row_of = {Path(values["file_name"]).name: number for number, values in rows}
    report = ImportReport()
    errors: list[tuple[int, str]] = []
    with transaction.atomic():
        for name, meta in by_file.items():
            try:
                result = call_ingest(
                    file=files[name],
                    original_name=name,
                    source=Call.Source.SPREADSHEET,
                    metadata=meta,
                    actor=actor,
                    request=request,
                )
            except IngestError as exc:
                errors.append((row_of[name], str(exc)))
                continue
            (report.created if result.created else report.duplicates).append(result.call)
        if errors:
            transaction.set_rollback(True)
    if errors:
        # The rows are gone with the rollback; the files written for them must go too.
        for call in report.created:
            if not Recording.objects.filter(sha256=call.recording.sha256).exists():
                call.recording.file.storage.delete(call.recording.file.name)
        raise SpreadsheetError(sorted(errors))
    return report


def user_for_system(username: str | None):
    """The user a command acts as (audit actor), or None for the system."""
    if not username:
        return None
    if "\x00" in username:  # PostgreSQL refuses NUL in a query: no user has one
        raise ValidationError(f"There is no active user named {username!r}.")
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError(f"There is no active user named {username!r}.")
    return user
