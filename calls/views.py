"""Call screens: list, upload, spreadsheet import, the call page, its recording and original text.

Every fetch starts from ``Call.objects.visible_to(user)``: a call outside the user's scope is a
404. A role that may see a call but not do the action gets 403.
"""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.views.decorators.http import require_POST

from calls.access import (
    call_is_unredacted_for,
    may_see_numbers,
    may_see_original,
    require_unredacted,
)
from calls.forms import CallFilterForm
from calls.hooks import call_page_links_for, scored_call_ids
from calls.models import Call, Transcript, search_terms
from calls.recordings import protect_recording_response, recording_media_type
from calls.selectors import call_list_page
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
from core.task_leases import task_note
from org.models import Agent, Section
from scoring.language import LOW_WORD_PROBABILITY, language_name, segments_for_display
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
    """The browser upload: section and agent are pick lists (by name) of the same keys the
    other ways in give as text (section slug, agent username)."""

    recordings = MultipleFileField(
        label="Recordings", help_text="One or more audio files; the details below apply to all."
    )
    section = forms.ChoiceField(required=False)
    agent = forms.ChoiceField(required=False, help_text="Whose call it is, if known.")
    field_order = ["recordings"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "Not known")] + [
            (s.slug, s.name) for s in Section.objects.order_by("name")
        ]
        self.fields["agent"].choices = [("", "Not known")] + [
            (a.user.username, f"{a.full_name} ({a.employee_number})")
            for a in Agent.objects.with_people().order_by("user__last_name", "user__first_name")
        ]


class SpreadsheetImportForm(forms.Form):
    spreadsheet = forms.FileField(
        help_text="CSV or XLSX with a file_name column and one row per recording",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    recordings = MultipleFileField(label="Recordings named in the spreadsheet")


def _visible_call(request, pk: int) -> Call:
    return get_object_or_404(Call.objects.visible_to(request.user).with_related(), pk=pk)


def _hits(call, terms: list[str], segments: list[dict], limit: int = 3) -> list[dict]:
    """The transcript lines of ``call`` holding the searched words, with the words marked
    (escaped text, ``<mark>`` around each hit) and the second to play from."""
    if not terms:
        return []
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\b", re.IGNORECASE)
    hits = []
    for seg in segments:
        text = seg.get("text", "")
        if not pattern.search(text):
            continue
        parts, last = [], 0
        for m in pattern.finditer(text):
            parts.append(escape(text[last : m.start()]))
            parts.append(format_html("<mark>{}</mark>", m.group(0)))
            last = m.end()
        parts.append(escape(text[last:]))
        # Every part is escaped text or a format_html <mark>: format_html keeps them as they are.
        hits.append({"start": seg.get("start", 0), "html": format_html("{}" * len(parts), *parts)})
        if len(hits) >= limit:
            break
    return hits


@role_required(*CALL_LIST_ROLES)
def call_list(request):
    form = CallFilterForm(request.GET or None, user=request.user)
    calls = form.filter(Call.objects.visible_to(request.user))
    page = call_list_page(calls, request.GET.get("page"))
    terms = search_terms(form.cleaned_data.get("q", "")) if form.is_bound else []
    if terms:
        rows = list(page.object_list)
        transcripts = {
            t.call_id: t for t in Transcript.objects.filter(call__in=[c.pk for c in rows])
        }
        for call in rows:
            transcript = transcripts.get(call.pk)
            call.hits = _hits(call, terms, _readable_segments(transcript, request.user))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "calls/call_list.html",
        {
            "page_obj": page,
            "form": form,
            "searching": bool(terms),
            "query": query.urlencode(),
            "can_upload": request.user.has_perm("calls.add_call"),
            "can_see_numbers": may_see_numbers(request.user),
        },
    )


def _readable_segments(transcript, user) -> list[dict]:
    """The segments the call page shows (redacted), the text the search index holds."""
    if transcript is None:
        return []
    return transcript.redacted_segments or transcript.segments or []


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
        received = [c.pk for c in created + duplicates]
        if not rejected:
            ids = ",".join(str(pk) for pk in received)
            return redirect(f"{reverse('calls:call_upload')}?received={ids}")
        form = CallUploadForm()
        status = 400
    else:
        received = _ids(request.GET.get("received", ""))
        status = 400 if form.errors else 200
    calls = list(
        Call.objects.visible_to(request.user).with_related().filter(pk__in=received).order_by("pk")
    )
    return render(
        request,
        "calls/call_upload.html",
        {"form": form, "received": [(c, call_progress(c, None)) for c in calls]},
        status=status,
    )


def _ids(text: str, limit: int = 100) -> list[int]:
    return [int(v) for v in text.split(",") if v.strip().isdigit()][:limit]


def call_progress(call, scored: set[int] | None) -> dict:
    """Where a call is on its way in, in words: received -> transcribing -> scored (or failed,
    with the reason). ``scored`` is from ``scored_call_ids``; None when nothing scores calls."""
    step = {"id": call.pk, "state": call.state, "done": False, "detail": ""}
    if call.state == Call.State.FAILED:
        return step | {"label": "Failed", "done": True, "detail": call.failure_reason}
    if call.state == Call.State.RECEIVED:
        return step | {"label": "Received, waiting to be transcribed"}
    if call.state == Call.State.TRANSCRIBING:
        return step | {"label": "Transcribing"}
    if call.needs_listening:
        return step | {
            "label": "Transcribed; needs listening (not auto-scored)",
            "done": True,
        }
    if scored is None:
        return step | {"label": "Transcribed", "done": True}
    if call.pk in scored:
        return step | {"label": "Transcribed and auto-scored", "done": True}
    return step | {"label": "Transcribed, auto-scoring"}


@role_required(*CALL_LIST_ROLES)
def call_progress_json(request):
    """``?ids=1,2,3`` -> ``{"calls": [{"id", "state", "label", "done", "detail"}]}`` for the
    calls the user may see (at most 100): what the upload page and the calls list poll."""
    calls = list(
        Call.objects.visible_to(request.user).filter(pk__in=_ids(request.GET.get("ids", "")))
    )
    scored = scored_call_ids([c.pk for c in calls if c.state == Call.State.TRANSCRIBED])
    return JsonResponse({"calls": [call_progress(c, scored) for c in calls]})


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


def _call_page(request, call, *, original: bool):
    """The call page, with the redacted text or (``original``) the text before redaction."""
    transcript = getattr(call, "transcript", None)
    stored = (
        (transcript.segments if original else transcript.redacted_segments) if transcript else []
    )
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": call,
            "transcript": transcript,
            "segments": segments_for_display(stored),
            "metrics": getattr(call, "metrics", None),
            "showing_original": original,
            "can_see_numbers": may_see_numbers(request.user, call),
            "can_see_original": original or may_see_original(request.user, call),
            "can_listen": original or call_is_unredacted_for(request.user, call),
            "can_retry": request.user.has_perm("calls.change_call"),
            "transcription_note": call.transcription_note(),
            # The auto-score task by its path (autoscoring is the layer above: no import).
            "autoscore_note": task_note("autoscoring.tasks.autoscore_call", call.pk),
            "page_links": call_page_links_for(call, request.user),
            "complaint_references": call.complaint_references(),
            "languages_whisper_lacks": LANGUAGES_WHISPER_LACKS,
            "language_label": language_name(transcript.language) if transcript else "",
            "low_word_probability": LOW_WORD_PROBABILITY,
        },
    )


def call_detail(request, pk: int):
    return _call_page(request, _visible_call(request, pk), original=False)


def call_original(request, pk: int):
    """The transcript before redaction: a separate permission, and every view is audited."""
    call = _visible_call(request, pk)
    if not request.user.has_perm("calls.view_original_transcript"):
        raise PermissionDenied("Your role may not read transcripts before redaction.")
    require_unredacted(request.user, call, "original text")
    transcript = getattr(call, "transcript", None)
    if transcript is None:
        messages.info(request, "This call has no transcript yet.")
        return redirect("calls:call_detail", pk=call.pk)
    call_view_original(call=call, actor=request.user, request=request)
    return _call_page(request, call, original=True)


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
    require_unredacted(request.user, call, "recording")
    recording = call.recording
    size = recording.size_bytes
    content_type = recording_media_type(recording)
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
    protect_recording_response(response, call_pk=call.pk, media_type=content_type)
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
