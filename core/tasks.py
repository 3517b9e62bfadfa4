from celery import shared_task


@shared_task
def sweep_outbox() -> int:
    """Dispatch outbox messages the broker missed (Celery beat, every minute)."""
    from .outbox import outbox_sweep

    return outbox_sweep()


@shared_task
def apply_retention() -> dict:
    """Erase personal data past its period (Celery beat, daily); see core.retention."""
    from .retention import retention_apply

    return retention_apply()
