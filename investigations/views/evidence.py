from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from calls.access import may_see_original
from calls.models import Call
from calls.recordings import protect_recording_response, recording_media_type
from core.access import role_required
from investigations.forms import DocumentForm, NoteForm, ReasonForm
from investigations.models import Evidence
from investigations.services.evidence import (
    calls_search,
    evidence_add_document,
    evidence_add_note,
    evidence_call_open,
    evidence_document_open,
    evidence_link_call,
    evidence_remove,
)
from investigations.views.common import CASE_ROLES, case_for, error_text


def _back(case):
    """Back to the case page's Evidence tab."""
    return redirect(reverse("investigations:case_detail", args=[case.pk]) + "#evidence")


@role_required(*CASE_ROLES)
def call_search(request, pk):
    """The caller's calls (htmx partial on the case page, or a page of its own)."""
    case = case_for(request, pk, work=True)
    query = request.GET.get("q", "").strip()
    linked = set(case.evidence.present().exclude(call=None).values_list("call_id", flat=True))
    calls = calls_search(user=request.user, query=query) if query else []
    template = (
        "investigations/partials/call_results.html"
        if request.headers.get("HX-Request")
        else "investigations/call_search.html"
    )
    return render(
        request, template, {"case": case, "calls": calls, "query": query, "linked": linked}
    )


@require_POST
@role_required(*CASE_ROLES)
def call_link(request, pk):
    case = case_for(request, pk, work=True)
    call_id = request.POST.get("call", "").strip()
    if not call_id.isdigit() or len(call_id) > 18:
        messages.error(
            request,
            f"Choose a call from the search results: {call_id[:40]!r} is not a call number.",
        )
        return _back(case)
    call = get_object_or_404(Call.objects.visible_to(request.user), pk=int(call_id))
    try:
        evidence_link_call(case=case, actor=request.user, call=call, request=request)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"Call {call.pk} linked.")
    return _back(case)


@require_POST
@role_required(*CASE_ROLES)
def document_add(request, pk):
    case = case_for(request, pk, work=True)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a file to upload.")
        return _back(case)
    try:
        item = evidence_add_document(
            case=case, actor=request.user, uploaded=form.cleaned_data["file"], request=request
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, f"{item.original_name} stored (SHA-256 {item.document.sha256}).")
    return _back(case)


@require_POST
@role_required(*CASE_ROLES)
def note_add(request, pk):
    case = case_for(request, pk, work=True)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The note is empty.")
        return _back(case)
    try:
        evidence_add_note(
            case=case, actor=request.user, text=form.cleaned_data["text"], request=request
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "Note added.")
    return _back(case)


def _item(request, pk, item_pk, *, work=False) -> Evidence:
    case = case_for(request, pk, work=work)
    return get_object_or_404(
        Evidence.objects.select_related("case", "call", "document"), pk=item_pk, case=case
    )


@require_POST
@role_required(*CASE_ROLES)
def evidence_remove_view(request, pk, item_pk):
    item = _item(request, pk, item_pk, work=True)
    form = ReasonForm(request.POST)
    form.is_valid()
    try:
        evidence_remove(
            item=item,
            actor=request.user,
            reason=form.cleaned_data.get("reason", ""),
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "Evidence removed (kept on record with your reason).")
    return _back(item.case)


@role_required(*CASE_ROLES)
def call_transcript(request, pk, item_pk):
    """A linked call's transcript, opened in place on the case page; each opening is audited."""
    item = _item(request, pk, item_pk)
    if item.kind != Evidence.Kind.CALL:
        raise Http404
    transcript = getattr(item.call, "transcript", None)
    # In place, everyone reads the redacted text; the original is one click away on the call
    # page for roles with calls.view_original_transcript, where each view is its own audit event.
    segments = transcript.redacted_segments if transcript is not None else []
    evidence_call_open(item=item, user=request.user, what="transcript", request=request)
    return render(
        request,
        "investigations/partials/transcript.html",
        {
            "item": item,
            "segments": segments,
            "transcript": transcript,
            "can_see_original": may_see_original(request.user, item.call),
        },
    )


@role_required(*CASE_ROLES)
def call_recording(request, pk, item_pk):
    item = _item(request, pk, item_pk)
    if item.kind != Evidence.Kind.CALL:
        raise Http404
    evidence_call_open(item=item, user=request.user, what="recording", request=request)
    recording = item.call.recording
    media_type = recording_media_type(recording)
    response = FileResponse(recording.file.open("rb"), content_type=media_type)
    protect_recording_response(response, call_pk=item.call_id, media_type=media_type)
    return response


@role_required(*CASE_ROLES)
def document_open(request, pk, item_pk):
    item = _item(request, pk, item_pk)
    if item.kind != Evidence.Kind.DOCUMENT:
        raise Http404
    evidence_document_open(item=item, user=request.user, request=request)
    response = FileResponse(
        item.document.file.open("rb"),
        content_type=item.document.content_type,
        as_attachment=True,
        filename=item.original_name or item.document.sha256,
    )
    response["X-Content-SHA256"] = item.document.sha256
    return response
