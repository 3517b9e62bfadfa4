"""PaymentIntents die with the booking's chance to pay (12.5), and no row is locked
while Stripe makes one (12.13).

12.5: when a hold expires or a booking is cancelled, the lifecycle puts a release in the
outbox in the same transaction; the task cancels the booking's intents at localstripe,
so the client secret the delegation was given can no longer take money. An intent
cancelled already, or paid in the meantime, is answered gracefully.

12.13: `payment_intent_for` stores the idempotency key and commits before it calls
Stripe, and stores Stripe's answer under the lock again. A proxy in front of
localstripe holds the create for a few seconds: meanwhile the booking and its payment
are free (the hold expiry runs at once instead of queueing behind Stripe), and the
intent that arrives for a booking that expired meanwhile is cancelled.
"""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
import stripe
from django.db import DatabaseError, connection, connections, transaction

from bookings.cancellation import booking_cancel
from bookings.cards.payments import payment_intent_for, payment_intents_release
from bookings.enums import BookingStatus, PaymentStatus
from bookings.errors import InvalidTransition
from bookings.lifecycle import RELEASE_INTENTS_TASK
from bookings.models import Booking, Payment
from bookings.services import booking_expire, holds_expire_due
from core.audit import audit_trail
from core.models import OutboxMessage

from .localstripe_server import (  # noqa: F401 - fixtures
    api,
    card_booking,
    intents_for_payment,
    lapse_hold,
    localstripe,
    pay_at_stripe,
    stripe_settings,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def intent_id_of(client_secret: str) -> str:
    return client_secret.split("_secret_")[0]


def stripe_status(intent_id: str) -> str:
    return api().v1.payment_intents.retrieve(intent_id).status


def release_messages(booking) -> list[OutboxMessage]:
    return list(
        OutboxMessage.objects.filter(task=RELEASE_INTENTS_TASK, kwargs__booking_id=booking.pk)
    )


# --------------------------------------------------------------------------- 12.5


def test_an_expired_hold_cancels_its_intent_and_the_old_secret_cannot_pay(stripe_settings):
    booking, deposit, _contact = card_booking()
    secret = payment_intent_for(payment=deposit)  # the delegation opened the pay page
    intent_id = intent_id_of(secret)
    assert stripe_status(intent_id) == "requires_payment_method"

    lapse_hold(booking)
    assert holds_expire_due() == 1

    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.EXPIRED
    [release] = release_messages(booking)
    assert release.status == OutboxMessage.Status.DONE
    assert stripe_status(intent_id) == "canceled"
    # The card holder comes back to the old page and tries to pay: Stripe refuses.
    with pytest.raises(stripe.InvalidRequestError):
        pay_at_stripe(intent_id)
    assert stripe_status(intent_id) == "canceled"
    assert Payment.objects.get(pk=deposit.pk).status == PaymentStatus.CANCELED


def test_a_cancelled_booking_cancels_its_intent(stripe_settings):
    booking, deposit, contact = card_booking()
    intent_id = intent_id_of(payment_intent_for(payment=deposit))

    booking_cancel(booking=booking, actor=contact, reason="Plans changed")

    assert stripe_status(intent_id) == "canceled"
    with pytest.raises(stripe.InvalidRequestError):
        pay_at_stripe(intent_id)
    [release] = release_messages(booking)
    assert release.status == OutboxMessage.Status.DONE


def test_releasing_twice_changes_nothing_more(stripe_settings):
    booking, deposit, contact = card_booking()
    intent_id = intent_id_of(payment_intent_for(payment=deposit))
    booking_cancel(booking=booking, actor=contact)
    trail = list(audit_trail(deposit).values_list("action", flat=True))

    # Run again (a redelivered task, a manual retry): Stripe refuses to cancel a
    # cancelled intent, and that refusal is the answer.
    assert payment_intents_release(booking_id=booking.pk) == 1

    assert stripe_status(intent_id) == "canceled"
    assert list(audit_trail(deposit).values_list("action", flat=True)) == trail
    assert Payment.objects.get(pk=deposit.pk).status == PaymentStatus.CANCELED


def test_an_intent_paid_just_before_the_release_is_applied_as_a_late_payment(stripe_settings):
    """The card holder paid a moment before the hold ran out and the webhook is late:
    Stripe will not cancel a paid intent, so the release applies the payment (the seats
    are still free: the booking is reinstated) instead of failing."""
    booking, deposit, _contact = card_booking()
    intent_id = intent_id_of(payment_intent_for(payment=deposit))
    assert pay_at_stripe(intent_id) == "succeeded"  # no webhook reaches us

    lapse_hold(booking)
    booking_expire(booking=booking)

    assert stripe_status(intent_id) == "succeeded"
    assert Payment.objects.get(pk=deposit.pk).status == PaymentStatus.SUCCEEDED
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    [release] = release_messages(booking)
    assert release.status == OutboxMessage.Status.DONE


def test_an_invoice_booking_puts_no_release_in_the_outbox(stripe_settings):
    from bookings.services import booking_checkout, booking_start

    from .factories import make_delegation, make_departure

    organisation, contact = make_delegation()
    booking = booking_start(
        departure=make_departure(), organisation=organisation, contact=contact, participants_count=2
    )
    booking = booking_checkout(booking=booking, payment_method="invoice", actor=contact)
    booking_cancel(booking=booking, actor=contact)
    assert release_messages(booking) == []


# --------------------------------------------------------------------------- 12.13


class SlowStripe:
    """A proxy in front of localstripe that holds every intent create for `delay` seconds
    (Stripe having a slow moment); everything else passes straight through."""

    def __init__(self, upstream: str, delay: float):
        self.upstream = upstream
        self.delay = delay
        self.stalled = threading.Event()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.command == "POST" and self.path == "/v1/payment_intents":
                    proxy.stalled.set()
                    time.sleep(proxy.delay)
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("host", "content-length", "connection")
                }
                answer = requests.request(
                    self.command, proxy.upstream + self.path, headers=headers, data=body, timeout=10
                )
                self.send_response(answer.status_code)
                self.send_header(
                    "Content-Type", answer.headers.get("Content-Type", "application/json")
                )
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            do_GET = do_POST = do_DELETE = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_a_slow_stripe_holds_no_lock_while_an_intent_is_made(stripe_settings, settings):
    booking, deposit, _contact = card_booking()
    settings.STRIPE_TIMEOUT_SECONDS = (2, 8)
    outcome: list[object] = []

    def open_pay_page():
        try:
            outcome.append(payment_intent_for(payment=deposit))
        except InvalidTransition as exc:
            outcome.append(exc)
        finally:
            connections.close_all()

    with SlowStripe(stripe_settings.url, delay=3) as slow:
        settings.STRIPE_API_BASE = slow.url
        page = threading.Thread(target=open_pay_page)
        page.start()
        assert slow.stalled.wait(5), "the intent create never reached Stripe"

        # Stripe has the create and has not answered. The rows are free...
        try:
            with transaction.atomic():
                Booking.objects.select_for_update(nowait=True).get(pk=booking.pk)
                Payment.objects.select_for_update(nowait=True).get(pk=deposit.pk)
            locked = False
        except DatabaseError:
            locked = True
        # ...so the hold, running out just now, expires without queueing behind Stripe:
        # any lock wait longer than a second fails it.
        lapse_hold(booking)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '1s'")
        try:
            booking_expire(booking=booking)
            expired_without_waiting = True
        except DatabaseError:
            expired_without_waiting = False
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = 0")
        page.join(15)
    settings.STRIPE_API_BASE = stripe_settings.url

    assert not locked, "a row was locked while Stripe was being called"
    assert expired_without_waiting, "the hold expiry waited behind Stripe for a row lock"
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.EXPIRED
    # The page learns, under the lock again, that the hold is gone; the intent Stripe
    # made meanwhile is stored and released, so it can never be paid.
    [answer] = outcome
    assert isinstance(answer, InvalidTransition)
    deposit.refresh_from_db()
    [intent] = intents_for_payment(deposit.pk)
    assert deposit.stripe_payment_intent_id == intent.id
    assert stripe_status(intent.id) == "canceled"
    assert "intent_created" in audit_trail(deposit).values_list("action", flat=True)
