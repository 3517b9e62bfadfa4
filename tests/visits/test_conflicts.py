"""Availability and conflict rules, each shown before sending and refused with its reason."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bookings.models import Participant
from tests.programmes.factories import make_host
from visits.conflicts import item_conflicts
from visits.enums import ItemKind, ResourceKind, SiteVisitStatus
from visits.errors import ConflictError, SlotTaken
from visits.models import (
    HostBusyTime,
    HostClosedDate,
    Resource,
    ResourceAssignment,
    SiteVisit,
    TravelTime,
)
from visits.services import item_add, site_visit_send
from visits.timeutil import HELSINKI

from .factories import make_manager, make_visit, open_all_week

pytestmark = pytest.mark.django_db


def _first(visit):
    return SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()


def _codes(item):
    return {c.code for c in item_conflicts(item)}


def test_outside_opening_hours_closed_dates_notice_and_group_size_are_refused():
    visit = make_visit(participants=12)
    site_visit = _first(visit)
    host = site_visit.host
    manager = make_manager()
    # Opens only at 10:00: the 09:00 request is outside.
    open_all_week(host)
    host.availability.weekly_hours = {str(d): [["10:00", "16:00"]] for d in range(7)}
    host.availability.save()
    assert "hours" in _codes(site_visit.item)
    with pytest.raises(ConflictError) as refused:
        site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
    assert "opening hours" in str(refused.value.message)
    site_visit.refresh_from_db()
    assert site_visit.status == SiteVisitStatus.DRAFT

    open_all_week(host, largest_group=10, minimum_notice_days=90)
    HostClosedDate.objects.create(host=host, date=visit.starts_on, reason="Open day")
    codes = _codes(site_visit.item)
    assert {"group_size", "notice", "closed"} <= codes
    assert "hours" not in codes


def test_busy_time_from_the_hosts_calendar_counts():
    visit = make_visit()
    site_visit = _first(visit)
    open_all_week(site_visit.host, buffer_after_minutes=30)
    item = site_visit.item
    HostBusyTime.objects.create(
        host=site_visit.host,
        starts_at=item.ends_at + datetime.timedelta(minutes=15),
        ends_at=item.ends_at + datetime.timedelta(hours=1),
    )
    assert "busy" in _codes(item)


def test_host_double_booked_and_daily_limit():
    a, b = make_visit(), make_visit()
    host = _first(a).host
    open_all_week(host, delegations_per_day=1)
    manager = make_manager()
    site_visit_send(site_visit=_first(a), actor=manager, accept_warnings=True)
    start = _first(a).item.starts_at
    # Same host, same time, another delegation.
    other = item_add(
        visit=b,
        kind=ItemKind.SITE_VISIT,
        title="Same slot",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        host=host,
        actor=manager,
    )
    assert {"host_double_booked", "host_daily_limit"} <= _codes(other)
    with pytest.raises(SlotTaken):
        site_visit_send(site_visit=other.site_visit, actor=manager, accept_warnings=True)


def test_delegation_in_two_places_and_travel_time():
    visit = make_visit()
    manager = make_manager()
    items = list(visit.items.order_by("starts_at"))
    first, second = items[0], items[1]  # 09-10 at host A, 10-11 at host B
    far = make_host("Far Away", latitude=Decimal("60.169856"), longitude=Decimal("24.938379"))
    second.host = far  # Helsinki, ~190 km from Mikkeli
    second.save()
    conflicts = item_conflicts(second)
    travel = [c for c in conflicts if c.code == "travel_time"]
    assert travel and not travel[0].hard
    assert "0 min planned" in travel[0].message
    # A set travel time between the two sites replaces the estimate.
    TravelTime.objects.create(from_host=first.host, to_host=far, minutes=0)
    assert "travel_time" not in _codes(second)

    overlap = item_add(
        visit=visit,
        kind=ItemKind.BRIEFING,
        title="Overlapping briefing",
        starts_at=first.starts_at + datetime.timedelta(minutes=30),
        ends_at=first.ends_at,
        actor=manager,
    )
    assert "delegation_overlap" in _codes(overlap)


def test_participant_list_not_ready_by_vetting_deadline_is_a_warning():
    visit = make_visit(start=timezone.localdate() + datetime.timedelta(days=10))
    site_visit = _first(visit)
    open_all_week(site_visit.host, vetting_days=14)
    Participant.objects.create(booking=visit.booking, first_name="A")
    conflicts = item_conflicts(site_visit.item)
    vetting = [c for c in conflicts if c.code == "vetting"]
    assert vetting and not vetting[0].hard
    with pytest.raises(ConflictError):
        site_visit_send(site_visit=site_visit, actor=make_manager())
    # The manager can send despite the warning.
    site_visit_send(site_visit=site_visit, actor=make_manager(), accept_warnings=True)


def test_interpreter_double_booked():
    a, b = make_visit(), make_visit()
    interpreter = Resource.objects.create(kind=ResourceKind.INTERPRETER, name="Ilona")
    item_a = a.items.order_by("starts_at").first()
    item_b = b.items.order_by("starts_at").first()
    item_b.starts_at, item_b.ends_at = item_a.starts_at, item_a.ends_at
    item_b.save()
    ResourceAssignment.objects.create(item=item_a, resource=interpreter)
    ResourceAssignment.objects.create(item=item_b, resource=interpreter)
    assert "resource_busy" in _codes(item_b)


def test_times_are_helsinki():
    visit = make_visit()
    item = visit.items.order_by("starts_at").first()
    assert item.starts_at.astimezone(HELSINKI).hour == 9
