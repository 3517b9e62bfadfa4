"""Attendance: who arrived at each site visit.

The escort or the host checks participants in on a phone (views.check_in). A phone on a
flaky connection queues its presses and sends them again until they are answered, so
the same check-in may arrive several times and late: one row per (site visit,
participant) — a repeat changes nothing and answers as the first did. The time kept is
when the button was pressed (sent by the phone), unless that is in the future or long
before the visit's day, then the time it arrived.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Participant
from core.audit import audit_record

from .enums import VETTED_STATES, SiteVisitStatus, VettingStatus, VisitStatus
from .errors import VisitError
from .models import Attendance, ItineraryItem, SiteVisit, VettingDecision, Visit
from .timeutil import day_bounds, local_date

# A press queued on a phone is kept at its own time only within these bounds.
CLOCK_SKEW = datetime.timedelta(minutes=5)


def _press_time(site_visit: SiteVisit, at_millis: int | None) -> datetime.datetime:
    now = timezone.now()
    if at_millis is None:
        return now
    try:
        pressed = datetime.datetime.fromtimestamp(at_millis / 1000, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return now
    day_start, _end = day_bounds(local_date(site_visit.item.starts_at))
    if pressed > now + CLOCK_SKEW or pressed < day_start:
        return now
    return min(pressed, now)


def check_in_opens(site_visit: SiteVisit) -> datetime.date:
    return local_date(site_visit.item.starts_at)


def attendance_check_in(
    *, site_visit: SiteVisit, participant: Participant, actor, at_millis: int | None = None
) -> Attendance:
    """Check one participant in at a site visit. Idempotent: the first check-in stays.

    Refused before the site visit's day, for a visit cancelled or a request no longer
    received, for someone not of the delegation, and for someone the host refused at
    vetting. Side effect: an audit entry for the first check-in only."""
    site_visit = SiteVisit.objects.select_related("item__visit").get(pk=site_visit.pk)
    visit = site_visit.item.visit
    if site_visit.status not in VETTED_STATES or site_visit.item.removed:
        raise VisitError(_("This site visit is not taking place."))
    if visit.status == VisitStatus.CANCELLED:
        raise VisitError(_("This visit is cancelled."))
    if participant.booking_id != visit.booking_id:
        raise VisitError(_("This person is not on the list."))
    existing = Attendance.objects.filter(site_visit=site_visit, participant=participant).first()
    if existing:
        return existing
    if timezone.localdate() < check_in_opens(site_visit):
        raise VisitError(_("Check-in opens on the day of the site visit."))
    if VettingDecision.objects.filter(
        site_visit=site_visit, participant=participant, status=VettingStatus.REFUSED
    ).exists():
        raise VisitError(_("The host refused this person at vetting."))
    try:
        with transaction.atomic():
            attendance = Attendance.objects.create(
                site_visit=site_visit,
                participant=participant,
                checked_in_at=_press_time(site_visit, at_millis),
                checked_in_by=actor if getattr(actor, "pk", None) else None,
            )
            audit_record(
                subject=site_visit,
                action="check_in",
                actor=actor,
                data={"participant_id": participant.pk},
            )
    except IntegrityError:
        # The same press arrived twice at once: the other request stored it.
        return Attendance.objects.get(site_visit=site_visit, participant=participant)
    return attendance


@dataclass
class CheckInRow:
    participant: Participant
    arrived_at: datetime.datetime | None
    refused: bool


def check_in_rows(site_visit: SiteVisit) -> list[CheckInRow]:
    """The delegation as the check-in page lists it (three queries)."""
    arrived = dict(
        Attendance.objects.filter(site_visit=site_visit).values_list(
            "participant_id", "checked_in_at"
        )
    )
    refused = set(
        VettingDecision.objects.filter(
            site_visit=site_visit, status=VettingStatus.REFUSED
        ).values_list("participant_id", flat=True)
    )
    participants = Participant.objects.filter(
        booking_id=site_visit.item.visit.booking_id, anonymised_at__isnull=True
    ).order_by("last_name", "first_name", "pk")
    return [CheckInRow(p, arrived.get(p.pk), p.pk in refused) for p in participants]


def visit_attendance(visits: list[Visit], *, day: datetime.date) -> dict[int, list[dict]]:
    """For the situational picture: per visit, each of the day's site visits with who
    arrived and who is missing (names of the visit's participants). Three queries."""
    start, end = day_bounds(day)
    site_visits = list(
        SiteVisit.objects.filter(
            item__visit__in=visits,
            item__removed=False,
            item__starts_at__gte=start,
            item__starts_at__lt=end,
            status__in=VETTED_STATES,
        )
        .select_related("host", "item")
        .order_by("item__starts_at")
    )
    arrived: dict[int, set[int]] = {}
    for sv_id, p_id in Attendance.objects.filter(site_visit__in=site_visits).values_list(
        "site_visit_id", "participant_id"
    ):
        arrived.setdefault(sv_id, set()).add(p_id)
    booking_of = {v.pk: v.booking_id for v in visits}
    people: dict[int, list[Participant]] = {}
    for p in Participant.objects.filter(
        booking_id__in=booking_of.values(), anonymised_at__isnull=True
    ).order_by("last_name", "first_name", "pk"):
        people.setdefault(p.booking_id, []).append(p)
    result: dict[int, list[dict]] = {}
    for sv in site_visits:
        here = arrived.get(sv.pk, set())
        everyone = people.get(booking_of[sv.item.visit_id], [])
        result.setdefault(sv.item.visit_id, []).append(
            {
                "site_visit": sv,
                "item": sv.item,
                "host": sv.host.name,
                "arrived": [p for p in everyone if p.pk in here],
                "missing": [p for p in everyone if p.pk not in here],
                "total": len(everyone),
                "started": sv.item.starts_at <= timezone.now(),
            }
        )
    return result


def attendance_per_site(visit: Visit) -> list[dict]:
    """For the learning report: each site visit the delegation was received at, with how
    many checked in of how many were expected (counts, no names). Two queries."""
    items = (
        ItineraryItem.objects.filter(
            visit=visit,
            removed=False,
            site_visit__status=SiteVisitStatus.ACCEPTED,
        )
        .select_related("site_visit", "host")
        .order_by("starts_at")
    )

    counts = dict(
        Attendance.objects.filter(site_visit__item__visit=visit)
        .values("site_visit_id")
        .annotate(n=Count("pk"))
        .values_list("site_visit_id", "n")
    )
    expected = visit.booking.participants_count
    return [
        {
            "item_id": item.pk,
            "site_visit_id": item.site_visit.pk,
            "title": item.title,
            "host": item.host.name if item.host else "",
            "host_key": str(item.host.translation_key) if item.host else "",
            "checked_in": counts.get(item.site_visit.pk, 0),
            "expected": expected,
        }
        for item in items
    ]
