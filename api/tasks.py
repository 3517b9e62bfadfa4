from celery import shared_task

from core.outbox import outbox_claim

from .webhooks import deliveries_due, delivery_attempt


@shared_task
def deliver_webhook(*, delivery_id: int, outbox_id: int | None = None) -> None:
    # No transaction around the HTTP call: nothing is locked while we wait for a receiver.
    with outbox_claim(outbox_id, in_transaction=False) as go:
        if go:
            delivery_attempt(delivery_id=delivery_id)


@shared_task
def webhook_retries_due() -> int:
    return deliveries_due()
