"""Login, sign-up, password reset, booking creation and the enquiry forms are rate-limited:
past the limit a POST gets 429 with a page that says so, and the request changes nothing."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from accounts.models import User
from bookings.models import Booking
from tests.bookings.factories import make_delegation, make_departure

pytestmark = pytest.mark.django_db

LIMIT = 3


@pytest.fixture(autouse=True)
def limits_on(settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.PAAMAJA_RATE_LIMITS = {
        scope: f"{LIMIT}/600"
        for scope in ("login", "signup", "password_reset", "booking", "enquiry")
    }


def assert_limited(response):
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many attempts" in html
    assert "Please try again in" in html
    assert "Nothing you entered was saved" in html
    assert 0 < int(response["Retry-After"]) <= 600


def test_login_is_limited_per_address(client):
    User.objects.create_user(email="someone@ministry.example", password="Kettu-Järvi-42")
    for _ in range(LIMIT):
        response = client.post(
            reverse("account_login"), {"login": "someone@ministry.example", "password": "wrong"}
        )
        assert response.status_code == 200  # the form again, with its error
    assert_limited(
        client.post(
            reverse("account_login"),
            {"login": "someone@ministry.example", "password": "Kettu-Järvi-42"},
        )
    )
    # Another address is not held back by this one; reading the form is never limited.
    response = client.post(
        reverse("account_login"),
        {"login": "someone@ministry.example", "password": "Kettu-Järvi-42"},
        REMOTE_ADDR="192.0.2.44",
    )
    assert response.status_code == 302
    assert client.get(reverse("account_login")).status_code == 200


def test_sign_up_is_limited_and_the_limited_request_creates_no_account(client):
    for n in range(LIMIT):
        client.post(
            reverse("account_signup"),
            {
                "email": f"new{n}@ministry.example",
                "password1": "Kettu-Järvi-42",
                "password2": "Kettu-Järvi-42",
            },
        )
        client.logout()
    assert User.objects.count() == LIMIT
    response = client.post(
        reverse("account_signup"),
        {
            "email": "one-too-many@ministry.example",
            "password1": "Kettu-Järvi-42",
            "password2": "Kettu-Järvi-42",
        },
    )
    assert_limited(response)
    assert not User.objects.filter(email="one-too-many@ministry.example").exists()


def test_password_reset_is_limited_and_sends_nothing_more(client, mailoutbox):
    User.objects.create_user(email="someone@ministry.example", password="Kettu-Järvi-42")
    for _ in range(LIMIT):
        client.post(reverse("account_reset_password"), {"email": "someone@ministry.example"})
    sent = len(mailoutbox)
    assert_limited(
        client.post(reverse("account_reset_password"), {"email": "someone@ministry.example"})
    )
    assert len(mailoutbox) == sent


def test_booking_creation_is_limited_per_user_too(client):
    departure = make_departure(seats=200)
    _, user = make_delegation()
    client.force_login(user)
    url = reverse("bookings:start", args=[departure.pk])
    for n in range(LIMIT):
        # A new address each time: the user's own count still catches up with them.
        response = client.post(url, {"participants_count": 2}, REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert response.status_code == 302, response.status_code
    assert Booking.objects.count() == LIMIT
    assert_limited(client.post(url, {"participants_count": 2}, REMOTE_ADDR="192.0.2.99"))
    assert Booking.objects.count() == LIMIT


def test_enquiry_form_is_limited(client):
    from tests.programmes.factories import build_catalogue

    catalogue = build_catalogue(translate=False)
    url = catalogue.enquiry.url
    data = {"organisation": "Ministry", "email": "d@ministry.example", "group_size": "14"}
    for _ in range(LIMIT):
        assert client.post(url, data).status_code == 200
    assert FormSubmission.objects.count() == LIMIT
    assert_limited(client.post(url, data))
    assert FormSubmission.objects.count() == LIMIT
    assert client.get(url).status_code == 200


def test_tailored_request_is_limited(client):
    _, user = make_delegation()
    client.force_login(user)
    url = reverse("bookings:tailored_request")
    for _ in range(LIMIT):
        assert client.post(url, {}).status_code != 429
    assert_limited(client.post(url, {}))


def test_a_cache_outage_lets_requests_through(client):
    """The counter lives in Redis; if Redis is down, people can still log in."""
    User.objects.create_user(email="someone@ministry.example", password="Kettu-Järvi-42")
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # allauth's own login throttle uses the cache too (and does not fail open).
    with override_settings(CACHES=dead_redis, ACCOUNT_RATE_LIMITS=False):
        for _ in range(LIMIT + 2):
            response = client.post(
                reverse("account_login"),
                {"login": "someone@ministry.example", "password": "wrong"},
            )
            assert response.status_code == 200
