"""Availability and conflict rules for itinerary items, shown before anything is sent.

Hard conflicts refuse a request (outside the host's availability, the host booked at the
same time or beyond its daily limit, a group larger than the host receives, an
interpreter or escort already busy). Soft conflicts are warnings the programme manager
must acknowledge before sending (the delegation in two places at once, too little
travel time, a participant list not ready by the host's vetting deadline).

Every function only reads; `visits.services.site_visit_send` re-runs the host rules
while it holds the host's row lock so that the answer cannot go stale.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programmes.models import HostOrganisation

from .enums import SLOT_HOLDING_STATES
from .hours import weekly_hours_read
from .models import (
    HostAvailability,
    HostBusyTime,
    HostClosedDate,
    ItineraryItem,
    ResourceAssignment,
    SiteVisit,
    TravelTime,
)
from .timeutil import day_bounds, helsinki, local_date


@dataclass(frozen=True)
class Conflict:
    code: str
    message: str
    hard: bool = True

    def __str__(self) -> str:
        return str(self.message)


def _time(value: str) -> datetime.time:
    return datetime.time.fromisoformat(value)


def availability_for(host: HostOrganisation) -> HostAvailability:
    """The host's availability row (unsaved defaults when none was entered)."""
    try:
        return host.availability
    except HostAvailability.DoesNotExist:
        return HostAvailability(host=host)


def availability_problems(
    *,
    host: HostOrganisation,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    group_size: int,
    now: datetime.datetime | None = None,
) -> list[Conflict]:
    """Why the host cannot receive this group at this time (empty when it can)."""
    now = now or timezone.now()
    rules = availability_for(host)
    problems: list[Conflict] = []
    local_start, local_end = helsinki(starts_at), helsinki(ends_at)
    day = local_start.date()

    closed = HostClosedDate.objects.filter(host=host, date=day).first()
    if closed is not None:
        problems.append(
            Conflict(
                "closed",
                _("%(host)s is closed on %(date)s%(reason)s.")
                % {
                    "host": host.name,
                    "date": date_format(day),
                    "reason": f" ({closed.reason})" if closed.reason else "",
                },
            )
        )
    hours = weekly_hours_read(rules.weekly_hours)
    if not hours.readable:
        # Stored around the service (a shell, an old import): say so, never fail the page.
        problems.append(
            Conflict(
                "hours_unreadable",
                _(
                    "%(host)s's weekly opening hours cannot be read: check them under "
                    "Host availability. The time was not checked against them."
                )
                % {"host": host.name},
                hard=False,
            )
        )
    elif hours.entered:
        intervals = hours.on(day.weekday())
        fits = local_end.date() == day and any(
            _time(opens) <= local_start.time() and local_end.time() <= _time(closes)
            for opens, closes in intervals
        )
        if not fits:
            shown = ", ".join(f"{o}–{c}" for o, c in intervals) or _("closed")
            problems.append(
                Conflict(
                    "hours",
                    _("Outside %(host)s's opening hours on that day (%(hours)s).")
                    % {"host": host.name, "hours": shown},
                )
            )
    notice_days = (day - timezone.localtime(now).date()).days
    if notice_days < rules.minimum_notice_days:
        problems.append(
            Conflict(
                "notice",
                _("%(host)s needs at least %(days)s days' notice.")
                % {"host": host.name, "days": rules.minimum_notice_days},
            )
        )
    largest = rules.largest_group or host.max_group_size
    if largest and group_size > largest:
        problems.append(
            Conflict(
                "group_size",
                _("The group of %(size)s is larger than %(host)s receives (%(largest)s).")
                % {"size": group_size, "host": host.name, "largest": largest},
            )
        )
    before = datetime.timedelta(minutes=rules.buffer_before_minutes)
    after = datetime.timedelta(minutes=rules.buffer_after_minutes)
    busy = HostBusyTime.objects.filter(
        host=host, starts_at__lt=ends_at + after, ends_at__gt=starts_at - before
    ).first()
    if busy is not None:
        problems.append(
            Conflict(
                "busy",
                _("%(host)s's own calendar is busy %(start)s–%(end)s.")
                % {
                    "host": host.name,
                    "start": helsinki(busy.starts_at).strftime("%H:%M"),
                    "end": helsinki(busy.ends_at).strftime("%H:%M"),
                },
            )
        )
    return problems


def host_slot_problems(
    *,
    host: HostOrganisation,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    visit_id: int,
    exclude_item_id: int | None = None,
) -> list[Conflict]:
    """The host already receiving someone at that time, or its daily limit reached."""
    rules = availability_for(host)
    before = datetime.timedelta(minutes=rules.buffer_before_minutes)
    after = datetime.timedelta(minutes=rules.buffer_after_minutes)
    holding = SiteVisit.objects.filter(
        host=host, status__in=SLOT_HOLDING_STATES, item__removed=False
    ).exclude(item__visit_id=visit_id)
    if exclude_item_id:
        holding = holding.exclude(item_id=exclude_item_id)
    problems: list[Conflict] = []
    if holding.filter(
        item__starts_at__lt=ends_at + after, item__ends_at__gt=starts_at - before
    ).exists():
        problems.append(
            Conflict(
                "host_double_booked",
                _("%(host)s already receives another delegation at that time.")
                % {"host": host.name},
            )
        )
    start_of_day, end_of_day = day_bounds(local_date(starts_at))
    delegations = (
        holding.filter(item__starts_at__gte=start_of_day, item__starts_at__lt=end_of_day)
        .values("item__visit_id")
        .distinct()
        .count()
    )
    if delegations >= rules.delegations_per_day:
        problems.append(
            Conflict(
                "host_daily_limit",
                _("%(host)s receives at most %(limit)s delegation(s) a day, and that day is full.")
                % {"host": host.name, "limit": rules.delegations_per_day},
            )
        )
    return problems


def _distance_km(a: HostOrganisation, b: HostOrganisation) -> float:
    lat1, lon1, lat2, lon2 = map(
        math.radians, map(float, (a.latitude, a.longitude, b.latitude, b.longitude))
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def travel_minutes(a: HostOrganisation, b: HostOrganisation) -> int:
    """A set travel time between the two hosts, else distance at the configured speed."""
    if a.pk == b.pk:
        return 0
    fixed = (
        TravelTime.objects.filter(from_host=a, to_host=b).values_list("minutes", flat=True).first()
    )
    if fixed is None:
        fixed = (
            TravelTime.objects.filter(from_host=b, to_host=a)
            .values_list("minutes", flat=True)
            .first()
        )
    if fixed is not None:
        return fixed
    speed = float(getattr(settings, "VISITS_TRAVEL_SPEED_KMH", 50))
    return math.ceil(_distance_km(a, b) / speed * 60)


def item_conflicts(
    item: ItineraryItem,
    *,
    starts_at: datetime.datetime | None = None,
    ends_at: datetime.datetime | None = None,
    now: datetime.datetime | None = None,
) -> list[Conflict]:
    """Every conflict of `item` (optionally at another time), hard ones first."""
    starts_at = starts_at or item.starts_at
    ends_at = ends_at or item.ends_at
    visit = item.visit
    conflicts: list[Conflict] = []
    if item.host_id:
        host = item.host
        conflicts += availability_problems(
            host=host,
            starts_at=starts_at,
            ends_at=ends_at,
            group_size=visit.booking.participants_count,
            now=now,
        )
        conflicts += host_slot_problems(
            host=host,
            starts_at=starts_at,
            ends_at=ends_at,
            visit_id=visit.pk,
            exclude_item_id=item.pk,
        )
    conflicts += resource_problems(item, starts_at=starts_at, ends_at=ends_at)

    siblings = list(visit.items.filter(removed=False).exclude(pk=item.pk).select_related("host"))
    for other in siblings:
        if other.starts_at < ends_at and other.ends_at > starts_at:
            conflicts.append(
                Conflict(
                    "delegation_overlap",
                    _("The delegation is already at “%(title)s” at that time.")
                    % {"title": other.title},
                    hard=False,
                )
            )
    if item.host_id:
        before = [o for o in siblings if o.host_id and o.ends_at <= starts_at]
        after = [o for o in siblings if o.host_id and o.starts_at >= ends_at]
        pairs = []
        if before:
            prev = max(before, key=lambda o: o.ends_at)
            pairs.append((prev, prev.ends_at, starts_at, prev.host, item.host))
        if after:
            nxt = min(after, key=lambda o: o.starts_at)
            pairs.append((nxt, ends_at, nxt.starts_at, item.host, nxt.host))
        for _other, gap_start, gap_end, a, b in pairs:
            needed = travel_minutes(a, b)
            gap = (gap_end - gap_start).total_seconds() / 60
            if gap < needed:
                conflicts.append(
                    Conflict(
                        "travel_time",
                        _(
                            "Too little time to travel between %(a)s and %(b)s: "
                            "%(gap)s min planned, %(needed)s min needed."
                        )
                        % {"a": a.name, "b": b.name, "gap": int(gap), "needed": needed},
                        hard=False,
                    )
                )
        conflicts += vetting_problems(item, starts_at=starts_at, now=now)
    conflicts.sort(key=lambda c: not c.hard)
    return conflicts


def resource_problems(
    item: ItineraryItem, *, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> list[Conflict]:
    if not item.pk:
        return []
    busy = (
        ResourceAssignment.objects.filter(
            resource__in=item.resources.values("resource"),
            item__removed=False,
            item__starts_at__lt=ends_at,
            item__ends_at__gt=starts_at,
        )
        .exclude(item=item)
        .select_related("resource")
    )
    return [
        Conflict(
            "resource_busy",
            _("%(resource)s is already assigned elsewhere at that time.")
            % {"resource": assignment.resource.name},
        )
        for assignment in busy
    ]


def vetting_deadline(item: ItineraryItem, *, starts_at=None) -> datetime.date | None:
    rules = availability_for(item.host)
    if not rules.vetting_days:
        return None
    return local_date(starts_at or item.starts_at) - datetime.timedelta(days=rules.vetting_days)


def participant_list_ready(booking) -> bool:
    participants = list(booking.participants.all())
    return len(participants) >= booking.participants_count and all(
        p.completed_at for p in participants
    )


def vetting_problems(item: ItineraryItem, *, starts_at=None, now=None) -> list[Conflict]:
    deadline = vetting_deadline(item, starts_at=starts_at)
    if deadline is None:
        return []
    booking = item.visit.booking
    if participant_list_ready(booking):
        return []
    today = timezone.localtime(now or timezone.now()).date()
    due = booking.participant_deadline
    if today > deadline or (due is not None and due > deadline):
        return [
            Conflict(
                "vetting",
                _(
                    "%(host)s needs the participant list by %(deadline)s for vetting, "
                    "and it is not complete."
                )
                % {"host": item.host.name, "deadline": date_format(deadline)},
                hard=False,
            )
        ]
    return []
