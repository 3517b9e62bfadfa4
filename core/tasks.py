from celery import shared_task

from .outbox import outbox_sweep
from .retention import retention_apply


@shared_task
def sweep_outbox() -> int:
    """Dispatch outbox messages the broker missed (Celery beat, every minute)."""

    return outbox_sweep()


@shared_task
def apply_retention() -> dict:
    """Erase personal data past its period (Celery beat, daily); see core.retention."""

    return retention_apply()
