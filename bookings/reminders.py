"""Scheduled reminders (Celery beat, through bookings.tasks): each sends once.

- balance_reminders_send: a card balance falls due within BALANCE_REMINDER_DAYS;
- missing_details_reminders_send: participant details are missing within
  MISSING_DETAILS_DAYS of the booking's deadline (at most every REPEAT_DAYS);
- overdue_invoice_reminders_send: an invoice is unpaid past its due date (at most
  every REPEAT_DAYS, recorded in Invoice.reminded_at).

Each locks the row it reminds about and records the reminder in the same transaction
as the e-mail it enqueues (an audit entry, or reminded_at), so running a job twice, or
two workers at once, sends one e-mail.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.audit import audit_record, audit_trail
from core.outbox import outbox_enqueue

from .enums import BookingStatus, InvoiceKind, PaymentKind, PaymentMethod, PaymentStatus
from .models import Booking, Invoice, Payment
from .participants import participant_slots_ensure, participants_missing_summary
from .pricing import ZERO, totals

EMAIL_TASK = "bookings.tasks.send_booking_email"
BALANCE_REMINDER_DAYS = 7
MISSING_DETAILS_DAYS = 14
REPEAT_DAYS = 7

BALANCE_ACTION = "balance_reminder"
MISSING_ACTION = "missing_details_reminder"
INVOICE_ACTION = "invoice_reminder"


def _repeat_after(now: datetime.datetime | None = None) -> datetime.datetime:
    """A reminder sent after this moment is recent enough not to repeat. An hour's
    slack, so a daily job that runs a little earlier each day still reminds weekly."""
    now = now or timezone.now()
    return now - datetime.timedelta(days=REPEAT_DAYS) + datetime.timedelta(hours=1)


def balance_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the contact of a card balance due within BALANCE_REMINDER_DAYS. Once each.

    Side effects per payment: an audit entry on the payment (the record that it was
    sent) and the `balance_reminder` e-mail. Returns the number sent.
    """
    today = today or timezone.localdate()
    due = Payment.objects.filter(
        method=PaymentMethod.CARD,
        kind=PaymentKind.BALANCE,
        status__in=[PaymentStatus.PENDING, PaymentStatus.FAILED],
        due_date__gte=today,
        due_date__lte=today + datetime.timedelta(days=BALANCE_REMINDER_DAYS),
        booking__status=BookingStatus.CONFIRMED,
    )
    sent = 0
    for payment_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            payment = (
                Payment.objects.select_for_update(of=("self",))
                .select_related("booking")
                .get(pk=payment_id)
            )
            if payment.status not in (PaymentStatus.PENDING, PaymentStatus.FAILED):
                continue
            if payment.booking.status != BookingStatus.CONFIRMED:
                continue
            if audit_trail(payment).filter(action=BALANCE_ACTION).exists():
                continue
            audit_record(
                subject=payment,
                action=BALANCE_ACTION,
                data={"due_date": payment.due_date.isoformat(), "amount": str(payment.amount)},
            )
            outbox_enqueue(
                task=EMAIL_TASK,
                booking_id=payment.booking_id,
                template="balance_reminder",
                payment_id=payment.pk,
                amount=str(payment.amount),
            )
            sent += 1
    return sent


def missing_details_reminders_send(*, today: datetime.date | None = None) -> int:
    """Tell the contact which participant details are still missing before the deadline.

    Bookings that are awaiting payment, confirmed or paid, whose deadline is today or
    within MISSING_DETAILS_DAYS, get at most one reminder per REPEAT_DAYS.
    Side effects per booking: missing participant rows created (empty), an audit entry
    and the `missing_details` e-mail listing each participant's missing details.
    Returns the number sent.
    """

    today = today or timezone.localdate()
    again = _repeat_after()
    states = [BookingStatus.AWAITING_PAYMENT, BookingStatus.CONFIRMED, BookingStatus.PAID]
    due = Booking.objects.filter(
        status__in=states,
        participant_deadline__gte=today,
        participant_deadline__lte=today + datetime.timedelta(days=MISSING_DETAILS_DAYS),
    )
    sent = 0
    for booking_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            booking = Booking.objects.select_for_update().get(pk=booking_id)
            if booking.status not in states:
                continue
            if audit_trail(booking).filter(action=MISSING_ACTION, created_at__gt=again).exists():
                continue
            participant_slots_ensure(booking=booking)
            missing = participants_missing_summary(booking=booking)
            if not missing:
                continue
            audit_record(
                subject=booking,
                action=MISSING_ACTION,
                data={"participants": len(missing)},
            )
            outbox_enqueue(
                task=EMAIL_TASK,
                booking_id=booking.pk,
                template="missing_details",
                missing=[{"name": m["name"], "fields": m["fields"]} for m in missing],
            )
            sent += 1
    return sent


def _open_amount(invoice: Invoice) -> Decimal:
    credited = -sum((totals(note.lines.all()).gross for note in invoice.credit_notes.all()), ZERO)
    return totals(invoice.lines.all()).gross - credited


def overdue_invoice_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the buyer of invoices unpaid past their due date, at most every REPEAT_DAYS.

    Invoices that credit notes settled, and those of cancelled or expired bookings
    (but for a cancellation fee's invoice), are left alone. Side effects per invoice: reminded_at, an audit entry and the
    `invoice` e-mail (marked overdue) to the billing address, else the contact.
    Returns the number sent.
    """
    today = today or timezone.localdate()
    now = timezone.now()
    again = _repeat_after(now)
    due = (
        Invoice.objects.filter(kind=InvoiceKind.INVOICE, paid_at__isnull=True, due_date__lt=today)
        # A cancellation fee is owed because the booking was cancelled: it is reminded.
        .exclude(
            Q(booking__status__in=[BookingStatus.CANCELLED, BookingStatus.EXPIRED])
            & ~Q(payment__kind=PaymentKind.FEE)
        )
        .exclude(reminded_at__gt=again)
    )
    sent = 0
    for invoice_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            invoice = (
                Invoice.objects.select_for_update(of=("self",))
                .select_related("booking__organisation")
                .get(pk=invoice_id)
            )
            if invoice.paid_at is not None:
                continue
            if invoice.reminded_at is not None and invoice.reminded_at > again:
                continue
            amount = _open_amount(invoice)
            if amount <= 0:
                continue
            invoice.reminded_at = now
            invoice.save(update_fields=["reminded_at"])
            audit_record(
                subject=invoice,
                action=INVOICE_ACTION,
                data={"amount": str(amount), "due_date": invoice.due_date.isoformat()},
            )
            outbox_enqueue(
                task=EMAIL_TASK,
                booking_id=invoice.booking_id,
                template="invoice",
                invoice_number=invoice.number,
                reference=invoice.reference,
                amount=str(amount),
                overdue=True,
                to=invoice.booking.organisation.billing_email or "",
            )
            sent += 1
    return sent
