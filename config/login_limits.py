"""Login throttling by address across usernames (password spraying), on top of django-axes'
lock of one username at one address.

Axes locks when the failure count it computes reaches ``AXES_FAILURE_LIMIT``. This handler
reports the larger of axes' own count and the address-wide count scaled to that limit, so an
address is locked for everyone after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures on any usernames
within the cool-off time (one query more per login attempt).
"""

from __future__ import annotations

import math

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone


def address_failures(ip_address: str | None) -> int:
    """Failed logins from ``ip_address`` on any username within the cool-off time."""
    if not ip_address:
        return 0
    since = timezone.now() - get_cool_off()
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


class AddressLimitHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        own = super().get_failures(request, credentials)
        user_limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
        failures = address_failures(getattr(request, "axes_ip_address", None))
        if failures >= address_limit:
            return max(own, user_limit)
        # Below the address limit, never report a lock the per-user rule would not give.
        return max(own, min(user_limit - 1, math.floor(failures * user_limit / address_limit)))
