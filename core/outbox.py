"""A transactional outbox in front of Celery.

`outbox_enqueue` writes the message in the caller's transaction and, after commit, tries
to hand it to the broker. If the broker is down the message stays pending and
`outbox_sweep` (Celery beat, and `manage.py outbox_sweep`) dispatches it later. Tasks
take `outbox_id` and call `outbox_claim` so that a message runs to completion once.

Poison messages (12.10): every start of a task body counts an attempt (committed before
the body runs, so a worker that dies in it counts too). After OUTBOX_MAX_ATTEMPTS the
message is a dead letter (status FAILED): the sweeper no longer hands it over, a
redelivered task does nothing, and managers find it under Reports > Outbox ("Dead
letters") where `outbox_retry` gives it a fresh start by hand, with an audit entry.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .audit import audit_record
from .models import OutboxMessage

logger = logging.getLogger(__name__)

DEFAULT_MAX_ATTEMPTS = 10
# A message in one of these states is never run again (until retried by hand).
FINISHED = (OutboxMessage.Status.DONE, OutboxMessage.Status.FAILED)


def outbox_max_attempts() -> int:
    return int(getattr(settings, "OUTBOX_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS))


def outbox_enqueue(*, task: str, **kwargs: Any) -> OutboxMessage:
    message = OutboxMessage.objects.create(task=task, kwargs=kwargs)
    transaction.on_commit(lambda: outbox_dispatch(message_id=message.pk))
    return message


def _task_named(name: str):
    """The Celery task registered under `name`: its Celery name, not a module path (the
    card payment tasks live in bookings.cards.tasks and keep their names
    "bookings.payment_tasks.<function>"). Each app's `tasks` module is imported first, as
    a worker does at start, so a web process that has not imported it yet finds it too.
    Raises LookupError for a name no task has."""
    tasks = current_app.tasks
    if name not in tasks:
        current_app.loader.import_default_modules()
    try:
        return tasks[name]
    except KeyError:
        raise LookupError(f"no task is named {name!r}") from None


def outbox_dispatch(*, message_id: int) -> bool:
    """Hand one pending message to the broker. False (and still pending) if it is down."""
    message = OutboxMessage.objects.filter(pk=message_id).first()
    if message is None or message.status in FINISHED:
        return False
    try:
        task = _task_named(message.task)
    except LookupError as exc:
        # A task that does not exist can never run: each try counts towards the dead letter.
        OutboxMessage.objects.filter(pk=message.pk).update(attempts=F("attempts") + 1)
        _record_failure(message.pk, exc)
        return False
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

    Yields False when the message is already done or dead-lettered (the task must do
    nothing). The body runs inside a transaction that holds the message row, so two
    workers cannot both run it and a crash rolls the work back with the claim.

    in_transaction=False is for long, idempotent bodies that must commit as they go (a
    report compile writes its progress for the progress bar; a Stripe call must not
    hold row locks): the message is marked done only after the body returns, and the
    sweeper runs it again if a worker died.
    """
    if outbox_id is None:
        yield True
        return
    if not _start_attempt(outbox_id):
        yield False
        return
    if not in_transaction:
        try:
            yield True
        except Exception as exc:
            _record_failure(outbox_id, exc)
            raise
        OutboxMessage.objects.filter(pk=outbox_id).exclude(
            status=OutboxMessage.Status.FAILED
        ).update(status=OutboxMessage.Status.DONE, done_at=timezone.now(), last_error="")
        return
    try:
        with transaction.atomic():
            message = OutboxMessage.objects.select_for_update().filter(pk=outbox_id).first()
            if message is None or message.status in FINISHED:
                yield False
                return
            yield True
            message.status = OutboxMessage.Status.DONE
            message.done_at = timezone.now()
            message.last_error = ""
            message.save(update_fields=["status", "done_at", "last_error"])
    except Exception as exc:
        # The work was rolled back; the failed attempt is kept where the admin shows it.
        _record_failure(outbox_id, exc)
        raise


def _start_attempt(outbox_id: int) -> bool:
    """Count one attempt before the body runs; False when the message must not run."""
    message = OutboxMessage.objects.filter(pk=outbox_id).only("status", "attempts").first()
    if message is None or message.status in FINISHED:
        return False
    if message.attempts >= outbox_max_attempts():
        _dead_letter(outbox_id)
        return False
    OutboxMessage.objects.filter(pk=outbox_id).update(attempts=F("attempts") + 1)
    return True


def _record_failure(outbox_id: int, exc: BaseException) -> None:
    """Keep the kind of error where the admin shows it (Reports > Outbox), only the
    kind: a message may carry an address. The last allowed attempt makes it a dead letter."""
    OutboxMessage.objects.filter(pk=outbox_id).update(last_error=_error_label(exc))
    if OutboxMessage.objects.filter(pk=outbox_id, attempts__gte=outbox_max_attempts()).exists():
        _dead_letter(outbox_id)


def _dead_letter(outbox_id: int) -> None:
    updated = (
        OutboxMessage.objects.filter(pk=outbox_id)
        .exclude(status__in=FINISHED)
        .update(status=OutboxMessage.Status.FAILED)
    )
    if updated:
        logger.error("outbox: message %s is a dead letter after its last attempt", outbox_id)


def _error_label(exc: BaseException) -> str:
    code = getattr(exc, "smtp_code", None)
    label = type(exc).__name__
    return f"{label} (SMTP {code})" if code else label


def outbox_retry(*, message_id: int, actor) -> OutboxMessage:
    """A manager gives a dead letter a fresh start: attempts from zero, handed to the
    broker after commit, with an audit entry naming who. Raises ValueError for a
    message that is not a dead letter (nothing changes then)."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        if message.status != OutboxMessage.Status.FAILED:
            raise ValueError("only a dead letter can be retried")
        attempts, error = message.attempts, message.last_error
        message.status = OutboxMessage.Status.PENDING
        message.attempts = 0
        message.dispatched_at = None
        message.save(update_fields=["status", "attempts", "dispatched_at"])
        audit_record(
            subject=message,
            action="outbox_retry",
            actor=actor,
            from_state=OutboxMessage.Status.FAILED,
            to_state=OutboxMessage.Status.PENDING,
            data={"task": message.task, "attempts": attempts, "last_error": error},
        )
        transaction.on_commit(lambda: outbox_dispatch(message_id=message.pk))
    return message
