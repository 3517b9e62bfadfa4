"""Invoices and credit notes: gap-free numbers, Finnish RF creditor references.

Money is rounded as bookings.pricing rounds it (half-up to the cent, `cents`), never
with Decimal's default half-even.
"""

from __future__ import annotations

import datetime
import time
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.audit import audit_record

from ..enums import InvoiceKind, PaymentMethod, PaymentStatus
from ..errors import InvalidTransition
from ..models import Booking, Invoice, InvoiceLine, InvoiceSequence, Payment
from ..pricing import cents, line_gross, totals
from ..services import booking_mark_paid_if_settled

PREFIX = {InvoiceKind.INVOICE: "", InvoiceKind.CREDIT_NOTE: "CN-"}


def finnish_reference(base: str) -> str:
    """The Finnish national reference number: digits of `base` plus a 7-3-1 check digit."""
    digits = "".join(ch for ch in base if ch.isdigit()).lstrip("0") or "0"
    if len(digits) < 3:
        digits = digits.rjust(3, "1")
    weights = (7, 3, 1)
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(digits)))
    check = (10 - total % 10) % 10
    return f"{digits}{check}"


def rf_reference(base: str) -> str:
    """ISO 11649 creditor reference (RF) for a Finnish reference number."""
    reference = finnish_reference(base)
    numeric = "".join(str(int(ch, 36)) for ch in f"{reference}RF00")
    check = 98 - int(numeric) % 97
    return f"RF{check:02d}{reference}"


def rf_is_valid(value: str) -> bool:
    value = value.replace(" ", "").upper()
    if not value.startswith("RF") or len(value) < 5 or not value[2:].isalnum():
        return False
    rearranged = value[4:] + value[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _next_number(kind: str, year: int) -> str:
    """Take the next number in the year's sequence. Caller holds a transaction."""
    try:
        with transaction.atomic():
            InvoiceSequence.objects.get_or_create(year=year, kind=kind)
    except IntegrityError:
        pass
    sequence = InvoiceSequence.objects.select_for_update().get(year=year, kind=kind)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"{PREFIX[kind]}{year}-{sequence.last_number:05d}"


def _buyer(booking) -> dict:
    org = booking.organisation
    return {
        "name": org.name,
        "address": org.billing_address,
        "country": org.country,
        "vat_id": org.vat_id,
        "purchase_order_reference": org.purchase_order_reference,
        "contact": booking.contact.email,
    }


def invoice_issue(*, payment: Payment, actor=None) -> Invoice:
    """Issue the invoice for an amount due (once: a second call returns the first)."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update()
            .select_related("booking__organisation", "booking__contact")
            .get(pk=payment.pk)
        )
        existing = Invoice.objects.filter(payment=payment).first()
        if existing:
            return existing
        today = timezone.localdate()
        invoice = _invoice_create(
            payment,
            issued_on=today,
            due_date=payment.due_date or today + datetime.timedelta(days=14),
        )
        audit_record(subject=invoice, action="issue", actor=actor, to_state="issued")
    return invoice


def invoice_for_card_payment(*, payment: Payment, actor=None) -> Invoice:
    """The invoice a buyer asks for after paying by card: marked paid on the payment's day.

    Numbered in the invoice series like every invoice (its creditor reference is only
    for the record: nothing is left to pay); its lines are the payment's share of the
    booking's lines, as a deposit's invoice would be. Once per payment: asking again
    returns the first. Raises InvalidTransition for anything but a card payment that
    Stripe says succeeded. Locks booking → payment (core.transitions' order).
    """
    booking_id = Payment.objects.values_list("booking_id", flat=True).get(pk=payment.pk)
    with transaction.atomic():
        Booking.objects.select_for_update(of=("self",)).get(pk=booking_id)
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("booking__organisation", "booking__contact")
            .get(pk=payment.pk)
        )
        existing = Invoice.objects.filter(payment=payment).first()
        if existing:
            return existing
        if (
            payment.method != PaymentMethod.CARD
            or payment.status != PaymentStatus.SUCCEEDED
            or payment.paid_at is None
        ):
            raise InvalidTransition()
        paid_on = timezone.localdate(payment.paid_at)
        invoice = _invoice_create(
            payment, issued_on=timezone.localdate(), due_date=paid_on, paid_at=payment.paid_at
        )
        audit_record(
            subject=invoice,
            action="issue_paid_by_card",
            actor=actor,
            to_state="paid",
            data={"payment": payment.pk, "paid_on": paid_on.isoformat()},
        )
    return invoice


def _invoice_create(
    payment: Payment,
    *,
    issued_on: datetime.date,
    due_date: datetime.date,
    paid_at: datetime.datetime | None = None,
) -> Invoice:
    """The invoice of a payment with its lines. Caller holds the payment's lock."""
    booking = payment.booking
    number = _next_number(InvoiceKind.INVOICE, issued_on.year)
    invoice = Invoice.objects.create(
        booking=booking,
        payment=payment,
        kind=InvoiceKind.INVOICE,
        number=number,
        reference=rf_reference(number),
        issued_on=issued_on,
        due_date=due_date,
        buyer=_buyer(booking),
        paid_at=paid_at,
    )
    lines = list(booking.lines.all())
    # Compared as the invoice states it: the rounded total of the rounded lines.
    total = totals(lines).gross
    if lines and total and payment.amount != total:
        # A partial amount (deposit or balance) is invoiced as its share of each line.
        share = payment.amount / total
        for line in lines:
            InvoiceLine.objects.create(
                invoice=invoice,
                description=f"{line.description} ({payment.get_kind_display()})",
                quantity=Decimal("1"),
                unit_price=cents(line_gross(line) * share),
                vat_rate=line.vat_rate,
            )
        _fix_rounding(invoice, payment.amount)
    else:
        for line in lines:
            InvoiceLine.objects.create(
                invoice=invoice,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
            )
    return invoice


def _fix_rounding(invoice: Invoice, amount: Decimal) -> None:
    difference = amount - totals(invoice.lines.all()).gross
    if difference:
        last = invoice.lines.order_by("-pk").first()
        last.unit_price += difference
        last.save(update_fields=["unit_price"])


def credit_note_issue(*, invoice: Invoice, amount: Decimal, reason: str, actor=None) -> Invoice:
    """Credit `amount` of an invoice (a cancellation). Never more than the invoice."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        already = sum(
            (totals(note.lines.all()).gross for note in invoice.credit_notes.all()),
            Decimal("0"),
        )
        # Credit notes carry negative lines; their gross is negative.
        available = totals(invoice.lines.all()).gross + already
        amount = min(amount, available)
        if amount <= 0:
            raise InvalidTransition()
        today = timezone.localdate()
        number = _next_number(InvoiceKind.CREDIT_NOTE, today.year)
        note = Invoice.objects.create(
            booking=invoice.booking,
            kind=InvoiceKind.CREDIT_NOTE,
            number=number,
            reference=invoice.reference,
            issued_on=today,
            credited_invoice=invoice,
            buyer=invoice.buyer,
        )
        gross = totals(invoice.lines.all()).gross
        for line in invoice.lines.all():
            InvoiceLine.objects.create(
                invoice=note,
                description=f"{reason}: {line.description}",
                quantity=Decimal("1"),
                unit_price=-cents(line_gross(line) * amount / gross),
                vat_rate=line.vat_rate,
            )
        _fix_rounding(note, -amount)
        audit_record(subject=note, action="credit", actor=actor, data={"amount": str(amount)})
    return note


def invoice_mark_paid(*, invoice: Invoice, actor, paid_on: datetime.date | None = None) -> Invoice:
    """A manager records a bank transfer. Paying a paid invoice again changes nothing.

    `paid_on` is the day the money arrived, as the manager read it from the bank
    statement (today when not given); it is what the invoice, the payment and the
    reports show. Locks booking → payment → invoice (core.transitions' lock order, the
    order booking_cancel takes them in), so the two cannot deadlock.
    """
    booking_id = Invoice.objects.values_list("booking_id", flat=True).get(pk=invoice.pk)
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).get(pk=booking_id)
        payment_id = Invoice.objects.values_list("payment_id", flat=True).get(pk=invoice.pk)
        payment = (
            Payment.objects.select_for_update(of=("self",)).get(pk=payment_id)
            if payment_id
            else None
        )
        _race_window()
        invoice = Invoice.objects.select_for_update(of=("self",)).get(pk=invoice.pk)
        if invoice.kind != InvoiceKind.INVOICE:
            raise InvalidTransition()
        if invoice.paid_at:
            return invoice
        invoice.paid_at = _paid_at(paid_on)
        invoice.save(update_fields=["paid_at"])
        if payment is not None:
            from_state = payment.status
            payment.status = PaymentStatus.SUCCEEDED
            payment.paid_at = invoice.paid_at
            payment.save(update_fields=["status", "paid_at"])
            if from_state != PaymentStatus.SUCCEEDED:
                audit_record(
                    subject=payment,
                    action="mark_paid",
                    actor=actor,
                    from_state=from_state,
                    to_state=PaymentStatus.SUCCEEDED,
                    data={"invoice": invoice.number},
                )
        audit_record(
            subject=invoice,
            action="mark_paid",
            actor=actor,
            to_state="paid",
            data={"paid_on": invoice.paid_at.date().isoformat()} if paid_on else None,
        )
        booking_mark_paid_if_settled(booking=booking, actor=actor)
    return invoice


def _paid_at(paid_on: datetime.date | None) -> datetime.datetime:
    """The moment to record for money that arrived on `paid_on`: now when that is
    today (or not given), else noon of that day in Helsinki (a bank day has no hour)."""
    now = timezone.now()
    if paid_on is None or paid_on == timezone.localdate(now):
        return now
    return timezone.make_aware(datetime.datetime.combine(paid_on, datetime.time(12)))


def _race_window() -> None:
    # Test-only pause after the first locks, to make lock-order races reproducible.
    pause = getattr(settings, "BOOKINGS_TEST_LOCK_ORDER_PAUSE_SECONDS", 0)
    if pause:
        time.sleep(pause)
