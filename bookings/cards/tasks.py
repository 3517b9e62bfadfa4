"""Card payment tasks: thin and idempotent. Ids in, fetch, call a service in bookings.cards.payments.

Each task keeps the explicit Celery name it had before the card wing moved here
("bookings.payment_tasks.<function>"): messages already queued, the outbox rows that
name them (core.outbox looks a task up by its Celery name) and the beat schedule in
config/settings/base.py go on naming it so.

Enqueued through the outbox (core.outbox), so each message runs to completion once;
the services themselves also return early when their work is already done, so running
a task twice changes nothing. They retry only on PaymentProviderError (Stripe
unreachable or slow); if the retries run out, the outbox sweeper dispatches again later.
"""

from __future__ import annotations

import logging

from celery import shared_task

from core.outbox import outbox_claim

from ..errors import PaymentProviderError
from .disputes import dispute_email_send
from .payments import (
    payment_event_process,
    payment_intents_release,
    payments_reconcile,
    refund_submit,
)

logger = logging.getLogger(__name__)

RETRY = {
    "acks_late": True,
    "autoretry_for": (PaymentProviderError,),
    "retry_backoff": 10,
    "retry_backoff_max": 600,
    "max_retries": 8,
}


@shared_task(name="bookings.payment_tasks.process_stripe_event", **RETRY)
def process_stripe_event(*, stripe_event_id: int, outbox_id: int | None = None) -> None:
    """Apply one stored webhook event (re-fetching the intent's current state)."""

    with outbox_claim(outbox_id) as should_run:
        if should_run:
            payment_event_process(stripe_event_id=stripe_event_id)


@shared_task(name="bookings.payment_tasks.submit_refund", **RETRY)
def submit_refund(*, refund_id: int, outbox_id: int | None = None) -> None:
    """Send a pending refund to Stripe with its stored idempotency key."""

    # Not in the claim's transaction: refund_submit commits its own steps, so that no
    # row stays locked while Stripe is called (12.13); it is idempotent on its own.
    with outbox_claim(outbox_id, in_transaction=False) as should_run:
        if should_run:
            refund_submit(refund_id=refund_id)


@shared_task(name="bookings.payment_tasks.reconcile_payments", acks_late=True)
def reconcile_payments() -> int:
    """Ask Stripe about open payments and apply what it says (Celery beat, every 10 min)."""

    changed = payments_reconcile()
    if changed:
        logger.info("reconcile: %s payment(s) healed", changed)
    return changed


@shared_task(name="bookings.payment_tasks.release_intents", **RETRY)
def release_intents(*, booking_id: int, outbox_id: int | None = None) -> None:
    """Cancel at Stripe the live intents of an expired or cancelled booking (12.5)."""

    # Idempotent and committing as it goes: no row is locked while Stripe is called.
    with outbox_claim(outbox_id, in_transaction=False) as should_run:
        if should_run:
            payment_intents_release(booking_id=booking_id)


@shared_task(
    name="bookings.payment_tasks.send_dispute_email",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=30,
    max_retries=10,
)
def send_dispute_email(*, dispute_id: int, step: str, outbox_id: int | None = None) -> None:
    """The programme managers' e-mail about a card dispute (bookings.cards.disputes)."""

    with outbox_claim(outbox_id) as should_run:
        if should_run:
            dispute_email_send(dispute_id=dispute_id, step=step)
