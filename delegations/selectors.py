"""Reads shared by delegations' views, the admin and the documents."""

from __future__ import annotations

from django.db.models import F, QuerySet
from django.shortcuts import get_object_or_404

from bookings.enums import COMMITTED_STATES
from bookings.models import Booking, Participant
from bookings.selectors import bookings_for_user

from .enums import LetterStatus
from .models import InvitationLetter


def delegation_booking_or_404(user, reference: str) -> Booking:
    """A committed booking of one of the user's organisations; anyone else gets a 404 (a
    reference cannot be probed). Letters and lists exist only for committed bookings."""
    return get_object_or_404(
        bookings_for_user(user).filter(status__in=COMMITTED_STATES), reference=reference
    )


def letters_of_booking(booking: Booking) -> QuerySet[InvitationLetter]:
    return booking.invitation_letters.select_related("participant").order_by("-requested_at")


def issued_letter_by_code(code: str) -> InvitationLetter | None:
    return (
        InvitationLetter.objects.filter(code=code, status=LetterStatus.ISSUED)
        .select_related("booking__programme", "booking__organisation")
        .first()
    )


def letter_register() -> QuerySet[InvitationLetter]:
    """Every letter, newest first: the register of issued letters and the requests."""
    return InvitationLetter.objects.select_related(
        "booking__organisation", "booking__programme", "decided_by"
    ).order_by("-requested_at")


def participants_in_precedence(booking: Booking) -> list[Participant]:
    """The delegation's order of precedence: the saved order first, then by rank (1 the
    highest), then by name. A participant without protocol ranks last."""
    return list(
        Participant.objects.filter(booking=booking)
        .select_related("protocol")
        .order_by(
            F("protocol__precedence").asc(nulls_last=True),
            F("protocol__rank").asc(nulls_last=True),
            "last_name",
            "first_name",
            "pk",
        )
    )
