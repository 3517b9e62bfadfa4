"""The production security headers on real responses beyond the public pages that
tests/config/test_deploy.py walks: a delegation's own pages, the 404 and 429 pages,
the JSON data export, a document download and the Stripe webhook's answer."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.config.test_deploy import (  # noqa: F401 - fixtures
    assert_security_headers,
    production_security,
    production_security_settings,
)

pytestmark = pytest.mark.django_db


def test_a_delegations_pages_carry_the_security_headers(client, production_security):  # noqa: F811
    from tests.bookings.factories import make_delegation
    from tests.bookings.test_views import confirmed_booking, journey_world

    organisation, contact = make_delegation()
    booking = confirmed_booking(
        journey_world()["departure"], organisation=organisation, contact=contact
    )
    client.force_login(contact)
    for url in (
        reverse("bookings:mine"),
        reverse("bookings:detail", args=[booking.reference]),
        reverse("accounts:delete"),
        reverse("accounts:data_export"),
    ):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_security_headers(response)
        assert "no-store" in response.get("Cache-Control", "") or url != reverse(
            "accounts:data_export"
        )


def test_error_pages_carry_the_security_headers(client, settings, production_security):  # noqa: F811
    response = client.get("/en/no-such-page/", secure=True)
    assert response.status_code == 404
    assert_security_headers(response)

    settings.RATE_LIMITS_ENABLED = True
    settings.PAAMAJA_RATE_LIMITS = {"login": "1/600"}
    client.post(reverse("account_login"), {"login": "a@b.example", "password": "x"}, secure=True)
    response = client.post(
        reverse("account_login"), {"login": "a@b.example", "password": "x"}, secure=True
    )
    assert response.status_code == 429
    assert_security_headers(response)


def test_the_webhook_answer_carries_the_security_headers(client, settings, production_security):  # noqa: F811
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test"
    response = client.post(
        reverse("stripe_webhook"), b"{}", content_type="application/json", secure=True
    )
    assert response.status_code == 400
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in response["Strict-Transport-Security"]
