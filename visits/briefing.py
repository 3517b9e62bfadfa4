"""The safety briefing pack of a visit (web page and PDF share this context)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.enums import BookingStatus
from bookings.models import RoomReservation

from .enums import VisitStatus
from .models import HostAvailability, ItineraryItem


def briefing_context(visit) -> dict:
    items = list(
        ItineraryItem.objects.filter(visit=visit, removed=False, host__isnull=False)
        .select_related("host")
        .order_by("starts_at")
    )
    hosts = {}
    for item in items:
        hosts.setdefault(item.host_id, item.host)
    rules = {
        a.host_id: a.visitor_rules
        for a in HostAvailability.objects.filter(host_id__in=list(hosts)).exclude(visitor_rules="")
    }
    site_rules = [(host, rules.get(host.pk) or host.visitor_rules) for host in hosts.values()]
    hotels = {
        r.allotment.room_type.hotel
        for r in RoomReservation.objects.filter(booking=visit.booking).select_related(
            "allotment__room_type__hotel"
        )
    }
    return {
        "visit": visit,
        "booking": visit.booking,
        "manager": visit.manager,
        "site_rules": [(h, r) for h, r in site_rules if r],
        "hotels": sorted(hotels, key=lambda h: h.name),
        "emergency_number": "112",
    }


def briefing_link_days_after_visit() -> int:
    return int(getattr(settings, "VISITS_BRIEFING_LINK_DAYS_AFTER_VISIT", 3))


def briefing_link_refusal(visit, *, today: datetime.date | None = None) -> str:
    """Why a participant's briefing link no longer opens ("" while it does): the booking
    or visit is cancelled, or the visit ended more than the setting's days ago. The
    briefing names hotels, meeting points and the manager's phone: not for later."""
    today = today or timezone.localdate()
    if visit.status == VisitStatus.CANCELLED or visit.booking.status == BookingStatus.CANCELLED:
        return _("The visit was cancelled, so its safety briefing is no longer available.")
    if today > visit.ends_on + datetime.timedelta(days=briefing_link_days_after_visit()):
        return _("This link has expired: the visit is over.")
    return ""
