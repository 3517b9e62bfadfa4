"""Private links end: a participant-details link older than its max_age shows the
"expired" page, never the participant's data, with the production default."""

from __future__ import annotations

import time

import pytest
from django.core.signing import TimestampSigner, b62_encode
from django.urls import reverse

from bookings.participants import TOKEN_SALT, participant_token
from tests.bookings.test_participants import _participant

pytestmark = pytest.mark.django_db


class _SignedLongAgo(TimestampSigner):
    def timestamp(self):
        return b62_encode(int(time.time()) - 121 * 86400)


def _url(token):
    return reverse("bookings:participant_details", args=[token])


def test_a_participant_link_older_than_120_days_has_expired(client):
    participant = _participant()
    participant.first_name = "Linkmarker"
    participant.save()
    old = _SignedLongAgo(salt=TOKEN_SALT).sign_object(
        {"p": participant.pk, "v": participant.invite_version}
    )
    response = client.get(_url(old))
    assert response.status_code == 410
    text = response.content.decode()
    assert "This link has expired" in text
    assert "Linkmarker" not in text
    # A fresh link for the same participant still works.
    assert client.get(_url(participant_token(participant))).status_code == 200
