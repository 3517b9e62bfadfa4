"""Invalid state transitions asked for through the pages: refused with a message that
says so, and nothing changes. And every state change of a booking or a payment leaves
an audit entry with who and when."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.cancellation import booking_cancel
from bookings.enums import BookingStatus, PaymentMethod
from bookings.models import Booking, Payment, Quote
from bookings.services import booking_checkout
from core.audit import audit_trail
from core.models import AuditEntry, OutboxMessage
from tests.bookings.factories import make_delegation
from tests.bookings.test_views import confirmed_booking, held_booking, journey_world, sent_quote

pytestmark = pytest.mark.django_db


def _snapshot(booking: Booking) -> dict:
    booking.refresh_from_db()
    return {
        "status": booking.status,
        "updated_at": booking.updated_at,
        "payments": list(Payment.objects.filter(booking=booking).values()),
        "quotes": list(Quote.objects.filter(booking=booking).values()),
        "audit": AuditEntry.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


@pytest.fixture
def card_settings(settings):
    # A stand-in address where nothing listens: a refused transition must not even try.
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_SECRET_KEY = "sk_test_reliability"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_reliability"


def test_paying_a_cancelled_booking_is_refused(client, card_settings):
    organisation, contact = make_delegation()
    booking = booking_checkout(
        booking=held_booking(
            journey_world()["departure"], organisation=organisation, contact=contact
        ),
        payment_method=PaymentMethod.CARD,
    )
    booking_cancel(booking=booking, actor=contact, reason="plans changed")
    before = _snapshot(booking)
    assert before["status"] == BookingStatus.CANCELLED
    client.force_login(contact)

    response = client.get(reverse("bookings:pay", args=[booking.reference]))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert "client_secret" not in response.context
        assert response.context["problem"]
    response = client.post(reverse("bookings:pay_card", args=[booking.reference]), {"token": "tok"})
    assert response.status_code < 500
    assert _snapshot(booking) == before


def test_accepting_an_expired_quote_is_refused_with_a_message(client):
    organisation, contact = make_delegation()
    quote = sent_quote(organisation=organisation, contact=contact)
    Quote.objects.filter(pk=quote.pk).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    before = _snapshot(quote.booking)
    client.force_login(contact)
    response = client.post(
        reverse("bookings:quote_detail", args=[quote.booking.reference]),
        {"payment_method": "invoice", "confirm": "on"},
    )
    assert response.status_code == 200
    assert "This quote can no longer be accepted." in response.content.decode()
    assert _snapshot(quote.booking) == before


def test_cancelling_a_cancelled_booking_changes_nothing(client):
    organisation, contact = make_delegation()
    booking = confirmed_booking(
        journey_world()["departure"], organisation=organisation, contact=contact
    )
    booking_cancel(booking=booking, actor=contact, reason="first")
    before = _snapshot(booking)
    client.force_login(contact)
    response = client.post(
        reverse("bookings:cancel", args=[booking.reference]), {"reason": "again", "confirm": "on"}
    )
    assert response.status_code in (200, 302)
    assert _snapshot(booking) == before


def test_checking_out_a_confirmed_booking_again_changes_nothing(client):
    organisation, contact = make_delegation()
    booking = confirmed_booking(
        journey_world()["departure"], organisation=organisation, contact=contact
    )
    before = _snapshot(booking)
    client.force_login(contact)
    response = client.post(
        reverse("bookings:review", args=[booking.reference]),
        {"payment_method": "card", "accept_terms": "on"},
    )
    assert response.status_code == 302
    assert _snapshot(booking) == before


# --------------------------------------------------------------------------- audit


def test_every_booking_and_payment_state_is_explained_by_its_audit_trail():
    """After a mix of journeys (checkout by invoice and by card, cancellation), the last
    audit entry of every booking and payment names the state it is in, with when, and
    who whenever a person made the change."""
    world = journey_world()
    organisation, contact = make_delegation()
    confirmed = confirmed_booking(world["departure"], organisation=organisation, contact=contact)
    card = booking_checkout(
        booking=held_booking(world["departure"], organisation=organisation, contact=contact),
        payment_method=PaymentMethod.CARD,
        actor=contact,
    )
    cancelled = confirmed_booking(world["departure"], organisation=organisation, contact=contact)
    booking_cancel(booking=cancelled, actor=contact, reason="plans changed")
    paid = confirmed_booking(world["departure"], organisation=organisation, contact=contact)
    from bookings.invoicing.services import invoice_mark_paid

    for invoice in paid.invoices.all():
        invoice_mark_paid(invoice=invoice, actor=contact)

    for booking in (confirmed, card, cancelled, paid):
        booking.refresh_from_db()
        trail = list(audit_trail(booking))
        assert trail, booking.reference
        states = [e.to_state for e in trail if e.to_state]
        assert states[-1] == booking.status, (booking.reference, states)
        assert all(e.created_at for e in trail)
    cancel_entry = [e for e in audit_trail(cancelled) if e.to_state == BookingStatus.CANCELLED][0]
    assert cancel_entry.actor == contact
    assert cancel_entry.from_state == BookingStatus.CONFIRMED

    for payment in Payment.objects.filter(booking__in=[confirmed, card, cancelled, paid]):
        trail = [e for e in audit_trail(payment) if e.to_state]
        if payment.status != "pending":  # created pending; every later move is audited
            assert trail and trail[-1].to_state == payment.status, (payment.pk, payment.status)
