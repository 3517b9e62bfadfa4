from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def audit_record(
    *,
    subject: models.Model,
    action: str,
    actor=None,
    actor_label: str = "",
    from_state: str = "",
    to_state: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit entry. Call inside the transaction of the change it records."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        object_id=str(subject.pk),
        action=action,
        actor=actor if is_user else None,
        actor_label=actor_label or (str(actor.pk) if is_user else "system"),
        from_state=from_state or "",
        to_state=to_state or "",
        data=data or {},
    )


def audit_trail(subject: models.Model):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        object_id=str(subject.pk),
    ).select_related("actor")
