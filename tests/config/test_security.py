"""Security settings that only show in a deployment: HTTPS redirect, headers, health probe."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https_except_the_health_probe():
    client = Client()
    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"
    assert client.get("/healthz").status_code == 200


def test_pages_carry_the_protective_headers(client):
    response = client.get("/accounts/login/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]
