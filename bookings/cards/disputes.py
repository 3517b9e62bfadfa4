"""Card disputes (chargebacks): what Stripe's charge.dispute.* webhooks tell us (12.11).

A cardholder who disputes a payment at their bank takes the money back until the
dispute is decided; only the programme manager can answer it (with evidence, in
Stripe's dashboard). So a dispute is recorded once per Stripe id (`Dispute`), the
booking is flagged (`needs_attention`, shown on the admin's booking list and page), each
step is audited on the booking, and the managers get an e-mail through the outbox.

The events come through the webhook (signed, stored once, processed by
bookings.cards.payments.payment_event_process). They are applied from the event itself:
localstripe has no disputes to re-fetch, and a dispute only moves one way, so a replay
or an older event arriving late changes nothing (a closed dispute is never reopened).

Lock order (core.transitions): booking → payment → dispute.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from core.audit import audit_record
from core.formatting import format_money
from core.outbox import outbox_enqueue

from ..models import Booking, Dispute, Payment
from ..pricing import from_minor_units

logger = logging.getLogger(__name__)

DISPUTE_EMAIL_TASK = "bookings.payment_tasks.send_dispute_email"
ACTOR_STRIPE = "stripe"
# Stripe's dispute statuses that end it.
CLOSED_STATES = ("won", "lost", "warning_closed", "prevented")
SUBJECTS = {
    "opened": gettext_noop("Card payment disputed: {reference}"),
    "closed": gettext_noop("Card dispute closed: {reference}"),
}


def _intent_of(dispute: dict, charge_lookup) -> str:
    intent_id = dispute.get("payment_intent")
    if isinstance(intent_id, dict):
        intent_id = intent_id.get("id")
    if isinstance(intent_id, str) and intent_id.startswith("pi_"):
        return intent_id
    charge = dispute.get("charge")
    if isinstance(charge, dict):
        charge = charge.get("id")
    if isinstance(charge, str) and charge.startswith(("ch_", "py_")) and charge_lookup:
        found = charge_lookup(charge)
        if isinstance(found, str) and found.startswith("pi_"):
            return found
    return ""


def dispute_record(*, dispute: dict, charge_lookup=None) -> Dispute | None:
    """Record what a charge.dispute.* event says about a dispute, once.

    `dispute` is the event's object; `charge_lookup(charge_id) -> intent id` is asked
    when the dispute names only its charge. Returns the Dispute, or None when it is about
    no payment of ours. A new dispute: the record, an audit entry (dispute_opened), the
    booking flagged and the managers' e-mail. Its closing (won, lost): the same, once
    (dispute_closed). Any other change only updates the status kept; a replay or an
    older event changes nothing.
    """
    dispute_id = dispute.get("id")
    if not (isinstance(dispute_id, str) and dispute_id.startswith("dp_")):
        return None
    intent_id = _intent_of(dispute, charge_lookup)
    found = (
        Payment.objects.filter(stripe_payment_intent_id=intent_id)
        .values_list("pk", "booking_id")
        .first()
        if intent_id
        else None
    )
    if found is None:
        logger.info("stripe: dispute %s concerns no payment of ours; ignored", dispute_id)
        return None
    payment_pk, booking_pk = found
    status = str(dispute.get("status") or "")[:40]
    closed = status in CLOSED_STATES
    try:
        amount = from_minor_units(int(dispute.get("amount") or 0))
    except (TypeError, ValueError):
        amount = from_minor_units(0)
    reason = str(dispute.get("reason") or "")[:60]
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking_pk)
        payment = Payment.objects.select_for_update().get(pk=payment_pk)
        record = Dispute.objects.select_for_update().filter(stripe_dispute_id=dispute_id).first()
        data = {
            "dispute": dispute_id,
            "payment": payment.pk,
            "amount": str(amount),
            "reason": reason,
            "status": status,
        }
        if record is None:
            record = Dispute.objects.create(
                booking=booking,
                payment=payment,
                stripe_dispute_id=dispute_id,
                amount=amount,
                reason=reason,
                stripe_status=status,
                closed_at=timezone.now() if closed else None,
            )
            _announce(
                booking,
                record,
                "opened",
                # The note is the managers' (the site's language), like their e-mail.
                f"Card payment of {format_money(amount, settings.LANGUAGE_CODE)} disputed at "
                f"the bank ({reason or 'no reason'}, "
                f"dispute {dispute_id}): answer it in Stripe's dashboard.",
                data,
            )
            if closed:
                _announce(booking, record, "closed", _closed_note(record), data)
        elif record.closed_at is None and closed:
            record.stripe_status = status
            record.closed_at = timezone.now()
            record.save(update_fields=["stripe_status", "closed_at"])
            _announce(booking, record, "closed", _closed_note(record), data)
        elif record.closed_at is None and status and status != record.stripe_status:
            record.stripe_status = status
            record.save(update_fields=["stripe_status"])
    return record


def _closed_note(record: Dispute) -> str:
    if record.stripe_status == "lost":
        return (
            f"Dispute {record.stripe_dispute_id} was lost: "
            f"{format_money(record.amount, settings.LANGUAGE_CODE)} went back to the "
            "cardholder. Settle the booking's balance with the delegation."
        )
    return f"Dispute {record.stripe_dispute_id} was closed ({record.stripe_status})."


def _announce(booking: Booking, record: Dispute, step: str, note: str, data: dict) -> None:
    """Audit the step, flag the booking for the manager and e-mail the managers."""
    note = note[:200]
    booking.needs_attention = note
    booking.save(update_fields=["needs_attention", "updated_at"])
    audit_record(
        subject=booking,
        action=f"dispute_{step}",
        actor_label=ACTOR_STRIPE,
        from_state=booking.status,
        to_state=booking.status,
        data={**data, "note": note},
    )
    outbox_enqueue(task=DISPUTE_EMAIL_TASK, dispute_id=record.pk, step=step)


def dispute_email_send(*, dispute_id: int, step: str) -> int:
    """The programme managers' e-mail about a dispute (to MANAGERS_EMAIL, in the site's
    language): what was disputed, on which booking, and where to answer it."""
    record = Dispute.objects.select_related("booking", "booking__programme").get(pk=dispute_id)
    booking = record.booking
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext(SUBJECTS[step]).format(reference=booking.reference)
        body = render_to_string(
            "bookings/email/staff_dispute.txt",
            {"booking": booking, "dispute": record, "step": step, "base_url": settings.BASE_URL},
        )
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[settings.MANAGERS_EMAIL],
    )
    return message.send()
