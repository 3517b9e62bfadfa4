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


def test_the_outbox_view_shows_no_private_link_or_body_to_managers(client):
    from core.models import OutboxMessage
    from tests.bookings.test_admin import manager

    message = OutboxMessage.objects.create(
        task="bookings.tasks.send_participant_invitation",
        kwargs={
            "participant_id": 4711,
            "email": "outboxmarker@example.org",
            "url": "https://paamaja.example/p/secret-token-marker/",
            "body": "Dear Outboxmarker, your link",
        },
    )
    client.force_login(manager())
    response = client.get(reverse("outboxmessage:inspect", args=[message.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "4711" in text and "participant_id" in text
    for secret in ("outboxmarker", "secret-token-marker", "Outboxmarker"):
        assert secret not in text
    listing = client.get(reverse("outboxmessage:index")).content.decode()
    assert "secret-token-marker" not in listing
