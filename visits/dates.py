"""A visit follows its booking's dates when the departure moves (bookings.departures).

Bookings announce the move through the outbox (`booking_dates_changed`, never importing
visits); `visit_follow_booking` answers it: under the lock order booking → visit → its
site visits (by id), it shifts the visit and each itinerary item by the same number of
days (the same Helsinki wall-clock times), raises each item's SEQUENCE so calendars
update, and asks again every host that had been sent the old time (REQUESTED, with an
update e-mail), as moving one item does. Idempotent: a visit already on the booking's
dates is left alone, so the outbox may deliver the message twice.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from bookings.models import Booking
from core.audit import audit_record
from core.outbox import outbox_enqueue

from .enums import SiteVisitStatus, VisitStatus
from .models import ItineraryItem, SiteVisit, Visit
from .timeutil import at, helsinki

EMAIL_TASK = "visits.tasks.send_visit_email"
ASKED_AGAIN = (SiteVisitStatus.REQUESTED, SiteVisitStatus.ACCEPTED, SiteVisitStatus.PROPOSED)
MOVABLE = (VisitStatus.PLANNING, VisitStatus.READY)


def _shift(moment: datetime.datetime, days: datetime.timedelta) -> datetime.datetime:
    local = helsinki(moment)
    return at(local.date() + days, local.time().replace(tzinfo=None))


def visit_follow_booking(*, booking_id: int) -> Visit | None:
    with transaction.atomic():
        booking = Booking.objects.select_for_update(of=("self",)).filter(pk=booking_id).first()
        if booking is None:
            return None
        visit = Visit.objects.select_for_update().filter(booking=booking).first()
        if visit is None or visit.status not in MOVABLE:
            return visit
        days = booking.start_date - visit.starts_on
        if not days and visit.ends_on == booking.end_date:
            return visit
        before = (visit.starts_on.isoformat(), visit.ends_on.isoformat())
        visit.starts_on, visit.ends_on = booking.start_date, booking.end_date
        visit.save(update_fields=["starts_on", "ends_on", "updated_at"])
        site_visits = {
            sv.item_id: sv
            for sv in SiteVisit.objects.select_for_update().filter(item__visit=visit).order_by("pk")
        }
        for item in ItineraryItem.objects.filter(visit=visit).order_by("pk"):
            item.starts_at, item.ends_at = _shift(item.starts_at, days), _shift(item.ends_at, days)
            item.sequence += 1
            item.save(update_fields=["starts_at", "ends_at", "sequence", "updated_at"])
            site_visit = site_visits.get(item.pk)
            if site_visit is not None and site_visit.status in ASKED_AGAIN and not item.removed:
                site_visit.status = SiteVisitStatus.REQUESTED
                site_visit.proposed_start = site_visit.proposed_end = None
                site_visit.answered_at = None
                site_visit.answered_by = None
                site_visit.save(
                    update_fields=[
                        "status",
                        "proposed_start",
                        "proposed_end",
                        "answered_at",
                        "answered_by",
                    ]
                )
                outbox_enqueue(task=EMAIL_TASK, template="host_update", site_visit_id=site_visit.pk)
        audit_record(
            subject=visit,
            action="dates_follow_booking",
            data={"from": before, "to": (visit.starts_on.isoformat(), visit.ends_on.isoformat())},
        )
    return visit


def on_booking_dates_changed(sender, booking_id: int, **kwargs) -> None:
    """bookings.signals.booking_dates_changed (sent by the outbox task, so a failure
    here leaves the message to be retried)."""
    visit_follow_booking(booking_id=booking_id)
