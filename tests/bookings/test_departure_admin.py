"""Issue 12, defect 1: a departure's seats, dates and status change only through the
back office's services (bookings.departures), never through the programme page editor
or its revisions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from bookings.enums import BookingStatus
from bookings.errors import BookingError
from bookings.models import Allotment, Booking
from bookings.services import booking_start
from core.models import AuditEntry
from programmes.enums import DepartureStatus
from programmes.models import Departure, ProgrammePage
from visits.models import ItineraryItem, Visit

from .factories import make_delegation, make_departure
from .test_admin import invoiced_booking, make_booking, manager, messages_of

pytestmark = pytest.mark.django_db

NS = "booking_departures"


def _audit(departure, action):
    return AuditEntry.objects.filter(object_id=str(departure.pk), action=action)


def test_lowering_seats_below_what_is_sold_or_held_is_refused_and_changes_nothing(client):
    departure = make_departure(seats=20)
    make_booking(departure=departure, participants=8)
    make_booking(departure=departure, participants=4, status=BookingStatus.HELD)
    client.force_login(manager())
    url = reverse(f"{NS}:seats", args=[departure.pk])

    response = client.post(url, {"seats": "11"})

    assert response.status_code == 200
    assert "12 seats of this departure are sold or held" in response.content.decode()
    departure.refresh_from_db()
    assert departure.seats == 20
    assert not _audit(departure, "departure_seats").exists()

    response = client.post(url, {"seats": "12"})
    assert response.status_code == 302
    departure.refresh_from_db()
    assert departure.seats == 12
    entry = _audit(departure, "departure_seats").get()
    assert entry.data == {"from": 20, "to": 12, "taken": 12}


def test_the_page_editor_shows_departures_and_links_to_the_actions_only(client):
    departure = make_departure(seats=20)
    make_booking(departure=departure, participants=5)
    client.force_login(manager())

    response = client.get(reverse("wagtailadmin_pages:edit", args=[departure.page_id]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "5 of 20 seats sold or held" in html
    for name in ("seats", "move", "cancel"):
        assert reverse(f"{NS}:{name}", args=[departure.pk]) in html
    # Booked: no delete link. No editable departure fields in the page form.
    assert reverse(f"{NS}:delete", args=[departure.pk]) not in html
    assert reverse(f"{NS}:add", args=[departure.page_id]) in html
    assert 'name="departures-0-seats"' not in html
    assert "departures-TOTAL_FORMS" not in html


def test_reverting_a_page_revision_does_not_change_seats_or_status(client):
    departure = make_departure(seats=20)
    page = ProgrammePage.objects.get(pk=departure.page_id)
    old = page.save_revision()
    assert "departures" not in old.content
    client.force_login(manager())
    client.post(reverse(f"{NS}:seats", args=[departure.pk]), {"seats": "30"})
    client.post(reverse(f"{NS}:cancel", args=[departure.pk]), {"reason": "no hotel"})

    # Publishing the old revision is what "revert to this revision" does.
    old.publish()
    # And a revision saved before departures were left out of revisions still carries
    # them: restoring it writes nothing either (nor deletes a departure it does not know).
    legacy = page.save_revision()
    legacy.content["departures"] = [
        {
            "pk": departure.pk,
            "page": page.pk,
            "seats": 5,
            "status": "scheduled",
            "start_date": "2030-01-01",
            "language": "en",
            "sort_order": 0,
        }
    ]
    legacy.save()
    legacy.publish()

    departure.refresh_from_db()
    assert (departure.seats, departure.status) == (30, DepartureStatus.CANCELLED)
    assert departure.start_date != datetime.date(2030, 1, 1)


def test_a_booked_departure_cannot_be_deleted_it_is_cancelled_instead(client):
    departure = make_departure(seats=20)
    booking = make_booking(departure=departure, participants=4)
    client.force_login(manager())

    response = client.post(reverse(f"{NS}:delete", args=[departure.pk]))

    assert response.status_code == 302
    assert any("has bookings and cannot be deleted" in m for m in messages_of(response))
    assert Departure.objects.filter(pk=departure.pk).exists()

    response = client.post(reverse(f"{NS}:cancel", args=[departure.pk]), {"reason": ""})
    assert response.status_code == 302
    departure.refresh_from_db()
    assert departure.status == DepartureStatus.CANCELLED
    assert _audit(departure, "departure_cancel").get().to_state == DepartureStatus.CANCELLED
    # The booking stays for the manager to cancel; the departure is no longer sold.
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.CONFIRMED
    organisation, contact = make_delegation()
    with pytest.raises(BookingError):
        booking_start(
            departure=departure, organisation=organisation, contact=contact, participants_count=2
        )


def test_an_unbooked_departure_is_deleted_and_a_new_one_added(client):
    departure = make_departure(seats=20)
    page_pk = departure.page_id
    client.force_login(manager())

    response = client.post(reverse(f"{NS}:delete", args=[departure.pk]))
    assert response.status_code == 302
    assert not Departure.objects.filter(pk=departure.pk).exists()

    start = departure.start_date + datetime.timedelta(days=7)
    response = client.post(
        reverse(f"{NS}:add", args=[page_pk]),
        {"start_date": start.isoformat(), "seats": "16", "language": "en"},
    )
    assert response.status_code == 302
    added = Departure.objects.get(page_id=page_pk)
    assert (added.start_date, added.seats) == (start, 16)
    assert _audit(added, "departure_add").exists()


def test_moving_a_departure_moves_its_bookings_rooms_and_visits(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking, _contact = invoiced_booking()
    visit = Visit.objects.get(booking=booking)
    departure = booking.departure
    old_start = departure.start_date
    reservation = booking.rooms.select_related("allotment").first()
    room_type = reservation.allotment.room_type
    items_before = {i.pk: i.starts_at for i in ItineraryItem.objects.filter(visit=visit)}
    assert items_before, "the programme's template gives the visit an itinerary"
    week = datetime.timedelta(days=7)
    client.force_login(manager())
    url = reverse(f"{NS}:move", args=[departure.pk])

    # No allotment on the shifted nights yet: refused, nothing moves.
    response = client.post(url, {"start_date": (old_start + week).isoformat()})
    assert response.status_code == 200
    assert "cannot move with the departure" in response.content.decode()
    departure.refresh_from_db()
    assert departure.start_date == old_start

    for n in range(2):
        night = old_start + week + datetime.timedelta(days=n)
        Allotment.objects.create(
            room_type=room_type, night=night, rooms=5, release_date=night - week
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"start_date": (old_start + week).isoformat()})

    assert response.status_code == 302, response.content.decode()[:2000]
    departure.refresh_from_db()
    booking.refresh_from_db()
    visit.refresh_from_db()
    assert departure.start_date == old_start + week
    assert (booking.start_date, booking.end_date) == (departure.start_date, departure.end_date)
    assert sorted(r.allotment.night for r in booking.rooms.select_related("allotment")) == [
        old_start + week,
        old_start + week + datetime.timedelta(days=1),
    ]
    assert (visit.starts_on, visit.ends_on) == (booking.start_date, booking.end_date)
    for item in ItineraryItem.objects.filter(visit=visit):
        assert item.starts_at - items_before[item.pk] == week
    assert _audit(departure, "departure_move").get().data["bookings"] == [booking.pk]
    line = booking.lines.get(kind="programme")
    assert f"({departure.start_date:%d.%m.%Y})" in line.description


def test_deleting_a_booked_programme_page_answers_a_message_not_500(client):
    departure = make_departure(seats=20)
    make_booking(departure=departure, participants=4)
    client.force_login(manager())
    url = reverse("wagtailadmin_pages:delete", args=[departure.page_id])

    response = client.post(url)

    assert response.status_code == 302
    assert any("has bookings and cannot be deleted" in m for m in messages_of(response))
    assert ProgrammePage.objects.filter(pk=departure.page_id).exists()
    assert Departure.objects.filter(pk=departure.pk).exists()


def test_bulk_deleting_a_booked_programme_page_answers_a_message_not_500(client):
    departure = make_departure(seats=20)
    make_booking(departure=departure, participants=4)
    client.force_login(manager())
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))

    response = client.post(f"{url}?id={departure.page_id}")

    assert response.status_code == 302
    assert any("has bookings and cannot be deleted" in m for m in messages_of(response))
    assert ProgrammePage.objects.filter(pk=departure.page_id).exists()
