"""The data map: one declaration of every field and JSON key that holds personal data.

Each app declares its own fields in its `datamap.py`, loaded from its AppConfig.ready,
so this module never imports an app. `entries()` is the map; `unmapped_fields()` lists
concrete fields of our models that are neither mapped nor marked not personal (a test
keeps it empty). The README's privacy section is checked against `entries()`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps

# Kinds of personal data.
IDENTITY = "identity"
CONTACT = "contact"
TRAVEL_DOCUMENT = "travel document"
HEALTH = "health, diet or accessibility"
FREE_TEXT = "free text that may name people"
NETWORK = "network identifiers"
KINDS = (IDENTITY, CONTACT, TRAVEL_DOCUMENT, HEALTH, FREE_TEXT, NETWORK)

# What erasure does.
DELETE = "delete"
BLANK = "blank"
PSEUDONYMISE = "pseudonymise"
COUNT = "keep as an anonymous count"
KEEP = "keep (legal obligation)"
ERASURES = (DELETE, BLANK, PSEUDONYMISE, COUNT, KEEP)

# Retention rules (the periods are settings, see core.retention).
WHILE_ACCOUNT = "until the account is deleted"
BOOKING_PERIOD = "unfinished bookings: 30 days; others: 12 months after their last day"
TRAVEL_PERIOD = "the day after the visit ends"
VISIT_PERIOD = "12 months after the visit's last day"
OUTBOX_PERIOD = "delivered + 14 days"
AUDIT_PERIOD = (
    "payload dropped with its booking's data, at the latest after 12 months; who-did-what kept"
)
STRIPE_PERIOD = "reduced to ids and amounts once applied, or after 30 days unapplied"
ENQUIRY_PERIOD = "12 months after submission"
ACCOUNTING_PERIOD = "accounting law (kept with the invoice)"
CONSENT_PERIOD = "quotes only as consent allows; names dropped after 12 months"
HOST_PERIOD = "while the host or resource is active"


@dataclass(frozen=True)
class Entry:
    model: str  # app_label.ModelName
    field: str
    kind: str
    purpose: str
    retention: str
    erasure: str
    key: str = ""  # a JSON key inside `field`, "" for the whole field


_entries: list[Entry] = []
_not_personal: dict[str, set[str]] = {}
ALL = "*"


def declare(
    model: str, field: str, *, kind: str, purpose: str, retention: str, erasure: str, key: str = ""
) -> None:
    assert kind in KINDS and erasure in ERASURES, (kind, erasure)
    entry = Entry(model.lower(), field, kind, purpose, retention, erasure, key)
    if entry not in _entries:
        _entries.append(entry)


def not_personal(model: str, *fields: str) -> None:
    """Mark fields (or the whole model with no field names) as holding no personal data."""
    _not_personal.setdefault(model.lower(), set()).update(fields or {ALL})


def entries() -> list[Entry]:
    return list(_entries)


def is_mapped(model: str, field: str) -> bool:
    model = model.lower()
    marked = _not_personal.get(model, set())
    if ALL in marked or field in marked:
        return True
    return any(e.model == model and e.field == field for e in _entries)


def unmapped_fields(app_labels) -> list[str]:
    missing = []
    for label in app_labels:
        for model in apps.get_app_config(label).get_models():
            if model._meta.proxy:
                continue
            for field in model._meta.concrete_fields:
                if field.primary_key and field.auto_created:
                    continue
                # Wagtail page parents hold no personal data of ours.
                if field.model is not model and field.model._meta.app_label not in app_labels:
                    continue
                if not is_mapped(model._meta.label_lower, field.name):
                    missing.append(f"{model._meta.label_lower}.{field.name}")
    return missing


OUR_APPS = (
    "core",
    "accounts",
    "programmes",
    "bookings",
    "delegations",
    "visits",
    "learning_reports",
)


def markdown_table() -> str:
    """The map as the README's table (tests/security/test_datamap.py checks the README)."""
    lines = [
        "| Model | Field | Kind | Purpose | Retention | Erasure |",
        "|---|---|---|---|---|---|",
    ]
    for e in sorted(_entries, key=lambda e: (e.model, e.field, e.key)):
        field = f"{e.field}[{e.key}]" if e.key else e.field
        lines.append(
            f"| {e.model} | {field} | {e.kind} | {e.purpose} | {e.retention} | {e.erasure} |"
        )
    return "\n".join(lines)
