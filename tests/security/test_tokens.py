"""Tokens in links are long and signed (or random), expire, can be revoked, and are
checked in constant time.

Covered here: the participant's private link (bookings), the e-mail confirmation and
password-reset links (allauth / Django), the organisation join code. Each check is on
the real token the site sends. (The calendar-feed, briefing, questionnaire and shared-report
links of visits and learning_reports are walked with forged tokens by the access matrix;
their expiry and revocation are tested in tests/visits and tests/learning_reports.)
"""

from __future__ import annotations

import datetime
import math
from collections import Counter

import pytest
from allauth.account.forms import default_token_generator
from django.core import signing
from django.utils import crypto

from bookings.errors import BookingError
from bookings.participants import (
    participant_from_token,
    participant_revoke_link,
    participant_slots_ensure,
    participant_token,
)
from tests.bookings.factories import make_delegation
from tests.bookings.test_views import confirmed_booking, journey_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def participants():
    booking = confirmed_booking(journey_world()["departure"])
    return participant_slots_ensure(booking=booking)


@pytest.fixture
def compare_spy(monkeypatch):
    """Counts calls of Django's constant-time comparison where the signers use it."""
    calls = []
    real = crypto.constant_time_compare

    def spy(a, b):
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(signing, "constant_time_compare", spy)
    monkeypatch.setattr("django.contrib.auth.tokens.constant_time_compare", spy)
    return calls


def _entropy_bits(text: str) -> float:
    counts = Counter(text)
    return -sum(c / len(text) * math.log2(c / len(text)) for c in counts.values()) * len(text)


def test_participant_links_are_long_signed_and_distinct(participants):
    tokens = [participant_token(p) for p in participants]
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        signature = token.rsplit(":", 1)[1]
        assert len(token) >= 40
        assert len(signature) >= 43  # HMAC-SHA256, base64: 256 bits
        assert _entropy_bits(signature) > 128


def test_participant_links_are_checked_in_constant_time(participants, compare_spy):
    token = participant_token(participants[0])
    assert participant_from_token(token) == participants[0]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    with pytest.raises(BookingError, match="not valid"):
        participant_from_token(tampered)
    assert len(compare_spy) >= 2  # both checks went through constant_time_compare


def test_participant_links_expire_and_can_be_revoked(participants):
    participant = participants[0]
    token = participant_token(participant)
    with pytest.raises(BookingError, match="expired"):
        participant_from_token(token, max_age=datetime.timedelta(seconds=-1))
    participant_revoke_link(participant=participant, actor=None)
    with pytest.raises(BookingError, match="withdrawn"):
        participant_from_token(token)
    participant.refresh_from_db()
    assert participant_from_token(participant_token(participant)) == participant


def test_a_token_signed_with_another_key_is_refused(participants, settings):
    token = participant_token(participants[0])
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    with pytest.raises(BookingError, match="not valid"):
        participant_from_token(token)


def test_password_reset_tokens_are_checked_in_constant_time_and_expire(compare_spy, settings):
    _, user = make_delegation()
    token = default_token_generator.make_token(user)
    assert default_token_generator.check_token(user, token)
    # Another last character (a "0" once matched the real one: 1 run in 16 failed).
    assert not default_token_generator.check_token(
        user, token[:-1] + ("0" if token[-1] != "0" else "1")
    )
    assert compare_spy
    settings.PASSWORD_RESET_TIMEOUT = -1
    assert not default_token_generator.check_token(user, token)
    # Spent once the password changes (the hash is part of the token).
    settings.PASSWORD_RESET_TIMEOUT = 3600
    user.set_password("another-Kettu-42")
    user.save()
    assert not default_token_generator.check_token(user, token)


def test_email_confirmation_keys_are_signed_and_expire(settings, compare_spy):
    from allauth.account.models import EmailAddress, EmailConfirmationHMAC

    _, user = make_delegation()
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True)
    key = EmailConfirmationHMAC(address).key
    assert len(key) >= 40
    assert EmailConfirmationHMAC.from_key(key).email_address == address
    assert compare_spy
    assert EmailConfirmationHMAC.from_key(key[:-2] + "xx") is None
    settings.ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = -1
    assert EmailConfirmationHMAC.from_key(key) is None


def test_organisation_join_codes_are_random_and_long():
    codes = {make_delegation()[0].join_code for _ in range(5)}
    assert len(codes) == 5
    assert all(len(code) >= 22 for code in codes)  # 128 random bits, url-safe
