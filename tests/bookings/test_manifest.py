"""The manifest of a departure: who comes, their needs, their rooms, what is missing."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from bookings.enums import BookingStatus, PaymentMethod
from bookings.models import Participant
from bookings.services import (
    RoomRequest,
    booking_checkout,
    booking_set_accommodation,
    booking_start,
)
from programmes.models import HostOrganisation

from .factories import default_policy, make_delegation, make_departure, make_room_type, vat_rates
from .test_admin import host_with_admin_access, manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def departure_with_delegations():
    vat_rates()
    default_policy()
    departure = make_departure(seats=20, days_ahead=60)
    nights = [departure.start_date, departure.start_date + datetime.timedelta(days=1)]
    room_type = make_room_type(nights=nights, rooms=10)

    def book(country, participants, *, confirm=True, rooms=0):
        organisation, contact = make_delegation(country=country)
        booking = booking_start(
            departure=departure,
            organisation=organisation,
            contact=contact,
            participants_count=participants,
        )
        if rooms:
            booking_set_accommodation(
                booking=booking,
                requests=[RoomRequest(room_type=room_type, occupancy="single", rooms=rooms)],
                arrival=nights[0],
                departure=nights[-1] + datetime.timedelta(days=1),
            )
        if confirm:
            booking = booking_checkout(booking=booking, payment_method=PaymentMethod.INVOICE)
        return booking

    estonia = book("EE", 3, rooms=2)
    Participant.objects.create(
        booking=estonia,
        first_name="Kadri",
        last_name="Tamm",
        title="Head of Unit",
        organisation="Ministry of the Interior",
        email="kadri@siseministeerium.example",
        nationality="EE",
        emergency_contact_name="Mart Tamm",
        emergency_contact_phone="+372 555 0100",
        dietary_needs="Vegetarian",
        consent_named_in_reports=True,
    )
    Participant.objects.create(
        booking=estonia,
        first_name='=HYPERLINK("http://evil.example")',
        last_name="Kask",
        accessibility_needs="Wheelchair",
    )
    france = book("FR", 2)
    held = book("SE", 4, confirm=False)
    assert estonia.status == france.status == BookingStatus.CONFIRMED
    assert held.status == BookingStatus.HELD
    return departure, estonia, france, held, room_type


def test_manifest_page_lists_delegations_participants_needs_rooms_and_gaps(
    client, departure_with_delegations
):
    departure, estonia, france, held, room_type = departure_with_delegations
    client.force_login(manager())
    response = client.get(reverse("booking_manifests:manifest", args=[departure.pk]))
    assert response.status_code == 200
    html = response.content.decode()

    assert estonia.reference in html and france.reference in html
    assert held.reference not in html  # a checkout in progress is not on the manifest
    assert "5 of 20 sold" in html and "4 held in checkouts" in html
    # Participants and what is missing
    assert "Kadri" in html and "Head of Unit" in html
    assert "1 of 3 participants not entered yet" in html
    assert "2 of 2 participants not entered yet" in html
    assert "e-mail" in html  # Kask has no e-mail address
    # Needs
    assert "Vegetarian" in html and "Wheelchair" in html
    # Rooms per night
    assert room_type.hotel.name in html
    assert departure.start_date.strftime("%-d.%-m.%Y") in html
    assert reverse("booking_manifests:csv", args=[departure.pk]) in html


def test_manifest_csv_has_one_row_per_confirmed_seat_and_is_spreadsheet_safe(
    client, departure_with_delegations
):
    departure, estonia, france, held, _room_type = departure_with_delegations
    client.force_login(manager())
    response = client.get(reverse("booking_manifests:csv", args=[departure.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))

    assert len(rows) == estonia.participants_count + france.participants_count
    assert {row["Booking"] for row in rows} == {estonia.reference, france.reference}
    kadri = next(row for row in rows if row["First name"] == "Kadri")
    assert kadri["E-mail"] == "kadri@siseministeerium.example"
    assert kadri["Dietary needs"] == "Vegetarian"
    assert kadri["May be named in reports"] == "yes"
    assert kadri["Missing"] == ""
    assert "Hotel" in kadri["Rooms"]
    # A formula typed into a name is kept as text.
    assert any(row["First name"].startswith("'=HYPERLINK") for row in rows)
    # Seats without details are on the manifest, with what is missing.
    empty = [row for row in rows if row["Booking"] == france.reference]
    assert len(empty) == 2 and all(row["Missing"] for row in empty)
    # Identity documents only where a host vets visitors.
    assert "ID document number" not in rows[0]


def test_manifest_csv_includes_identity_data_when_a_host_checks_ids(
    client, departure_with_delegations
):
    departure, *_ = departure_with_delegations
    HostOrganisation.objects.update(requires_id_check=True)
    client.force_login(manager())
    response = client.get(reverse("booking_manifests:csv", args=[departure.pk]))
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert "ID document number" in header


def test_rooms_csv(client, departure_with_delegations):
    departure, estonia, _france, _held, room_type = departure_with_delegations
    client.force_login(manager())
    response = client.get(
        reverse("booking_manifests:csv", args=[departure.pk]), {"section": "rooms"}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["Night"], r["Rooms"], r["Booking"]) for r in rows] == [
        (departure.start_date.isoformat(), "2", estonia.reference),
        ((departure.start_date + datetime.timedelta(days=1)).isoformat(), "2", estonia.reference),
    ]
    assert rows[0]["Hotel"] == room_type.hotel.name


def test_departure_list_links_each_manifest(client, departure_with_delegations):
    departure, *_ = departure_with_delegations
    client.force_login(manager())
    response = client.get(reverse("booking_manifests:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("booking_manifests:manifest", args=[departure.pk]) in html
    assert "5 / 20" in html


def test_manifest_of_an_empty_departure(client):
    departure = make_departure()
    client.force_login(manager())
    response = client.get(reverse("booking_manifests:manifest", args=[departure.pk]))
    assert response.status_code == 200
    assert "No confirmed delegations yet." in response.content.decode()
    response = client.get(reverse("booking_manifests:csv", args=[departure.pk]))
    assert response.status_code == 200


def test_hosts_get_no_manifest(client, departure_with_delegations):
    departure, *_ = departure_with_delegations
    client.force_login(host_with_admin_access())
    for name in ("manifest", "csv"):
        response = client.get(reverse(f"booking_manifests:{name}", args=[departure.pk]))
        assert response.status_code in (302, 403)
        assert b"Kadri" not in response.content
