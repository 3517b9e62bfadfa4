"""The export of one person's data (GDPR art. 15/20) over every copy in the data map.

Driven by core.datamap, so a model or field added to the map is exported without a
change here:

- `rows_with_email(email)`: the rows of every mapped model with a mapped `email` field
  (participant records, resources) that carry the person's address, in any booking.
- `person_export(seeds=..., needles=..., ids=...)`:
  * records: the seeds themselves; every row of a mapped model with a foreign key to a
    seed (feedback invitations, briefing acknowledgements ...), and the rows under
    those (their answers and ratings), two levels down; the audit entries about a seed.
  * mentions: every JSON field of the map (outbox arguments, audit payloads, Stripe
    payloads, enquiries, stored reports, invoices' buyers) and every free-text field of
    the map, where it carries one of the person's strings (address, name) or one of the
    id keys with their id -- of a JSON value only the part about them (a stored report
    gives their quotes, not the others').

Private-link tokens inside exported text are masked (core.logging.PRIVATE_LINK): the
export says that a link was sent, not the credential itself. The account's own export
(accounts.personal_data) adds this; programme managers export one participant or the
booking contact from the booking's admin page (bookings.backoffice.erasure_views).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from . import datamap
from .logging import PRIVATE_LINK
from .models import AuditEntry

SECRET_FIELDS = {"password", "secret", "join_code", "idempotency_key", "nonce", "token"}
SECRET_FIELDS |= {"share_nonce"}
MAX_ROWS = 1000
CHILD_DEPTH = 2


def _mask(value: Any) -> Any:
    if isinstance(value, str):
        return PRIVATE_LINK.sub(lambda m: f"{m.group(1)}[link]{m.group(3) or ''}", value)
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return _mask(value)
    return str(value)


def row(obj: models.Model) -> dict[str, Any]:
    """A row's fields (secrets and tokens left out), private links masked."""
    return {
        field.name: _value(getattr(obj, field.attname))
        for field in obj._meta.concrete_fields
        if field.name not in SECRET_FIELDS
    }


def _map_models() -> dict[str, type[models.Model]]:
    found = {}
    for entry in datamap.entries():
        app_label, name = entry.model.split(".")
        try:
            found[entry.model] = apps.get_model(app_label, name)
        except LookupError:
            continue
    return found


def _map_fields(kinds: tuple[type[models.Field], ...]):
    """(model, field) of every entry of the map whose field is one of `kinds`."""
    seen = set()
    for label, model in _map_models().items():
        for entry in datamap.entries():
            if entry.model != label or (label, entry.field) in seen:
                continue
            seen.add((label, entry.field))
            try:
                field = model._meta.get_field(entry.field)
            except Exception:  # noqa: S112 - a map entry for a field the model lost: the map test says so
                continue
            if isinstance(field, kinds):
                yield model, field


def rows_with_email(email: str) -> list[models.Model]:
    """Rows of mapped models (other than accounts) whose mapped e-mail is `email`."""
    if not email:
        return []
    user_model = apps.get_model(*_user_label().split("."))
    rows: list[models.Model] = []
    for model, field in _map_fields((models.EmailField, models.CharField)):
        if field.name != "email" or model is user_model:
            continue
        rows += list(model._default_manager.filter(**{f"{field.name}__iexact": email})[:MAX_ROWS])
    return rows


def _user_label() -> str:
    return settings.AUTH_USER_MODEL.lower()


def seed_ids(seeds: list[models.Model]) -> dict[str, set[str]]:
    """The JSON keys a seed's id goes by in outbox arguments and audit payloads:
    "participant" and "participant_id" for a participant, and so on."""
    ids: dict[str, set[str]] = {}
    for seed in seeds:
        name = seed._meta.model_name
        for key in (name, f"{name}_id"):
            ids.setdefault(key, set()).add(str(seed.pk))
    return ids


def _mentions(value: Any, needles: list[str], ids: dict[str, set[str]]) -> bool:
    if isinstance(value, dict):
        return any(
            (key in ids and str(item) in ids[key]) or _mentions(item, needles, ids)
            for key, item in value.items()
        )
    if isinstance(value, list):
        return any(_mentions(item, needles, ids) for item in value)
    if isinstance(value, str):
        low = value.lower()
        return any(n.lower() in low for n in needles)
    return False


def _about(value: Any, needles: list[str], ids: dict[str, set[str]]) -> Any:
    """The part of a JSON value that carries the person: a dict whose own strings or id
    keys match whole (an e-mail's arguments, one quote), else only its matching
    branches; in a list only the matching items. None when nothing matches."""
    if isinstance(value, dict):
        direct = any(
            (key in ids and str(item) in ids[key])
            or (isinstance(item, str) and _mentions(item, needles, ids))
            for key, item in value.items()
        )
        if direct:
            return value
        kept = {}
        for key, item in value.items():
            part = _about(item, needles, ids) if isinstance(item, dict | list) else None
            if part is not None:
                kept[key] = part
        return kept or None
    if isinstance(value, list):
        kept = [p for p in (_about(item, needles, ids) for item in value) if p is not None]
        return kept or None
    return value if _mentions(value, needles, ids) else None


def _children(obj: models.Model, depth: int, seen: set) -> dict[str, list]:
    out: dict[str, list] = {}
    if depth >= CHILD_DEPTH:
        return out
    for relation in obj._meta.related_objects:
        if not relation.one_to_many and not relation.one_to_one:
            continue
        model = relation.related_model
        for child in model._default_manager.filter(**{relation.field.name: obj})[:MAX_ROWS]:
            key = (child._meta.label_lower, child.pk)
            if key in seen:
                continue
            seen.add(key)
            dumped = row(child)
            below = _children(child, depth + 1, seen)
            if below:
                dumped["_related"] = below
            out.setdefault(child._meta.label_lower, []).append(dumped)
    return out


def person_export(
    *,
    seeds: list[models.Model],
    needles: list[str],
    ids: dict[str, set[str]] | None = None,
    about: list[models.Model] = (),
) -> dict[str, Any]:
    """Every copy of the map about the person whose rows are `seeds`.

    `needles`: their strings (address, full name; shorter than 3 characters ignored);
    `ids`: more JSON keys with their ids ({"user_id": {"7"}}) besides the seeds' own
    (seed_ids); `about`: more rows whose audit entries are the person's (their account).
    Read-only."""

    ids = {**seed_ids(seeds), **(ids or {})}
    needles = [n for n in needles if n and len(n.strip()) >= 3]
    seen: set = {(s._meta.label_lower, s.pk) for s in seeds}
    records: dict[str, list] = {}
    for seed in seeds:
        records.setdefault(seed._meta.label_lower, []).append(row(seed))
    # Rows of mapped models that point at a seed, and what lies under them.
    by_model: dict[type, list] = {}
    for seed in seeds:
        by_model.setdefault(type(seed), []).append(seed.pk)
    for model in _map_models().values():
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model not in by_model:
                continue
            if model is AuditEntry:
                continue  # the audit entries *about* a seed are read below
            pks = by_model[field.related_model]
            for obj in model._default_manager.filter(**{f"{field.name}__in": pks})[:MAX_ROWS]:
                key = (obj._meta.label_lower, obj.pk)
                if key in seen:
                    continue
                seen.add(key)
                dumped = row(obj)
                below = _children(obj, 0, seen)
                if below:
                    dumped["_related"] = below
                records.setdefault(obj._meta.label_lower, []).append(dumped)
    subject = Q(pk__in=[])
    for seed in [*seeds, *about]:
        subject |= Q(
            content_type=ContentType.objects.get_for_model(seed, for_concrete_model=False),
            object_id=str(seed.pk),
        )
    for entry in AuditEntry.objects.filter(subject).order_by("created_at")[:MAX_ROWS]:
        seen.add(("core.auditentry", entry.pk))
        records.setdefault("core.auditentry", []).append(row(entry))
    return {"records": records, "mentions": _mentions_of(needles, ids, seen)}


def _mentions_of(needles: list[str], ids: dict[str, set[str]], seen: set) -> dict[str, list]:
    """Rows of the map's JSON and free-text fields that carry the person."""
    mentions: dict[str, list] = {}
    if not needles and not ids:
        return mentions
    for model, field in _map_fields((models.JSONField,)):
        label = model._meta.label_lower
        for pk, value in model._default_manager.values_list("pk", field.name).iterator():
            if (label, pk) in seen or not _mentions(value, needles, ids):
                continue
            mentions.setdefault(label, []).append(
                {"id": pk, "field": field.name, "value": _value(_about(value, needles, ids))}
            )
    if not needles:
        return mentions
    for model, field in _map_fields((models.TextField, models.CharField)):
        if field.choices:
            continue
        label = model._meta.label_lower
        text = Q(pk__in=[])
        for needle in needles:
            text |= Q(**{f"{field.name}__icontains": needle})
        for pk, value in model._default_manager.filter(text).values_list("pk", field.name)[
            :MAX_ROWS
        ]:
            if (label, pk) not in seen:
                mentions.setdefault(label, []).append(
                    {"id": pk, "field": field.name, "value": _value(value)}
                )
    return mentions
