"""API keys stored hashed, and the DRF authentication that checks them.

Clients keep sending ``Authorization: Token <key>``; the server looks the key up by its
SHA-256. A key is 40 random hex characters (160 bits), so a fast hash is enough: there is
nothing to brute-force that a slow hash would protect."""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def token_generate() -> str:
    return secrets.token_hex(20)


class HashedTokenAuthentication(TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        from org.models import ApiToken

        token = (
            ApiToken.objects.active()
            .select_related("user")
            .filter(key_hash=token_hash(key))
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid token.")
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed("User inactive or deleted.")
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
            # At most one write per five minutes per key.
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        return (token.user, token)
