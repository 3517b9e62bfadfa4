"""Thin, idempotent tasks: ids in, fetch, call a service."""

import logging

from celery import shared_task

from core.outbox import outbox_claim

from . import signals
from .emails import booking_email_send
from .models import Booking
from .quotes import quote_expire_due
from .reminders import (
    balance_reminders_send,
    missing_details_reminders_send,
    overdue_invoice_reminders_send,
)
from .services import booking_complete, holds_expire_due
from .signals import booking_dates_changed
from .waiting_list import waiting_list_offers_expire

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def send_booking_email(*, booking_id: int, template: str, outbox_id: int | None = None, **extra):
    with outbox_claim(outbox_id) as should_run:
        if should_run:
            booking_email_send(booking_id=booking_id, template=template, **extra)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def announce_booking(*, signal: str, booking_id: int, outbox_id: int | None = None) -> None:
    """Tell the apps above bookings that a booking moved (bookings.signals), after its
    commit, through the outbox (12.10): the receivers (visits creates or cancels the
    visit) run in the claim's transaction, so one that fails rolls back with it and the
    message is tried again, until it is a dead letter that a manager can retry."""

    with outbox_claim(outbox_id) as should_run:
        if should_run:
            getattr(signals, signal).send(sender=Booking, booking_id=booking_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def complete_booking(*, booking_id: int, outbox_id: int | None = None) -> None:
    """The booking's visit completed (visits enqueues this through the outbox)."""

    with outbox_claim(outbox_id) as should_run:
        if should_run:
            booking_complete(booking_id=booking_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def announce_booking_moved(*, booking_id: int, outbox_id: int | None = None) -> None:
    """The booking's dates moved with its departure (bookings.departures): tell the apps
    above (visits moves the visit), once, retried by the outbox until it has run."""

    with outbox_claim(outbox_id) as should_run:
        if should_run:
            booking_dates_changed.send(sender=Booking, booking_id=booking_id)


@shared_task(acks_late=True)
def expire_holds() -> int:
    return holds_expire_due()


# ----------------------------------------------------------------- beat: reminders, waiting list,
# quotes. Each calls one idempotent service; running twice sends or changes nothing more.


@shared_task(acks_late=True)
def send_balance_reminders() -> int:
    return balance_reminders_send()


@shared_task(acks_late=True)
def send_missing_details_reminders() -> int:
    return missing_details_reminders_send()


@shared_task(acks_late=True)
def send_overdue_invoice_reminders() -> int:
    return overdue_invoice_reminders_send()


@shared_task(acks_late=True)
def expire_waiting_list_offers() -> int:
    return waiting_list_offers_expire()


@shared_task(acks_late=True)
def expire_quotes() -> int:
    return quote_expire_due()


# The worker imports each app's `tasks` module only (Celery's autodiscovery): the card
# payment tasks live in the card wing (bookings/cards/tasks.py, under their old names
# "bookings.payment_tasks.<function>") and are registered by importing it here, or a
# worker would refuse beat's reconciliation and the outbox's Stripe events as unknown.
from .cards import tasks as card_tasks  # noqa: E402, F401
