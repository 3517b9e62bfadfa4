"""Card disputes (12.11): Stripe's charge.dispute.* webhooks flag the booking for the
programme manager, are audited, e-mail the managers, and act once however often they
arrive.

localstripe has no disputes, so the events are in Stripe's current shape, signed with
the SDK's own scheme and posted to the real webhook view; the payment they name was
really paid at localstripe.
"""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import secrets

import pytest
from django.core import mail
from django.urls import reverse

from bookings.cards.payments import payment_intent_for, payment_refresh
from bookings.enums import PaymentStatus
from bookings.models import Booking, Dispute
from core.audit import audit_trail

from .localstripe_server import (  # noqa: F401 - fixtures
    api,
    card_booking,
    event_payload,
    localstripe,
    pay_at_stripe,
    signed,
    stripe_settings,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WEBHOOK = "/stripe/webhook/"


def paid_booking():
    booking, deposit, _contact = card_booking()
    payment_intent_for(payment=deposit)
    deposit.refresh_from_db()
    assert pay_at_stripe(deposit.stripe_payment_intent_id) == "succeeded"
    payment_refresh(payment_intent_id=deposit.stripe_payment_intent_id)
    deposit.refresh_from_db()
    assert deposit.status == PaymentStatus.SUCCEEDED
    mail.outbox.clear()
    return booking, deposit


def dispute_object(dispute_id: str, intent_id: str | None, *, status: str, charge: str = ""):
    return {
        "id": dispute_id,
        "object": "dispute",
        "amount": 90000,
        "currency": "eur",
        "charge": charge or f"ch_test_{secrets.token_hex(6)}",
        "payment_intent": intent_id,
        "reason": "fraudulent",
        "status": status,
        "livemode": False,
    }


def post_event(client, settings, event_type: str, obj: dict, *, event_id: str | None = None):
    body, header = signed(
        event_payload(event_type, obj, event_id=event_id), settings.STRIPE_WEBHOOK_SECRET
    )
    response = client.post(
        WEBHOOK, data=body, content_type="application/json", headers={"Stripe-Signature": header}
    )
    assert response.status_code == 200, response.content
    return response


def manager_mails(prefix: str) -> list:
    return [m for m in mail.outbox if m.subject.startswith(prefix)]


def actions(obj) -> list[str]:
    return list(audit_trail(obj).values_list("action", flat=True))


def test_a_dispute_flags_the_booking_audits_and_mails_the_managers_once(
    stripe_settings, client, settings
):
    booking, deposit = paid_booking()
    opened = dispute_object("dp_test_1", deposit.stripe_payment_intent_id, status="needs_response")

    post_event(client, settings, "charge.dispute.created", opened, event_id="evt_dp_1")
    # Stripe delivers the same event again, and sends an update that changes nothing.
    post_event(client, settings, "charge.dispute.created", opened, event_id="evt_dp_1")
    post_event(client, settings, "charge.dispute.updated", opened)

    booking = Booking.objects.get(pk=booking.pk)
    assert "disputed at the bank" in booking.needs_attention
    [dispute] = Dispute.objects.filter(booking=booking)
    assert (dispute.stripe_dispute_id, dispute.payment_id, str(dispute.amount)) == (
        "dp_test_1",
        deposit.pk,
        "900.00",
    )
    assert (dispute.reason, dispute.stripe_status, dispute.closed_at) == (
        "fraudulent",
        "needs_response",
        None,
    )
    assert actions(booking).count("dispute_opened") == 1
    [message] = manager_mails("Card payment disputed:")
    assert message.to == [settings.MANAGERS_EMAIL]
    assert message.subject == f"Card payment disputed: {booking.reference}"
    assert "dp_test_1" in message.body
    assert reverse("booking:inspect", args=[booking.pk]) in message.body
    assert "\u20ac900.00" in message.body or "900.00" in message.body


def test_a_closed_dispute_is_recorded_once_and_never_reopened(stripe_settings, client, settings):
    booking, deposit = paid_booking()
    intent_id = deposit.stripe_payment_intent_id
    opened = dispute_object("dp_test_2", intent_id, status="needs_response")
    lost = {**opened, "status": "lost"}

    post_event(client, settings, "charge.dispute.created", opened)
    post_event(client, settings, "charge.dispute.closed", lost)
    post_event(client, settings, "charge.dispute.closed", lost)  # a new delivery of it
    post_event(client, settings, "charge.dispute.created", opened)  # an old event, late

    dispute = Dispute.objects.get(stripe_dispute_id="dp_test_2")
    assert dispute.stripe_status == "lost"
    assert dispute.closed_at is not None
    booking = Booking.objects.get(pk=booking.pk)
    assert "was lost" in booking.needs_attention
    assert actions(booking).count("dispute_opened") == 1
    assert actions(booking).count("dispute_closed") == 1
    assert len(manager_mails("Card payment disputed:")) == 1
    [closed] = manager_mails("Card dispute closed:")
    assert "lost" in closed.body


def test_a_dispute_naming_only_its_charge_is_found_through_stripe(
    stripe_settings, client, settings
):
    booking, deposit = paid_booking()
    intent = api().v1.payment_intents.retrieve(deposit.stripe_payment_intent_id).to_dict()
    charge = intent["latest_charge"]
    charge_id = charge["id"] if isinstance(charge, dict) else charge
    won = dispute_object("dp_test_3", None, status="won", charge=charge_id)

    post_event(client, settings, "charge.dispute.closed", won)

    dispute = Dispute.objects.get(stripe_dispute_id="dp_test_3")
    assert dispute.booking_id == booking.pk
    assert dispute.closed_at is not None
    assert actions(Booking.objects.get(pk=booking.pk)).count("dispute_closed") == 1


def test_a_dispute_on_no_payment_of_ours_changes_nothing(stripe_settings, client, settings):
    booking, _deposit = paid_booking()
    post_event(
        client,
        settings,
        "charge.dispute.created",
        dispute_object("dp_x", "pi_unknown", status="needs_response"),
    )
    assert Dispute.objects.count() == 0
    assert Booking.objects.get(pk=booking.pk).needs_attention == ""
    assert manager_mails("Card payment disputed:") == []


def test_the_admin_shows_the_dispute_on_the_booking_page_and_list(
    stripe_settings, client, settings
):
    from tests.bookings.test_admin import manager

    booking, deposit = paid_booking()
    post_event(
        client,
        settings,
        "charge.dispute.created",
        dispute_object("dp_test_4", deposit.stripe_payment_intent_id, status="needs_response"),
    )

    client.force_login(manager())
    page = client.get(reverse("booking:inspect", args=[booking.pk])).content.decode()
    assert "Card disputes" in page
    assert "dp_test_4" in page
    assert "disputed at the bank" in page
    listing = client.get(reverse("booking:index")).content.decode()
    assert booking.reference in listing
    assert "Needs attention" in listing
