"""A user's own data: a JSON export of everything that names them, and deleting the account.

Both walk the relations to the user model generically, so the records of every app
(bookings, visits, learning reports, the audit log) are included without this app
importing them (accounts sits below all of them).

Deleting keeps what the law or a contract requires -- rows that protect their user
(`on_delete=PROTECT`: bookings with their invoices and payments, accepted quotes,
tailored requests) -- and removes the person from them: the user row stays as an
anonymous, inactive stub that those records point to. Everything else that belongs
to the user (addresses, MFA devices, sessions, memberships, rows that cascade) goes.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.utils import timezone

from core.audit import audit_record
from core.personal_export import person_export, rows_with_email

# Never exported: secrets and hashes that are about the user but would only help an
# attacker who got hold of the file.
SECRET_FIELDS = {"password", "secret", "join_code", "idempotency_key", "data"}
SECRET_MODELS = {"mfa.authenticator": ["type", "created_at", "last_used_at"]}
MAX_DEPTH = 2


def _value(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def _row(obj: models.Model) -> dict[str, Any]:
    label = obj._meta.label_lower
    allowed = SECRET_MODELS.get(label)
    row: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if allowed is not None and field.name not in allowed:
            continue
        if allowed is None and field.name in SECRET_FIELDS:
            continue
        row[field.name] = _value(getattr(obj, field.attname))
    return row


def _children(obj: models.Model, depth: int, seen: set) -> dict[str, list]:
    """Rows that belong to `obj` (reverse foreign keys), a level or two down."""
    out: dict[str, list] = {}
    if depth >= MAX_DEPTH:
        return out
    for relation in obj._meta.related_objects:
        if not relation.one_to_many or relation.related_model._meta.label_lower in (
            "core.auditentry",
        ):
            continue
        rows = relation.related_model._default_manager.filter(**{relation.field.name: obj})
        dumped = [_dump(child, depth + 1, seen) for child in rows[:1000]]
        dumped = [d for d in dumped if d]
        if dumped:
            out[relation.related_model._meta.label_lower] = dumped
    return out


def _dump(obj: models.Model, depth: int, seen: set) -> dict | None:
    key = (obj._meta.label_lower, obj.pk)
    if key in seen:
        return None
    seen.add(key)
    row = _row(obj)
    children = _children(obj, depth, seen)
    if children:
        row["_related"] = children
    return row


def _user_relations(user):
    """(relation, queryset) for every model that points at the user model."""
    for relation in get_user_model()._meta.get_fields(include_hidden=True):
        if not (relation.one_to_many or relation.many_to_many) or not relation.auto_created:
            continue
        model = relation.related_model
        yield relation, model._default_manager.filter(**{relation.field.name: user})


def personal_data_export(*, user) -> dict[str, Any]:
    """Everything stored about `user`, as JSON-ready data."""
    seen: set = set()
    records: dict[str, list] = {}
    for relation, queryset in _user_relations(user):
        label = relation.related_model._meta.label_lower
        if label == "sessions.session":
            continue
        # The organisations' own rows only: a colleague's bookings are not this user's.
        depth = MAX_DEPTH if relation.many_to_many else 1 if label == "core.auditentry" else 0
        for obj in queryset.distinct()[:5000]:
            dumped = _dump(obj, depth, seen)
            if dumped:
                records.setdefault(label, []).append(dumped)
    return {
        "exported_at": timezone.now().isoformat(),
        "user": _row(user) | {"groups": list(user.groups.values_list("name", flat=True))},
        "records": records,
        "copies": _copies(user),
    }


def _copies(user) -> dict[str, Any]:
    """The other copies of the data map about the user (core.personal_export): the
    participant records with their address (in any booking) and what hangs on them
    (feedback, briefing acknowledgements), audit entries about them, and the outbox
    messages, audit payloads, Stripe payloads, stored reports and free text that carry
    their address, name or id."""

    name = f"{user.first_name} {user.last_name}".strip()
    return person_export(
        seeds=rows_with_email(user.email),
        needles=[user.email, name],
        ids={"user_id": {str(user.pk)}, "contact_id": {str(user.pk)}},
        about=[user],
    )


@transaction.atomic
def account_delete(*, user) -> None:
    """Delete the user's account; keep (anonymously) what protects them.

    Side effects: e-mail addresses, MFA devices and sessions deleted; memberships and
    rows that cascade from the user removed; the user row anonymised and deactivated so
    that bookings and invoices still point at something; an audit entry (no name).
    """
    user = get_user_model()._default_manager.select_for_update().get(pk=user.pk)
    # Memberships first: the through tables' rows would otherwise cascade away unseen.
    relations = sorted(_user_relations(user), key=lambda pair: not pair[0].many_to_many)
    for relation, queryset in relations:
        if relation.many_to_many:  # memberships: the link goes, the organisation stays
            accessor = relation.get_accessor_name()
            if accessor and not relation.hidden:
                # Through the relation, so that m2m_changed is sent (visits revokes the
                # calendar feeds of an organisation a member leaves).
                getattr(user, accessor).clear()
            else:
                relation.through._default_manager.filter(
                    **{relation.field.m2m_reverse_field_name(): user}
                ).delete()
        elif relation.on_delete is models.CASCADE:
            queryset.delete()
    user_pk = user.pk
    Session.objects.filter(pk__in=_session_keys(user_pk)).delete()
    user.email = f"deleted-{user_pk}@deleted.invalid"
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    audit_record(subject=user, action="account_deleted", actor_label="user")


def _session_keys(user_pk: int) -> list[str]:
    keys = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_pk):
            keys.append(session.pk)
    return keys
