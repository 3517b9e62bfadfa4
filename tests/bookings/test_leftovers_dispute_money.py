"""Dispute amounts are written as money, in the managers' language, on the booking's
flag, the audit note, the admin's disputes table and the managers' e-mail (issue 12, i).

They read "1234.56 EUR" (the Decimal as stored) beside pages that say "€1,234.56".
The dispute events themselves are tested through the webhook in test_disputes.py; here
dispute_record is given the event's object, as the webhook does.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from bookings.cards.disputes import dispute_email_send, dispute_record
from bookings.enums import PaymentKind, PaymentMethod, PaymentStatus
from bookings.models import Booking, Dispute, Payment
from core.formatting import format_money
from tests.bookings.test_admin import make_booking, manager

pytestmark = pytest.mark.django_db

AMOUNT = format_money(Decimal("1234.56"), settings.LANGUAGE_CODE)  # "€1,234.56"


def _disputed(status: str = "needs_response") -> Booking:
    booking = make_booking()
    Payment.objects.create(
        booking=booking,
        kind=PaymentKind.DEPOSIT,
        method=PaymentMethod.CARD,
        amount=Decimal("1234.56"),
        status=PaymentStatus.SUCCEEDED,
        stripe_payment_intent_id="pi_leftovers_1",
    )
    dispute_record(
        dispute={
            "id": "dp_leftovers_1",
            "amount": 123456,
            "payment_intent": "pi_leftovers_1",
            "reason": "fraudulent",
            "status": status,
        }
    )
    return Booking.objects.get(pk=booking.pk)


def test_the_flag_and_the_admin_table_show_the_amount_as_money(client, settings):
    settings.STAFF_MFA_REQUIRED = False  # the MFA gate is tested in tests/accounts
    booking = _disputed()
    assert AMOUNT in booking.needs_attention
    assert "EUR" not in booking.needs_attention
    client.force_login(manager())
    page = client.get(reverse("booking:inspect", args=[booking.pk])).content.decode()
    table = page[page.index("data-disputes") :]
    table = table[: table.index("</table>")]
    assert AMOUNT in table
    assert "1234.56" not in table


def test_a_lost_dispute_and_the_managers_mail_show_the_amount_as_money():
    booking = _disputed(status="lost")
    assert AMOUNT in booking.needs_attention
    assert "EUR" not in booking.needs_attention
    record = Dispute.objects.get(booking=booking)
    mail.outbox.clear()
    dispute_email_send(dispute_id=record.pk, step="closed")
    dispute_email_send(dispute_id=record.pk, step="opened")
    for message in mail.outbox:
        assert AMOUNT in message.body, message.body
        assert "1234.56" not in message.body
