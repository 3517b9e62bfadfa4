"""The Stripe webhook: signatures, duplicates, concurrency and order.

Events from localstripe itself where it has them (payment_intent.succeeded and
payment_intent.payment_failed, in its 2017-era shape). Where it has none (it never sends
payment_intent.canceled, and an "older" event cannot be made to arrive late on
purpose) the events are in Stripe's current shape, signed with the SDK's own scheme
(stripe.WebhookSignature), and the PaymentIntent they name is real, at localstripe.
"""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import threading
import time

import pytest
import requests
from django.core import mail
from django.db import connections
from django.test import Client
from django.urls import reverse

from bookings.cards.payments import payment_intent_for
from bookings.cards.tasks import process_stripe_event
from bookings.enums import BookingStatus, PaymentStatus
from bookings.models import Booking, Payment, StripeEvent
from core.audit import audit_trail
from core.models import OutboxMessage

from .localstripe_server import (  # noqa: F401 - fixtures
    api,
    card_booking,
    event_payload,
    intent_object,
    localstripe,
    pay_at_stripe,
    signed,
    stripe_settings,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
# Tests with no threads, no live server and nothing after commit run in one rolled-back
# transaction: the same code, without the cost of flushing the database.
in_one_transaction = pytest.mark.django_db

WEBHOOK = "/stripe/webhook/"


def post(client, body, header: str | None):
    headers = {"Stripe-Signature": header} if header is not None else {}
    return client.post(WEBHOOK, data=body, content_type="application/json", headers=headers)


def subjects(prefix: str) -> list[str]:
    return [m.subject for m in mail.outbox if m.subject.startswith(prefix)]


def actions(obj) -> list[str]:
    return list(audit_trail(obj).values_list("action", flat=True))


def started_payment():
    booking, deposit, contact = card_booking()
    payment_intent_for(payment=deposit)
    deposit.refresh_from_db()
    return booking, deposit, contact


def localstripe_event(event_type: str, intent_id: str) -> dict:
    """The event localstripe generated (and would have posted), as it serves it."""
    for event in api().v1.events.list(params={"type": event_type}).data:
        event = event.to_dict()
        if event["data"]["object"]["id"] == intent_id:
            return event
    raise AssertionError(f"localstripe has no {event_type} for {intent_id}")


# --------------------------------------------------------------------------- refused


@in_one_transaction
def test_a_bad_signature_is_refused_and_nothing_is_stored(stripe_settings, client):
    _booking, deposit, _contact = started_payment()
    payload = event_payload(
        "payment_intent.succeeded",
        intent_object(deposit.stripe_payment_intent_id, status="succeeded", amount=90000),
    )
    body, header = signed(payload, "whsec_not_ours")

    response = post(client, body, header)

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0
    assert OutboxMessage.objects.count() == 0
    deposit.refresh_from_db()
    assert deposit.status == PaymentStatus.PENDING


@in_one_transaction
def test_a_stale_timestamp_is_refused(stripe_settings, client, settings):
    payload = event_payload(
        "payment_intent.succeeded", intent_object("pi_x", status="succeeded", amount=1)
    )
    body, header = signed(payload, settings.STRIPE_WEBHOOK_SECRET, timestamp=int(time.time()) - 301)

    response = post(client, body, header)

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


@in_one_transaction
@pytest.mark.parametrize(
    "case",
    [
        "no signature",
        "garbled header",
        "not json",
        "json array",
        "no data.object",
        "id too long",
        "not utf-8",
        "no secret configured",
    ],
)
def test_malformed_deliveries_get_400_never_500(stripe_settings, client, settings, case):
    secret = settings.STRIPE_WEBHOOK_SECRET
    good = event_payload(
        "payment_intent.succeeded", intent_object("pi_x", status="succeeded", amount=1)
    )
    body, header = signed(good, secret)
    if case == "no signature":
        header = None
    elif case == "garbled header":
        header = "t=yesterday,v1=<script>"
    elif case == "not json":
        body, header = signed("{not json", secret)
    elif case == "json array":
        body, header = signed("[1, 2]", secret)
    elif case == "no data.object":
        body, header = signed({**good, "data": {"object": "pi_x"}}, secret)
    elif case == "id too long":
        body, header = signed({**good, "id": "evt_" + "x" * 200}, secret)
    elif case == "not utf-8":
        body = b"\xff\xfe" + body.encode()
    elif case == "no secret configured":
        settings.STRIPE_WEBHOOK_SECRET = ""

    response = post(client, body, header)

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


@in_one_transaction
def test_only_post_is_allowed(stripe_settings, client):
    assert client.get(WEBHOOK).status_code == 405


# --------------------------------------------------------------------------- once


def test_the_same_event_five_times_and_the_return_page_all_at_once(
    stripe_settings, live_server, settings
):
    booking, deposit, contact = started_payment()
    intent_id = deposit.stripe_payment_intent_id
    pay_at_stripe(intent_id)  # localstripe's own delivery is switched off in this test
    body, header = signed(
        localstripe_event("payment_intent.succeeded", intent_id), settings.STRIPE_WEBHOOK_SECRET
    )
    url = live_server.url + WEBHOOK
    return_page = reverse("bookings:pay_return", kwargs={"reference": booking.reference})
    browser = Client()
    browser.force_login(contact)

    start = threading.Barrier(6)
    results: list = []

    def deliver():
        start.wait()
        results.append(
            requests.post(
                url, data=body, headers={"Stripe-Signature": header}, timeout=30
            ).status_code
        )

    def come_back():
        try:
            start.wait()
            results.append(browser.get(return_page).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=deliver) for _ in range(5)]
    threads.append(threading.Thread(target=come_back))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    time.sleep(0.5)  # let the last after-commit e-mails leave

    assert results == [200] * 6
    deposit.refresh_from_db()
    booking.refresh_from_db()
    assert deposit.status == PaymentStatus.SUCCEEDED
    assert booking.status == BookingStatus.CONFIRMED
    assert StripeEvent.objects.filter(object_id=intent_id).count() == 1
    assert actions(deposit).count("payment_succeeded") == 1
    assert actions(booking).count("confirm") == 1
    assert subjects("Payment received:") == [f"Payment received: {booking.reference}"]
    assert len(subjects("Booking confirmed:")) == 1


def test_running_the_task_twice_acts_once(stripe_settings, client, settings):
    booking, deposit, _contact = started_payment()
    pay_at_stripe(deposit.stripe_payment_intent_id)
    body, header = signed(
        localstripe_event("payment_intent.succeeded", deposit.stripe_payment_intent_id),
        settings.STRIPE_WEBHOOK_SECRET,
    )
    assert post(client, body, header).status_code == 200
    event = StripeEvent.objects.get()

    process_stripe_event(stripe_event_id=event.pk)
    StripeEvent.objects.filter(pk=event.pk).update(processed_at=None)  # as if it crashed
    process_stripe_event(stripe_event_id=event.pk)

    assert actions(deposit).count("payment_succeeded") == 1
    assert len(subjects("Payment received:")) == 1
    second = post(client, body, header)
    assert second.json() == {"received": True, "duplicate": True}


# --------------------------------------------------------------------------- order


def test_an_older_payment_failed_after_succeeded_changes_nothing(stripe_settings, client, settings):
    booking, deposit, _contact = started_payment()
    intent_id = deposit.stripe_payment_intent_id
    pay_at_stripe(intent_id)
    secret = settings.STRIPE_WEBHOOK_SECRET
    succeeded = localstripe_event("payment_intent.succeeded", intent_id)
    # Sent by Stripe a minute earlier for a first, declined attempt; delivered late.
    older_failure = event_payload(
        "payment_intent.payment_failed",
        intent_object(intent_id, status="requires_payment_method", amount=90000, error="Declined"),
        created=succeeded["created"] - 60,
    )

    assert post(client, *signed(succeeded, secret)).status_code == 200
    assert post(client, *signed(older_failure, secret)).status_code == 200

    deposit.refresh_from_db()
    assert deposit.status == PaymentStatus.SUCCEEDED
    assert deposit.failure_message == ""
    assert actions(deposit) == ["intent_created", "payment_succeeded"]
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    assert StripeEvent.objects.filter(processed_at__isnull=False).count() == 2


def test_a_stale_payment_failed_payload_is_not_believed(stripe_settings, client, settings):
    # The payload says "failed", but Stripe says "succeeded" now: the re-fetch wins.
    booking, deposit, _contact = started_payment()
    intent_id = deposit.stripe_payment_intent_id
    pay_at_stripe(intent_id)
    stale = event_payload(
        "payment_intent.payment_failed",
        intent_object(intent_id, status="requires_payment_method", amount=90000, error="Declined"),
    )

    assert post(client, *signed(stale, settings.STRIPE_WEBHOOK_SECRET)).status_code == 200

    deposit.refresh_from_db()
    assert deposit.status == PaymentStatus.SUCCEEDED
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED


def test_a_declined_card_then_its_event_in_localstripe_shape(stripe_settings, client, settings):
    _booking, deposit, _contact = started_payment()
    intent_id = deposit.stripe_payment_intent_id
    assert pay_at_stripe(intent_id, "4000000000000341") == "declined"
    failed = localstripe_event("payment_intent.payment_failed", intent_id)

    assert post(client, *signed(failed, settings.STRIPE_WEBHOOK_SECRET)).status_code == 200

    deposit.refresh_from_db()
    assert (deposit.status, deposit.failure_message) == ("failed", "Your card was declined.")
    assert actions(deposit) == ["intent_created", "payment_failed"]


def test_payment_intent_canceled(stripe_settings, client, settings):
    # localstripe cancels intents but sends no payment_intent.canceled: current shape.
    _booking, deposit, _contact = started_payment()
    intent_id = deposit.stripe_payment_intent_id
    api().v1.payment_intents.cancel(intent_id)
    event = event_payload(
        "payment_intent.canceled", intent_object(intent_id, status="canceled", amount=90000)
    )

    assert post(client, *signed(event, settings.STRIPE_WEBHOOK_SECRET)).status_code == 200

    deposit.refresh_from_db()
    assert deposit.status == PaymentStatus.CANCELED
    assert actions(deposit) == ["intent_created", "payment_canceled"]


def test_an_event_for_an_intent_we_do_not_know_is_stored_and_ignored(
    stripe_settings, client, settings
):
    event = event_payload(
        "payment_intent.succeeded", intent_object("pi_someone_else", status="succeeded", amount=5)
    )
    assert post(client, *signed(event, settings.STRIPE_WEBHOOK_SECRET)).status_code == 200
    stored = StripeEvent.objects.get()
    assert stored.processed_at is not None
    assert Payment.objects.filter(status=PaymentStatus.SUCCEEDED).count() == 0


def test_unhandled_event_types_are_stored_and_marked_processed(stripe_settings, client, settings):
    event = event_payload("customer.created", {"id": "cus_1", "object": "customer"})
    assert post(client, *signed(event, settings.STRIPE_WEBHOOK_SECRET)).status_code == 200
    assert StripeEvent.objects.get().processed_at is not None
