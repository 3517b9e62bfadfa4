"""Reconciliation: what a lost webhook left behind is healed by asking Stripe."""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import pytest
from django.core import mail

from bookings.enums import BookingStatus, PaymentStatus
from bookings.models import StripeEvent
from bookings.payment_tasks import reconcile_payments
from bookings.payments import payment_intent_for, payments_reconcile
from core.audit import audit_trail

from .localstripe_server import (  # noqa: F401 - fixtures
    api,
    card_booking,
    lapse_hold,
    localstripe,
    pay_at_stripe,
    stripe_settings,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
# Tests with no threads, no live server and nothing after commit run in one rolled-back
# transaction: the same code, without the cost of flushing the database.
in_one_transaction = pytest.mark.django_db


def actions(obj) -> list[str]:
    return list(audit_trail(obj).values_list("action", flat=True))


def test_reconciliation_heals_a_payment_whose_webhook_never_came(stripe_settings):
    booking, deposit, _contact = card_booking()
    payment_intent_for(payment=deposit)
    deposit.refresh_from_db()
    pay_at_stripe(deposit.stripe_payment_intent_id)  # localstripe's webhook is switched off

    deposit.refresh_from_db()
    assert deposit.status == PaymentStatus.PENDING
    assert StripeEvent.objects.count() == 0

    assert reconcile_payments.apply().result == 1
    assert reconcile_payments.apply().result == 0  # run it twice: nothing more happens

    deposit.refresh_from_db()
    booking.refresh_from_db()
    assert deposit.status == PaymentStatus.SUCCEEDED
    assert booking.status == BookingStatus.CONFIRMED
    assert actions(deposit).count("payment_succeeded") == 1
    assert actions(booking).count("confirm") == 1
    assert [m.subject for m in mail.outbox if m.subject.startswith("Payment received:")] == [
        f"Payment received: {booking.reference}"
    ]


def test_reconciliation_finds_a_late_payment_on_an_expired_booking(stripe_settings):
    from bookings.services import booking_expire

    booking, deposit, _contact = card_booking()
    payment_intent_for(payment=deposit)
    lapse_hold(booking)
    booking_expire(booking=booking)
    deposit.refresh_from_db()
    assert deposit.status == PaymentStatus.CANCELED
    pay_at_stripe(deposit.stripe_payment_intent_id)

    assert payments_reconcile() == 1

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert "reinstate_late_payment" in actions(booking)


@in_one_transaction
def test_reconciliation_records_failures_and_cancellations(stripe_settings):
    _b1, declined, _c1 = card_booking()
    _b2, cancelled, _c2 = card_booking()
    _b3, untouched, _c3 = card_booking()
    for payment in (declined, cancelled, untouched):
        payment_intent_for(payment=payment)
        payment.refresh_from_db()
    pay_at_stripe(declined.stripe_payment_intent_id, "4000000000000341")
    api().v1.payment_intents.cancel(cancelled.stripe_payment_intent_id)

    assert payments_reconcile() == 2
    assert payments_reconcile() == 0

    for payment in (declined, cancelled, untouched):
        payment.refresh_from_db()
    assert (declined.status, declined.failure_message) == ("failed", "Your card was declined.")
    assert cancelled.status == PaymentStatus.CANCELED
    assert untouched.status == PaymentStatus.PENDING


@in_one_transaction
def test_reconciliation_survives_stripe_being_down(stripe_settings, settings):
    from .localstripe_server import free_port

    _booking, deposit, _contact = card_booking()
    payment_intent_for(payment=deposit)
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"

    assert payments_reconcile() == 0

    deposit.refresh_from_db()
    assert deposit.status == PaymentStatus.PENDING
