"""visits' part of retention (registered with core.retention)."""

from __future__ import annotations

import datetime

from core import retention

from .models import (
    Incident,
    ItineraryItem,
    NeedsSharingConsent,
    SiteVisit,
    VettingDecision,
    Visit,
)


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
        # A host's decisions and a participant's consent end with the visit's data.
        # Attendance rows stay as counts: their participants are anonymised then
        # (learning_reports' retention), so a row names nobody.
        "visits.vettingdecision": VettingDecision.objects.filter(
            site_visit__item__visit__in=old
        ).delete()[0],
        "visits.needssharingconsent": NeedsSharingConsent.objects.filter(
            participant__booking__visit__in=old
        ).delete()[0],
    }


retention.register("visits", retention_part)
