"""Erasure on request (GDPR art. 17) from the Wagtail admin: a confirmation page that says
what goes, then every copy of the person reached; the audit entry holds no erased data."""

import pytest
from django.urls import reverse

from bookings.models import Booking, Participant
from core.audit import audit_record
from core.models import AuditEntry, OutboxMessage
from core.outbox import outbox_enqueue
from tests.learning_reports.factories import answer, invite, make_completed_visit
from tests.visits.factories import make_manager

pytestmark = pytest.mark.django_db

MARK = "ZQXERASEME"


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def _everything_text() -> str:
    """Every row of the tables that may hold a copy, as text."""
    from django.core import serializers

    from learning_reports.models import FeedbackResponse, LearningReport

    models = [Participant, Booking, OutboxMessage, AuditEntry, FeedbackResponse, LearningReport]
    return "".join(serializers.serialize("json", m.objects.all()) for m in models)


def test_a_manager_erases_one_participant_on_request(client):
    world = make_completed_visit(participants=2)
    target, other = world.participants[:2]
    Participant.objects.filter(pk=target.pk).update(
        first_name=f"{MARK}first",
        last_name=f"{MARK}last",
        email=f"{MARK.lower()}@ministry.example",
        id_document_number=f"{MARK}P123",
        dietary_needs=f"{MARK} no nuts",
    )
    target.refresh_from_db()
    invitation = next(i for i in invite(world) if i.participant_id == target.pk)
    answer(invitation, world)
    from learning_reports.models import FeedbackResponse

    FeedbackResponse.objects.filter(invitation=invitation).update(improve=f"{MARK} said this")
    outbox_enqueue(task="bookings.tasks.send_booking_email", to=target.email, name=str(target))
    audit_record(subject=target, action="edit", data={"email": target.email})
    assert MARK in _everything_text()

    manager = make_manager(totp=True)
    client.force_login(manager)
    detail = reverse("booking:inspect", args=[world.booking.pk])
    url = reverse("booking:participant_erase", args=[world.booking.pk, target.pk])
    assert url in client.get(detail).content.decode()
    page = client.get(url).content.decode()
    assert "What will be erased" in page and "Passport or identity document" in page
    assert "What stays" in page
    assert Participant.objects.get(pk=target.pk).anonymised_at is None  # GET changes nothing

    response = client.post(url)
    assert response.status_code == 302
    assert MARK not in _everything_text()
    erased = Participant.objects.get(pk=target.pk)
    assert erased.anonymised_at is not None and erased.nationality  # still counted
    assert Participant.objects.get(pk=other.pk).anonymised_at is None
    assert FeedbackResponse.objects.filter(invitation=invitation).exists()  # ratings counted
    entry = AuditEntry.objects.get(action="participant_erased")
    assert entry.actor == manager and entry.data == {"participant": target.pk}

    # Erasing again is refused with a message, not a second entry.
    client.post(url)
    assert AuditEntry.objects.filter(action="participant_erased").count() == 1


def test_a_manager_erases_the_booking_contact_on_request(client):
    world = make_completed_visit(participants=1)
    booking = world.booking
    contact = booking.contact
    type(contact).objects.filter(pk=contact.pk).update(
        first_name=f"{MARK}contact", email=f"{MARK.lower()}.contact@ministry.example"
    )
    contact.refresh_from_db()
    Booking.objects.filter(pk=booking.pk).update(notes=f"{MARK} arrives late")
    outbox_enqueue(
        task="bookings.tasks.send_booking_email", booking_id=booking.pk, to=contact.email
    )
    assert MARK in _everything_text() + str(contact.email)

    client.force_login(make_manager(totp=True))
    url = reverse("booking:contact_erase", args=[booking.pk])
    page = client.get(url).content.decode()
    assert "What will be erased" in page and "accounting law" in page
    client.post(url)

    contact.refresh_from_db()
    assert not contact.is_active and MARK.lower() not in contact.email and not contact.first_name
    assert MARK not in _everything_text()
    booking.refresh_from_db()
    assert booking.contact_id == contact.pk  # the booking and its invoices stay
    assert AuditEntry.objects.get(action="contact_erased").data == {"user": contact.pk}


def test_erasure_is_for_programme_managers_only(client):
    world = make_completed_visit(participants=1)
    client.force_login(world.booking.contact)
    url = reverse("booking:participant_erase", args=[world.booking.pk, world.participants[0].pk])
    assert client.post(url).status_code in (302, 403)
    assert Participant.objects.get(pk=world.participants[0].pk).anonymised_at is None
