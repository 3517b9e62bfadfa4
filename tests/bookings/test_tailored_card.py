"""11.8: a tailored programme accepted for card payment can be paid by card.

Accepting a quote sets no hold (a tailored programme holds no shared capacity), and the
card payment check used to read that as "Your hold on this booking has expired".
Against localstripe, with nothing in the stripe module mocked.
"""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import pytest
from django.urls import reverse

from bookings.cards.payments import payment_intent_for, payment_payable_problem, payment_refresh
from bookings.enums import BookingStatus, PaymentKind, PaymentMethod, PaymentStatus
from bookings.models import Payment
from bookings.quotes import quote_accept
from core.audit import audit_trail

from .factories import make_delegation
from .localstripe_server import localstripe, pay_at_stripe, stripe_settings  # noqa: F401
from .test_views import sent_quote

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_an_accepted_quote_is_paid_by_card(stripe_settings, client):
    organisation, contact = make_delegation()
    quote = sent_quote(organisation=organisation, contact=contact)
    booking = quote_accept(
        quote=quote, actor=contact, ip="127.0.0.1", user_agent="test", payment_method="card"
    )
    assert (booking.status, booking.hold_expires_at) == (BookingStatus.AWAITING_PAYMENT, None)
    deposit = booking.payments.get(kind=PaymentKind.DEPOSIT)
    assert deposit.method == PaymentMethod.CARD
    assert payment_payable_problem(payment=deposit) is None

    client.force_login(contact)
    page = client.get(reverse("bookings:pay", args=[booking.reference])).content.decode()
    assert "expired" not in page

    payment_intent_for(payment=deposit)
    deposit = Payment.objects.get(pk=deposit.pk)
    assert pay_at_stripe(deposit.stripe_payment_intent_id) == "succeeded"
    payment_refresh(payment_intent_id=deposit.stripe_payment_intent_id)

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert Payment.objects.get(pk=deposit.pk).status == PaymentStatus.SUCCEEDED
    # Confirmed as a paid deposit confirms, not as a late payment after a lapsed hold.
    assert list(audit_trail(booking).values_list("action", flat=True))[-1] == "confirm"
    assert not booking.needs_attention
