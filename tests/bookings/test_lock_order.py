"""The one lock order (core.transitions): a booking before its payments before its
invoices, so marking an invoice paid and cancelling its booking cannot deadlock.

Why the old order deadlocked: `invoice_mark_paid` locked invoice → payment → booking
while `booking_cancel` locks booking → payments → invoice (to credit it). With the
manager's transaction holding the invoice (paused right after its first lock by the
test-only BOOKINGS_TEST_LOCK_ORDER_PAUSE_SECONDS), the cancellation takes the booking
and the payment and waits for the invoice; the manager's transaction then waits for
the payment: each holds what the other needs, and PostgreSQL aborts one of them with
"deadlock detected". Taking the booking first makes the second transaction wait at
the booking, before it holds anything, so both finish one after the other.
(Checked: with invoice_mark_paid's locks put back in the old order this test fails
with DeadlockDetected.)
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections

from bookings.cancellation import booking_cancel
from bookings.enums import BookingStatus, InvoiceKind, PaymentStatus
from bookings.invoicing.services import invoice_mark_paid
from bookings.models import Booking, Invoice, Payment

from .test_invoicing import _booking

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(fn, errors: list[str]) -> threading.Thread:
    def run():
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - every outcome but success is reported
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_marking_paid_and_cancelling_at_once_do_not_deadlock(settings):
    booking = _booking()
    invoice = Invoice.objects.get(booking=booking, kind=InvoiceKind.INVOICE)
    settings.BOOKINGS_TEST_LOCK_ORDER_PAUSE_SECONDS = 1.0
    errors: list[str] = []

    manager = _in_thread(lambda: invoice_mark_paid(invoice=invoice, actor=None), errors)
    time.sleep(0.3)  # the manager's transaction holds its first locks and pauses
    contact = _in_thread(
        lambda: booking_cancel(booking=booking, actor=booking.contact, reason="plans changed"),
        errors,
    )
    manager.join(30)
    contact.join(30)

    assert errors == []
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    invoice.refresh_from_db()
    # The manager went first: the invoice is paid, and the cancellation credited it.
    assert invoice.paid_at is not None
    assert Payment.objects.get(pk=invoice.payment_id).status == PaymentStatus.SUCCEEDED
    assert Invoice.objects.filter(credited_invoice=invoice).count() == 1
    assert Booking.objects.get(pk=booking.pk).needs_attention
