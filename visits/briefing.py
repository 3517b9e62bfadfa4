"""The safety briefing pack of a visit (web page and PDF share this context)."""

from __future__ import annotations

from bookings.models import RoomReservation

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
