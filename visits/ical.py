"""iCalendar (RFC 5545) for itineraries, built with icalendar 7.

Every itinerary item is one VEVENT whose UID never changes; SEQUENCE is the item's
revision (raised by every move or removal); a removed item stays in the feeds with
STATUS:CANCELLED so that subscribed calendars drop it. Times carry TZID=Europe/Helsinki
and the calendar carries the matching VTIMEZONE. Feeds are built from one selector
query (visits.selectors.feed_items), so their cost in queries does not grow with the
number of events.

Confidential visits: no feed or invitation names the delegation, whoever it is for
(a subscribed calendar lives on a third party's server). What a host sees says only
"Delegation visit" and the group size; what the delegation and the managers see says
only the item's kind. No free text is copied: no title, notes or place (only a host's
own address), and the calendar's name is never an item's title.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress, vGeo

from .enums import SiteVisitStatus
from .models import HostMembership, ItineraryItem, SiteVisit
from .timeutil import HELSINKI

PRODID = "-//Paamaja//Visits//EN"

HOST, DELEGATION, MANAGER = "host", "delegation", "manager"


def item_summary(item: ItineraryItem, *, viewer: str) -> str:
    visit = item.visit
    if visit.confidential and viewer != HOST:
        return _("%(kind)s (confidential visit)") % {"kind": item.get_kind_display()}
    if viewer == HOST:
        if visit.confidential:
            return _("Delegation visit (%(count)s persons)") % {
                "count": visit.booking.participants_count
            }
        return _("%(title)s – %(organisation)s (%(count)s persons)") % {
            "title": item.title,
            "organisation": visit.booking.organisation.name,
            "count": visit.booking.participants_count,
        }
    return item.title


def _site_visit(item: ItineraryItem) -> SiteVisit | None:
    try:
        return item.site_visit
    except SiteVisit.DoesNotExist:
        return None


def _item_url(item: ItineraryItem, *, viewer: str) -> str:
    base = settings.BASE_URL.rstrip("/")
    if viewer == HOST:
        site_visit = _site_visit(item)
        if site_visit is not None:
            return base + reverse("visits:host_request", args=[site_visit.pk])
        return base + reverse("visits:host_index")
    if viewer == MANAGER:
        return base + reverse("visits_admin:detail", args=[item.visit_id])
    return base + reverse("visits:item_ics", args=[item.pk])


def _organizer(item: ItineraryItem) -> vCalAddress:
    manager = item.visit.manager
    email = manager.email if manager is not None else settings.DEFAULT_FROM_EMAIL
    address = vCalAddress(f"mailto:{email}")
    address.params["CN"] = _("Päämaja programme manager")
    return address


def item_location(item: ItineraryItem) -> str:
    """The place, with the host's street address when the item is at a host. For a
    confidential visit only the host's address: the free-text place may name the
    delegation."""
    host = item.host
    if host is None:
        return "" if item.visit.confidential else item.place
    address = f"{host.name}, {host.street_address}, {host.postal_code} {host.city}"
    if item.visit.confidential:
        return address
    if not item.place or item.place in address:
        return address
    return address if address in item.place else f"{address} ({item.place})"


def item_event(
    item: ItineraryItem, *, viewer: str, stamp: datetime.datetime | None = None
) -> Event:
    site_visit = _site_visit(item)
    status = "CANCELLED" if item.removed else "CONFIRMED"
    if not item.removed and site_visit is not None:
        if site_visit.status != SiteVisitStatus.ACCEPTED:
            status = "TENTATIVE"
    if item.visit.confidential:
        description = ""
    else:
        description = item.notes
    event = Event.new(
        uid=item.uid,
        stamp=stamp or timezone.now(),
        start=item.starts_at.astimezone(HELSINKI),
        end=item.ends_at.astimezone(HELSINKI),
        summary=item_summary(item, viewer=viewer),
        location=item_location(item) or None,
        sequence=item.sequence,
        status=status,
        url=_item_url(item, viewer=viewer),
        organizer=_organizer(item),
        description=description or None,
        last_modified=item.updated_at,
    )
    if item.host is not None:
        event.add("geo", vGeo((float(item.host.latitude), float(item.host.longitude))))
    return event


def calendar_for(
    items: Iterable[ItineraryItem], *, name: str, viewer: str, method: str | None = None
) -> Calendar:
    items = list(items)
    stamp = timezone.now()
    calendar = Calendar.new(prodid=PRODID, name=name, method=method)
    calendar.add("x-wr-timezone", "Europe/Helsinki")
    for item in items:
        calendar.add_component(item_event(item, viewer=viewer, stamp=stamp))
    if items:
        first = min(i.starts_at for i in items).astimezone(HELSINKI).date()
        last = max(i.ends_at for i in items).astimezone(HELSINKI).date()
    else:
        first = last = timezone.localdate()
    calendar.add_missing_timezones(first_date=first, last_date=last + datetime.timedelta(days=1))
    if not items:
        # An empty feed still declares its zone, so clients know what to expect.
        calendar.add_component(
            Timezone.from_tzid("Europe/Helsinki", first_date=first, last_date=last)
        )
    return calendar


def feed_bytes(items, *, name: str, viewer: str) -> bytes:
    return calendar_for(items, name=name, viewer=viewer).to_ical()


def itip_invitation(site_visit: SiteVisit, *, cancel: bool = False) -> bytes:
    """An iTIP REQUEST (or CANCEL) for the host's mail client: one event, the host invited."""
    item = site_visit.item
    method = "CANCEL" if cancel else "REQUEST"
    calendar = calendar_for(
        [item], name=item_summary(item, viewer=HOST), viewer=HOST, method=method
    )
    event = calendar.events[0]
    if cancel:
        event["status"] = "CANCELLED"
    for email in host_recipients(site_visit):
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["ROLE"] = "REQ-PARTICIPANT"
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
        attendee.params["RSVP"] = "FALSE"
        event.add("attendee", attendee)
    return calendar.to_ical()


def host_recipients(site_visit: SiteVisit) -> list[str]:
    emails = list(
        HostMembership.objects.filter(host__translation_key=site_visit.host.translation_key)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if site_visit.host.contact_email:
        emails.append(site_visit.host.contact_email)
    return sorted(set(emails))
