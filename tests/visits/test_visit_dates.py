"""Issue 12.1: a visit follows its booking when the departure moves. Bookings announce
it through the outbox (bookings.tasks.announce_booking_moved → booking_dates_changed);
visits.dates answers: the visit and every item move by the same days, at the same
Helsinki times, and a host already asked is asked again at the new time."""

from __future__ import annotations

import datetime

import pytest

from bookings.models import Booking
from bookings.tasks import announce_booking_moved
from core.models import OutboxMessage
from visits.enums import SiteVisitStatus
from visits.models import ItineraryItem, SiteVisit
from visits.services import site_visit_send
from visits.timeutil import helsinki

from .factories import make_manager, make_visit, open_all_week

pytestmark = pytest.mark.django_db


def test_the_visit_its_items_and_the_hosts_follow_the_bookings_new_dates():
    visit = make_visit()
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    open_all_week(site_visit.host)
    site_visit_send(site_visit=site_visit, actor=make_manager(), accept_warnings=True)
    SiteVisit.objects.filter(pk=site_visit.pk).update(status=SiteVisitStatus.ACCEPTED)
    before = {
        i.pk: (helsinki(i.starts_at), i.sequence) for i in ItineraryItem.objects.filter(visit=visit)
    }
    week = datetime.timedelta(days=7)
    booking = visit.booking
    # What bookings.departures.departure_move writes on the booking, then announces.
    Booking.objects.filter(pk=booking.pk).update(
        start_date=booking.start_date + week, end_date=booking.end_date + week
    )

    announce_booking_moved(booking_id=booking.pk)

    visit.refresh_from_db()
    assert (visit.starts_on, visit.ends_on) == (booking.start_date + week, booking.end_date + week)
    for item in ItineraryItem.objects.filter(visit=visit):
        starts, sequence = before[item.pk]
        assert helsinki(item.starts_at).date() == starts.date() + week
        assert helsinki(item.starts_at).time() == starts.time()
        assert item.sequence == sequence + 1
    site_visit.refresh_from_db()
    assert site_visit.status == SiteVisitStatus.REQUESTED
    assert OutboxMessage.objects.filter(
        kwargs__template="host_update", kwargs__site_visit_id=site_visit.pk
    ).exists()

    # Delivered twice (the outbox may): nothing moves again.
    announce_booking_moved(booking_id=booking.pk)
    visit.refresh_from_db()
    assert visit.starts_on == booking.start_date + week
    assert {i.sequence for i in ItineraryItem.objects.filter(visit=visit)} == {
        s + 1 for _, s in before.values()
    }
