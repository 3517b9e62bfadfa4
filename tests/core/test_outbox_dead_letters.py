"""12.10: the outbox gives up on a poison message, shows it, and lets a manager retry it;
a confirmed booking reaches visits through the outbox, so a failure there is retried.

The poison message is a real one: a booking e-mail whose subject would carry a newline
(Django refuses to send it, BadHeaderError), re-dispatched by the sweeper until
OUTBOX_MAX_ATTEMPTS. Nothing is mocked; the broker is Celery's eager mode.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from bookings import signals
from bookings.lifecycle import ANNOUNCE_TASK
from bookings.models import Booking
from bookings.services import EMAIL_TASK, booking_checkout, booking_start
from core.audit import audit_trail
from core.models import OutboxMessage
from core.outbox import outbox_enqueue, outbox_sweep
from tests.bookings.factories import make_delegation, make_departure
from tests.bookings.test_admin import make_booking, manager

pytestmark = pytest.mark.django_db

NOW = datetime.timedelta(0)


def poison_message(django_capture_on_commit_callbacks) -> tuple[Booking, OutboxMessage]:
    booking = make_booking()
    Booking.objects.filter(pk=booking.pk).update(reference="PMJ-BAD\nBcc: x")
    with django_capture_on_commit_callbacks(execute=True):
        message = outbox_enqueue(task=EMAIL_TASK, booking_id=booking.pk, template="confirmation")
    return booking, message


def test_a_poison_message_becomes_a_dead_letter_after_its_attempts(
    settings, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    _booking, message = poison_message(django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert (message.attempts, message.status) == (1, OutboxMessage.Status.PENDING)
    assert message.last_error == "ValueError"  # Django: "Header values can't contain newlines"

    outbox_sweep(older_than=NOW)
    outbox_sweep(older_than=NOW)
    message.refresh_from_db()
    assert (message.attempts, message.status) == (3, OutboxMessage.Status.FAILED)

    # Given up: the sweeper no longer hands it over, a redelivered task does nothing.
    assert outbox_sweep(older_than=NOW) == 0
    from bookings.tasks import send_booking_email

    send_booking_email.apply(kwargs={**message.kwargs, "outbox_id": message.pk})
    message.refresh_from_db()
    assert (message.attempts, message.status) == (3, OutboxMessage.Status.FAILED)
    assert mail.outbox == []


def test_managers_see_dead_letters_and_retry_one_by_hand(
    settings, client, django_capture_on_commit_callbacks
):
    settings.OUTBOX_MAX_ATTEMPTS = 1
    booking, message = poison_message(django_capture_on_commit_callbacks)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    person = manager()
    client.force_login(person)

    index = client.get(reverse("outboxmessage:index")).content.decode()
    assert "1 message gave up after its last attempt." in index
    assert "Show the dead letters" in index
    listing = client.get(reverse("outboxmessage:index") + "?status=failed").content.decode()
    assert "Dead letter" in listing
    page = client.get(reverse("outboxmessage:inspect", args=[message.pk])).content.decode()
    assert "Retry this message" in page
    retry = reverse("outboxmessage:retry", args=[message.pk])
    assert client.get(retry).status_code == 405

    # The manager fixes the cause (here: the reference), then retries.
    Booking.objects.filter(pk=booking.pk).update(reference="PMJ-GOOD0001")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry)
    assert response.status_code == 302

    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.DONE
    assert [m.subject for m in mail.outbox] == ["Booking confirmed: PMJ-GOOD0001"]
    [entry] = audit_trail(message).filter(action="outbox_retry")
    assert entry.actor == person
    assert (entry.from_state, entry.to_state) == ("failed", "pending")
    # Only a dead letter can be retried.
    client.post(retry)
    assert audit_trail(message).filter(action="outbox_retry").count() == 1


def test_a_message_that_is_not_a_dead_letter_has_no_retry_button(client):
    message = outbox_enqueue(task=EMAIL_TASK, booking_id=1, template="confirmation")
    client.force_login(manager())
    page = client.get(reverse("outboxmessage:inspect", args=[message.pk])).content.decode()
    assert "Retry this message" not in page


def test_a_visit_that_fails_to_be_made_after_the_commit_is_retried(
    django_capture_on_commit_callbacks,
):
    """The booking is confirmed and committed; making its visit then fails once (a
    receiver that raises stands in for a crash in visits). The visit is not lost: the
    announcement stays in the outbox and the sweeper makes the visit."""
    from visits.models import Visit

    failures = []

    def fails_once(sender, booking_id, **kwargs):
        if not failures:
            failures.append(booking_id)
            raise RuntimeError("visits is down")

    organisation, contact = make_delegation()
    booking = booking_start(
        departure=make_departure(), organisation=organisation, contact=contact, participants_count=2
    )
    signals.booking_confirmed.connect(fails_once)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            booking = booking_checkout(booking=booking, payment_method="invoice", actor=contact)
        [announce] = OutboxMessage.objects.filter(task=ANNOUNCE_TASK, kwargs__booking_id=booking.pk)
        assert announce.kwargs["signal"] == "booking_confirmed"
        announce.refresh_from_db()
        assert announce.status != OutboxMessage.Status.DONE
        assert announce.last_error == "RuntimeError"
        assert not Visit.objects.filter(booking=booking).exists()  # rolled back with it

        outbox_sweep(older_than=NOW)
    finally:
        signals.booking_confirmed.disconnect(fails_once)

    announce.refresh_from_db()
    assert announce.status == OutboxMessage.Status.DONE
    assert Visit.objects.filter(booking=booking).count() == 1
