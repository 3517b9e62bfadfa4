"""Rooming lists: per booking and hotel, who sleeps where, single or double, arrival and
departure and special needs; as a PDF and CSV, sent to the hotel through the outbox.

Every sending keeps the rows it sent. The next one marks what changed since: new
guests, changed fields, and guests no longer on the list -- a hotel reads only the
differences instead of comparing two lists by hand.
"""

from __future__ import annotations

import csv
import datetime
import io

from django.db import transaction
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from bookings.models import Booking, Hotel
from core.audit import audit_record
from core.formatting import format_date
from core.outbox import outbox_enqueue

from .enums import Occupancy
from .errors import DelegationError
from .models import RoomAssignment, RoomingListSending
from .pdf import letterhead, pdf_response, render_pdf

SEND_TASK = "delegations.tasks.send_rooming_list_email"
FIELDS = ("name", "occupancy", "room", "arrival", "departure", "special_needs")


def booking_hotels(booking: Booking) -> list[Hotel]:
    hotel_ids = set(booking.rooms.values_list("allotment__room_type__hotel_id", flat=True)) | set(
        RoomAssignment.objects.filter(booking=booking).values_list("hotel_id", flat=True)
    )
    return list(Hotel.objects.filter(pk__in=hotel_ids).order_by("name"))


def booking_hotels_text(booking: Booking) -> str:
    """The booking's hotels for a letter: 'Hotel Kaleva, Hallituskatu 1, Mikkeli'."""
    return "; ".join(f"{h.name}, {h.address}, {h.city}" for h in booking_hotels(booking))


def room_assign(*, booking: Booking, hotel: Hotel, data: dict, actor) -> RoomAssignment:
    participant = data["participant"]
    if participant.booking_id != booking.pk:
        raise DelegationError(_("This participant is not in this booking."))
    with transaction.atomic():
        assignment, _created = RoomAssignment.objects.update_or_create(
            participant=participant,
            hotel=hotel,
            arrival=data["arrival"],
            defaults={
                "booking": booking,
                "occupancy": data["occupancy"],
                "room": data.get("room", ""),
                "departure": data["departure"],
                "special_needs": data.get("special_needs") or participant.accessibility_needs,
            },
        )
        audit_record(
            subject=booking, action="room_assigned", actor=actor, data={"assignment": assignment.pk}
        )
    return assignment


def room_unassign(*, booking: Booking, assignment_id: int, actor) -> None:
    with transaction.atomic():
        deleted, _n = RoomAssignment.objects.filter(pk=assignment_id, booking=booking).delete()
        if deleted:
            audit_record(
                subject=booking,
                action="room_unassigned",
                actor=actor,
                data={"assignment": assignment_id},
            )


def current_rows(booking: Booking, hotel: Hotel) -> list[dict]:
    """The list as it stands, as plain values (what a sending stores)."""
    assignments = (
        RoomAssignment.objects.filter(booking=booking, hotel=hotel)
        .select_related("participant")
        .order_by("arrival", "room", "participant__last_name", "pk")
    )
    return [
        {
            "key": f"{a.participant_id}:{a.arrival.isoformat()}",
            "name": f"{a.participant.last_name}, {a.participant.first_name}".strip(", "),
            "occupancy": a.occupancy,
            "room": a.room,
            "arrival": a.arrival.isoformat(),
            "departure": a.departure.isoformat(),
            "special_needs": a.special_needs,
            "assignment": a.pk,
        }
        for a in assignments
    ]


def last_sending(booking: Booking, hotel: Hotel, *, before=None) -> RoomingListSending | None:
    sendings = RoomingListSending.objects.filter(booking=booking, hotel=hotel)
    if before is not None:
        sendings = sendings.filter(pk__lt=before.pk)
    return sendings.order_by("-pk").first()


def marked(rows: list[dict], previous: list[dict] | None) -> tuple[list[dict], list[dict]]:
    """Rows with `status` ("new", "changed" with `changed` fields, or "") against the last
    sent rows, and the rows that were sent before and are gone."""
    if previous is None:
        return [{**r, "status": "", "changed": []} for r in rows], []
    before = {r["key"]: r for r in previous}
    out = []
    for row in rows:
        old = before.get(row["key"])
        if old is None:
            out.append({**row, "status": "new", "changed": list(FIELDS)})
        else:
            changed = [f for f in FIELDS if old.get(f) != row.get(f)]
            out.append({**row, "status": "changed" if changed else "", "changed": changed})
    keys = {r["key"] for r in rows}
    removed = [{**r, "status": "removed", "changed": []} for r in previous if r["key"] not in keys]
    return out, removed


def stays_by_hotel(booking: Booking, *, also: Hotel | None = None) -> list[dict]:
    """Each of the booking's hotels (and `also`, a hotel being assigned a first room)."""

    # function-level: import cycle delegations.rooming ↔ delegations.admin_views
    from .admin_views import NS

    hotels = booking_hotels(booking)
    if also is not None and also.pk not in {h.pk for h in hotels}:
        hotels.append(also)
    stays = []
    for hotel in hotels:
        rows = current_rows(booking, hotel)
        sent = last_sending(booking, hotel)
        rows_marked, removed = marked(rows, sent.rows if sent else None)
        stays.append(
            {
                "hotel": hotel,
                "rows": rows_marked,
                "removed": removed,
                "last_sent": sent,
                "changes": sum(1 for r in rows_marked if r["status"]) + len(removed),
                "pdf_url": reverse(f"{NS}:rooming", args=[booking.pk, hotel.pk, "pdf"]),
                "csv_url": reverse(f"{NS}:rooming", args=[booking.pk, hotel.pk, "csv"]),
            }
        )
    return stays


def rooming_list_send(
    *, booking: Booking, hotel: Hotel, recipient: str, actor
) -> RoomingListSending:
    """Keep the rows as sent and send them (PDF and CSV, changes marked) through the
    outbox. Side effects: an audit entry; the e-mail after commit."""
    rows = current_rows(booking, hotel)
    if not rows:
        raise DelegationError(_("The rooming list is empty: assign rooms first."))
    with transaction.atomic():
        sending = RoomingListSending.objects.create(
            booking=booking,
            hotel=hotel,
            recipient=recipient,
            rows=rows,
            sent_by=actor,
            language=(translation.get_language() or "en").split("-")[0],
        )
        audit_record(
            subject=booking,
            action="rooming_list_sent",
            actor=actor,
            data={"sending": sending.pk, "hotel": hotel.pk},
        )
        outbox_enqueue(task=SEND_TASK, sending_id=sending.pk)
    return sending


# --------------------------------------------------------------------------- documents


def _labels() -> dict:
    return {
        "name": _("Guest"),
        "occupancy": _("Room"),
        "room": _("Room shared as"),
        "arrival": _("Arrival"),
        "departure": _("Departure"),
        "special_needs": _("Special needs"),
        "status": _("Change"),
    }


def _status_label(status: str) -> str:
    return {"new": _("new"), "changed": _("changed"), "removed": _("removed")}.get(status, "")


def _occupancy_label(value: str) -> str:
    return str(Occupancy(value).label) if value in Occupancy.values else value


def document_rows(rows: list[dict], removed: list[dict]) -> list[dict]:
    out = []
    for row in [*rows, *removed]:
        out.append(
            {
                **row,
                "occupancy_label": _occupancy_label(row["occupancy"]),
                "arrival_label": format_date(datetime.date.fromisoformat(row["arrival"])),
                "departure_label": format_date(datetime.date.fromisoformat(row["departure"])),
                "status_label": _status_label(row["status"]),
            }
        )
    return out


def rooming_csv(booking: Booking, hotel: Hotel, rows, removed) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    labels = _labels()
    writer.writerow([_("Booking"), *[labels[f] for f in FIELDS], labels["status"]])
    for row in document_rows(rows, removed):
        writer.writerow(
            [
                booking.reference,
                row["name"],
                row["occupancy_label"],
                row["room"],
                row["arrival"],
                row["departure"],
                row["special_needs"],
                row["status_label"]
                + (f" ({', '.join(row['changed'])})" if row["status"] == "changed" else ""),
            ]
        )
    return buffer.getvalue()


def rooming_pdf(booking: Booking, hotel: Hotel, rows, removed, *, sent_at=None) -> bytes:
    page = render_to_string(
        "delegations/pdf/rooming.html",
        {
            "booking": booking,
            "hotel": hotel,
            "rows": document_rows(rows, removed),
            "labels": _labels(),
            "head": letterhead(),
            "has_previous": any(r["status"] for r in rows) or bool(removed),
            "sent_on": format_date(sent_at.date()) if sent_at else "",
        },
    )
    html = render_to_string(
        "delegations/pdf/document.html", {"pages": [page], "title": _("Rooming list")}
    )
    return render_pdf(html)


def sending_documents(sending: RoomingListSending) -> tuple[bytes, str]:
    previous = last_sending(sending.booking, sending.hotel, before=sending)
    rows, removed = marked(sending.rows, previous.rows if previous else None)
    with translation.override(sending.language):
        return (
            rooming_pdf(sending.booking, sending.hotel, rows, removed, sent_at=sending.sent_at),
            rooming_csv(sending.booking, sending.hotel, rows, removed),
        )


def _current_marked(booking, hotel):
    sent = last_sending(booking, hotel)
    return marked(current_rows(booking, hotel), sent.rows if sent else None)


def rooming_pdf_response(booking: Booking, hotel: Hotel) -> HttpResponse:
    rows, removed = _current_marked(booking, hotel)
    return pdf_response(
        rooming_pdf(booking, hotel, rows, removed), f"rooming-{booking.reference}-{hotel.pk}.pdf"
    )


def rooming_csv_response(booking: Booking, hotel: Hotel) -> HttpResponse:
    rows, removed = _current_marked(booking, hotel)
    response = HttpResponse(
        rooming_csv(booking, hotel, rows, removed), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="rooming-{booking.reference}-{hotel.pk}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
