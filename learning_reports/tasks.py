"""Celery tasks: thin, keyword-only ids, idempotent (each has a run-twice test)."""

from __future__ import annotations

import logging

from celery import shared_task

from core.outbox import outbox_claim

from .emails import invitation_email_send
from .services import (
    follow_ups_invite_due,
    invitation_mark_sent,
    invitations_create,
    reminders_send_due,
    report_compile_run,
)

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def invite_after_visit(*, visit_id: int, outbox_id: int | None = None) -> int:
    with outbox_claim(outbox_id) as should_run:
        if not should_run:
            return 0
        created = invitations_create(visit_id=visit_id)
    logger.info("learning_reports: %s invitations for visit %s", len(created), visit_id)
    return len(created)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def send_invitation_email(*, invitation_id: int, reminder: bool = False, outbox_id=None) -> None:
    with outbox_claim(outbox_id) as should_run:
        if should_run and invitation_email_send(invitation_id=invitation_id, reminder=reminder):
            invitation_mark_sent(invitation_id=invitation_id, reminder=reminder)


@shared_task(acks_late=True)
def send_feedback_reminders() -> int:
    return reminders_send_due()


@shared_task(acks_late=True)
def invite_follow_ups() -> int:
    return follow_ups_invite_due()


@shared_task(acks_late=True)
def compile_report(*, report_id: int, outbox_id: int | None = None) -> None:
    # Not in one transaction: the progress bar reads the progress the compile commits.
    with outbox_claim(outbox_id, in_transaction=False) as should_run:
        if should_run:
            report_compile_run(report_id=report_id)
