"""Cancelling a booking: the fee its cancellation policy charges, and what is given back.

The rule, for card and invoice alike (issue 19, item 4): the policy's percentage for the
number of days left before arrival is applied to the booking's PRICE. What the policy
does not refund is the cancellation fee; it is kept from what was paid, and what was
paid beyond it is refunded. When less was paid than the fee, nothing is refunded and
the rest of the fee is invoiced (a Payment of kind FEE with its own invoice, due the
invoice net days of BookingPolicy). So, in one transaction:

- pending card payments are cancelled; an open invoice is credited in full with a
  credit note (the fee, if any is still owed, is a new invoice, not a remainder of it);
- card payments are refunded through Stripe (bookings.cards.payments.payment_refund writes the
  Refund and its idempotency key here and submits it after commit: no Stripe call while
  rows are locked), latest payment first; a paid invoice gets a credit note for its
  refund and the booking is flagged for the bank transfer.

A booking still in checkout (held, awaiting its first payment) is not yet a contract:
cancelling it charges no fee. The fee's VAT follows the booking's VAT rows, as the
deposit and balance invoices do (the kept part of a payment keeps the VAT it was
receipted with), so kept and invoiced fees are treated alike.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from programmes.models import Departure

from .enums import (
    COMMITTED_STATES,
    BookingStatus,
    InvoiceKind,
    PaymentKind,
    PaymentMethod,
    PaymentStatus,
    RefundStatus,
    WaitingStatus,
)
from .errors import InvalidTransition
from .invoicing.services import credit_note_issue, invoice_issue
from .lifecycle import booking_move
from .models import Booking, BookingPolicy, Invoice, Payment, WaitingListEntry
from .pricing import ZERO, refund_for, totals
from .waiting_list import waiting_list_offers_fill

logger = logging.getLogger(__name__)

EMAIL_TASK = "bookings.tasks.send_booking_email"
CANCELLABLE_STATES = (
    BookingStatus.HELD,
    BookingStatus.AWAITING_PAYMENT,
    BookingStatus.CONFIRMED,
    BookingStatus.PAID,
)


def cancellation_refund_percent(*, booking: Booking, on: datetime.date) -> Decimal:
    """The refund percentage of the booking's cancellation policy on a given day.

    The first rule (by days_before, largest first) whose `days_before` the days left
    before arrival reach decides. No policy, or no rule reached, refunds nothing.
    """
    if booking.cancellation_policy_id is None:
        return Decimal("0")
    days_left = (booking.start_date - on).days
    rules = sorted(booking.cancellation_policy.rules.all(), key=lambda r: -r.days_before)
    for rule in rules:
        if days_left >= rule.days_before:
            return Decimal(rule.refund_percent)
    return Decimal("0")


def percent_text(value: Decimal) -> str:
    """50.00 -> "50", 12.50 -> "12.5" (never "5E+1")."""
    return f"{Decimal(value).normalize():f}"


def _credited(invoice: Invoice) -> Decimal:
    """How much of an invoice its credit notes already took back (a positive amount)."""
    return -sum((totals(note.lines.all()).gross for note in invoice.credit_notes.all()), ZERO)


def _refundable(payment: Payment) -> Decimal:
    """What is left to give back of a succeeded payment."""
    if payment.method == PaymentMethod.CARD:
        refunded = (
            payment.refunds.exclude(status=RefundStatus.FAILED).aggregate(s=Sum("amount"))["s"]
            or ZERO
        )
        return max(payment.amount - refunded, ZERO)
    invoice = getattr(payment, "invoice", None)
    if invoice is None:
        return payment.amount
    return max(payment.amount - _credited(invoice), ZERO)


@dataclass(frozen=True)
class CancellationTerms:
    """What cancelling on `on` would mean: shown before, applied by booking_cancel.

    price = fee + what the policy refunds of it; paid = kept + refund; fee = kept +
    fee_due. Every amount is in euros, to the cent.
    """

    on: datetime.date
    days_before: int
    percent: Decimal  # the policy's refund percentage today
    price: Decimal  # the booking's price (its lines)
    fee: Decimal  # the cancellation fee: the part of the price the policy does not refund
    paid: Decimal  # succeeded payments, less what was refunded or credited already
    refund: Decimal  # what is given back: paid beyond the fee
    fee_due: Decimal  # the fee not covered by what was paid: invoiced
    unpaid: Decimal  # amounts due that will no longer be owed (cancelled or credited)

    @property
    def retained(self) -> Decimal:
        """What is kept of what was paid (towards the fee)."""
        return self.paid - self.refund

    @property
    def fee_percent(self) -> Decimal:
        return Decimal("100") - self.percent if self.fee else Decimal("0")


def cancellation_terms(*, booking: Booking, on: datetime.date | None = None) -> CancellationTerms:
    """The fee and the refund a cancellation would give today (or on `on`); changes nothing."""
    on = on or timezone.localdate()
    payments = list(booking.payments.all())
    paid = sum((_refundable(p) for p in payments if p.status == PaymentStatus.SUCCEEDED), ZERO)
    unpaid = sum(
        (p.amount for p in payments if p.status in (PaymentStatus.PENDING, PaymentStatus.FAILED)),
        ZERO,
    )
    price = totals(booking.lines.all()).gross
    if booking.status in COMMITTED_STATES:
        percent = cancellation_refund_percent(booking=booking, on=on)
        fee = price - refund_for(paid=price, refund_percent=percent)
    else:
        # Still in checkout: no contract yet, so no fee; what was paid comes back.
        percent, fee = Decimal("100"), ZERO
    return CancellationTerms(
        on=on,
        days_before=(booking.start_date - on).days,
        percent=percent,
        price=price,
        fee=fee,
        paid=paid,
        refund=max(paid - fee, ZERO),
        fee_due=max(fee - paid, ZERO),
        unpaid=unpaid,
    )


def booking_cancel(*, booking: Booking, actor, reason: str = "") -> Booking:
    """Cancel a booking: keep the policy's fee, give back the rest, invoice what is owed.

    Allowed from HELD, AWAITING_PAYMENT, CONFIRMED and PAID. Cancelling a cancelled
    booking changes nothing; cancelling a completed or expired one raises
    InvalidTransition. The amounts are cancellation_terms' (the fee is the policy's
    share of the price; see the module's docstring).

    Side effects, in one transaction (locks: booking → its payments → their invoices):
    - pending and failed payments are cancelled (no longer owed); an unpaid invoice
      gets a credit note for what is still open on it;
    - the refund (what was paid beyond the fee) is spread over the succeeded payments,
      card payments latest first, then invoice payments: a card payment gets a Refund
      through bookings.cards.payments.payment_refund (written in this transaction and sent
      to Stripe after commit, with its idempotency key, through the outbox); a paid
      invoice gets a credit note and the booking is flagged for the manager to
      transfer the money back;
    - the fee not covered by what was paid becomes a FEE payment with its invoice;
    - an offered waiting-list entry for this booking is withdrawn;
    - status CANCELLED with an audit entry (reason, percent, price, fee, paid, refund,
      fee_due and the fee invoice's number);
    - the `cancellation` e-mail (through the outbox).
    After commit: signals.booking_cancelled, then the freed seats are offered to the
    departure's waiting list.
    """
    reason = (reason or "").strip()[:200]
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("cancellation_policy")
            .get(pk=booking.pk)
        )
        if booking.status == BookingStatus.CANCELLED:
            return booking
        if booking.status not in CANCELLABLE_STATES:
            raise InvalidTransition()
        payments = list(
            Payment.objects.select_for_update()
            .filter(booking=booking)
            .order_by(F("paid_at").desc(nulls_last=True), "-pk")
        )
        terms = cancellation_terms(booking=booking)
        # Kept short: it prefixes every credit-note line and names the Stripe refund.
        label = str(_("Cancellation")) + (f": {reason[:60]}" if reason else "")
        credit_notes: list[str] = []
        attention: list[str] = []

        # What was not paid is no longer owed.
        for payment in payments:
            if payment.status not in (PaymentStatus.PENDING, PaymentStatus.FAILED):
                continue
            invoice = Invoice.objects.filter(payment=payment, kind=InvoiceKind.INVOICE).first()
            if invoice is not None and invoice.paid_at is None:
                open_amount = totals(invoice.lines.all()).gross - _credited(invoice)
                if open_amount > 0:
                    note = credit_note_issue(
                        invoice=invoice, amount=open_amount, reason=label, actor=actor
                    )
                    credit_notes.append(note.number)
            if payment.status == PaymentStatus.PENDING:
                payment.status = PaymentStatus.CANCELED
                payment.save(update_fields=["status"])
                audit_record(
                    subject=payment,
                    action="payment_cancel",
                    actor=actor,
                    actor_label="" if actor else "system",
                    from_state=PaymentStatus.PENDING,
                    to_state=PaymentStatus.CANCELED,
                    data={"booking": booking.reference},
                )
        if any(p.status == PaymentStatus.PROCESSING for p in payments):
            attention.append(str(_("A card payment was in progress at cancellation.")))

        # What was paid is refunded at the policy's percentage: card first, latest first.
        remaining = terms.refund
        card_refunds: list[tuple[Payment, Decimal]] = []
        succeeded = [p for p in payments if p.status == PaymentStatus.SUCCEEDED]
        ordered = [p for p in succeeded if p.method == PaymentMethod.CARD] + [
            p for p in succeeded if p.method != PaymentMethod.CARD
        ]
        for payment in ordered:
            if remaining <= 0:
                break
            amount = min(remaining, _refundable(payment))
            if amount <= 0:
                continue
            remaining -= amount
            if payment.method == PaymentMethod.CARD:
                card_refunds.append((payment, amount))
                # A card payment the buyer has an invoice for: its refund is credited too.
                invoice = Invoice.objects.filter(payment=payment, kind=InvoiceKind.INVOICE).first()
                if invoice is not None:
                    note = credit_note_issue(
                        invoice=invoice, amount=amount, reason=label, actor=actor
                    )
                    credit_notes.append(note.number)
                continue
            invoice = Invoice.objects.filter(payment=payment, kind=InvoiceKind.INVOICE).first()
            if invoice is not None:
                note = credit_note_issue(invoice=invoice, amount=amount, reason=label, actor=actor)
                credit_notes.append(note.number)
            attention.append(str(_("Refund %(amount)s EUR by bank transfer.")) % {"amount": amount})

        # The fee that what was paid does not cover is invoiced.
        fee_invoice = None
        if terms.fee_due > 0:
            policy = BookingPolicy.load()
            fee_payment = Payment.objects.create(
                booking=booking,
                kind=PaymentKind.FEE,
                method=PaymentMethod.INVOICE,
                amount=terms.fee_due,
                due_date=timezone.localdate()
                + datetime.timedelta(days=max(policy.invoice_payment_days, 1)),
            )
            fee_invoice = invoice_issue(payment=fee_payment, actor=actor)

        entry = (
            WaitingListEntry.objects.select_for_update()
            .filter(offered_booking=booking, status=WaitingStatus.OFFERED)
            .first()
        )
        if entry is not None:
            entry.status = WaitingStatus.WITHDRAWN
            entry.save(update_fields=["status"])
            audit_record(
                subject=entry,
                action="waiting_list_withdraw",
                actor=actor,
                from_state=WaitingStatus.OFFERED,
                to_state=WaitingStatus.WITHDRAWN,
                data={"booking": booking.reference},
            )

        booking_move(
            booking,
            "cancel",
            actor=actor,
            changes={"needs_attention": " ".join(attention)[:200]} if attention else None,
            data={
                "reason": reason,
                "days_before": terms.days_before,
                "percent": percent_text(terms.percent),
                "price": str(terms.price),
                "fee": str(terms.fee),
                "paid": str(terms.paid),
                "refund": str(terms.refund),
                "fee_due": str(terms.fee_due),
                "fee_invoice": fee_invoice.number if fee_invoice else "",
                "card_refunds": [[p.pk, str(a)] for p, a in card_refunds],
                "credit_notes": credit_notes,
            },
            email={
                "refund": str(terms.refund),
                "paid": str(terms.paid),
                "percent": percent_text(terms.percent),
                "price": str(terms.price),
                "fee": str(terms.fee),
                "fee_percent": percent_text(terms.fee_percent),
                "fee_due": str(terms.fee_due),
                "fee_invoice": fee_invoice.number if fee_invoice else "",
                "credit_notes": credit_notes,
                "reason": reason,
            },
        )

        # Last, so that a refund payment_refund refuses rolls the whole cancellation back.
        if card_refunds:
            # function-level: late lookup: tests swap bookings.cards.payments.payment_refund
            from .cards.payments import payment_refund

            for payment, amount in card_refunds:
                payment_refund(payment=payment, amount=amount, reason=label, actor=actor)

        departure_id = booking.departure_id
        if departure_id:
            transaction.on_commit(lambda: _offer_freed_seats(departure_id), robust=True)
    return booking


def _offer_freed_seats(departure_id: int) -> None:
    departure = Departure.objects.filter(pk=departure_id).first()
    if departure is not None:
        waiting_list_offers_fill(departure=departure)
