"""The card payment tasks moved to bookings/cards/tasks.py but keep their Celery names,
"bookings.payment_tasks.<function>": messages a broker still holds, outbox rows written
before the move and the beat schedule name them so, and must go on reaching them."""

from __future__ import annotations

import pytest
from django.conf import settings

from bookings.cards import tasks as card_tasks
from bookings.cards.disputes import DISPUTE_EMAIL_TASK
from bookings.cards.payments import PROCESS_EVENT_TASK, SUBMIT_REFUND_TASK
from bookings.lifecycle import RELEASE_INTENTS_TASK
from config.celery_app import app
from core.models import OutboxMessage
from core.outbox import outbox_dispatch

OLD_NAMES = {
    "process_stripe_event": "bookings.payment_tasks.process_stripe_event",
    "submit_refund": "bookings.payment_tasks.submit_refund",
    "reconcile_payments": "bookings.payment_tasks.reconcile_payments",
    "release_intents": "bookings.payment_tasks.release_intents",
    "send_dispute_email": "bookings.payment_tasks.send_dispute_email",
}


def test_each_card_task_is_registered_under_its_old_name():
    for function, name in OLD_NAMES.items():
        task = getattr(card_tasks, function)
        assert task.name == name
        registered = app.tasks[name]
        assert registered.run.__module__ == "bookings.cards.tasks"
        assert registered.run.__name__ == function


def test_what_enqueues_them_and_beat_name_the_old_names():
    assert {
        PROCESS_EVENT_TASK,
        SUBMIT_REFUND_TASK,
        RELEASE_INTENTS_TASK,
        DISPUTE_EMAIL_TASK,
    } <= set(OLD_NAMES.values())
    beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert OLD_NAMES["reconcile_payments"] in beat


@pytest.mark.django_db
def test_an_outbox_row_written_before_the_move_reaches_the_moved_task(monkeypatch):
    """A pending row naming "bookings.payment_tasks.release_intents" (there is no such
    module any more) is handed to bookings.cards.tasks.release_intents, with its id."""
    sent = []
    monkeypatch.setattr(
        card_tasks.release_intents, "apply_async", lambda **kwargs: sent.append(kwargs)
    )
    message = OutboxMessage.objects.create(
        task="bookings.payment_tasks.release_intents", kwargs={"booking_id": 7}
    )

    assert outbox_dispatch(message_id=message.pk) is True

    assert sent == [{"kwargs": {"booking_id": 7, "outbox_id": message.pk}, "retry": False}]
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DISPATCHED


@pytest.mark.django_db
def test_a_row_naming_no_task_counts_an_attempt_and_stays_pending():
    message = OutboxMessage.objects.create(task="bookings.payment_tasks.no_such_task", kwargs={})

    assert outbox_dispatch(message_id=message.pk) is False

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING
    assert message.attempts == 1
    assert message.last_error == "LookupError"
