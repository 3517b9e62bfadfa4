"""Thin, idempotent tasks: ids in, fetch, call a service or an e-mail builder."""

from __future__ import annotations

from celery import shared_task

from core.outbox import outbox_claim

from .busy import busy_calendars_refresh
from .emails import send
from .reminders import reminders_send
from .services import visits_start_due


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def send_visit_email(*, template: str, outbox_id: int | None = None, **ids):
    with outbox_claim(outbox_id) as should_run:
        if should_run:
            send(template=template, **ids)


@shared_task(acks_late=True)
def send_visit_reminders() -> int:
    """Beat: host reminders (7 and 1 days), delegation briefing (3 days), acknowledgements."""

    return reminders_send()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def refresh_busy_calendars() -> int:
    """Beat: read every host's external busy-time calendar."""

    return busy_calendars_refresh()


@shared_task(acks_late=True)
def start_due_visits() -> int:
    """Beat: ready visits whose first day has come are in progress."""

    return visits_start_due()
