"""Delegations test data: a confirmed booking with named participants."""

from __future__ import annotations

import datetime

from bookings.models import Participant
from delegations.letters import letter_issue, letter_request
from tests.programmes.factories import ensure_locales
from tests.visits.factories import make_booking, make_manager

PEOPLE = (
    ("Anna", "Berg", "AT"),
    ("Jonas", "Klein", "DE"),
    ("Ravi", "Menon", "IN"),
)


def make_delegation_booking(*, language: str = "en", people=PEOPLE):
    ensure_locales()  # a transactional test elsewhere may have flushed the migrations' rows
    booking = make_booking(participants=len(people), days=3)
    booking.language = language
    booking.save(update_fields=["language"])
    for first, last, country in people:
        Participant.objects.create(
            booking=booking, first_name=first, last_name=last, nationality=country
        )
    return booking


def letter_data(booking, **changes) -> dict:
    data = {
        "full_name": "MENON Ravi Shankar",
        "date_of_birth": datetime.date(1975, 4, 2),
        "nationality": "IN",
        "passport_number": "Z1234567",
        "passport_expiry": booking.end_date + datetime.timedelta(days=400),
        "purpose": "Official study visit on civil protection",
        "arrival": booking.start_date - datetime.timedelta(days=1),
        "departure": booking.end_date + datetime.timedelta(days=1),
        "entry_state": "FI",
    }
    return {**data, **changes}


def issued_letter(booking=None, *, manager=None, **changes):
    booking = booking or make_delegation_booking()
    letter = letter_request(
        booking=booking,
        participant=booking.participants.get(last_name="Menon"),
        actor=booking.contact,
        data=letter_data(booking, **changes),
    )
    letter.accommodation = "Hotel Kaleva, Hallituskatu 1, Mikkeli"
    letter.costs_paid_by = "delegation"
    letter.save(update_fields=["accommodation", "costs_paid_by"])
    return letter_issue(letter=letter, actor=manager or make_manager())
