"""api's part of the data map (core.datamap) and of retention (core.retention)."""

import datetime

from django.utils import timezone

from core import datamap as d
from core import retention

from .models import IdempotencyRecord

IDEMPOTENCY_PERIOD = "24 hours"

for _m in ("ApiToken", "WebhookEndpoint"):
    d.declare(
        f"api.{_m}",
        "created_by",
        kind=d.IDENTITY,
        purpose="who created it, for the organisation's admins",
        retention=d.WHILE_ACCOUNT,
        erasure=d.BLANK,
    )
d.declare(
    "api.IdempotencyRecord",
    "body",
    kind=d.FREE_TEXT,
    purpose="the first answer to a repeated POST",
    retention=IDEMPOTENCY_PERIOD,
    erasure=d.DELETE,
)
d.not_personal(
    "api.ApiToken",
    *"owner_kind organisation host name prefix digest scopes created_at expires_at "
    "last_used_at revoked_at".split(),
)
d.not_personal("api.IdempotencyRecord", "token", "key", "fingerprint", "status_code", "headers")
d.not_personal("api.IdempotencyRecord", "created_at")
d.not_personal(
    "api.WebhookEndpoint",
    *"owner_kind organisation host url events secret active consecutive_failures "
    "disabled_at created_at".split(),
)
# Payloads carry ids, references, states and dates only (api.webhooks.event_payload).
d.not_personal("api.WebhookDelivery")


def retention_part(as_of: datetime.date) -> dict[str, int]:
    cutoff = timezone.now() - datetime.timedelta(hours=24)
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()
    return {"api.idempotencyrecord": deleted}


retention.register("api", retention_part)
