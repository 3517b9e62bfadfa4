"""Retention: one runner over the parts each app registers (no upward imports).

A part is `fn(as_of: date) -> dict[model label, count]`. `retention_apply` runs every
part in one transaction (rolled back on a dry run) and returns the counts. The beat task
`core.tasks.apply_retention` and `manage.py retention_apply` both call it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import AuditEntry, OutboxMessage

Part = Callable[[datetime.date], dict[str, int]]
_parts: dict[str, Part] = {}


def register(name: str, part: Part) -> None:
    _parts[name] = part


# Erasure on request (GDPR art. 17): what a higher app does when one person is erased.
# An eraser is `fn(ids) -> dict[model label, count]`, per kind ("participant", "user").
Eraser = Callable[[list[int]], dict[str, int]]
_erasers: dict[str, dict[str, Eraser]] = {}


def register_eraser(kind: str, name: str, eraser: Eraser) -> None:
    _erasers.setdefault(kind, {})[name] = eraser


def erase_everywhere(kind: str, ids) -> dict[str, int]:
    """Run every app's eraser of `kind` for these ids (inside the caller's transaction)."""
    counts: dict[str, int] = {}
    for name in sorted(_erasers.get(kind, {})):
        for label, count in _erasers[kind][name](list(ids)).items():
            counts[label] = counts.get(label, 0) + count
    return counts


def months_ago(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    last = 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31
    return datetime.date(year, month, min(day.day, last))


def unfinished_booking_days() -> int:
    return int(getattr(settings, "PRIVACY_UNFINISHED_BOOKING_DAYS", 30))


def retention_months() -> int:
    return int(
        getattr(
            settings,
            "PRIVACY_RETENTION_MONTHS",
            getattr(settings, "LEARNING_REPORTS_RETENTION_MONTHS", 12),
        )
    )


def outbox_days() -> int:
    return int(getattr(settings, "PRIVACY_OUTBOX_DAYS", 14))


def enquiry_months() -> int:
    return int(getattr(settings, "PRIVACY_ENQUIRY_MONTHS", 12))


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def retention_apply(*, as_of: datetime.date | None = None, dry_run: bool = False) -> dict:
    as_of = as_of or timezone.localdate()
    counts: dict[str, int] = {}
    with transaction.atomic():
        for name in sorted(_parts):
            for label, count in _parts[name](as_of).items():
                counts[label] = counts.get(label, 0) + count
        if dry_run:
            transaction.set_rollback(True)
    return counts


def core_part(as_of: datetime.date) -> dict[str, int]:
    outbox_cutoff = start_of(as_of - datetime.timedelta(days=outbox_days()))
    deleted, _ = OutboxMessage.objects.filter(
        status__in=[OutboxMessage.Status.DONE, OutboxMessage.Status.FAILED],
        created_at__lt=outbox_cutoff,
    ).delete()
    audit_cutoff = start_of(months_ago(as_of, retention_months()))
    blanked = (
        AuditEntry.objects.filter(created_at__lt=audit_cutoff).exclude(data={}).update(data={})
    )
    return {"core.outboxmessage": deleted, "core.auditentry": blanked}
