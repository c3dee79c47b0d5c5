"""View guards. Permission scoping of data is a query (``visible_to``); these only check the
role may use a screen at all: a logged-in user without the role gets 403."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied

from org.roles import user_has_role


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_has_role(request.user, *roles):
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin:
    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not user_has_role(request.user, *self.allowed_roles):
            raise PermissionDenied("Your role does not give access to this page.")
        return super().dispatch(request, *args, **kwargs)
