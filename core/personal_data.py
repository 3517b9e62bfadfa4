"""core's part of the data map (core.datamap)."""

from . import datamap as d
from . import retention

d.declare(
    "core.OutboxMessage",
    "kwargs",
    kind=d.CONTACT,
    purpose="deliver e-mails and tasks (addresses, names, private links, message bodies)",
    retention=d.OUTBOX_PERIOD,
    erasure=d.DELETE,
)
d.declare(
    "core.OutboxMessage",
    "last_error",
    kind=d.FREE_TEXT,
    purpose="why a delivery failed",
    retention=d.OUTBOX_PERIOD,
    erasure=d.DELETE,
)
d.not_personal("core.OutboxMessage", "task", "status", "attempts", "created_at")
d.not_personal("core.OutboxMessage", "dispatched_at", "done_at")
d.declare(
    "core.AuditEntry",
    "data",
    kind=d.NETWORK,
    purpose="details of a change (incl. IP address and user agent of a quote acceptance)",
    retention=d.AUDIT_PERIOD,
    erasure=d.BLANK,
)
d.declare(
    "core.AuditEntry",
    "actor",
    kind=d.IDENTITY,
    purpose="who did what",
    retention=d.WHILE_ACCOUNT,
    erasure=d.PSEUDONYMISE,
)
d.declare(
    "core.AuditEntry",
    "actor_label",
    kind=d.IDENTITY,
    purpose="who did what",
    retention=d.WHILE_ACCOUNT,
    erasure=d.PSEUDONYMISE,
)
d.not_personal("core.AuditEntry", "content_type", "object_id", "action", "from_state")
d.not_personal("core.AuditEntry", "to_state", "created_at")

retention.register("core", retention.core_part)
