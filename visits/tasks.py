"""Thin, idempotent tasks: ids in, fetch, call a service or an e-mail builder."""

from __future__ import annotations

from celery import shared_task

from core.outbox import outbox_claim


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def send_visit_email(*, template: str, outbox_id: int | None = None, **ids):
    from .emails import send

    with outbox_claim(outbox_id) as should_run:
        if should_run:
            send(template=template, **ids)


@shared_task(acks_late=True)
def send_visit_reminders() -> int:
    """Beat: host reminders (7 and 1 days), delegation briefing (3 days), acknowledgements."""
    from .reminders import reminders_send

    return reminders_send()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=3)
def refresh_busy_calendars() -> int:
    """Beat: read every host's external busy-time calendar."""
    from .busy import busy_calendars_refresh

    return busy_calendars_refresh()


@shared_task(acks_late=True)
def start_due_visits() -> int:
    """Beat: ready visits whose first day has come are in progress."""
    from .services import visits_start_due

    return visits_start_due()
