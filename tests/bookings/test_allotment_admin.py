"""Issue 12, defect 2: an allotment night with rooms booked or held keeps its night and
room type (its reservations would silently land on a night or room the delegation did
not book) and at least its booked rooms; every change goes through
bookings.allotments.allotment_update (locked, checked, audited)."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.db import connections
from django.urls import reverse
from django.utils import timezone

from bookings.allotments import AllotmentError, allotment_update
from bookings.errors import NoLongerAvailable
from bookings.models import Allotment, RoomReservation, RoomType
from bookings.selectors import allotment_rooms_taken
from bookings.services import RoomRequest, booking_set_accommodation, booking_start
from core.models import AuditEntry

from .factories import make_delegation, make_departure, make_room_type
from .test_admin import invoiced_booking, manager

pytestmark = pytest.mark.django_db


def _form(allotment, **changes):
    data = {
        "room_type": allotment.room_type_id,
        "night": allotment.night.isoformat(),
        "release_date": allotment.release_date.isoformat(),
        "rooms": str(allotment.rooms),
    }
    return {**data, **changes}


def _audits(allotment):
    return AuditEntry.objects.filter(object_id=str(allotment.pk), action="allotment_update")


def test_a_booked_night_cannot_move_to_another_night_or_room_type(client):
    booking, _ = invoiced_booking()
    allotment = booking.rooms.first().allotment
    before = (allotment.room_type_id, allotment.night, allotment.rooms)
    other_type = RoomType.objects.create(
        hotel=allotment.room_type.hotel,
        name="Suite",
        price_single="200.00",
        price_double="240.00",
        vat_rate=allotment.room_type.vat_rate,
    )
    client.force_login(manager())
    url = reverse("allotment:edit", args=[allotment.pk])

    later = (allotment.night + datetime.timedelta(days=30)).isoformat()
    for change in ({"night": later}, {"room_type": str(other_type.pk)}):
        response = client.post(url, _form(allotment, **change))
        assert response.status_code == 200
        assert "cannot move to another night or room type" in response.content.decode()
        allotment.refresh_from_db()
        assert (allotment.room_type_id, allotment.night, allotment.rooms) == before
    assert not _audits(allotment).exists()

    # Its rooms and release date may still change, with an audit entry.
    response = client.post(url, _form(allotment, rooms="4"))
    assert response.status_code == 302
    allotment.refresh_from_db()
    assert allotment.rooms == 4
    assert _audits(allotment).get().data["changes"] == {"rooms": [10, 4]}


def test_the_service_refuses_too_whatever_the_form_says():
    booking, _ = invoiced_booking()
    allotment = booking.rooms.first().allotment
    with pytest.raises(AllotmentError):
        allotment_update(
            allotment=allotment,
            room_type=allotment.room_type,
            night=allotment.night + datetime.timedelta(days=1),
            rooms=allotment.rooms,
            release_date=allotment.release_date,
            actor=None,
        )
    with pytest.raises(AllotmentError):
        allotment_update(
            allotment=allotment,
            room_type=allotment.room_type,
            night=allotment.night,
            rooms=1,
            release_date=allotment.release_date,
            actor=None,
        )


def test_an_unbooked_night_may_move(client):
    night = timezone.localdate() + datetime.timedelta(days=60)
    room_type = make_room_type(nights=[night], rooms=5)
    allotment = Allotment.objects.get(room_type=room_type)
    client.force_login(manager())
    moved = night + datetime.timedelta(days=1)

    response = client.post(
        reverse("allotment:edit", args=[allotment.pk]),
        _form(allotment, night=moved.isoformat()),
    )

    assert response.status_code == 302
    allotment.refresh_from_db()
    assert allotment.night == moved
    assert _audits(allotment).get().data["changes"] == {
        "night": [night.isoformat(), moved.isoformat()]
    }


def _in_thread(fn, outcomes: list[str], name: str) -> threading.Thread:
    def run():
        try:
            fn()
            outcomes.append(f"{name}: ok")
        except (AllotmentError, NoLongerAvailable):
            outcomes.append(f"{name}: refused")
        except Exception as exc:  # noqa: BLE001 - every other outcome is reported
            outcomes.append(f"{name}: error {type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _room_race(settings, *, locking: bool):
    settings.BOOKINGS_ALLOTMENT_LOCKING_ENABLED = locking
    departure = make_departure(seats=50)
    night = departure.start_date
    room_type = make_room_type(nights=[night], rooms=3)
    allotment = Allotment.objects.get(room_type=room_type)
    organisation, contact = make_delegation()
    first, second = (
        booking_start(
            departure=departure, organisation=organisation, contact=contact, participants_count=2
        )
        for _ in range(2)
    )

    def rooms(booking, n):
        booking_set_accommodation(
            booking=booking,
            requests=[RoomRequest(room_type=room_type, occupancy="single", rooms=n)],
            arrival=night,
            departure=night + datetime.timedelta(days=1),
        )

    rooms(first, 1)
    settings.BOOKINGS_TEST_RACE_WINDOW_SECONDS = 0.5
    outcomes: list[str] = []
    manager_thread = _in_thread(
        lambda: allotment_update(
            allotment=allotment,
            room_type=room_type,
            night=night,
            rooms=1,
            release_date=allotment.release_date,
            actor=None,
        ),
        outcomes,
        "rooms",
    )
    time.sleep(0.15)  # the manager has counted 1 room taken and pauses before writing
    checkout = _in_thread(lambda: rooms(second, 2), outcomes, "checkout")
    manager_thread.join(30)
    checkout.join(30)
    allotment.refresh_from_db()
    return outcomes, allotment.rooms, allotment_rooms_taken(allotment_id=allotment.pk)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_allotment_lock_lowering_rooms_races_a_checkout_into_overbooking(settings):
    outcomes, rooms, taken = _room_race(settings, locking=False)
    assert sorted(outcomes) == ["checkout: ok", "rooms: ok"]
    assert taken > rooms, "the unlocked race should overbook; if not, the test cannot catch it"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_lowering_rooms_racing_a_checkout_never_ends_with_more_taken_than_rooms(settings):
    outcomes, rooms, taken = _room_race(settings, locking=True)
    assert sorted(outcomes) == ["checkout: refused", "rooms: ok"]
    assert (rooms, taken) == (1, 1)
    assert RoomReservation.objects.filter(allotment__night__isnull=False).count() == 1
