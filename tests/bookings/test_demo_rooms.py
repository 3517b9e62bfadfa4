"""The demo's departures have hotel rooms (issue 11, item 9).

A programme page that says "Accommodation: included" must lead to an accommodation step
with rooms: on a fresh `make demo` 13 of 14 departures had no allotments, and the step
said the partner hotels had none.
"""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from bookings.models import Allotment
from programmes.enums import DepartureStatus
from programmes.models import Departure
from tests.programmes.test_load_demo import demo, demo_media  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def test_every_departure_with_accommodation_has_rooms_for_its_nights(demo_media):  # noqa: F811
    today = timezone.localdate()
    departures = Departure.objects.filter(
        status=DepartureStatus.SCHEDULED, start_date__gte=today, page__includes_accommodation=True
    )
    assert departures.count() >= 10
    for departure in departures:
        nights = [
            departure.start_date + datetime.timedelta(days=n)
            for n in range((departure.end_date - departure.start_date).days)
        ]
        for night in nights:
            # Rooms the booking can still hold: not yet released back to the hotel.
            assert Allotment.objects.filter(
                night=night, rooms__gt=0, release_date__gte=today
            ).exists(), (departure.page.title, departure.start_date, night)
