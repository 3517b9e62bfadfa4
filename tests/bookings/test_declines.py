"""Stripe's decline reasons are shown in the page's language, not Stripe's English."""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import pytest
import requests
from django.urls import reverse
from django.utils import translation

from bookings.declines import decline_message
from bookings.enums import PaymentStatus

from .localstripe_server import (  # noqa: F401 - fixtures
    card_booking,
    localstripe,
    stripe_settings,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def _token(localstripe, number: str) -> str:
    # What the Stripe.js stand-in does in the browser: tokenise with the publishable key.
    response = requests.post(
        f"{localstripe.url}/v1/tokens",
        data={
            "card[number]": number,
            "card[exp_month]": "12",
            "card[exp_year]": "2030",
            "card[cvc]": "123",
            "key": "pk_test_paamaja",
        },
        timeout=5,
    )
    return response.json()["id"]


def test_a_declined_card_is_explained_in_finnish_on_finnish_pages(stripe_settings, client):
    booking, deposit, contact = card_booking()
    client.force_login(contact)
    with translation.override("fi"):
        pay = reverse("bookings:pay", kwargs={"reference": booking.reference})
        pay_card = reverse("bookings:pay_card", kwargs={"reference": booking.reference})
        pay_return = reverse("bookings:pay_return", kwargs={"reference": booking.reference})
    assert pay.startswith("/fi/")
    client.get(pay)

    declined = client.post(pay_card, {"token": _token(stripe_settings, "4000000000000341")})

    assert declined.status_code == 402
    assert declined.json() == {"error": "Korttisi maksu hylättiin.", "declined": True}
    deposit.refresh_from_db()
    page = client.get(pay_return).content.decode()
    if deposit.status == PaymentStatus.FAILED:
        assert "Korttisi maksu hylättiin." in page
    assert "Your card was declined." not in page


def test_decline_codes_and_stripe_messages_map_to_our_sentences():
    with translation.override("fi"):
        assert decline_message(code="insufficient_funds") == "Kortilla ei ole riittävästi katetta."
        assert decline_message(message="Your card has expired.") == "Korttisi on vanhentunut."
        assert decline_message(message="Something Stripe never said") == (
            "Korttisi maksu hylättiin."
        )
    with translation.override("sv"):
        assert decline_message(code="card_declined") == "Ditt kort nekades."


def test_the_pay_page_says_that_a_declined_card_charged_nothing_and_the_seats_are_held(
    stripe_settings, client
):
    """Journey 2: a decline said only "Your card was declined." -- not that nothing was
    charged, nor that the seats were still held and until when. The page gives the
    sentence (in its language) that checkout.js adds to any card decline."""
    from django.utils import formats, timezone

    booking, _deposit, contact = card_booking()
    client.force_login(contact)
    with translation.override("fi"):
        pay = reverse("bookings:pay", kwargs={"reference": booking.reference})
        held = formats.time_format(timezone.localtime(booking.hold_expires_at), "TIME_FORMAT")
    page = client.get(pay).content.decode()
    assert (
        'data-msg-declined="Mitään ei veloitettu. Paikkasi ovat yhä pidossa '
        f'{held} asti (Suomen aikaa): yritä uudelleen toisella kortilla."'
    ) in page
