"""E-mail intake pages: upload a message, the drafts waiting, confirm / join / discard a draft,
the table of known office addresses."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.access import Role, role_required
from correspondence.forms import DiscardForm, DraftConfirmForm, MailUploadForm, OfficeAddressForm
from correspondence.models import MailMessage, OfficeAddress
from correspondence.parsing import MailError, ims_numbers
from correspondence.services.intake import (
    mail_draft_confirm,
    mail_draft_discard,
    mail_draft_join,
    mail_receive,
)
from correspondence.services.offices import office_address_add, office_address_remove
from investigations.views.common import CASE_ROLES, error_text

OFFICE_ROLES = (Role.INVESTIGATIONS_SUPERVISOR, Role.ADMINISTRATOR)


@role_required(*CASE_ROLES)
def mail_inbox(request):
    """Upload a message; the drafts waiting for confirmation; the messages taken in lately."""
    form = MailUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["message"]
        limit = settings.CORRESPONDENCE_MAX_MESSAGE_MB * 1024 * 1024
        try:
            if upload.size > limit:  # refused before it is read into memory
                raise MailError(
                    f"The message is {upload.size / 1048576:.1f} MB; the largest accepted is "
                    f"{settings.CORRESPONDENCE_MAX_MESSAGE_MB} MB."
                )
            message = mail_receive(
                raw=upload.read(),
                via=MailMessage.Via.UPLOAD,
                actor=request.user,
                name=upload.name,
                request=request,
            )
        except ValidationError as exc:
            form.add_error("message", error_text(exc) + " Nothing was taken in.")
        else:
            if message.state == MailMessage.State.JOINED:
                messages.success(
                    request, f"The e-mail joined {message.case.reference}: {message.note}."
                )
                return redirect("investigations:case_detail", pk=message.case_id)
            messages.success(request, "The e-mail is a draft case: check it and confirm.")
            return redirect("correspondence:mail_draft", pk=message.pk)
    visible = MailMessage.objects.visible_to(request.user).select_related("case", "office")
    return render(
        request,
        "correspondence/mail_inbox.html",
        {
            "form": form,
            "drafts": visible.drafts(),
            "recent": visible.exclude(state=MailMessage.State.DRAFT)[:25],
        },
    )


def _draft_initial(message: MailMessage) -> dict:
    description = f"{message.subject}\n\n{message.body_text}".strip() if message.subject else ""
    return {
        "source": message.source_guess,
        "complainant_email": "" if message.office_id else message.sender,
        "complainant_name": "" if message.office_id else message.sender_name,
        "description": description or message.body_text,
        "ims_references": ", ".join(ims_numbers(f"{message.subject}\n{message.body_text}")),
    }


def _message_for(request, pk) -> MailMessage:
    return get_object_or_404(
        MailMessage.objects.visible_to(request.user).select_related("case", "office"), pk=pk
    )


@role_required(*CASE_ROLES)
def mail_draft(request, pk, form=None, discard_form=None):
    message = _message_for(request, pk)
    return render(
        request,
        "correspondence/mail_draft.html",
        {
            "message": message,
            "form": form or DraftConfirmForm(initial=_draft_initial(message)),
            "discard_form": discard_form or DiscardForm(),
            "is_draft": message.state == MailMessage.State.DRAFT,
        },
    )


@require_POST
@role_required(*CASE_ROLES)
def mail_confirm(request, pk):
    message = _message_for(request, pk)
    form = DraftConfirmForm(request.POST)
    if not form.is_valid():
        return mail_draft(request, pk, form=form)
    try:
        case = mail_draft_confirm(
            message=message, actor=request.user, request=request, **form.cleaned_data
        )
    except ValidationError as exc:
        form.add_error(None, error_text(exc))
        return mail_draft(request, pk, form=form)
    messages.success(request, f"Case {case.reference} opened from the e-mail.")
    return redirect("investigations:case_detail", pk=case.pk)


@require_POST
@role_required(*CASE_ROLES)
def mail_join(request, pk):
    message = _message_for(request, pk)
    try:
        message = mail_draft_join(message=message, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("correspondence:mail_draft", pk=pk)
    messages.success(request, f"The e-mail joined {message.case.reference}.")
    return redirect("investigations:case_detail", pk=message.case_id)


@require_POST
@role_required(*CASE_ROLES)
def mail_discard(request, pk):
    message = _message_for(request, pk)
    form = DiscardForm(request.POST)
    if not form.is_valid():
        return mail_draft(request, pk, discard_form=form)
    try:
        mail_draft_discard(
            message=message, actor=request.user, reason=form.cleaned_data["reason"], request=request
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("correspondence:mail_draft", pk=pk)
    messages.success(request, "Draft discarded.")
    return redirect("correspondence:mail_inbox")


@role_required(*OFFICE_ROLES)
def office_addresses(request):
    form = OfficeAddressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = office_address_add(actor=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, f"{item.pattern} added.")
            return redirect("correspondence:office_addresses")
    return render(
        request,
        "correspondence/office_addresses.html",
        {"form": form, "offices": OfficeAddress.objects.all()},
    )


@require_POST
@role_required(*OFFICE_ROLES)
def office_address_delete(request, pk):
    item = get_object_or_404(OfficeAddress, pk=pk)
    office_address_remove(actor=request.user, item=item, request=request)
    messages.success(request, f"{item.pattern} removed.")
    return redirect("correspondence:office_addresses")
