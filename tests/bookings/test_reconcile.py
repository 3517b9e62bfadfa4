"""Reconciliation: what a lost webhook left behind is healed by asking Stripe."""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import pytest
from django.core import mail

from bookings.cards.payments import payment_intent_for, payments_reconcile
from bookings.cards.tasks import reconcile_payments
from bookings.enums import BookingStatus, PaymentStatus
from bookings.models import StripeEvent
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


def test_reconciliation_finds_a_late_payment_on_an_expired_booking(stripe_settings, settings):
    from .localstripe_server import expire_while_stripe_is_down

    booking, deposit, _contact = card_booking()
    payment_intent_for(payment=deposit)
    expire_while_stripe_is_down(booking, settings)
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


# --------------------------------------------------------------------------- 12.6


@in_one_transaction
def test_a_lost_webhook_for_an_old_balance_payment_is_healed(stripe_settings):
    """A balance made at checkout two months ago, paid at Stripe today after a stale
    "declined" fact marked it failed: reconciliation counts its window from the failure,
    not from the day the payment was created."""
    import datetime

    from django.utils import timezone

    from bookings.cards.payments import payment_apply_intent
    from bookings.enums import PaymentKind
    from bookings.models import Payment

    from .factories import make_departure

    booking, deposit, _contact = card_booking(departure=make_departure(days_ahead=120))
    balance = booking.payments.get(kind=PaymentKind.BALANCE)
    payment_intent_for(payment=deposit)
    deposit.refresh_from_db()
    pay_at_stripe(deposit.stripe_payment_intent_id)
    payments_reconcile()
    assert Payment.objects.get(pk=deposit.pk).status == PaymentStatus.SUCCEEDED
    payment_intent_for(payment=balance)
    balance.refresh_from_db()
    Payment.objects.filter(pk=balance.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    # A first card was declined (that fact arrived); a second one paid and its webhook
    # was lost.
    payment_apply_intent(
        payment_intent_id=balance.stripe_payment_intent_id,
        status="requires_payment_method",
        amount_received_cents=0,
        failure_message="Your card was declined.",
    )
    assert Payment.objects.get(pk=balance.pk).status == PaymentStatus.FAILED
    assert pay_at_stripe(balance.stripe_payment_intent_id) == "succeeded"

    assert payments_reconcile() == 1

    balance.refresh_from_db()
    booking.refresh_from_db()
    assert balance.status == PaymentStatus.SUCCEEDED
    assert booking.status == BookingStatus.PAID


@in_one_transaction
def test_payments_that_stay_open_do_not_starve_a_newer_one(stripe_settings):
    """Two abandoned pay pages (intents nobody pays) come first by id; a newer payment
    was paid and its webhook lost. With room for two per run, the newer one is asked on
    the second run, not never."""
    from bookings.models import Payment

    abandoned = [card_booking()[1] for _ in range(2)]
    booking, paid, _contact = card_booking()
    for payment in (*abandoned, paid):
        payment_intent_for(payment=payment)
    paid.refresh_from_db()
    pay_at_stripe(paid.stripe_payment_intent_id)

    assert payments_reconcile(limit=2) == 0  # the two oldest-asked: still open
    assert payments_reconcile(limit=2) == 1  # then the one never asked

    assert Payment.objects.get(pk=paid.pk).status == PaymentStatus.SUCCEEDED
    assert all(Payment.objects.get(pk=p.pk).status == PaymentStatus.PENDING for p in abandoned)
