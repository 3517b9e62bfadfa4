"""Demo delegation logistics, for `manage.py load_demo` (run after bookings.demo).

On the upcoming booking of the Hanseatic Civil Protection Office (Maria Keller,
delegation@paamaja.example), through delegations' own services:

- Protocol: each participant's title, position and rank, the cars for the transfers and
  who speaks at the opening session; the order of precedence set by hand (the deputy
  chief fire officer before the head of planning, whose rank is lower only on paper).
- Visa invitation letters for two guest experts travelling with the delegation from
  outside Schengen: one issued by the programme manager (its verification page answers),
  one requested and waiting in the admin's register.
- The rooming list of the booking's hotel: a room for everyone (two share a double),
  sent to the hotel once, then one change (a later arrival) waiting to be re-sent.

Idempotent: a booking that already has letters is left alone.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.roles import PROGRAMME_MANAGERS
from bookings import demo as bookings_demo
from core.demo import DemoContext, DemoSection

from .admin_views import NS
from .enums import CostsPaidBy, LetterStatus, Occupancy
from .letters import letter_issue, letter_request
from .models import InvitationLetter, RoomAssignment
from .protocol import precedence_set, protocol_update
from .rooming import booking_hotels, booking_hotels_text, room_assign, rooming_list_send

# last name: (title, form of address, position, rank, car, speaks)
PROTOCOL = {
    "Keller": ("Dr", "", "Head of Civil Protection Planning", 2, 1, True),
    "Brandt": ("", "", "Deputy Chief Fire Officer", 1, 1, True),
    "Demir": ("", "", "Crisis Communication Lead", 3, 1, False),
    "Weber": ("", "", "Cyber Security Coordinator", 4, 2, False),
    "Vogel": ("Dr", "", "Emergency Medical Services Planner", 3, 2, True),
    "Hoffmann": ("", "", "Police Liaison Officer", 5, 2, False),
}
# The order of precedence as the delegation sent it (Brandt leads the delegation).
ORDER = ("Brandt", "Keller", "Vogel", "Demir", "Weber", "Hoffmann")
# Guest experts from outside Schengen: (full name, born, nationality, passport, issued?)
LETTERS = (
    ("RAMAN Priya Lakshmi", datetime.date(1979, 9, 14), "IN", "V4821937", True),
    ("OKAFOR Chinedu Emeka", datetime.date(1983, 2, 6), "NG", "A09384512", False),
)
HOTEL_DESK = "reservations@naisvuori.example"


def load(context: DemoContext) -> DemoSection | None:
    booking = bookings_demo.booking_for(bookings_demo.UPCOMING)
    if booking is None:
        return None
    if InvitationLetter.objects.filter(booking=booking).exists():
        for letter in InvitationLetter.objects.filter(booking=booking):
            context.note("unchanged", letter)
        return _section(booking)
    manager = context.demo_user(PROGRAMME_MANAGERS)
    participants = {p.last_name: p for p in booking.participants.all()}

    for last_name, (title, address, position, rank, car, speaks) in PROTOCOL.items():
        participant = participants.get(last_name)
        if participant is None:
            continue
        protocol = protocol_update(
            participant=participant,
            data={
                "honorific": title,
                "form_of_address": address,
                "position": position,
                "rank": rank,
                "car": car,
                "speaks": speaks,
            },
            actor=manager,
        )
        context.note("created", protocol)
    named = [participants[n].pk for n in ORDER if n in participants]
    others = [p.pk for p in participants.values() if p.pk not in named]
    precedence_set(booking=booking, order=[*named, *others], actor=manager)

    for full_name, born, nationality, passport, issue in LETTERS:
        letter = letter_request(
            booking=booking,
            participant=None,
            actor=booking.contact,
            data={
                "full_name": full_name,
                "date_of_birth": born,
                "nationality": nationality,
                "passport_number": passport,
                "passport_expiry": booking.end_date + datetime.timedelta(days=900),
                "purpose": "Official study visit on comprehensive security",
                "arrival": booking.start_date - datetime.timedelta(days=1),
                "departure": booking.end_date + datetime.timedelta(days=1),
                "entry_state": "FI",
            },
        )
        if issue:
            InvitationLetter.objects.filter(pk=letter.pk).update(
                accommodation=booking_hotels_text(booking), costs_paid_by=CostsPaidBy.DELEGATION
            )
            letter = letter_issue(letter=letter, actor=manager)
        context.note("created", letter)

    hotels = booking_hotels(booking)
    if hotels:
        hotel = hotels[0]
        arrival = booking.start_date - datetime.timedelta(days=1)
        shared = {"Demir": "A", "Vogel": "A"}
        for last_name, participant in participants.items():
            assignment = room_assign(
                booking=booking,
                hotel=hotel,
                data={
                    "participant": participant,
                    "occupancy": Occupancy.DOUBLE if last_name in shared else Occupancy.SINGLE,
                    "room": shared.get(last_name, ""),
                    "arrival": arrival,
                    "departure": booking.end_date,
                    "special_needs": "",
                },
                actor=manager,
            )
            context.note("created", assignment)
        with translation.override("en"):
            rooming_list_send(booking=booking, hotel=hotel, recipient=HOTEL_DESK, actor=manager)
        # Since then: one participant arrives a day later (marked on the next sending).
        later = participants.get("Hoffmann")
        if later is not None:
            RoomAssignment.objects.filter(participant=later, hotel=hotel).update(
                arrival=booking.start_date
            )
    return _section(booking)


def _section(booking) -> DemoSection:

    letters = InvitationLetter.objects.filter(booking=booking)
    issued = letters.filter(status=LetterStatus.ISSUED).first()
    lines = [
        (
            _("Invitation letters"),
            _("%(issued)s issued, %(waiting)s waiting for a decision")
            % {
                "issued": letters.filter(status=LetterStatus.ISSUED).count(),
                "waiting": letters.filter(status=LetterStatus.REQUESTED).count(),
            },
        ),
        (
            _("Delegation"),
            f"{settings.BASE_URL}{reverse(f'{NS}:booking', args=[booking.pk])}",
        ),
    ]
    if issued is not None:
        with translation.override("en"):
            path = reverse("delegations:letter_verify", args=[issued.code])
        lines.append((_("Verify an invitation letter"), f"{settings.BASE_URL}{path}"))
    return DemoSection(_("Delegation logistics"), lines)
