"""Reads shared by views, feeds and reminders: each is a fixed number of queries."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch, Q, QuerySet

from bookings.models import Booking
from programmes.models import HostOrganisation

from .enums import OPEN_VISIT_STATES, SiteVisitStatus
from .models import (
    BriefingAcknowledgement,
    HostMembership,
    ItineraryItem,
    ResourceAssignment,
    SiteVisit,
    Visit,
)
from .timeutil import day_bounds, local_date

ITEM_RELATED = (
    "visit__booking__organisation",
    "visit__manager",
    "host",
    "site_visit",
)


def host_keys_for_user(user) -> list:
    """Translation keys of the host organisations the user belongs to."""
    if not user.is_authenticated:
        return []
    return list(
        HostMembership.objects.filter(user=user).values_list("host__translation_key", flat=True)
    )


def hosts_for_user(user) -> list[HostOrganisation]:
    return list(
        HostOrganisation.objects.filter(
            pk__in=HostMembership.objects.filter(user=user).values("host_id")
        ).order_by("name")
    )


def site_visits_for_host_user(user) -> QuerySet[SiteVisit]:
    """Requests sent to the user's organisations (drafts are the manager's own)."""
    return (
        SiteVisit.objects.filter(host__translation_key__in=host_keys_for_user(user))
        .exclude(status=SiteVisitStatus.DRAFT)
        .select_related("host", "item__visit__booking__organisation", "item__host")
        .order_by("item__starts_at")
    )


def _items() -> QuerySet[ItineraryItem]:
    return ItineraryItem.objects.select_related(*ITEM_RELATED).order_by("starts_at", "pk")


def feed_items_for_host(host: HostOrganisation) -> QuerySet[ItineraryItem]:
    return _items().filter(
        site_visit__host__translation_key=host.translation_key,
        site_visit__status__in=[
            SiteVisitStatus.REQUESTED,
            SiteVisitStatus.ACCEPTED,
            SiteVisitStatus.PROPOSED,
            SiteVisitStatus.CANCELLED,
        ],
    )


def feed_items_for_host_user(user) -> QuerySet[ItineraryItem]:
    return (
        _items()
        .filter(
            site_visit__host__translation_key__in=host_keys_for_user(user),
        )
        .exclude(site_visit__status__in=[SiteVisitStatus.DRAFT, SiteVisitStatus.DECLINED])
    )


def feed_items_for_visit(visit: Visit) -> QuerySet[ItineraryItem]:
    return _items().filter(visit=visit)


def feed_items_for_manager(user) -> QuerySet[ItineraryItem]:
    return _items().filter(
        Q(visit__manager=user) | Q(visit__manager__isnull=True),
        visit__status__in=OPEN_VISIT_STATES,
    )


def visits_for_delegation_user(user) -> QuerySet[Visit]:
    """Visits of bookings whose organisation the user belongs to."""
    if not user.is_authenticated:
        return Visit.objects.none()
    return Visit.objects.filter(
        Q(booking__contact=user) | Q(booking__organisation__members=user)
    ).distinct()


def visit_itinerary(visit: Visit) -> list[ItineraryItem]:
    return list(
        _items()
        .filter(visit=visit, removed=False)
        .prefetch_related(
            Prefetch("resources", queryset=ResourceAssignment.objects.select_related("resource"))
        )
    )


def itinerary_by_day(items: list[ItineraryItem]) -> list[tuple[datetime.date, list]]:
    days: dict[datetime.date, list] = {}
    for item in items:
        days.setdefault(local_date(item.starts_at), []).append(item)
    return sorted(days.items())


def now_and_next(items: list[ItineraryItem], *, now: datetime.datetime):
    current = [i for i in items if i.starts_at <= now < i.ends_at]
    upcoming = [i for i in items if i.starts_at > now]
    return (current[0] if current else None), (upcoming[0] if upcoming else None)


def situational_visits(*, day: datetime.date) -> list[Visit]:
    """Open visits running on `day` or the day after, with their items of those days."""
    start, _ = day_bounds(day)
    _, end = day_bounds(day + datetime.timedelta(days=1))
    items = ItineraryItem.objects.filter(removed=False, starts_at__lt=end, ends_at__gt=start)
    return list(
        Visit.objects.filter(
            status__in=OPEN_VISIT_STATES,
            starts_on__lte=day + datetime.timedelta(days=1),
            ends_on__gte=day,
        )
        .select_related("booking__organisation", "booking__contact", "manager", "escort")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=items.select_related("host", "site_visit").order_by("starts_at"),
                to_attr="window_items",
            )
        )
        .order_by("starts_on", "pk")
    )


def bookings_of_visits(visit_ids) -> QuerySet[Booking]:
    return Booking.objects.filter(visit__in=visit_ids)


def briefing_acknowledgements(visit: Visit) -> list[dict]:
    """Each participant of the visit's booking with whether (and when) they confirmed
    reading the safety briefing, in the booking's participant order. Two queries; for the
    booking page's visit panel and the visit admin."""

    when = dict(
        BriefingAcknowledgement.objects.filter(visit=visit).values_list(
            "participant_id", "acknowledged_at"
        )
    )
    return [
        {
            "participant": participant,
            "acknowledged": participant.pk in when,
            "acknowledged_at": when.get(participant.pk),
        }
        for participant in visit.booking.participants.all()
    ]
