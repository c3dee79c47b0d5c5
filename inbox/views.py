"""The inbox: a person's own notifications (nobody else's, whatever their role) and their
e-mail choices."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.access import user_has_role
from inbox.kinds import kinds_for
from inbox.models import InboxSettings, Notification
from inbox.services import (
    DIGEST_ROLES,
    inbox_settings_save,
    notification_read,
    notifications_read_all,
)


def inbox_list(request):
    mine = Notification.objects.for_user(request.user)
    show = request.GET.get("show", "")
    if show == "unread":
        mine = mine.unread()
    page = Paginator(mine, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inbox/list.html",
        {"page": page, "show": show, "query": f"show={show}" if show else ""},
    )


@require_POST
def notification_open(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notification_read(actor=request.user, notification=notification)
    target = notification.link
    if not target or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("inbox:list")
    return redirect(target)


@require_POST
def read_all(request):
    n = notifications_read_all(actor=request.user)
    messages.success(request, f"{n} notification(s) marked read.")
    return redirect("inbox:list")


def inbox_settings(request):
    prefs = InboxSettings.objects.filter(user=request.user).first() or InboxSettings(
        user=request.user
    )
    kinds = kinds_for(request.user)
    may_digest = user_has_role(request.user, *DIGEST_ROLES)
    if request.method == "POST":
        try:
            inbox_settings_save(
                actor=request.user,
                email=request.POST.get("email") == "on",
                emailed_kinds=request.POST.getlist("kinds"),
                digest=request.POST.get("digest") == "on",
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, "Your e-mail choices are saved.")
            return redirect("inbox:settings")
    return render(
        request,
        "inbox/settings.html",
        {
            "prefs": prefs,
            "kinds": [(k, k.code not in prefs.muted_kinds) for k in kinds],
            "may_digest": may_digest,
            "has_address": bool(request.user.email),
        },
    )
