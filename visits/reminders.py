"""Reminders sent by Celery beat. Each is recorded in ReminderSent under a unique key
before it is queued (in the same transaction), so running the task twice, or two
workers at once, sends each reminder once.

- hosts: 7 days and 1 day before each accepted or requested site visit;
- the delegation: 3 days before the visit, with the safety briefing;
- participants who have not acknowledged the briefing: from 3 days before, once.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.outbox import outbox_enqueue

from .enums import OPEN_VISIT_STATES, SLOT_HOLDING_STATES
from .models import BriefingAcknowledgement, ReminderSent, SiteVisit, Visit
from .services import EMAIL_TASK
from .timeutil import day_bounds

HOST_DAYS = (7, 1)
DELEGATION_DAYS = 3


def _once(key: str, **message) -> bool:
    try:
        with transaction.atomic():
            ReminderSent.objects.create(key=key)
            outbox_enqueue(task=EMAIL_TASK, **message)
    except IntegrityError:
        return False
    return True


def reminders_send(*, today: datetime.date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for days in HOST_DAYS:
        start, end = day_bounds(today + datetime.timedelta(days=days))
        for site_visit_id in SiteVisit.objects.filter(
            status__in=SLOT_HOLDING_STATES,
            item__removed=False,
            item__starts_at__gte=start,
            item__starts_at__lt=end,
        ).values_list("pk", flat=True):
            sent += _once(
                f"host:{site_visit_id}:{days}",
                template="host_reminder",
                site_visit_id=site_visit_id,
            )
    soon = Visit.objects.filter(
        status__in=OPEN_VISIT_STATES,
        starts_on__gt=today,
        starts_on__lte=today + datetime.timedelta(days=DELEGATION_DAYS),
    ).select_related("booking")
    for visit in soon:
        sent += _once(f"delegation:{visit.pk}", template="delegation_briefing", visit_id=visit.pk)
        acknowledged = BriefingAcknowledgement.objects.filter(visit=visit).values("participant_id")
        for participant_id in (
            visit.booking.participants.exclude(email="")
            .exclude(pk__in=acknowledged)
            .values_list("pk", flat=True)
        ):
            sent += _once(
                f"ack:{participant_id}",
                template="briefing_ack_reminder",
                participant_id=participant_id,
            )
    return sent
