"""Card payments against localstripe: the whole flow over HTTP, the pay pages, refunds,
late payments.

localstripe is a real HTTP server here (see localstripe_server.py); nothing in the
stripe module is mocked. Where localstripe falls short (it sends no charge.* events and
only 2017-era payload shapes), the test says so and posts an event in Stripe's current
shape, signed with the SDK's own scheme.
"""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import requests
from django.core import mail
from django.urls import reverse

from bookings.cards.payments import payment_intent_for, payment_refresh, payment_refund
from bookings.enums import BookingStatus, PaymentKind, PaymentStatus, RefundStatus
from bookings.errors import BookingError, InvalidTransition
from bookings.models import Payment, Refund, StripeEvent
from bookings.pricing import to_minor_units
from bookings.services import booking_checkout, booking_expire, booking_start
from core.audit import audit_trail

from .factories import make_delegation, make_departure
from .localstripe_server import (  # noqa: F401 - fixtures
    api,
    card_booking,
    event_payload,
    expire_while_stripe_is_down,
    intents_for_payment,
    lapse_hold,
    localstripe,
    pay_at_stripe,
    refunds_for_intent,
    signed,
    stripe_settings,
    stripe_webhooks,
    wait_for,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
# Tests with no threads, no live server and nothing after commit run in one rolled-back
# transaction: the same code, without the cost of flushing the database.
in_one_transaction = pytest.mark.django_db


def subjects(prefix: str) -> list[str]:
    return [m.subject for m in mail.outbox if m.subject.startswith(prefix)]


def actions(obj) -> list[str]:
    return list(audit_trail(obj).values_list("action", flat=True))


def reload(obj):
    obj.refresh_from_db()
    return obj


# --------------------------------------------------------------------------- the full flow


def test_card_flow_end_to_end_with_signed_webhooks_over_http(stripe_webhooks):
    booking, deposit, _contact = card_booking(participants=3)
    assert booking.status == BookingStatus.AWAITING_PAYMENT
    assert deposit.amount == Decimal("900.00")  # 30 % of 3 × 1000.00

    client_secret = payment_intent_for(payment=deposit)
    deposit = reload(deposit)
    assert client_secret.startswith(deposit.stripe_payment_intent_id + "_secret_")
    assert deposit.idempotency_key == f"payment-{deposit.pk}-90000"

    assert pay_at_stripe(deposit.stripe_payment_intent_id) == "succeeded"

    # localstripe signs payment_intent.succeeded and posts it to the live server. The
    # e-mails leave after that transaction commits: wait for the receipt.
    wait_for(lambda: subjects("Payment received:"), what="the webhook and the receipt")
    assert reload(booking).status == BookingStatus.CONFIRMED
    deposit = reload(deposit)
    assert deposit.status == PaymentStatus.SUCCEEDED
    assert deposit.paid_at is not None
    event = StripeEvent.objects.get(object_id=deposit.stripe_payment_intent_id)
    assert event.type == "payment_intent.succeeded"
    assert event.processed_at is not None

    booking = reload(booking)
    assert booking.hold_expires_at is None
    assert booking.payments.get(kind=PaymentKind.BALANCE).status == PaymentStatus.PENDING
    assert subjects("Payment received:") == [f"Payment received: {booking.reference}"]
    assert len(subjects("Booking confirmed:")) == 1
    assert actions(deposit).count("payment_succeeded") == 1
    assert actions(booking).count("confirm") == 1


def test_a_declined_card_is_recorded_as_failed_from_the_webhook(stripe_webhooks):
    booking, deposit, _contact = card_booking()
    payment_intent_for(payment=deposit)
    deposit = reload(deposit)

    assert pay_at_stripe(deposit.stripe_payment_intent_id, "4000000000000341") == "declined"

    wait_for(
        lambda: Payment.objects.get(pk=deposit.pk).status == PaymentStatus.FAILED,
        what="payment_intent.payment_failed",
    )
    deposit = reload(deposit)
    assert deposit.failure_message == "Your card was declined."
    assert reload(booking).status == BookingStatus.AWAITING_PAYMENT
    assert mail.outbox == []


def test_paying_the_full_amount_marks_the_booking_paid(stripe_settings):
    departure = make_departure(days_ahead=20)  # balance due date already past: pay all now
    booking, payment, _contact = card_booking(departure=departure)
    assert payment.kind == PaymentKind.FULL
    payment_intent_for(payment=payment)
    pay_at_stripe(reload(payment).stripe_payment_intent_id)

    payment_refresh(payment_intent_id=reload(payment).stripe_payment_intent_id)

    assert reload(booking).status == BookingStatus.PAID
    assert actions(booking)[-2:] == ["confirm", "paid_in_full"]


# --------------------------------------------------------------------------- the intent


@in_one_transaction
def test_one_intent_per_payment_with_our_amount_and_metadata(stripe_settings):
    booking, deposit, _contact = card_booking()
    first = payment_intent_for(payment=deposit)
    second = payment_intent_for(payment=deposit)

    assert first == second
    [intent] = intents_for_payment(deposit.pk)
    assert intent.amount == to_minor_units(deposit.amount) == 90000
    assert intent.currency == "eur"
    # (localstripe accepts payment_method_types=["card"] but does not echo it back.)
    assert intent.metadata.to_dict() == {
        "booking_reference": booking.reference,
        "payment_id": str(deposit.pk),
        "payment_kind": "deposit",
    }
    assert actions(deposit) == ["intent_created"]


@in_one_transaction
def test_no_intent_for_a_booking_whose_hold_expired(stripe_settings):
    booking, deposit, _contact = card_booking()
    lapse_hold(booking)
    with pytest.raises(InvalidTransition):
        payment_intent_for(payment=deposit)
    assert intents_for_payment(deposit.pk) == []
    assert reload(deposit).idempotency_key is None


# --------------------------------------------------------------------------- the pay pages


def pay_url(booking, name="pay"):
    return reverse(f"bookings:{name}", kwargs={"reference": booking.reference})


@in_one_transaction
def test_pay_page_shows_the_amount_and_mounts_stripe_without_inline_script(stripe_settings, client):
    booking, deposit, contact = card_booking()
    client.force_login(contact)

    response = client.get(pay_url(booking))

    assert response.status_code == 200
    html = response.content.decode()
    assert "€900.00" in html
    assert response["Cache-Control"].startswith("max-age=0")
    nonce = re.search(r'<script src="[^"]+js\.stripe\.com/v3/" nonce="([^"]+)"', html).group(1)
    assert f'<script src="/static/js/checkout.js" nonce="{nonce}">' in html
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    # Every script has a src: the data travels in data- attributes.
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    secret = payment_intent_for(payment=deposit)
    assert f'data-client-secret="{secret}"' in html
    assert 'data-publishable-key="pk_test_paamaja"' in html
    assert 'aria-live="polite"' in html


@in_one_transaction
def test_pay_pages_are_for_the_booking_organisation_only(stripe_settings, client):
    booking, _deposit, _contact = card_booking()
    _other_org, stranger = make_delegation()
    client.force_login(stranger)
    for name in ("pay", "pay_return", "pay_status"):
        assert client.get(pay_url(booking, name)).status_code == 404
    assert client.post(pay_url(booking, "pay_card"), {"token": "tok_x"}).status_code == 404
    client.logout()
    for name in ("pay", "pay_return", "pay_status"):
        response = client.get(pay_url(booking, name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert intents_for_payment(_deposit.pk) == []


@in_one_transaction
def test_pay_page_after_the_hold_expired_explains_and_creates_nothing(stripe_settings, client):
    booking, deposit, contact = card_booking()
    lapse_hold(booking)
    booking_expire(booking=booking)
    client.force_login(contact)

    response = client.get(pay_url(booking))

    assert response.status_code == 200
    assert "Your hold on this booking has expired" in response.content.decode()
    assert "payment-form" not in response.content.decode()
    assert intents_for_payment(deposit.pk) == []


@in_one_transaction
def test_return_page_asks_stripe_and_never_believes_the_browser(stripe_settings, client):
    booking, deposit, contact = card_booking()
    payment_intent_for(payment=deposit)
    deposit = reload(deposit)
    client.force_login(contact)

    # Stripe.js appends these on redirect; they prove nothing and change nothing.
    forged = f"?payment_intent={deposit.stripe_payment_intent_id}&redirect_status=succeeded"
    response = client.get(pay_url(booking, "pay_return") + forged)
    assert "being confirmed" in response.content.decode()
    assert reload(deposit).status == PaymentStatus.PENDING
    assert client.get(pay_url(booking, "pay_status")).json()["state"] == "pending"

    pay_at_stripe(deposit.stripe_payment_intent_id)  # webhooks are off in this test
    response = client.get(pay_url(booking, "pay_return"))

    assert "is confirmed" in response.content.decode()
    assert reload(booking).status == BookingStatus.CONFIRMED
    status = client.get(pay_url(booking, "pay_status")).json()
    assert status["state"] == "confirmed"
    assert status["booking_status"] == "confirmed"


def _stand_in_token(localstripe, number: str) -> str:
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


@in_one_transaction
def test_stand_in_card_confirmation_declines_clearly_then_pays(stripe_settings, client):
    booking, deposit, contact = card_booking()
    client.force_login(contact)
    client.get(pay_url(booking))

    declined = client.post(
        pay_url(booking, "pay_card"),
        {"token": _stand_in_token(stripe_settings, "4000000000000341")},
    )
    assert declined.status_code == 402
    assert declined.json() == {"error": "Your card was declined.", "declined": True}

    paid = client.post(
        pay_url(booking, "pay_card"),
        {"token": _stand_in_token(stripe_settings, "4242424242424242")},
    )
    assert paid.status_code == 200
    assert paid.json()["status"] == "succeeded"

    # localstripe cannot confirm a declined intent again: the spent one was cancelled
    # before its replacement was made, so only one could ever take the money.
    intents = {i.id: i.status for i in intents_for_payment(deposit.pk)}
    assert sorted(intents.values()) == ["canceled", "succeeded"]
    assert intents[reload(deposit).stripe_payment_intent_id] == "succeeded"
    assert actions(deposit) == ["intent_created", "intent_replaced"]

    client.get(pay_url(booking, "pay_return"))
    assert reload(booking).status == BookingStatus.CONFIRMED


@in_one_transaction
def test_stand_in_card_confirmation_refuses_a_bad_token(stripe_settings, client):
    booking, _deposit, contact = card_booking()
    client.force_login(contact)
    response = client.post(pay_url(booking, "pay_card"), {"token": "<script>"})
    assert response.status_code == 402
    assert response.json() == {"error": "Please enter your card details."}


# --------------------------------------------------------------------------- refunds


def _paid_deposit():
    booking, deposit, contact = card_booking()
    payment_intent_for(payment=deposit)
    deposit = reload(deposit)
    pay_at_stripe(deposit.stripe_payment_intent_id)
    payment_refresh(payment_intent_id=deposit.stripe_payment_intent_id)
    return booking, reload(deposit), contact


def test_refunds_go_to_stripe_once_and_never_exceed_what_was_paid(stripe_settings):
    _booking, deposit, contact = _paid_deposit()

    first = payment_refund(payment=deposit, amount=Decimal("400.00"), reason="test", actor=contact)
    assert first.status == RefundStatus.SUCCEEDED
    assert first.idempotency_key == f"refund-{deposit.pk}-1"
    with pytest.raises(BookingError, match="cannot exceed"):
        payment_refund(payment=deposit, amount=Decimal("500.01"), reason="too much")
    second = payment_refund(payment=deposit, amount=Decimal("500.00"), reason="the rest")
    with pytest.raises(BookingError, match="cannot exceed"):
        payment_refund(payment=deposit, amount=Decimal("0.01"), reason="nothing left")
    with pytest.raises(BookingError):
        payment_refund(payment=deposit, amount=Decimal("0"), reason="zero")

    remote = refunds_for_intent(deposit.stripe_payment_intent_id)
    assert sorted(r.amount for r in remote) == [40000, 50000]
    assert {r.id for r in remote} == {first.stripe_refund_id, reload(second).stripe_refund_id}
    assert reload(second).status == RefundStatus.SUCCEEDED


@in_one_transaction
def test_refund_refuses_unpaid_and_invoice_payments(stripe_settings):
    _booking, deposit, _contact = card_booking()
    payment_intent_for(payment=deposit)
    with pytest.raises(InvalidTransition):
        payment_refund(payment=reload(deposit), amount=Decimal("1.00"), reason="unpaid")

    organisation, contact = make_delegation()
    booking = booking_start(
        departure=make_departure(), organisation=organisation, contact=contact, participants_count=2
    )
    booking_checkout(booking=booking, payment_method="invoice", actor=contact)
    invoice_payment = booking.payments.get()
    with pytest.raises(BookingError, match="credit"):
        payment_refund(payment=invoice_payment, amount=Decimal("1.00"), reason="invoice")
    assert Refund.objects.count() == 0


def test_charge_refunded_records_a_refund_made_at_stripe(stripe_settings, live_server, settings):
    # localstripe sends no charge.* events: this one is in Stripe's current shape, signed
    # with the SDK's scheme. The refund itself is real (made at localstripe, as if in the
    # Stripe dashboard), and the handler reads it back from localstripe.
    booking, deposit, _contact = _paid_deposit()
    intent_id = deposit.stripe_payment_intent_id
    remote = api().v1.refunds.create(params={"payment_intent": intent_id, "amount": 25000})
    charge = {
        "id": "ch_test_refunded",
        "object": "charge",
        "amount": 90000,
        "amount_refunded": 25000,
        "currency": "eur",
        "payment_intent": intent_id,
        "refunded": False,
        "status": "succeeded",
    }
    body, header = signed(event_payload("charge.refunded", charge), settings.STRIPE_WEBHOOK_SECRET)
    url = live_server.url + "/stripe/webhook/"
    for _ in range(2):
        response = requests.post(url, data=body, headers={"Stripe-Signature": header}, timeout=10)
        assert response.status_code == 200

    [refund] = Refund.objects.filter(payment=deposit)
    assert (refund.stripe_refund_id, refund.amount) == (remote.id, Decimal("250.00"))
    assert refund.status == RefundStatus.SUCCEEDED
    assert "outside Päämaja" in reload(booking).needs_attention
    assert actions(refund) == ["refund_recorded"]


# --------------------------------------------------------------------------- late payments


def test_late_payment_when_the_seats_were_sold_is_flagged_and_refunded(stripe_webhooks, settings):
    departure = make_departure(seats=5)
    booking, deposit, _contact = card_booking(departure=departure, participants=3)
    payment_intent_for(payment=deposit)  # the delegation opened the pay page in time...
    expire_while_stripe_is_down(booking, settings)
    organisation, other = make_delegation()
    rival = booking_start(
        departure=departure, organisation=organisation, contact=other, participants_count=3
    )
    booking_checkout(booking=rival, payment_method="invoice", actor=other)
    mail.outbox.clear()

    # ...and paid after the hold had lapsed and the seats had gone to someone else.
    assert pay_at_stripe(reload(deposit).stripe_payment_intent_id) == "succeeded"

    wait_for(lambda: subjects("Payment received after"), what="the late-payment e-mail")
    refund = wait_for(
        lambda: Refund.objects.filter(payment=deposit, status=RefundStatus.SUCCEEDED).first(),
        what="the automatic refund",
    )
    deposit = reload(deposit)
    booking = reload(booking)
    assert deposit.status == PaymentStatus.SUCCEEDED  # the money did arrive
    assert booking.status == BookingStatus.EXPIRED
    assert "refunded automatically" in booking.needs_attention
    [remote] = refunds_for_intent(deposit.stripe_payment_intent_id)
    assert (remote.id, remote.amount, remote.status) == (
        refund.stripe_refund_id,
        90000,
        "succeeded",
    )
    assert subjects("Payment received after the hold expired") == [
        f"Payment received after the hold expired: {booking.reference}"
    ]
    assert subjects("Booking confirmed") == []
    assert "late_payment_refunded" in actions(booking)


def test_late_payment_with_seats_still_free_reinstates_the_booking(stripe_webhooks, settings):
    booking, deposit, _contact = card_booking(participants=3)
    payment_intent_for(payment=deposit)
    expire_while_stripe_is_down(booking, settings)
    balance = booking.payments.get(kind=PaymentKind.BALANCE)
    assert balance.status == PaymentStatus.CANCELED

    pay_at_stripe(reload(deposit).stripe_payment_intent_id)

    wait_for(lambda: subjects("Payment received:"), what="the reinstatement and the receipt")
    booking = reload(booking)
    assert booking.needs_attention == ""
    assert reload(deposit).status == PaymentStatus.SUCCEEDED
    assert reload(balance).status == PaymentStatus.PENDING  # due again
    trail = list(audit_trail(booking).values_list("action", "from_state", "to_state"))
    assert ("reinstate_late_payment", "expired", "confirmed") in trail
    assert Refund.objects.count() == 0
    assert len(subjects("Payment received:")) == 1
    assert len(subjects("Booking confirmed:")) == 1


def test_late_payment_when_the_rooms_were_sold_is_refunded(stripe_settings, settings):
    from bookings.services import RoomRequest, booking_set_accommodation

    from .factories import make_room_type

    departure = make_departure(seats=20)
    night = departure.start_date
    room_type = make_room_type(nights=[night], rooms=2)
    rooms = [RoomRequest(room_type=room_type, occupancy="single", rooms=2)]
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=departure, organisation=organisation, contact=contact, participants_count=2
    )
    booking_set_accommodation(
        booking=booking, requests=rooms, arrival=night, departure=night + datetime.timedelta(1)
    )
    booking = booking_checkout(booking=booking, payment_method="card", actor=contact)
    deposit = booking.payments.get(kind=PaymentKind.DEPOSIT)
    payment_intent_for(payment=deposit)
    expire_while_stripe_is_down(booking, settings)
    rival_org, rival_contact = make_delegation()
    rival = booking_start(
        departure=departure, organisation=rival_org, contact=rival_contact, participants_count=2
    )
    booking_set_accommodation(
        booking=rival, requests=rooms, arrival=night, departure=night + datetime.timedelta(1)
    )

    pay_at_stripe(reload(deposit).stripe_payment_intent_id)
    payment_refresh(payment_intent_id=reload(deposit).stripe_payment_intent_id)

    assert reload(booking).status == BookingStatus.EXPIRED
    assert reload(booking).needs_attention
    [refund] = Refund.objects.filter(payment=deposit)
    assert refund.status == RefundStatus.SUCCEEDED
    assert refund.amount == deposit.amount


# --------------------------------------------------------------------------- in a browser


@pytest.mark.browser
def test_paying_in_a_browser_with_the_stripe_js_stand_in(
    stripe_webhooks, localstripe, live_server, settings, client, page
):
    from playwright.sync_api import expect

    # The CSP names the Stripe origins read at start-up; this test's localstripe port is
    # chosen later, so it is added here (in the demo it is set from the environment).
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        **{
            directive: [*settings.SECURE_CSP[directive], localstripe.url]
            for directive in ("script-src", "connect-src", "frame-src")
        },
    }
    booking, deposit, contact = card_booking()
    client.force_login(contact)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )

    page.goto(live_server.url + pay_url(booking))
    expect(page.locator(".pay-amount")).to_have_text("€900.00")
    card = page.locator("#card-element")

    def enter(number: str) -> None:
        card.locator("input[placeholder=number]").fill(number)
        card.locator("input[placeholder=exp_month]").fill("12")
        card.locator("input[placeholder=exp_year]").fill("30")
        card.locator("input[placeholder=cvc]").fill("123")
        card.locator("input[placeholder=postal_code]").fill("00100")
        page.get_by_role("button", name="Pay €900.00").click()

    message = page.locator("#payment-message")
    expect(message).to_have_attribute("aria-live", "polite")
    enter("4000000000000341")
    expect(message).to_contain_text("Your card was declined. Nothing was charged.")
    expect(page.get_by_role("button", name="Pay €900.00")).to_be_enabled()

    enter("4242424242424242")
    page.wait_for_url("**/return/")
    expect(page.locator("#payment-status-text")).to_contain_text(
        f"Your booking {booking.reference} is confirmed"
    )
    assert reload(booking).status == BookingStatus.CONFIRMED
    assert reload(deposit).status == PaymentStatus.SUCCEEDED
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
