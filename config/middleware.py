"""Protections for signed-in sessions on shared call-centre PCs.

- :class:`NoStoreMiddleware`: nothing a signed-in person sees is kept in the browser's or a
  proxy's cache (``Cache-Control: no-store``), so the next person at the PC cannot page back
  through it.
- :class:`IdleTimeoutMiddleware`: a session unused for ``SESSION_IDLE_TIMEOUT_SECONDS`` is
  ended; the next request goes to the login page with a message saying why.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers

LAST_SEEN_KEY = "siyalalela_last_seen"
# The last-seen stamp is written at most this often, not on every request (a session write
# each time would cost a database write per request).
_STAMP_EVERY_S = 60


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            limit = settings.SESSION_IDLE_TIMEOUT_SECONDS
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            if isinstance(last_seen, int) and now - last_seen > limit:
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {limit // 60} minutes without activity. "
                    "Sign in again to carry on.",
                )
                return redirect_to_login(request.get_full_path())
            if not isinstance(last_seen, int) or now - last_seen >= _STAMP_EVERY_S:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
