"""The delegation as a record: slots, private links, details, what is missing, manifest."""

import datetime

import pytest
from django.core import mail
from django.core.signing import TimestampSigner, dumps
from django.utils import timezone

from bookings.enums import BookingStatus
from bookings.errors import BookingError, InvalidTransition
from bookings.models import Booking, Participant
from bookings.participants import (
    ParticipantDetailsInvalid,
    manifest_rows,
    participant_from_token,
    participant_invite,
    participant_revoke_link,
    participant_slots_ensure,
    participant_token,
    participant_update,
    participants_missing,
)
from bookings.services import (
    RoomRequest,
    booking_checkout,
    booking_set_accommodation,
    booking_start,
)
from core.models import AuditEntry, OutboxMessage
from programmes.models import HostOrganisation

from .factories import default_policy, make_delegation, make_departure, make_room_type, vat_rates

pytestmark = pytest.mark.django_db

COMPLETE = {
    "first_name": "Anna",
    "last_name": "Virtanen",
    "organisation": "Ministry of the Interior",
    "email": "anna@ministry.example",
    "nationality": "de",
    "emergency_contact_name": "Jussi Virtanen",
    "emergency_contact_phone": "+358 40 123 4567",
}
ID_DETAILS = {
    "id_document_type": "passport",
    "id_document_number": "C01X00T47",
    "id_document_expiry": datetime.date(2035, 1, 1),
    "date_of_birth": datetime.date(1980, 5, 17),
}


def _booking(*, participants: int = 3, departure=None, method: str = "invoice") -> Booking:
    vat_rates()
    default_policy()
    departure = departure or make_departure(seats=30, days_ahead=90)
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=participants,
    )
    return booking_checkout(booking=booking, payment_method=method)


def _participant(booking=None) -> Participant:
    booking = booking or _booking()
    return participant_slots_ensure(booking=booking)[0]


def _state(participant: Participant) -> dict:
    return {
        f.name: getattr(Participant.objects.get(pk=participant.pk), f.name)
        for f in Participant._meta.concrete_fields
    }


# --------------------------------------------------------------------------- slots


def test_slots_are_created_once_per_seat():
    booking = _booking(participants=4)
    first = participant_slots_ensure(booking=booking)
    audits = AuditEntry.objects.count()
    second = participant_slots_ensure(booking=booking)
    assert len(first) == 4
    assert [p.pk for p in first] == [p.pk for p in second]
    assert AuditEntry.objects.count() == audits
    assert all(p.first_name == "" and p.completed_at is None for p in second)


def test_slots_are_refused_for_a_cancelled_booking():
    booking = _booking()
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    with pytest.raises(InvalidTransition):
        participant_slots_ensure(booking=booking)
    assert not Participant.objects.filter(booking=booking).exists()


# --------------------------------------------------------------------------- tokens


def test_token_round_trip():
    participant = _participant()
    assert participant_from_token(participant_token(participant)) == participant


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: "x" + t[1:],  # payload changed
        lambda t: t.split(":")[0],  # signature removed
        lambda t: "",
        lambda t: "not a token at all",
    ],
)
def test_tampered_tokens_are_refused(tamper):
    participant = _participant()
    with pytest.raises(BookingError):
        participant_from_token(tamper(participant_token(participant)))


def test_a_token_for_another_participant_cannot_be_forged():
    participant = _participant()
    other = participant_slots_ensure(booking=participant.booking)[1]
    forged_payload = TimestampSigner(salt="another-salt").sign_object({"p": other.pk, "v": 0})
    unsalted = dumps({"p": other.pk, "v": 0})
    for token in (forged_payload, unsalted):
        with pytest.raises(BookingError):
            participant_from_token(token)


def test_token_older_than_max_age_is_refused():
    participant = _participant()
    token = participant_token(participant)
    with pytest.raises(BookingError, match="expired"):
        participant_from_token(token, max_age=datetime.timedelta(seconds=-1))
    assert participant_from_token(token, max_age=datetime.timedelta(days=1)) == participant


def test_token_past_the_details_deadline_and_grace_is_refused():
    participant = _participant()
    token = participant_token(participant)
    today = timezone.localdate()
    Booking.objects.filter(pk=participant.booking_id).update(
        participant_deadline=today - datetime.timedelta(days=3)
    )
    assert participant_from_token(token) == participant  # last day of the grace
    Booking.objects.filter(pk=participant.booking_id).update(
        participant_deadline=today - datetime.timedelta(days=4)
    )
    with pytest.raises(BookingError, match="expired"):
        participant_from_token(token)


def test_revoked_token_is_refused_and_a_new_one_works():
    participant = _participant()
    old = participant_token(participant)
    audits = AuditEntry.objects.count()
    participant = participant_revoke_link(participant=participant, actor=None)
    assert AuditEntry.objects.count() == audits + 1
    with pytest.raises(BookingError, match="withdrawn"):
        participant_from_token(old)
    assert participant_from_token(participant_token(participant)) == participant


def test_token_of_a_cancelled_booking_is_refused():
    participant = _participant()
    token = participant_token(participant)
    Booking.objects.filter(pk=participant.booking_id).update(status=BookingStatus.CANCELLED)
    with pytest.raises(BookingError):
        participant_from_token(token)


# --------------------------------------------------------------------------- invitations


def test_invite_saves_the_address_and_emails_a_working_link(django_capture_on_commit_callbacks):
    participant = _participant()
    contact = participant.booking.contact
    with django_capture_on_commit_callbacks(execute=True):
        participant = participant_invite(
            participant=participant, email=" Guest@Example.org ", actor=contact
        )
    assert participant.email == "guest@example.org"
    assert participant.invited_at is not None
    message = OutboxMessage.objects.get(kwargs__template="participant_invitation")
    assert message.kwargs["to"] == "guest@example.org"
    token = message.kwargs["link"].rstrip("/").rsplit("/", 1)[-1]
    assert participant_from_token(token) == participant
    sent = [m for m in mail.outbox if m.to == ["guest@example.org"]]
    assert len(sent) == 1 and message.kwargs["link"] in sent[0].body
    entry = AuditEntry.objects.filter(action="participant_invite").get()
    assert entry.actor == contact and "guest" not in str(entry.data)


def test_inviting_someone_else_revokes_the_first_link():
    participant = _participant()
    contact = participant.booking.contact
    participant = participant_invite(participant=participant, email="a@example.org", actor=contact)
    first = participant_token(participant)
    participant = participant_invite(participant=participant, email="a@example.org", actor=contact)
    assert participant_from_token(first) == participant  # same person: same link
    participant = participant_invite(participant=participant, email="b@example.org", actor=contact)
    with pytest.raises(BookingError):
        participant_from_token(first)


@pytest.mark.parametrize("email", ["", "not-an-address", "a@", None])
def test_invite_with_a_bad_address_changes_nothing(email):
    participant = _participant()
    before, audits, outbox = (
        _state(participant),
        AuditEntry.objects.count(),
        OutboxMessage.objects.count(),
    )
    with pytest.raises(BookingError):
        participant_invite(participant=participant, email=email, actor=None)
    assert _state(participant) == before
    assert AuditEntry.objects.count() == audits
    assert OutboxMessage.objects.count() == outbox


def test_invite_for_a_closed_booking_is_refused():
    participant = _participant()
    Booking.objects.filter(pk=participant.booking_id).update(status=BookingStatus.EXPIRED)
    before = _state(participant)
    with pytest.raises(InvalidTransition):
        participant_invite(participant=participant, email="a@example.org", actor=None)
    assert _state(participant) == before


# --------------------------------------------------------------------------- details


def test_update_in_steps_completes_the_participant():
    participant = _participant()
    participant = participant_update(participant=participant, data={"first_name": "Anna"})
    assert participant.first_name == "Anna" and participant.completed_at is None
    participant = participant_update(
        participant=participant, data={**COMPLETE, "dietary_needs": "vegetarian"}
    )
    participant.refresh_from_db()
    assert participant.completed_at is not None
    assert participant.nationality == "DE"  # normalised
    assert participant.dietary_needs == "vegetarian"
    entry = AuditEntry.objects.filter(action="participant_update").last()
    assert "Virtanen" not in str(entry.data)  # field names, not personal data


def test_update_with_nothing_new_writes_nothing():
    participant = participant_update(participant=_participant(), data=COMPLETE)
    audits = AuditEntry.objects.count()
    participant_update(participant=participant, data=COMPLETE)
    assert AuditEntry.objects.count() == audits


def test_removing_a_required_detail_reopens_the_participant():
    participant = participant_update(participant=_participant(), data=COMPLETE)
    assert participant.completed_at is not None
    participant = participant_update(participant=participant, data={"emergency_contact_phone": ""})
    assert participant.completed_at is None


def test_fields_outside_the_form_are_ignored():
    participant = _participant()
    other = _booking()
    participant = participant_update(
        participant=participant,
        data={"first_name": "Anna", "invite_version": 99, "booking": other, "booking_id": other.pk},
    )
    participant.refresh_from_db()
    assert participant.invite_version == 0
    assert participant.booking_id != other.pk


@pytest.mark.parametrize(
    "data, field",
    [
        ({"nationality": "Germany"}, "nationality"),
        ({"email": "nope"}, "email"),
        ({"first_name": "x" * 101}, "first_name"),
    ],
)
def test_invalid_details_change_nothing(data, field):
    participant = participant_update(participant=_participant(), data={"first_name": "Anna"})
    before, audits = _state(participant), AuditEntry.objects.count()
    with pytest.raises(ParticipantDetailsInvalid) as error:
        participant_update(participant=participant, data={**COMPLETE, **data})
    assert field in error.value.errors
    assert _state(participant) == before
    assert AuditEntry.objects.count() == audits


def test_update_of_a_cancelled_booking_is_refused():
    participant = _participant()
    Booking.objects.filter(pk=participant.booking_id).update(status=BookingStatus.CANCELLED)
    before = _state(participant)
    with pytest.raises(InvalidTransition):
        participant_update(participant=participant, data=COMPLETE)
    assert _state(participant) == before


def test_id_documents_are_not_taken_when_no_host_vets_visitors():
    participant = participant_update(participant=_participant(), data={**COMPLETE, **ID_DETAILS})
    participant.refresh_from_db()
    assert participant.id_document_number == "" and participant.date_of_birth is None
    assert participant.completed_at is not None


def test_id_documents_are_required_when_a_host_vets_visitors():
    booking = _booking()
    HostOrganisation.objects.update(requires_id_check=True)
    participant = participant_update(participant=_participant(booking), data=COMPLETE)
    assert participant.completed_at is None
    missing = dict(participants_missing(booking=booking))[participant]
    assert missing == [
        "id_document_type",
        "id_document_number",
        "id_document_expiry",
        "date_of_birth",
    ]
    with pytest.raises(ParticipantDetailsInvalid) as error:
        participant_update(
            participant=participant,
            data={**ID_DETAILS, "id_document_expiry": booking.start_date},
        )
    assert "id_document_expiry" in error.value.errors  # must last the whole visit
    participant = participant_update(participant=participant, data=ID_DETAILS)
    assert participant.completed_at is not None
    assert participant.id_document_number == "C01X00T47"


def test_security_clearance_also_requires_id_documents():
    booking = _booking()
    HostOrganisation.objects.update(requires_clearance=True)
    participant = participant_update(participant=_participant(booking), data=COMPLETE)
    assert "date_of_birth" in dict(participants_missing(booking=booking))[participant]


def test_participants_missing_lists_every_gap():
    booking = _booking(participants=2)
    first, second = participant_slots_ensure(booking=booking)
    participant_update(participant=first, data=COMPLETE)
    participant_update(participant=second, data={"first_name": "Erik"})
    missing = participants_missing(booking=booking)
    assert [p.pk for p, _ in missing] == [second.pk]
    assert "first_name" not in missing[0][1] and "email" in missing[0][1]


# --------------------------------------------------------------------------- manifest


def test_manifest_has_a_row_per_confirmed_seat_with_needs_and_rooms():
    departure = make_departure(seats=30, days_ahead=90)
    confirmed = _booking(participants=2, departure=departure)
    first, _second = participant_slots_ensure(booking=confirmed)
    participant_update(participant=first, data={**COMPLETE, "accessibility_needs": "wheelchair"})
    # Three seats without rows yet still count, and a held booking is not on it.
    other = _booking(participants=3, departure=departure)
    held_org, held_contact = make_delegation()
    nights = [departure.start_date + datetime.timedelta(days=n) for n in range(2)]
    room_type = make_room_type(nights=nights)
    held = booking_start(
        departure=departure, organisation=held_org, contact=held_contact, participants_count=4
    )
    booking_set_accommodation(
        booking=held,
        requests=[RoomRequest(room_type=room_type, occupancy="single", rooms=2)],
        arrival=nights[0],
        departure=nights[-1] + datetime.timedelta(days=1),
    )
    rows = manifest_rows(departure=departure)
    assert len(rows) == 5
    assert {r["booking_reference"] for r in rows} == {confirmed.reference, other.reference}
    anna = next(r for r in rows if r["first_name"] == "Anna")
    assert anna["accessibility_needs"] == "wheelchair" and anna["complete"]
    assert anna["missing"] == []
    empty = [r for r in rows if r["participant_id"] is None]
    assert len(empty) == 3 and all("first_name" in r["missing"] for r in empty)


def test_manifest_shows_the_rooms_of_a_booking():
    departure = make_departure(seats=30, days_ahead=90)
    nights = [departure.start_date + datetime.timedelta(days=n) for n in range(2)]
    room_type = make_room_type(nights=nights)
    vat_rates()
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=departure, organisation=organisation, contact=contact, participants_count=2
    )
    booking_set_accommodation(
        booking=booking,
        requests=[RoomRequest(room_type=room_type, occupancy="double", rooms=1)],
        arrival=nights[0],
        departure=nights[-1] + datetime.timedelta(days=1),
    )
    booking_checkout(booking=booking, payment_method="invoice")
    rows = manifest_rows(departure=departure)
    assert len(rows) == 2
    assert str(room_type) in rows[0]["rooms"] and "(2)" in rows[0]["rooms"]
