"""visits announces; learning_reports reacts (visits never imports this app)."""

from __future__ import annotations

from django.db import transaction

from core.outbox import outbox_enqueue


def on_visit_completed(sender, visit_id: int, **kwargs) -> None:
    """Invite the participants to give feedback, through the outbox: with the broker
    down the message waits in the database and the sweeper sends it later."""
    with transaction.atomic():
        outbox_enqueue(task="learning_reports.tasks.invite_after_visit", visit_id=visit_id)
