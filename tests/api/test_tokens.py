"""API tokens: stored hashed, shown once, expiring, revocable, scoped, last use recorded;
staff tokens only for someone with TOTP."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.utils import timezone

from accounts.roles import PROGRAMME_MANAGERS
from api.enums import OwnerKind
from api.models import ApiToken
from api.tokens import TokenError, token_revoke
from tests.accounts.factories import activate_totp, make_user
from tests.bookings.factories import make_delegation

from .conftest import ApiClient, make_token


@pytest.fixture
def delegation(db):
    return make_delegation()


def test_only_a_digest_is_stored(delegation):
    organisation, contact = delegation
    new = make_token(contact, OwnerKind.DELEGATION, organisation=organisation)
    assert new.secret.startswith(f"pmj_{new.token.prefix}_")
    row = ApiToken.objects.get(pk=new.token.pk)
    assert row.digest == hashlib.sha256(new.secret.encode()).hexdigest()
    stored = " ".join(str(v) for v in ApiToken.objects.filter(pk=row.pk).values().first().values())
    assert new.secret not in stored
    assert new.secret.split("_", 2)[2] not in stored


def test_a_token_reads_and_records_its_last_use(delegation):
    organisation, contact = delegation
    new = make_token(contact, OwnerKind.DELEGATION, organisation=organisation)
    assert new.token.last_used_at is None
    assert ApiClient(new.secret).get("/api/v1/bookings/").status_code == 200
    new.token.refresh_from_db()
    assert timezone.now() - new.token.last_used_at < datetime.timedelta(seconds=30)


def test_an_expired_or_revoked_token_is_refused(delegation):
    organisation, contact = delegation
    expired = make_token(contact, OwnerKind.DELEGATION, organisation=organisation)
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert ApiClient(expired.secret).get("/api/v1/bookings/").status_code == 401
    revoked = make_token(contact, OwnerKind.DELEGATION, organisation=organisation)
    assert ApiClient(revoked.secret).get("/api/v1/bookings/").status_code == 200
    token_revoke(token=revoked.token, actor=contact)
    answer = ApiClient(revoked.secret).get("/api/v1/bookings/")
    assert answer.status_code == 401 and answer["Content-Type"] == "application/problem+json"


def test_expiry_is_within_a_year(delegation):
    organisation, contact = delegation
    with pytest.raises(TokenError):
        make_token(contact, OwnerKind.DELEGATION, organisation=organisation, days=0)
    with pytest.raises(TokenError):
        make_token(contact, OwnerKind.DELEGATION, organisation=organisation, days=400)


def test_scopes_limit_what_a_token_does(delegation):
    organisation, contact = delegation
    reader = make_token(
        contact, OwnerKind.DELEGATION, organisation=organisation, scopes=["bookings:read"]
    )
    client = ApiClient(reader.secret)
    assert client.get("/api/v1/bookings/").status_code == 200
    assert (
        client.post("/api/v1/bookings/", {"departure": 1, "participants_count": 2}).status_code
        == 403
    )
    assert client.get("/api/v1/visits/").status_code == 403
    assert client.get("/api/v1/webhooks/").status_code == 403
    # Public, but a token without catalogue:read is refused rather than read as anonymous.
    assert client.get("/api/v1/programmes/").status_code == 403


def test_a_token_holds_only_its_owners_scopes(delegation):
    organisation, contact = delegation
    with pytest.raises(TokenError):
        make_token(
            contact, OwnerKind.DELEGATION, organisation=organisation, scopes=["host_requests:write"]
        )


def test_staff_tokens_only_after_totp(db):
    manager = make_user("manager@region.example", role=PROGRAMME_MANAGERS)
    with pytest.raises(TokenError, match="two-factor"):
        make_token(manager, OwnerKind.REGION)
    activate_totp(manager)
    assert make_token(manager, OwnerKind.REGION).token.owner_kind == OwnerKind.REGION
