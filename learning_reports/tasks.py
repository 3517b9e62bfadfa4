"""Celery tasks: thin, keyword-only ids, idempotent (each has a run-twice test)."""

from __future__ import annotations

import logging

from celery import shared_task

from core.outbox import outbox_claim

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def invite_after_visit(*, visit_id: int, outbox_id: int | None = None) -> int:
    from .services import invitations_create

    with outbox_claim(outbox_id) as should_run:
        if not should_run:
            return 0
        created = invitations_create(visit_id=visit_id)
    logger.info("learning_reports: %s invitations for visit %s", len(created), visit_id)
    return len(created)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=30, max_retries=10)
def send_invitation_email(*, invitation_id: int, reminder: bool = False, outbox_id=None) -> None:
    from .emails import invitation_email_send
    from .services import invitation_mark_sent

    with outbox_claim(outbox_id) as should_run:
        if should_run and invitation_email_send(invitation_id=invitation_id, reminder=reminder):
            invitation_mark_sent(invitation_id=invitation_id, reminder=reminder)


@shared_task(acks_late=True)
def send_feedback_reminders() -> int:
    from .services import reminders_send_due

    return reminders_send_due()


@shared_task(acks_late=True)
def invite_follow_ups() -> int:
    from .services import follow_ups_invite_due

    return follow_ups_invite_due()


@shared_task(acks_late=True)
def compile_report(*, report_id: int, outbox_id: int | None = None) -> None:
    from .services import report_compile_run

    # Not in one transaction: the progress bar reads the progress the compile commits.
    with outbox_claim(outbox_id, in_transaction=False) as should_run:
        if should_run:
            report_compile_run(report_id=report_id)
