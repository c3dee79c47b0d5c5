"""Per-call checks of what a user may read unredacted: the original transcript, the audio and
the full caller number. The scope is one query, ``Call.objects.unredacted_for(user)``; these
add the permission each kind of reading needs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


def call_is_unredacted_for(user, call) -> bool:
    from calls.models import Call

    return Call.objects.unredacted_for(user).filter(pk=call.pk).exists()


def may_see_numbers(user, call=None) -> bool:
    """Full caller numbers: the permission, and (for one call) the call in the user's
    unredacted scope. For a list (``call`` None) an investigator sees them all masked."""
    from core.access import Role, user_roles

    if not user.has_perm("calls.view_caller_number"):
        return False
    if call is None:
        return not (user_roles(user) & {Role.INVESTIGATOR, Role.ADMINISTRATOR})
    return call_is_unredacted_for(user, call)


def may_see_original(user, call) -> bool:
    return user.has_perm("calls.view_original_transcript") and call_is_unredacted_for(user, call)


def require_unredacted(user, call, what: str) -> None:
    """403 for a call the user may see only redacted."""
    if not call_is_unredacted_for(user, call):
        raise PermissionDenied(
            f"Your role may not open the {what} of this call (investigators: only calls linked "
            "to their own cases)."
        )
