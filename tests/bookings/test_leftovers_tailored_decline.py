"""Declining a tailored request ends its draft booking and tells the requester (issue 11).

The draft used to stay behind (a DRAFT nobody can pay, in lists and retention as if
open) and the requester heard nothing. Now the draft is CANCELLED through the lifecycle
(its audit entry names "tailored_decline") and the requester gets an e-mail in their
language with the manager's reason, also when no quote (and so no booking) was made.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from bookings.enums import BookingStatus, RequestStatus
from bookings.models import Booking
from core.audit import audit_trail

from .test_admin import manager
from .test_quotes import _request
from .test_tailored_admin import _post_builder

pytestmark = pytest.mark.django_db


def _decline(client, request, reason: str, django_capture_on_commit_callbacks):
    client.force_login(manager())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tailored_requests:decline", args=[request.pk]), {"reason": reason}
        )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED


def test_declining_a_quoted_request_ends_its_draft_and_mails_the_reason_in_swedish(
    client, django_capture_on_commit_callbacks
):
    request = _request(language="sv")
    client.force_login(manager())
    _post_builder(client, request)
    request.refresh_from_db()
    booking = request.booking
    assert booking.status == BookingStatus.DRAFT
    mail.outbox.clear()

    _decline(client, request, "Inga värdar lediga i maj", django_capture_on_commit_callbacks)

    booking = Booking.objects.get(pk=booking.pk)
    assert booking.status == BookingStatus.CANCELLED
    moves = audit_trail(booking).filter(action="tailored_decline")
    assert [(m.from_state, m.to_state) for m in moves] == [("draft", "cancelled")]
    [message] = mail.outbox
    assert message.to == [request.contact.email]
    assert message.subject == "Din förfrågan om ett skräddarsytt program"
    assert "Inga värdar lediga i maj" in message.body
    assert "vi kan tyvärr inte erbjuda det" in message.body
    assert booking.reference in message.body


def test_declining_a_request_without_a_quote_mails_the_requester_in_finnish(
    client, django_capture_on_commit_callbacks
):
    request = _request(language="fi")
    assert request.booking_id is None
    mail.outbox.clear()

    _decline(client, request, "", django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == [request.contact.email]
    assert message.subject == "Räätälöidyn ohjelman pyyntönne"
    assert "emme valitettavasti voi tarjota sitä" in message.body
    assert "Perustelumme" not in message.body  # no reason given, none written
    assert Booking.objects.count() == 0


def test_declining_twice_mails_once(client, django_capture_on_commit_callbacks):
    request = _request(language="en")
    _decline(client, request, "No hosts", django_capture_on_commit_callbacks)
    _decline(client, request, "No hosts", django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox] == ["Your request for a tailored programme"]
    assert "Our reason: No hosts" in mail.outbox[0].body
    [(html, mimetype)] = mail.outbox[0].alternatives
    assert mimetype == "text/html" and "Our reason: No hosts" in html
