"""API tokens: created by an organisation's admins, shown once, stored as a SHA-256 digest.

A token reads `pmj_<prefix>_<secret>`: the prefix finds it in lists and logs, the
secret (32 random bytes) is never stored. A plain SHA-256 is enough for a random
256-bit secret (a slow hash guards guessable passwords, not this); the digest is
looked up by equality in the database, so no timing comparison in Python.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import is_staff_role, staff_mfa_required
from core.audit import audit_record

from .enums import SCOPES_FOR_OWNER, OwnerKind
from .models import ApiToken

MAX_DAYS = 366


class TokenError(Exception):
    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    secret: str  # shown once


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def user_has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def token_create(
    *,
    actor,
    owner_kind: str,
    name: str,
    scopes: list[str],
    expires_on: datetime.date,
    organisation=None,
    host=None,
) -> NewToken:
    """A new token for an owner the actor administers (checked by the caller's view,
    again here for the staff rule). Side effects: the token row and an audit entry.
    Raises TokenError for scopes the owner cannot have, a past or far expiry, and a
    staff token asked for without TOTP."""
    allowed = {str(s) for s in SCOPES_FOR_OWNER[OwnerKind(owner_kind)]}
    scopes = sorted(set(scopes))
    if not scopes or not set(scopes) <= allowed:
        raise TokenError(_("Choose at least one of the permissions offered."))
    today = timezone.localdate()
    if not today < expires_on <= today + datetime.timedelta(days=MAX_DAYS):
        raise TokenError(_("The expiry date must be within the next 12 months."))
    if (owner_kind == OwnerKind.REGION or is_staff_role(actor)) and staff_mfa_required():
        if not user_has_totp(actor):
            raise TokenError(_("Staff tokens need two-factor authentication: set it up first."))
    secret_part = secrets.token_urlsafe(32)
    prefix = secrets.token_hex(4)
    secret = f"pmj_{prefix}_{secret_part}"
    expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
    with transaction.atomic():
        token = ApiToken.objects.create(
            owner_kind=owner_kind,
            organisation=organisation if owner_kind == OwnerKind.DELEGATION else None,
            host=host if owner_kind == OwnerKind.HOST else None,
            name=name.strip()[:100] or "API",
            prefix=prefix,
            digest=digest_of(secret),
            scopes=scopes,
            created_by=actor,
            expires_at=expires_at,
        )
        audit_record(subject=token, action="api_token_create", actor=actor, data={"scopes": scopes})
    return NewToken(token, secret)


def token_revoke(*, token: ApiToken, actor) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            return token
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(subject=token, action="api_token_revoke", actor=actor)
    return token


def token_authenticate(secret: str) -> ApiToken | None:
    """The active token for this secret, its last use recorded (at most once a minute)."""
    if not secret.startswith("pmj_") or len(secret) > 200:
        return None
    token = (
        ApiToken.objects.select_related("organisation", "host", "created_by")
        .filter(digest=digest_of(secret), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
