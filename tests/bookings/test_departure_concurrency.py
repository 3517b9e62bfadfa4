"""Issue 12.1: a manager lowering a departure's seats while a delegation holds the last
ones can never end with more seats sold than the departure has.

The manager's transaction counts what is sold and pauses (the test-only race window)
before it writes; a delegation's hold starts meanwhile. With the departure locked first
(bookings.departures) the hold waits for the new seats and is refused; with that lock
switched off (BOOKINGS_DEPARTURE_LOCKING_ENABLED, test-only) the hold counts the old
seats, both commit, and the departure is oversold: the first test shows the race is real.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections

from bookings.departures import DepartureError, departure_change_seats
from bookings.enums import BookingStatus
from bookings.errors import NoLongerAvailable
from bookings.models import Booking
from bookings.selectors import departure_seats_taken
from bookings.services import booking_start
from programmes.models import Departure

from .factories import make_delegation, make_departure

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _in_thread(fn, outcomes: list[str], name: str) -> threading.Thread:
    def run():
        try:
            fn()
            outcomes.append(f"{name}: ok")
        except (DepartureError, NoLongerAvailable):
            outcomes.append(f"{name}: refused")
        except Exception as exc:  # noqa: BLE001 - every other outcome is reported
            outcomes.append(f"{name}: error {type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _race(settings, *, locking: bool):
    settings.BOOKINGS_DEPARTURE_LOCKING_ENABLED = locking
    departure = make_departure(seats=10)
    organisation, contact = make_delegation()
    first = booking_start(
        departure=departure, organisation=organisation, contact=contact, participants_count=6
    )
    Booking.objects.filter(pk=first.pk).update(status=BookingStatus.CONFIRMED)
    settings.BOOKINGS_TEST_RACE_WINDOW_SECONDS = 0.5
    outcomes: list[str] = []

    manager = _in_thread(
        lambda: departure_change_seats(departure=departure, seats=6, actor=None),
        outcomes,
        "seats",
    )
    time.sleep(0.15)  # the manager has counted 6 sold and pauses before writing
    delegation = _in_thread(
        lambda: booking_start(
            departure=departure, organisation=organisation, contact=contact, participants_count=4
        ),
        outcomes,
        "hold",
    )
    manager.join(30)
    delegation.join(30)
    departure = Departure.objects.get(pk=departure.pk)
    return outcomes, departure.seats, departure_seats_taken(departure_id=departure.pk)


def test_without_the_departure_lock_a_seat_change_and_a_hold_oversell(settings):
    outcomes, seats, sold = _race(settings, locking=False)
    assert sorted(outcomes) == ["hold: ok", "seats: ok"]
    assert sold > seats, "the unlocked race should oversell; if not, the test cannot catch it"


def test_a_seat_change_racing_a_hold_never_ends_with_more_sold_than_seats(settings):
    outcomes, seats, sold = _race(settings, locking=True)
    assert [o for o in outcomes if "error" in o] == []
    assert sold <= seats
    # The manager locked first: the seats are 6 and the hold of 4 was refused.
    assert sorted(outcomes) == ["hold: refused", "seats: ok"]
    assert (seats, sold) == (6, 6)
