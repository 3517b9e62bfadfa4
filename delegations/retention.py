"""delegations' part of retention and erasure (registered with core.retention).

- A letter's passport data (number, expiry, date of birth) is blanked the day after the
  visit, as the participant's own travel document (bookings.retention); the name and the
  stay stay with the code, so the verification page still confirms the letter.
- With the booking's data (bookings.retention: 30 days for unfinished bookings, 12 months
  after the last day for others) go the letters' names and purposes, the protocol and
  the rooming rows, and the rooming lists as sent (rows and the desk's address).
- Erasing one participant (on request) erases their letters, protocol and rooms.
"""

from __future__ import annotations

import datetime

from bookings.retention import due_bookings
from core import retention

from .letters import letters_erase_passport_data
from .models import InvitationLetter, ParticipantProtocol, RoomAssignment, RoomingListSending


def _booking_due(as_of: datetime.date):
    return due_bookings(as_of).values("pk")


def _erase_for_bookings(bookings) -> dict[str, int]:
    letters = (
        InvitationLetter.objects.filter(booking__in=bookings)
        .exclude(full_name="", purpose="", nationality="", refusal_reason="", passport_number="")
        .update(
            full_name="",
            purpose="",
            nationality="",
            refusal_reason="",
            passport_number="",
            passport_expiry=None,
            date_of_birth=None,
            requested_by=None,
        )
    )
    protocols = ParticipantProtocol.objects.filter(participant__booking__in=bookings).delete()[0]
    rooms = RoomAssignment.objects.filter(booking__in=bookings).delete()[0]
    sent = (
        RoomingListSending.objects.filter(booking__in=bookings)
        .exclude(rows=[], recipient="")
        .update(rows=[], recipient="")
    )
    return {
        "delegations.invitationletter": letters,
        "delegations.participantprotocol": protocols,
        "delegations.roomassignment": rooms,
        "delegations.roominglistsending": sent,
    }


def retention_part(as_of: datetime.date) -> dict[str, int]:
    counts = _erase_for_bookings(_booking_due(as_of))
    counts["delegations.invitationletter (passport)"] = letters_erase_passport_data(
        ended_before=as_of
    )
    return counts


def participants_erase(ids) -> dict[str, int]:
    return {
        "delegations.invitationletter": InvitationLetter.objects.filter(
            participant_id__in=ids
        ).delete()[0],
        "delegations.participantprotocol": ParticipantProtocol.objects.filter(
            participant_id__in=ids
        ).delete()[0],
        "delegations.roomassignment": RoomAssignment.objects.filter(
            participant_id__in=ids
        ).delete()[0],
    }


retention.register("delegations", retention_part)
retention.register_eraser("participant", "delegations", participants_erase)
