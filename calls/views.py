"""Call screens: list, upload, spreadsheet import, the call page, its recording and original text.

Every fetch starts from ``Call.objects.visible_to(user)``: a call outside the user's scope is a
404. A role that may see a call but not do the action gets 403.
"""

from __future__ import annotations

import mimetypes
import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from calls.hooks import call_page_links_for
from calls.models import Call
from calls.services.ingest import (
    CallMetadataForm,
    CallStateError,
    IngestError,
    SpreadsheetError,
    call_ingest,
    call_listen,
    call_retry_transcription,
    call_view_original,
    calls_import_spreadsheet,
)
from core.access import Role, role_required
from scoring.transcription import LANGUAGES_WHISPER_LACKS

CALL_LIST_ROLES = (
    Role.QA_OFFICER,
    Role.QA_MANAGER,
    Role.INVESTIGATOR,
    Role.INVESTIGATIONS_SUPERVISOR,
    Role.ADMINISTRATOR,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "audio/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class CallUploadForm(CallMetadataForm):
    recordings = MultipleFileField(
        label="Recordings", help_text="One or more audio files; the details below apply to all."
    )
    field_order = ["recordings"]


class SpreadsheetImportForm(forms.Form):
    spreadsheet = forms.FileField(
        help_text="CSV or XLSX with a file_name column and one row per recording",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    recordings = MultipleFileField(label="Recordings named in the spreadsheet")


def _visible_call(request, pk: int) -> Call:
    return get_object_or_404(Call.objects.visible_to(request.user).with_related(), pk=pk)


@role_required(*CALL_LIST_ROLES)
def call_list(request):
    calls = Call.objects.visible_to(request.user).for_list()
    state = request.GET.get("state", "")
    if state in Call.State.values:
        calls = calls.filter(state=state)
    if request.GET.get("flagged"):
        calls = calls.needing_listening()
    page = Paginator(calls, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "calls/call_list.html",
        {
            "page_obj": page,
            "query": query.urlencode(),
            "states": Call.State.choices,
            "state": state,
            "flagged": bool(request.GET.get("flagged")),
            "can_upload": request.user.has_perm("calls.add_call"),
            "can_see_numbers": request.user.has_perm("calls.view_caller_number"),
        },
    )


def call_upload(request):
    if not request.user.has_perm("calls.add_call"):
        raise PermissionDenied("Your role may not upload recordings.")
    form = CallUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        metadata = {k: v for k, v in request.POST.items() if k in CallMetadataForm.base_fields}
        created, duplicates, rejected = [], [], []
        for upload in form.cleaned_data["recordings"]:
            try:
                result = call_ingest(
                    file=upload,
                    original_name=upload.name,
                    source=Call.Source.UPLOAD,
                    metadata=metadata,
                    actor=request.user,
                    request=request,
                )
            except IngestError as exc:
                rejected.append(str(exc))
                continue
            (created if result.created else duplicates).append(result.call)
        if created:
            messages.success(request, f"{len(created)} recording(s) received; transcribing.")
        for call in duplicates:
            messages.info(request, f"{call.recording.original_name} was already here: {call}.")
        for reason in rejected:
            messages.error(request, f"Rejected: {reason}")
        if created and not rejected:
            return redirect("calls:call_list")
        if len(created) + len(duplicates) == 1 and not rejected:
            return redirect("calls:call_detail", pk=(created + duplicates)[0].pk)
        if not rejected:
            return redirect("calls:call_list")
    return render(
        request, "calls/call_upload.html", {"form": form}, status=400 if form.errors else 200
    )


def call_import(request):
    if not request.user.has_perm("calls.add_call"):
        raise PermissionDenied("Your role may not import recordings.")
    form = SpreadsheetImportForm(request.POST or None, request.FILES or None)
    errors: list[tuple[int, str]] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        sheet = form.cleaned_data["spreadsheet"]
        files = {f.name: f for f in form.cleaned_data["recordings"]}
        try:
            report = calls_import_spreadsheet(
                spreadsheet=sheet.read(),
                spreadsheet_name=sheet.name,
                files=files,
                actor=request.user,
                request=request,
            )
        except SpreadsheetError as exc:
            errors = exc.errors
            status = 400
        else:
            messages.success(
                request,
                f"Imported {len(report.created)} call(s); {len(report.duplicates)} duplicate(s).",
            )
            return redirect("calls:call_list")
    elif request.method == "POST":
        status = 400
    return render(
        request, "calls/call_import.html", {"form": form, "errors": errors}, status=status
    )


def call_detail(request, pk: int):
    call = _visible_call(request, pk)
    transcript = getattr(call, "transcript", None)
    metrics = getattr(call, "metrics", None)
    segments = transcript.redacted_segments if transcript else []
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "transcript": transcript,
            "segments": segments,
            "metrics": metrics,
            "showing_original": False,
            "can_see_numbers": request.user.has_perm("calls.view_caller_number"),
            "can_see_original": request.user.has_perm("calls.view_original_transcript"),
            "can_retry": request.user.has_perm("calls.change_call"),
            "page_links": call_page_links_for(call, request.user),
            "complaint_references": call.complaint_references(),
            "languages_whisper_lacks": LANGUAGES_WHISPER_LACKS,
        },
    )


def call_original(request, pk: int):
    """The transcript before redaction: a separate permission, and every view is audited."""
    call = _visible_call(request, pk)
    if not request.user.has_perm("calls.view_original_transcript"):
        raise PermissionDenied("Your role may not read transcripts before redaction.")
    transcript = getattr(call, "transcript", None)
    if transcript is None:
        messages.info(request, "This call has no transcript yet.")
        return redirect("calls:call_detail", pk=call.pk)
    call_view_original(call=call, actor=request.user, request=request)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "transcript": transcript,
            "segments": transcript.segments,
            "metrics": getattr(call, "metrics", None),
            "showing_original": True,
            "can_see_numbers": request.user.has_perm("calls.view_caller_number"),
            "can_see_original": True,
            "can_retry": request.user.has_perm("calls.change_call"),
            "page_links": call_page_links_for(call, request.user),
            "complaint_references": call.complaint_references(),
            "languages_whisper_lacks": LANGUAGES_WHISPER_LACKS,
        },
    )


@require_POST
def call_retry(request, pk: int):
    call = _visible_call(request, pk)
    if not request.user.has_perm("calls.change_call"):
        raise PermissionDenied("Your role may not retry transcriptions.")
    try:
        call_retry_transcription(call=call, actor=request.user, request=request)
    except CallStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Transcription queued again.")
    return redirect("calls:call_detail", pk=call.pk)


_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def call_recording(request, pk: int):
    """The audio file, answering HTTP Range requests so that browsers can seek. Fetching it is
    not a listen: browsers fetch metadata and buffer ahead on page load. The player reports
    playback itself (``call_listened``)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    call = _visible_call(request, pk)
    recording = call.recording
    size = recording.size_bytes
    content_type = (
        recording.content_type
        or mimetypes.guess_type(recording.original_name)[0]
        or "application/octet-stream"
    )
    header = request.headers.get("Range", "")
    match = _RANGE.match(header.strip()) if header else None
    if header and not match:
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = 0, size - 1
    if match:
        first, last = match.groups()
        if first == "" and last == "":
            return _unsatisfiable(size)
        if first == "":
            start = max(0, size - int(last))
        else:
            start = int(first)
            end = min(int(last), size - 1) if last else size - 1
        if start >= size or start > end:
            return _unsatisfiable(size)
    fh = recording.file.open("rb")
    fh.seek(start)
    length = end - start + 1
    if match:
        response = FileResponse(_limited(fh, length), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(fh, content_type=content_type)
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def call_listened(request, pk: int):
    """The audio player reports that playback started (static/js/listen.js, once per page
    view): that is the listen the audit trail records."""
    call = _visible_call(request, pk)
    call_listen(call=call, actor=request.user, request=request)
    return HttpResponse(status=204)


def _unsatisfiable(size: int) -> HttpResponse:
    response = HttpResponse(status=416)
    response["Content-Range"] = f"bytes */{size}"
    return response


def _limited(fh, length: int, chunk: int = 64 * 1024):
    try:
        remaining = length
        while remaining > 0:
            data = fh.read(min(chunk, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        fh.close()
