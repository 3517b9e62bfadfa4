"""visits' part of retention (registered with core.retention)."""

from __future__ import annotations

import datetime

from core import retention

from .models import Incident, ItineraryItem, SiteVisit, Visit


def retention_part(as_of: datetime.date) -> dict[str, int]:
    cutoff = retention.months_ago(as_of, retention.retention_months())
    old = Visit.objects.filter(ends_on__lt=cutoff)
    blank_incident = {"description": "", "informed": "", "actions": ""}
    return {
        "visits.incident": Incident.objects.filter(visit__in=old)
        .exclude(**blank_incident)
        .update(**blank_incident),
        "visits.itineraryitem": ItineraryItem.objects.filter(visit__in=old)
        .exclude(attendees="", notes="")
        .update(attendees="", notes=""),
        "visits.sitevisit": SiteVisit.objects.filter(item__visit__in=old)
        .exclude(decline_reason="")
        .update(decline_reason=""),
        "visits.visit": old.exclude(manager_phone="").update(manager_phone=""),
    }


retention.register("visits", retention_part)
