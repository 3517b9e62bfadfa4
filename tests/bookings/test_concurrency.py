"""Never oversell: many clients with their own connections race for the last capacity.

Each race runs twice: once with the row locks switched off (a test-only setting) to show
that the race is real and the test can catch it, then with the locks, where exactly the
available capacity is sold.
"""

import datetime
import threading

import pytest
from django.db import connections

from bookings.enums import BookingStatus
from bookings.errors import NoLongerAvailable
from bookings.models import Booking, RoomReservation
from bookings.services import RoomRequest, booking_set_accommodation, booking_start

from .factories import make_delegation, make_departure, make_room_type

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

CLIENTS = 50


def _race(fn, clients: int = CLIENTS):
    barrier = threading.Barrier(clients)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait()
            fn(i)
            result = "ok"
        except NoLongerAvailable:
            result = "refused"
        except Exception as exc:  # noqa: BLE001 - every other outcome is an error
            result = f"error: {type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return outcomes


def _seat_race(settings, *, locking: bool, left: int):
    settings.BOOKINGS_LOCKING_ENABLED = locking
    settings.BOOKINGS_TEST_RACE_WINDOW_SECONDS = 0.05
    departure = make_departure(seats=20)
    organisation, contact = make_delegation()
    # Fill all but `left` seats with a confirmed booking.
    first = booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=20 - left,
    )
    Booking.objects.filter(pk=first.pk).update(status=BookingStatus.CONFIRMED)

    outcomes = _race(
        lambda i: booking_start(
            departure=departure, organisation=organisation, contact=contact, participants_count=1
        )
    )
    sold = Booking.objects.filter(departure=departure).exclude(pk=first.pk).count()
    return outcomes, sold


def test_without_locks_the_seat_race_oversells(settings):
    outcomes, sold = _seat_race(settings, locking=False, left=5)
    assert sold > 5, "the unlocked race should oversell; if not, the test cannot catch the bug"


def test_exactly_the_last_seats_are_sold_to_fifty_clients(settings):
    outcomes, sold = _seat_race(settings, locking=True, left=5)
    assert outcomes.count("ok") == 5
    assert outcomes.count("refused") == CLIENTS - 5
    assert [o for o in outcomes if o.startswith("error")] == []
    assert sold == 5


def _room_race(settings, *, locking: bool, rooms: int):
    settings.BOOKINGS_LOCKING_ENABLED = locking
    settings.BOOKINGS_TEST_RACE_WINDOW_SECONDS = 0.05
    departure = make_departure(seats=200)
    nights = [departure.start_date + datetime.timedelta(days=n) for n in range(2)]
    room_type = make_room_type(nights=nights, rooms=rooms)
    organisation, contact = make_delegation()
    bookings = [
        booking_start(
            departure=departure, organisation=organisation, contact=contact, participants_count=1
        )
        for _ in range(CLIENTS)
    ]
    outcomes = _race(
        lambda i: booking_set_accommodation(
            booking=bookings[i],
            requests=[RoomRequest(room_type=room_type, occupancy="single", rooms=1)],
            arrival=nights[0],
            departure=nights[-1] + datetime.timedelta(days=1),
        )
    )
    per_night = {
        night: sum(r.rooms for r in RoomReservation.objects.filter(allotment__night=night))
        for night in nights
    }
    return outcomes, per_night


def test_without_locks_the_room_race_oversells(settings):
    outcomes, per_night = _room_race(settings, locking=False, rooms=3)
    assert max(per_night.values()) > 3


def test_exactly_the_last_rooms_are_sold_to_fifty_clients(settings):
    outcomes, per_night = _room_race(settings, locking=True, rooms=3)
    assert outcomes.count("ok") == 3
    assert outcomes.count("refused") == CLIENTS - 3
    assert [o for o in outcomes if o.startswith("error")] == []
    assert set(per_night.values()) == {3}
