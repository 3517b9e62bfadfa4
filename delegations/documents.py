"""Printable lists in the delegation's order of precedence, and name badges.

Badges print on a standard sheet: A4 with 2 × 4 badges of 90 × 55 mm (the common
perforated badge and business-card sheets), 15 mm side and 38.5 mm top margins.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from bookings.models import Booking

from .countries import country_name
from .enums import PrintList
from .models import ParticipantProtocol
from .pdf import letterhead, pdf_response, qr_svg, render_pdf
from .protocol import addressed_name, protocol_of
from .selectors import participants_in_precedence

BADGES_PER_SHEET = 8


def _rows(booking: Booking) -> list[dict]:
    rows = []
    for place, participant in enumerate(participants_in_precedence(booking), start=1):
        protocol = protocol_of(participant)
        rows.append(
            {
                "place": place,
                "participant": participant,
                "protocol": protocol,
                "name": addressed_name(participant),
                "plain_name": f"{participant.first_name} {participant.last_name}".strip(),
                "position": protocol.position or participant.title,
                "organisation": participant.organisation or booking.organisation.name,
                "country": country_name(participant.nationality or booking.organisation.country),
            }
        )
    return rows


def print_list_html(booking: Booking, kind: PrintList) -> str:
    rows = _rows(booking)
    cars = []
    if kind == PrintList.CARS:
        numbers = sorted({r["protocol"].car for r in rows if r["protocol"].car})
        cars = [(n, [r for r in rows if r["protocol"].car == n]) for n in numbers]
        unassigned = [r for r in rows if not r["protocol"].car]
        if unassigned:
            cars.append((None, unassigned))
    speakers = [r for r in rows if r["protocol"].speaks] if kind == PrintList.SPEAKERS else []
    page = render_to_string(
        "delegations/pdf/list.html",
        {
            "kind": kind.value,
            "title": kind.label,
            "booking": booking,
            "programme": booking.programme.localized,
            "rows": rows,
            "cars": cars,
            "speakers": speakers,
            "head": letterhead(),
        },
    )
    return render_to_string(
        "delegations/pdf/document.html",
        {
            "pages": [page],
            "title": f"{kind.label} {booking.reference}",
            "landscape": kind == PrintList.PLACE_CARDS,
        },
    )


def print_list_response(booking: Booking, kind: PrintList):
    return pdf_response(
        render_pdf(print_list_html(booking, kind)), f"{kind.value}-{booking.reference}.pdf"
    )


def badges_html(booking: Booking) -> str:
    rows = _rows(booking)
    for row in rows:
        protocol = row["protocol"]
        if protocol.pk is None:
            protocol, _created = ParticipantProtocol.objects.get_or_create(
                participant=row["participant"]
            )
            row["protocol"] = protocol
        row["qr"] = mark_safe(qr_svg(f"PMJ-BADGE:{protocol.badge_id.hex}", scale=2))  # noqa: S308 - segno
    sheets = [rows[i : i + BADGES_PER_SHEET] for i in range(0, len(rows), BADGES_PER_SHEET)]
    return render_to_string(
        "delegations/pdf/badges.html",
        {"sheets": sheets, "booking": booking, "head": letterhead(), "title": _("Name badges")},
    )


def badges_response(booking: Booking):
    return pdf_response(render_pdf(badges_html(booking)), f"badges-{booking.reference}.pdf")
