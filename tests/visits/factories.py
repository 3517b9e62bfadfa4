"""Visits test data: a confirmed booking of a programme with site visits at real hosts."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from accounts.roles import HOSTS, PROGRAMME_MANAGERS
from bookings.enums import BookingStatus
from bookings.models import Booking
from tests.accounts.factories import make_user
from tests.bookings.factories import (
    default_policy,
    make_delegation,
    programme_index,
    vat_rates,
)
from tests.programmes.factories import add_programme, make_host
from visits.models import HostAvailability, HostMembership, Visit
from visits.services import visit_create_for_booking

_n = itertools.count(1)


def make_programme_with_hosts(*, hosts=None, days: int = 2, items_per_day: int = 2):
    n = next(_n)
    hosts = hosts or [
        make_host(f"Host V{n}a", slug=f"host-v{n}a"),
        make_host(f"Host V{n}b", slug=f"host-v{n}b"),
    ]
    return add_programme(
        programme_index(),
        title=f"Visit programme {n}",
        slug=f"visit-programme-{n}",
        themes=[],
        hosts=hosts,
        duration_days=days,
        days=days,
        items_per_day=items_per_day,
        group=(1, 30),
        prices=[(1, 30, "1000.00")],
    ), hosts


def make_booking(
    *, programme=None, participants: int = 4, start: datetime.date | None = None, days: int = 2
) -> Booking:
    vat_rates()
    policy = default_policy()
    if programme is None:
        programme, _hosts = make_programme_with_hosts(days=days)
    organisation, contact = make_delegation()
    start = start or timezone.localdate() + datetime.timedelta(days=60)
    return Booking.objects.create(
        kind="tailored",
        status=BookingStatus.CONFIRMED,
        organisation=organisation,
        contact=contact,
        programme=programme,
        participants_count=participants,
        start_date=start,
        end_date=start + datetime.timedelta(days=days - 1),
        cancellation_policy=policy,
    )


def make_visit(*, participants: int = 4, start=None, programme=None, confidential=False) -> Visit:
    booking = make_booking(participants=participants, start=start, programme=programme)
    visit = visit_create_for_booking(booking_id=booking.pk)
    if confidential:
        visit.confidential = True
        visit.save(update_fields=["confidential"])
    return visit


def make_host_user(host, *, email: str | None = None, totp: bool = False):
    user = make_user(email or f"host{next(_n)}@host.example", role=HOSTS, totp=totp)
    HostMembership.objects.create(user=user, host=host)
    return user


def make_manager(*, email: str | None = None, totp: bool = False):
    return make_user(
        email or f"manager{next(_n)}@paamaja.example", role=PROGRAMME_MANAGERS, totp=totp
    )


def open_all_week(host, **extra) -> HostAvailability:
    hours = {str(d): [["08:00", "17:00"]] for d in range(7)}
    availability, _ = HostAvailability.objects.update_or_create(
        host=host, defaults={"weekly_hours": hours, **extra}
    )
    return availability
