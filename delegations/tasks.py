"""Tasks take ids, fetch, delegate (through the outbox: run once per message)."""

from __future__ import annotations

from celery import shared_task

from core.outbox import outbox_claim

from .emails import rooming_list_email_send


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def send_rooming_list_email(*, sending_id: int, outbox_id: int | None = None) -> None:
    with outbox_claim(outbox_id) as should_run:
        if should_run:
            rooming_list_email_send(sending_id=sending_id)
