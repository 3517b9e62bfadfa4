"""Cancellation: policy tiers, refunds by card and credit note, refusals change nothing."""

import datetime
import sys
import types
from decimal import Decimal

import pytest
from django.utils import timezone

from bookings import signals
from bookings.cancellation import booking_cancel, cancellation_refund_percent, cancellation_terms
from bookings.enums import BookingStatus, InvoiceKind, PaymentStatus, RefundStatus, WaitingStatus
from bookings.errors import InvalidTransition, PaymentProviderError
from bookings.models import (
    Booking,
    CancellationPolicy,
    CancellationRule,
    Invoice,
    Payment,
    Refund,
    WaitingListEntry,
)
from bookings.pricing import totals
from bookings.services import booking_checkout, booking_confirm, booking_start
from core.models import AuditEntry, OutboxMessage

from .factories import default_policy, make_delegation, make_departure, vat_rates

pytestmark = pytest.mark.django_db


def _held(*, participants: int = 4, departure=None) -> Booking:
    vat_rates()
    default_policy()
    departure = departure or make_departure(seats=20, days_ahead=120)
    organisation, contact = make_delegation()
    return booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=participants,
    )


def _move_start(booking: Booking, days_ahead: int) -> Booking:
    start = timezone.localdate() + datetime.timedelta(days=days_ahead)
    Booking.objects.filter(pk=booking.pk).update(
        start_date=start, end_date=start + datetime.timedelta(days=2)
    )
    booking.refresh_from_db()
    return booking


def _invoice_booking(*, paid: bool, days_ahead: int = 120) -> Booking:
    booking = booking_checkout(booking=_held(), payment_method="invoice")
    if paid:
        # What invoicing.invoice_mark_paid records (that service is tested in test_invoicing).
        invoice = Invoice.objects.get(booking=booking)
        now = timezone.now()
        Invoice.objects.filter(pk=invoice.pk).update(paid_at=now)
        Payment.objects.filter(pk=invoice.payment_id).update(
            status=PaymentStatus.SUCCEEDED, paid_at=now
        )
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.PAID)
    return _move_start(booking, days_ahead)


def _card_booking(*, paid: str = "deposit", days_ahead: int = 120) -> Booking:
    """Card booking whose payments are marked SUCCEEDED directly: the Stripe side of a
    card payment is proven in test_payments.py."""
    booking = booking_checkout(booking=_held(), payment_method="card")
    deposit = Payment.objects.get(booking=booking, kind="deposit")
    now = timezone.now()
    Payment.objects.filter(pk=deposit.pk).update(
        status=PaymentStatus.SUCCEEDED, paid_at=now - datetime.timedelta(days=2)
    )
    booking = booking_confirm(booking=booking)
    if paid == "all":
        Payment.objects.filter(booking=booking, kind="balance").update(
            status=PaymentStatus.SUCCEEDED, paid_at=now - datetime.timedelta(days=1)
        )
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.PAID)
    return _move_start(booking, days_ahead)


@pytest.fixture
def refunds(monkeypatch):
    """Record calls to bookings.cards.payments.payment_refund instead of calling Stripe.

    The Stripe part of a refund (idempotency key, amount limits, localstripe) is proven
    in test_payments.py; here we prove that cancellation asks for the right refunds.
    """
    calls = []

    def fake_refund(*, payment, amount, reason, actor=None):
        calls.append((payment.pk, amount))
        return Refund.objects.create(
            payment=payment,
            amount=amount,
            status=RefundStatus.SUCCEEDED,
            idempotency_key=f"test-{payment.pk}-{len(calls)}",
            reason=reason[:200],
        )

    try:
        import bookings.cards.payments  # noqa: F401
    except ImportError:
        monkeypatch.setitem(
            sys.modules, "bookings.cards.payments", types.ModuleType("bookings.cards.payments")
        )
    monkeypatch.setattr(
        sys.modules["bookings.cards.payments"], "payment_refund", fake_refund, raising=False
    )
    return calls


def _snapshot(booking: Booking) -> dict:
    return {
        "booking": Booking.objects.filter(pk=booking.pk).values().get(),
        "payments": list(Payment.objects.filter(booking=booking).values().order_by("pk")),
        "invoices": Invoice.objects.filter(booking=booking).count(),
        "refunds": Refund.objects.filter(payment__booking=booking).count(),
        "audit": AuditEntry.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


# --------------------------------------------------------------------------- policy tiers


@pytest.mark.parametrize(
    "days_before, percent",
    [
        (200, "100"),
        (60, "100"),
        (59, "50"),
        (30, "50"),
        (29, "0"),
        (0, "0"),
        (-3, "0"),  # after the start
    ],
)
def test_refund_percent_follows_the_policy_tiers(days_before, percent):
    booking = _held()
    on = booking.start_date - datetime.timedelta(days=days_before)
    assert cancellation_refund_percent(booking=booking, on=on) == Decimal(percent)


def test_rules_are_read_largest_days_first_whatever_their_order():
    policy = CancellationPolicy.objects.create(name="Odd order")
    for days, percent in [(10, "20"), (90, "90"), (45, "60")]:
        CancellationRule.objects.create(policy=policy, days_before=days, refund_percent=percent)
    booking = _held()
    booking.cancellation_policy = policy
    start = booking.start_date
    assert (
        cancellation_refund_percent(booking=booking, on=start - datetime.timedelta(days=50)) == 60
    )
    assert (
        cancellation_refund_percent(booking=booking, on=start - datetime.timedelta(days=95)) == 90
    )
    assert cancellation_refund_percent(booking=booking, on=start - datetime.timedelta(days=5)) == 0


def test_no_policy_refunds_nothing():
    booking = _held()
    booking.cancellation_policy = None
    assert (
        cancellation_refund_percent(
            booking=booking, on=booking.start_date - datetime.timedelta(days=365)
        )
        == 0
    )


# --------------------------------------------------------------------------- happy paths


def test_cancelling_a_hold_frees_the_seats_and_tells_the_contact(
    django_capture_on_commit_callbacks,
):
    booking = _held()
    received = []

    def listener(sender, booking_id, **kwargs):
        received.append(booking_id)

    signals.booking_cancelled.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            booking = booking_cancel(booking=booking, actor=booking.contact, reason="Plans changed")
    finally:
        signals.booking_cancelled.disconnect(listener)
    assert booking.status == BookingStatus.CANCELLED
    assert received == [booking.pk]
    entry = AuditEntry.objects.filter(action="cancel").get()
    assert (entry.from_state, entry.to_state) == (BookingStatus.HELD, BookingStatus.CANCELLED)
    assert entry.actor == booking.contact and entry.data["reason"] == "Plans changed"
    assert OutboxMessage.objects.filter(kwargs__template="cancellation").count() == 1
    from bookings.selectors import departure_seats_taken

    assert departure_seats_taken(departure_id=booking.departure_id) == 0


def test_unpaid_invoice_is_credited_in_full_and_the_fee_invoiced():
    booking = _invoice_booking(paid=False, days_ahead=10)  # 0 % refund: the fee is the price
    invoice = Invoice.objects.get(booking=booking, kind=InvoiceKind.INVOICE)
    booking = booking_cancel(booking=booking, actor=None)
    note = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE, credited_invoice=invoice)
    assert totals(note.lines.all()).gross == -totals(invoice.lines.all()).gross
    assert Payment.objects.get(pk=invoice.payment_id).status == PaymentStatus.CANCELED
    # The fee (the whole price this late; test_cancellation_fee.py has the shares).
    fee = Invoice.objects.get(booking=booking, payment__kind="fee")
    assert totals(fee.lines.all()).gross == totals(invoice.lines.all()).gross
    assert booking.status == BookingStatus.CANCELLED
    assert booking.needs_attention == ""  # nothing to pay back


@pytest.mark.parametrize("days_ahead, share", [(90, Decimal("1")), (45, Decimal("0.5"))])
def test_paid_invoice_gets_a_credit_note_for_the_refund(days_ahead, share):
    booking = _invoice_booking(paid=True, days_ahead=days_ahead)
    assert booking.status == BookingStatus.PAID
    invoice = Invoice.objects.get(booking=booking, kind=InvoiceKind.INVOICE)
    paid = totals(invoice.lines.all()).gross
    booking = booking_cancel(booking=booking, actor=None, reason="Budget cut")
    note = Invoice.objects.get(kind=InvoiceKind.CREDIT_NOTE, credited_invoice=invoice)
    assert totals(note.lines.all()).gross == -(paid * share)
    assert "bank transfer" in booking.needs_attention
    assert Decimal(AuditEntry.objects.get(action="cancel").data["refund"]) == paid * share
    assert note.lines.first().description.startswith("Cancellation: Budget cut")


def test_paid_invoice_late_in_the_day_gets_no_credit_note():
    booking = _invoice_booking(paid=True, days_ahead=10)
    booking = booking_cancel(booking=booking, actor=None)
    assert not Invoice.objects.filter(kind=InvoiceKind.CREDIT_NOTE, booking=booking).exists()
    assert booking.status == BookingStatus.CANCELLED


def test_card_deposit_is_refunded_and_the_balance_no_longer_owed(refunds):
    # The Stripe part of payment_refund is proven in test_payments.py.
    booking = _card_booking(paid="deposit", days_ahead=90)
    deposit = Payment.objects.get(booking=booking, kind="deposit")
    booking = booking_cancel(booking=booking, actor=booking.contact)
    assert refunds == [(deposit.pk, deposit.amount)]
    assert Payment.objects.get(booking=booking, kind="balance").status == PaymentStatus.CANCELED
    assert booking.status == BookingStatus.CANCELLED


def test_card_refund_is_spread_latest_payment_first(refunds):
    # The Stripe part of payment_refund is proven in test_payments.py.
    booking = _card_booking(paid="all", days_ahead=45)  # 50 % of 4 000.00
    balance = Payment.objects.get(booking=booking, kind="balance")
    booking_cancel(booking=booking, actor=None)
    assert refunds == [(balance.pk, Decimal("2000.00"))]


def test_card_refund_spills_over_to_the_earlier_payment(refunds):
    # The Stripe part of payment_refund is proven in test_payments.py.
    booking = _card_booking(paid="all", days_ahead=90)
    deposit = Payment.objects.get(booking=booking, kind="deposit")
    balance = Payment.objects.get(booking=booking, kind="balance")
    Refund.objects.create(
        payment=balance,
        amount=Decimal("500.00"),
        status=RefundStatus.SUCCEEDED,
        idempotency_key="earlier",
    )
    assert cancellation_terms(booking=booking).paid == Decimal("3500.00")
    booking_cancel(booking=booking, actor=None)
    assert refunds == [(balance.pk, Decimal("2300.00")), (deposit.pk, Decimal("1200.00"))]
    refunded = sum(r.amount for r in Refund.objects.filter(payment__booking=booking))
    assert refunded == Decimal("4000.00")  # never more than was paid


def test_cancelling_an_offered_waiting_list_booking_withdraws_the_entry():
    booking = _held()
    entry = WaitingListEntry.objects.create(
        departure=booking.departure,
        organisation=booking.organisation,
        contact=booking.contact,
        participants_count=booking.participants_count,
        status=WaitingStatus.OFFERED,
        offered_booking=booking,
    )
    booking_cancel(booking=booking, actor=booking.contact)
    entry.refresh_from_db()
    assert entry.status == WaitingStatus.WITHDRAWN


def test_a_card_payment_in_progress_is_flagged_for_the_manager():
    booking = booking_checkout(booking=_held(), payment_method="card")
    Payment.objects.filter(booking=booking, kind="deposit").update(status=PaymentStatus.PROCESSING)
    booking = booking_cancel(booking=booking, actor=None)
    assert "in progress" in booking.needs_attention


# --------------------------------------------------------------------------- refusals


def test_cancelling_twice_changes_nothing_the_second_time(refunds):
    booking = _card_booking(paid="deposit", days_ahead=90)
    booking_cancel(booking=booking, actor=None)
    before = _snapshot(booking)
    again = booking_cancel(booking=booking, actor=None)
    assert again.status == BookingStatus.CANCELLED
    assert _snapshot(booking) == before
    assert len(refunds) == 1


@pytest.mark.parametrize(
    "status", [BookingStatus.COMPLETED, BookingStatus.EXPIRED, BookingStatus.DRAFT]
)
def test_cancelling_a_closed_booking_is_refused(status):
    booking = _invoice_booking(paid=False)
    Booking.objects.filter(pk=booking.pk).update(status=status)
    before = _snapshot(booking)
    with pytest.raises(InvalidTransition):
        booking_cancel(booking=booking, actor=None)
    assert _snapshot(booking) == before


def test_a_refused_stripe_refund_rolls_the_cancellation_back(monkeypatch, refunds):
    booking = _card_booking(paid="deposit", days_ahead=90)

    def failing_refund(**kwargs):
        raise PaymentProviderError()

    monkeypatch.setattr(sys.modules["bookings.cards.payments"], "payment_refund", failing_refund)
    before = _snapshot(booking)
    with pytest.raises(PaymentProviderError):
        booking_cancel(booking=booking, actor=None)
    assert _snapshot(booking) == before


def test_terms_show_what_a_cancellation_would_give_back():
    booking = _invoice_booking(paid=True, days_ahead=45)
    terms = cancellation_terms(booking=booking)
    assert terms.percent == 50
    assert terms.paid == Decimal("4000.00")
    assert terms.refund == Decimal("2000.00")
    assert terms.retained == Decimal("2000.00")
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.PAID  # nothing changed
