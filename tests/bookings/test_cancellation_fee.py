"""The cancellation fee is the policy's share of the booking's PRICE (issue 19, item 4).

Before, the policy's percentage applied only to what had been paid: an unpaid invoice
booking cancelled 40 days ahead owed nothing, and a paid deposit came half back
whatever the price. Now the fee (the part of the price the policy does not refund) is
kept from what was paid, the rest is refunded, and what the payments do not cover is
invoiced. Every test checks that the amounts reconcile to the cent.

The price here is 3 × 1 234.57 = 3 703.71 € (VAT 25.5 %), so halves and shares round.
"""

# ruff: noqa: F811 - the refunds fixture is imported from test_cancellation

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bookings.cancellation import booking_cancel, cancellation_terms
from bookings.enums import (
    BookingStatus,
    InvoiceKind,
    PaymentKind,
    PaymentMethod,
    PaymentStatus,
)
from bookings.models import (
    Booking,
    BookingPolicy,
    CancellationPolicy,
    CancellationRule,
    Invoice,
    Payment,
    Refund,
)
from bookings.pricing import totals
from bookings.reminders import overdue_invoice_reminders_send
from bookings.services import booking_checkout, booking_confirm, booking_start
from core.audit import audit_trail

from .factories import default_policy, make_delegation, make_departure, make_programme, vat_rates
from .test_cancellation import refunds  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

PRICE = Decimal("3703.71")


def _booking(*, days_ahead: int = 40, method: str = "invoice", policy=None) -> Booking:
    vat_rates()
    default_policy()
    programme = make_programme(prices=[(1, 30, "1234.57")])
    departure = make_departure(days_ahead=120, programme=programme)
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=departure, organisation=organisation, contact=contact, participants_count=3
    )
    if policy is not None:
        Booking.objects.filter(pk=booking.pk).update(cancellation_policy=policy)
    booking = booking_checkout(booking=booking, payment_method=method)
    start = timezone.localdate() + datetime.timedelta(days=days_ahead)
    Booking.objects.filter(pk=booking.pk).update(
        start_date=start, end_date=start + datetime.timedelta(days=2)
    )
    booking.refresh_from_db()
    assert totals(booking.lines.all()).gross == PRICE
    return booking


def _pay(payment: Payment) -> None:
    """Mark a card payment received (its Stripe side is proven in test_payments.py)."""
    Payment.objects.filter(pk=payment.pk).update(
        status=PaymentStatus.SUCCEEDED, paid_at=timezone.now() - datetime.timedelta(days=1)
    )


def _gross(invoice: Invoice) -> Decimal:
    return totals(invoice.lines.all()).gross


def _fee_invoice(booking: Booking) -> Invoice:
    return Invoice.objects.get(booking=booking, payment__kind=PaymentKind.FEE)


def test_unpaid_invoice_booking_owes_the_fee_on_its_price():
    booking = _booking(days_ahead=40)  # 50 % refunded: the fee is half the price
    invoice = Invoice.objects.get(booking=booking, kind=InvoiceKind.INVOICE)
    terms = cancellation_terms(booking=booking)
    assert (terms.price, terms.paid, terms.refund) == (PRICE, 0, 0)
    assert terms.fee == terms.fee_due == Decimal("1851.85")  # 3 703.71 − 1 851.86

    booking = booking_cancel(booking=booking, actor=None, reason="Budget cut")

    assert booking.status == BookingStatus.CANCELLED
    note = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE, credited_invoice=invoice)
    assert _gross(note) == -PRICE  # the open invoice is credited in full
    fee_invoice = _fee_invoice(booking)
    assert fee_invoice.kind == InvoiceKind.INVOICE and fee_invoice.paid_at is None
    assert _gross(fee_invoice) == Decimal("1851.85")
    # Its VAT follows the booking's rows, like every share of the price.
    rows = totals(fee_invoice.lines.all()).rows
    assert [row.rate for row in rows] == [row.rate for row in totals(booking.lines.all()).rows]
    assert [row.vat for row in rows] == [Decimal("376.27")]  # 1 851.85 × 25.5 / 125.5
    assert fee_invoice.due_date == timezone.localdate() + datetime.timedelta(
        days=BookingPolicy.load().invoice_payment_days
    )
    fee_payment = fee_invoice.payment
    assert (fee_payment.method, fee_payment.status) == (PaymentMethod.INVOICE, "pending")
    # What the buyer owes in the end, to the cent: invoice − credit note + fee invoice.
    assert _gross(invoice) + _gross(note) + _gross(fee_invoice) == terms.fee
    entry = audit_trail(booking).get(action="cancel")
    assert entry.data["fee"] == "1851.85" and entry.data["fee_invoice"] == fee_invoice.number


def test_paid_in_full_card_booking_gets_the_price_less_the_fee(refunds):
    booking = _booking(days_ahead=40, method="card")
    for payment in booking.payments.all():
        _pay(payment)
    booking = booking_confirm(booking=booking)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.PAID)

    booking_cancel(booking=booking, actor=None)

    refunded = sum(amount for _pk, amount in refunds)
    assert refunded == Decimal("1851.86")  # PRICE − fee 1 851.85
    assert refunded + Decimal("1851.85") == PRICE
    assert not Invoice.objects.filter(booking=booking, payment__kind=PaymentKind.FEE).exists()


def test_deposit_below_the_fee_refunds_nothing_and_invoices_the_rest(refunds):
    booking = _booking(days_ahead=40, method="card")
    deposit = booking.payments.get(kind=PaymentKind.DEPOSIT)
    balance = booking.payments.get(kind=PaymentKind.BALANCE)
    assert deposit.amount == Decimal("1111.11")  # 30 % of the price
    _pay(deposit)
    booking = booking_confirm(booking=booking)

    terms = cancellation_terms(booking=booking)
    assert (terms.fee, terms.refund, terms.retained) == (
        Decimal("1851.85"),
        Decimal("0.00"),
        Decimal("1111.11"),
    )
    booking_cancel(booking=booking, actor=None)

    assert refunds == []  # nothing goes back: the deposit is kept towards the fee
    assert Payment.objects.get(pk=balance.pk).status == PaymentStatus.CANCELED
    fee_invoice = _fee_invoice(booking)
    assert _gross(fee_invoice) == Decimal("740.74")
    assert deposit.amount + _gross(fee_invoice) == terms.fee  # to the cent


def test_deposit_above_the_fee_refunds_the_difference(refunds):
    policy = CancellationPolicy.objects.create(name="Mild")
    for days, percent in [(60, "100"), (30, "80"), (0, "0")]:
        CancellationRule.objects.create(policy=policy, days_before=days, refund_percent=percent)
    booking = _booking(days_ahead=40, method="card", policy=policy)
    deposit = booking.payments.get(kind=PaymentKind.DEPOSIT)
    _pay(deposit)
    booking = booking_confirm(booking=booking)

    terms = cancellation_terms(booking=booking)
    assert terms.fee == Decimal("740.74")  # 3 703.71 − 80 % (2 962.97)
    booking_cancel(booking=booking, actor=None)

    assert refunds == [(deposit.pk, Decimal("370.37"))]  # 1 111.11 − 740.74
    assert deposit.amount - Decimal("370.37") == terms.fee
    assert not Invoice.objects.filter(booking=booking, payment__kind=PaymentKind.FEE).exists()


def test_paid_invoice_booking_is_credited_all_but_the_fee():
    booking = _booking(days_ahead=40)
    invoice = Invoice.objects.get(booking=booking, kind=InvoiceKind.INVOICE)
    Invoice.objects.filter(pk=invoice.pk).update(paid_at=timezone.now())
    _pay(invoice.payment)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.PAID)

    booking = booking_cancel(booking=booking, actor=None)

    note = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE, credited_invoice=invoice)
    assert _gross(note) == Decimal("-1851.86")
    assert _gross(invoice) + _gross(note) == Decimal("1851.85")  # the fee is what is kept
    assert "1851.86" in booking.needs_attention  # the manager transfers it back


def test_a_booking_still_in_checkout_is_cancelled_without_a_fee():
    booking = _booking(days_ahead=10, method="card")  # awaiting its deposit: no contract yet
    assert booking.status == BookingStatus.AWAITING_PAYMENT
    assert cancellation_terms(booking=booking).fee == 0
    booking_cancel(booking=booking, actor=booking.contact)
    assert not Invoice.objects.filter(booking=booking).exists()
    assert not Refund.objects.filter(payment__booking=booking).exists()


def test_an_overdue_fee_invoice_is_reminded_although_the_booking_is_cancelled():
    booking = _booking(days_ahead=40)
    booking_cancel(booking=booking, actor=None)
    fee_invoice = _fee_invoice(booking)
    later = fee_invoice.due_date + datetime.timedelta(days=1)
    assert overdue_invoice_reminders_send(today=later) == 1  # the fee, not the credited one
    fee_invoice.refresh_from_db()
    assert fee_invoice.reminded_at is not None


@pytest.mark.parametrize(
    "language, texts",
    [
        (
            "en",
            [
                "Cancellation fee",
                "€1,851.85",
                "50 % of the price",
                "costs a cancellation fee of €1,851.85",
                "€1,111.11 of what you paid is kept towards the fee.",
                "€740.74, is invoiced",
                "50 % of the price is refunded; the rest is the cancellation fee.",
            ],
        ),
        (
            "fi",
            [
                "Peruutusmaksu",
                "1\xa0851,85\xa0€",
                "50 % hinnasta",
                "740,74\xa0€",
            ],
        ),
        (
            "sv",
            [
                "Avbokningsavgift",
                "1\xa0851,85\xa0€",
                "50 % av priset",
                "740,74\xa0€",
            ],
        ),
    ],
)
def test_the_cancel_page_states_the_fee_before_confirming(client, language, texts):
    booking = _booking(days_ahead=40, method="card")
    _pay(booking.payments.get(kind=PaymentKind.DEPOSIT))
    booking = booking_confirm(booking=booking)
    client.force_login(booking.contact)
    with translation.override(language):
        url = reverse("bookings:cancel", args=[booking.reference])
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    for text in texts:
        assert text in content, text
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    assert not Refund.objects.filter(payment__booking=booking).exists()
