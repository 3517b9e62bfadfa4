"""A transactional outbox in front of Celery.

`outbox_enqueue` writes the message in the caller's transaction and, after commit, tries
to hand it to the broker. If the broker is down the message stays pending and
`outbox_sweep` (Celery beat, and `manage.py outbox_sweep`) dispatches it later. Tasks
take `outbox_id` and call `outbox_claim` so that a message runs to completion once.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import OutboxMessage

logger = logging.getLogger(__name__)


def outbox_enqueue(*, task: str, **kwargs: Any) -> OutboxMessage:
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs)
    transaction.on_commit(lambda: outbox_dispatch(message_id=message.pk))
    return message


def outbox_dispatch(*, message_id: int) -> bool:
    """Hand one pending message to the broker. False (and still pending) if it is down."""
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None or message.status == OutboxMessage.Status.DONE:
        return False
    task = import_string(message.task)
    try:
        task.apply_async(kwargs={**message.kwargs, "outbox_id": message.pk}, retry=False)
    except Exception as exc:  # noqa: BLE001 - any broker failure leaves it for the sweeper
        logger.warning(
            "outbox: broker unavailable for message %s (%s)", message.pk, type(exc).__name__
        )
        OutboxMessage.objects.filter(pk=message.pk).update(last_error=type(exc).__name__)
        return False
    OutboxMessage.objects.filter(pk=message.pk, status=OutboxMessage.Status.PENDING).update(
        status=OutboxMessage.Status.DISPATCHED, dispatched_at=timezone.now()
    )
    return True


def outbox_sweep(*, older_than: timedelta = timedelta(seconds=30)) -> int:
    """Dispatch what is still pending, and what was dispatched but never finished."""
    now = timezone.now()
    stale = OutboxMessage.objects.filter(
        status__in=[OutboxMessage.Status.PENDING, OutboxMessage.Status.DISPATCHED],
        created_at__lte=now - older_than,
    ).exclude(status=OutboxMessage.Status.DISPATCHED, dispatched_at__gt=now - timedelta(minutes=15))
    sent = 0
    for message_id in stale.values_list("pk", flat=True)[:500]:
        OutboxMessage.objects.filter(pk=message_id).update(status=OutboxMessage.Status.PENDING)
        sent += outbox_dispatch(message_id=message_id)
    return sent


@contextmanager
def outbox_claim(outbox_id: int | None, *, in_transaction: bool = True):
    """Run a task body at most once per outbox message.

    Yields False when the message is already done (the task must do nothing). The body
    runs inside a transaction that holds the message row, so two workers cannot both
    run it and a crash rolls the work back with the claim.

    in_transaction=False is for long, idempotent bodies that must commit as they go (a
    report compile writes its progress for the progress bar): the message is marked
    done only after the body returns, and the sweeper runs it again if a worker died.
    """
    if outbox_id is None:
        yield True
        return
    if not in_transaction:
        message = OutboxMessage.objects.filter(pk=outbox_id).first()
        if message is None or message.status == OutboxMessage.Status.DONE:
            yield False
            return
        try:
            yield True
        except Exception as exc:
            _record_failure(outbox_id, exc)
            raise
        OutboxMessage.objects.filter(pk=outbox_id).update(
            status=OutboxMessage.Status.DONE,
            done_at=timezone.now(),
            attempts=F("attempts") + 1,
            last_error="",
        )
        return
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update().filter(pk=outbox_id).first()
            if message is None or message.status == OutboxMessage.Status.DONE:
                yield False
                return
            message.attempts += 1
            yield True
            message.status = OutboxMessage.Status.DONE
            message.done_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["status", "done_at", "attempts", "last_error"])
    except Exception as exc:
        # The work was rolled back; the failed attempt is kept where the admin shows it.
        _record_failure(outbox_id, exc)
        raise


def _record_failure(outbox_id: int, exc: BaseException) -> None:
    """Count the failed attempt where the admin shows it (Reports > Outbox). Only the
    kind of error: a message may carry an address."""
    OutboxMessage.objects.filter(pk=outbox_id).update(
        attempts=F("attempts") + 1, last_error=_error_label(exc)
    )


def _error_label(exc: BaseException) -> str:
    code = getattr(exc, "smtp_code", None)
    label = type(exc).__name__
    return f"{label} (SMTP {code})" if code else label
