from celery import shared_task


@shared_task
def sweep_outbox() -> int:
    """Dispatch outbox messages the broker missed (Celery beat, every minute)."""
    from .outbox import outbox_sweep

    return outbox_sweep()
