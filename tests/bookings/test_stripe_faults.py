"""Stripe unreachable or slow: a clear message, nothing half-done, the same idempotency
key on retry, and never two PaymentIntents for one amount due.

The faults are real sockets: a port where nothing listens (connection refused) and a
tiny server that accepts, reads the request and never answers (a read timeout). Then
the same code talks to localstripe, which is asked how many intents exist.
"""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import datetime
import socket
import threading
import time

import pytest
from django.db import connections
from django.urls import reverse

from bookings.cards.payments import (
    payment_intent_for,
    payment_refresh,
    payment_refund,
    payments_reconcile,
)
from bookings.enums import PaymentStatus, RefundStatus
from bookings.errors import PaymentProviderError
from bookings.models import StripeEvent
from core.audit import audit_trail
from core.models import OutboxMessage
from core.outbox import outbox_sweep

from .localstripe_server import (  # noqa: F401 - fixtures
    card_booking,
    event_payload,
    free_port,
    intent_object,
    intents_for_payment,
    localstripe,
    pay_at_stripe,
    refunds_for_intent,
    signed,
    stripe_settings,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
# Tests with no threads, no live server and nothing after commit run in one rolled-back
# transaction: the same code, without the cost of flushing the database.
in_one_transaction = pytest.mark.django_db

UNAVAILABLE = "We could not reach the card payment service. Nothing was charged; please try again."


class SilentServer:
    """Accepts connections, reads each request's head and never answers."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.requests: list[dict] = []
        self.stopping = threading.Event()
        self.clients: list[socket.socket] = []

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.stopping.is_set():
            try:
                conn, _address = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.clients.append(conn)
            head = b""
            conn.settimeout(2)
            while b"\r\n\r\n" not in head:
                chunk = conn.recv(65536)
                if not chunk:
                    break
                head += chunk
            lines = head.split(b"\r\n\r\n")[0].decode("latin-1").split("\r\n")
            method, path, _version = lines[0].split(" ", 2)
            headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
            self.requests.append(
                {"method": method, "path": path, **{k.lower(): v for k, v in headers.items()}}
            )
            # ...and say nothing until the client gives up.

    def __enter__(self):
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        self.thread.join(5)
        for conn in self.clients:
            conn.close()
        self.sock.close()


def actions(obj) -> list[str]:
    return list(audit_trail(obj).values_list("action", flat=True))


@in_one_transaction
def test_unreachable_then_slow_then_back_makes_exactly_one_intent(stripe_settings, settings):
    booking, deposit, _contact = card_booking()
    key = f"payment-{deposit.pk}-90000"

    # 1. Nothing listens: connection refused.
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(PaymentProviderError) as refused:
        payment_intent_for(payment=deposit)
    assert str(refused.value.message) == UNAVAILABLE
    deposit.refresh_from_db()
    assert (deposit.idempotency_key, deposit.stripe_payment_intent_id) == (key, None)

    # 2. Something listens but never answers: the read times out.
    settings.STRIPE_TIMEOUT_SECONDS = (1, 1)
    with SilentServer() as silent:
        settings.STRIPE_API_BASE = silent.url
        started = time.monotonic()
        with pytest.raises(PaymentProviderError):
            payment_intent_for(payment=deposit)
        assert time.monotonic() - started < 5
    [attempt] = silent.requests
    assert (attempt["method"], attempt["path"]) == ("POST", "/v1/payment_intents")
    assert attempt["idempotency-key"] == key  # the retry sends the stored key
    deposit.refresh_from_db()
    assert (deposit.idempotency_key, deposit.stripe_payment_intent_id) == (key, None)
    assert actions(deposit) == []  # nothing half-done

    # 3. Stripe is back: one intent, made with the same key; asking again reuses it.
    settings.STRIPE_API_BASE = stripe_settings.url
    first = payment_intent_for(payment=deposit)
    assert payment_intent_for(payment=deposit) == first
    [intent] = intents_for_payment(deposit.pk)
    deposit.refresh_from_db()
    assert deposit.stripe_payment_intent_id == intent.id
    assert deposit.idempotency_key == key
    assert actions(deposit) == ["intent_created"]


@in_one_transaction
def test_pay_page_with_stripe_down_shows_a_clear_message(stripe_settings, settings, client):
    booking, deposit, contact = card_booking()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    client.force_login(contact)

    response = client.get(reverse("bookings:pay", kwargs={"reference": booking.reference}))

    assert response.status_code == 200
    html = response.content.decode()
    assert UNAVAILABLE in html
    assert 'role="alert"' in html
    assert "payment-form" not in html
    deposit.refresh_from_db()
    assert deposit.stripe_payment_intent_id is None


def test_concurrent_page_loads_make_one_intent(stripe_settings):
    _booking, deposit, _contact = card_booking()
    barrier = threading.Barrier(8)
    secrets: list[str] = []

    def load():
        try:
            barrier.wait()
            secrets.append(payment_intent_for(payment=deposit))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert len(secrets) == 8
    assert len(set(secrets)) == 1
    assert len(intents_for_payment(deposit.pk)) == 1
    assert actions(deposit) == ["intent_created"]


def _paid_deposit():
    booking, deposit, contact = card_booking()
    payment_intent_for(payment=deposit)
    deposit.refresh_from_db()
    pay_at_stripe(deposit.stripe_payment_intent_id)
    payment_refresh(payment_intent_id=deposit.stripe_payment_intent_id)
    deposit.refresh_from_db()
    return booking, deposit


def test_a_refund_while_stripe_is_down_is_kept_and_sent_once_later(stripe_settings, settings):
    _booking, deposit = _paid_deposit()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"

    refund = payment_refund(payment=deposit, amount=deposit.amount, reason="cancelled")

    assert refund.status == RefundStatus.PENDING
    assert refund.idempotency_key == f"refund-{deposit.pk}-1"
    assert (
        OutboxMessage.objects.filter(task="bookings.payment_tasks.submit_refund")
        .exclude(status=OutboxMessage.Status.DONE)
        .exists()
    )

    settings.STRIPE_API_BASE = stripe_settings.url
    payments_reconcile(refunds_older_than=datetime.timedelta(0))
    outbox_sweep(older_than=datetime.timedelta(0))  # the outbox's own retry: harmless now
    payments_reconcile(refunds_older_than=datetime.timedelta(0))

    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    [remote] = refunds_for_intent(deposit.stripe_payment_intent_id)
    assert (remote.id, remote.amount) == (refund.stripe_refund_id, 90000)
    assert actions(refund) == ["refund_succeeded"]


def test_a_webhook_while_stripe_is_down_is_stored_and_applied_later(
    stripe_settings, settings, client
):
    booking, deposit = card_booking()[:2]
    payment_intent_for(payment=deposit)
    deposit.refresh_from_db()
    pay_at_stripe(deposit.stripe_payment_intent_id)
    event = event_payload(
        "payment_intent.succeeded",
        intent_object(deposit.stripe_payment_intent_id, status="succeeded", amount=90000),
    )
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"

    body, header = signed(event, settings.STRIPE_WEBHOOK_SECRET)
    response = client.post(
        "/stripe/webhook/",
        data=body,
        content_type="application/json",
        headers={"Stripe-Signature": header},
    )

    assert response.status_code == 200  # stored; answered fast; work left in the outbox
    stored = StripeEvent.objects.get()
    assert stored.processed_at is None
    deposit.refresh_from_db()
    assert deposit.status == PaymentStatus.PENDING

    settings.STRIPE_API_BASE = stripe_settings.url
    outbox_sweep(older_than=datetime.timedelta(0))

    stored.refresh_from_db()
    deposit.refresh_from_db()
    assert stored.processed_at is not None
    assert deposit.status == PaymentStatus.SUCCEEDED
    assert actions(deposit).count("payment_succeeded") == 1


def test_a_slow_stripe_holds_no_booking_lock_while_a_refund_is_sent(stripe_settings, settings):
    """12.13: the booking is not locked while Stripe is asked: other work on it (a
    manager's action, a webhook) does not queue behind a slow Stripe."""
    from django.db import DatabaseError, transaction

    from bookings.cards.payments import refund_submit
    from bookings.models import Booking, Refund

    booking, deposit = _paid_deposit()
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    refund = payment_refund(payment=deposit, amount=deposit.amount, reason="cancelled")
    assert refund.status == RefundStatus.PENDING

    settings.STRIPE_TIMEOUT_SECONDS = (2, 2)
    outcome: list[str] = []
    with SilentServer() as silent:
        settings.STRIPE_API_BASE = silent.url

        def submit():
            try:
                refund_submit(refund_id=refund.pk)
                outcome.append("answered")
            except PaymentProviderError:
                outcome.append("unavailable")
            finally:
                connections.close_all()

        thread = threading.Thread(target=submit)
        thread.start()
        deadline = time.monotonic() + 5
        while not silent.requests and time.monotonic() < deadline:
            time.sleep(0.05)
        assert silent.requests, "the refund never reached Stripe"
        # Stripe has the request and has not answered: the booking must be free.
        try:
            with transaction.atomic():
                Booking.objects.select_for_update(nowait=True).get(pk=booking.pk)
                Refund.objects.select_for_update(nowait=True).get(pk=refund.pk)
            locked = False
        except DatabaseError:
            locked = True
        thread.join(10)
    assert not locked
    assert outcome == ["unavailable"]
    assert Refund.objects.get(pk=refund.pk).status == RefundStatus.PENDING
