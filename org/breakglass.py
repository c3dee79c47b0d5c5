"""Break-glass: the only superuser is an emergency account, made by a command and watched.

No day-to-day login is a superuser (the administrator role manages users, roles and
organisation data through ordinary permissions). When something only a superuser can do is
needed, an operator with shell access runs ``manage.py breakglass_create`` (audited, with a
reason), uses the account, and ends it with ``manage.py breakglass_close``. Every login of a
superuser and every request it makes is an audit event.
"""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from core.audit import audit_record


class BreakGlassError(ValueError):
    pass


@transaction.atomic
def breakglass_create(*, username: str, reason: str, email: str = "") -> tuple[object, str]:
    """Create (or re-open) the emergency superuser with a fresh random password. Returns the
    user and the password, which is shown once. Refuses an existing ordinary login."""
    reason = reason.strip()
    if len(reason) < 10:
        raise BreakGlassError("Say why the emergency account is needed (at least 10 characters).")
    User = get_user_model()
    password = secrets.token_urlsafe(24)
    user = User.objects.filter(username=username).first()
    if user is not None and not user.is_superuser:
        raise BreakGlassError(
            f"{username!r} is an ordinary login; choose a name of its own for the emergency "
            "account."
        )
    created = user is None
    if created:
        user = User(username=username, email=email)
    user.is_staff = user.is_superuser = user.is_active = True
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=None,
        action="breakglass.create" if created else "breakglass.reopen",
        obj=user,
        changes={"reason": reason},
    )
    return user, password


@transaction.atomic
def breakglass_close(*, username: str, reason: str = "") -> object:
    """Switch the emergency account off (inactive, unusable password); kept for history."""
    user = get_user_model().objects.filter(username=username, is_superuser=True).first()
    if user is None:
        raise BreakGlassError(f"There is no emergency account {username!r}.")
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit_record(actor=None, action="breakglass.close", obj=user, changes={"reason": reason})
    return user


def audit_superuser_login(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: a superuser's login is an audit event."""
    if getattr(user, "is_superuser", False):
        audit_record(actor=user, action="breakglass.login", obj=user, request=request)


class BreakGlassAuditMiddleware:
    """Every request a superuser makes is an audit event (method, path, status): the account
    is for emergencies only, so there are few, and each one is accounted for.

    An API request is authenticated by DRF inside the view, after this middleware's first
    half; DRF then sets ``user`` and ``auth`` on the underlying request, so the check runs on
    the way out and catches a key made for the emergency account too (``via``, key prefix)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "is_superuser", False) and user.is_authenticated:
            changes = {
                "method": request.method,
                "path": request.path[:300],
                "status": response.status_code,
                "via": "session",
            }
            key = getattr(request, "auth", None)
            if key is not None:
                changes["via"] = "api key"
                changes["key_prefix"] = getattr(key, "prefix", "")
            audit_record(
                actor=user,
                action="breakglass.request",
                obj=user,
                changes=changes,
                request=request,
            )
        return response
