"""Rooming lists per hotel and stay: assigned in the admin, read back as PDF and CSV,
sent to the hotel through the outbox, and re-sent with the changes marked."""

from __future__ import annotations

import csv
import datetime
import io
import re
import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from bookings.models import Hotel
from core.models import OutboxMessage
from delegations.models import RoomAssignment, RoomingListSending
from tests.visits.factories import make_manager

from .factories import make_delegation_booking

pytestmark = pytest.mark.django_db


def pdftotext(body: bytes, tmp_path) -> str:
    assert body.startswith(b"%PDF")
    target = tmp_path / "rooming.pdf"
    target.write_bytes(body)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def stay(client):
    booking = make_delegation_booking()
    hotel = Hotel.objects.create(name="Hotel Kaleva", address="Hallituskatu 1", city="Mikkeli")
    manager = make_manager(totp=True)
    client.force_login(manager)
    url = reverse("delegations_admin:booking", args=[booking.pk])
    return booking, hotel, url


def _assign(client, url, booking, hotel, last_name, **changes):
    participant = booking.participants.get(last_name=last_name)
    data = {
        "action": "room",
        "hotel": str(hotel.pk),
        "room-participant": str(participant.pk),
        "room-occupancy": "single",
        "room-room": "",
        "room-arrival": (booking.start_date - datetime.timedelta(days=1)).isoformat(),
        "room-departure": booking.end_date.isoformat(),
        "room-special_needs": "",
    }
    data = {k.replace("room-", f"room{hotel.pk}-"): v for k, v in data.items()}
    data.update({f"room{hotel.pk}-{k}": v for k, v in changes.items()})
    return client.post(url, data)


def _csv(client, booking, hotel) -> list[list[str]]:
    response = client.get(reverse("delegations_admin:rooming", args=[booking.pk, hotel.pk, "csv"]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_rooms_are_assigned_and_read_back_as_pdf_and_csv(client, stay, tmp_path):
    booking, hotel, url = stay
    assert (
        _assign(client, url, booking, hotel, "Berg", special_needs="Wheelchair access").status_code
        == 302
    )
    _assign(client, url, booking, hotel, "Menon", occupancy="double", room="A")
    _assign(client, url, booking, hotel, "Klein", occupancy="double", room="A")
    assert RoomAssignment.objects.filter(booking=booking, hotel=hotel).count() == 3
    page = client.get(url).content.decode()
    assert "Hotel Kaleva" in page and "Not sent yet." in page

    rows = _csv(client, booking, hotel)
    assert rows[0] == [
        "Booking",
        "Guest",
        "Room",
        "Room shared as",
        "Arrival",
        "Departure",
        "Special needs",
        "Change",
    ]
    by_guest = {r[1]: r for r in rows[1:]}
    assert by_guest["Berg, Anna"][2:7] == [
        "single",
        "",
        (booking.start_date - datetime.timedelta(days=1)).isoformat(),
        booking.end_date.isoformat(),
        "Wheelchair access",
    ]
    assert by_guest["Menon, Ravi"][2:4] == ["double", "A"]
    assert by_guest["Klein, Jonas"][2:4] == ["double", "A"]

    pdf = client.get(reverse("delegations_admin:rooming", args=[booking.pk, hotel.pk, "pdf"]))
    text = pdftotext(pdf.content, tmp_path)
    for printed in (
        "Rooming list",
        "Hotel Kaleva",
        booking.reference,
        "Berg, Anna",
        "Wheelchair access",
        "Menon, Ravi",
        "double",
    ):
        assert printed in text, printed


def test_a_stay_without_nights_or_of_a_stranger_is_refused(client, stay):
    booking, hotel, url = stay
    response = _assign(
        client,
        url,
        booking,
        hotel,
        "Berg",
        departure=(booking.start_date - datetime.timedelta(days=1)).isoformat(),
    )
    assert response.status_code == 200
    assert "departure" in response.context["stays"][0]["room_form"].errors
    other = make_delegation_booking()
    stranger = other.participants.first()
    response = client.post(
        url,
        {
            "action": "room",
            "hotel": str(hotel.pk),
            f"room{hotel.pk}-participant": str(stranger.pk),
            f"room{hotel.pk}-occupancy": "single",
            f"room{hotel.pk}-arrival": booking.start_date.isoformat(),
            f"room{hotel.pk}-departure": booking.end_date.isoformat(),
        },
    )
    assert response.status_code == 200
    assert not RoomAssignment.objects.exists()
    # Sending an empty list is refused with a message, nothing queued.
    client.post(
        url,
        {
            "action": "send",
            "hotel": str(hotel.pk),
            f"send{hotel.pk}-recipient": "desk@kaleva.example",
        },
    )
    assert not RoomingListSending.objects.exists()


def test_the_list_goes_to_the_hotel_through_the_outbox_and_changes_are_marked(
    client, stay, tmp_path, django_capture_on_commit_callbacks
):
    booking, hotel, url = stay
    _assign(client, url, booking, hotel, "Berg")
    _assign(client, url, booking, hotel, "Menon")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "action": "send",
                "hotel": str(hotel.pk),
                f"send{hotel.pk}-recipient": "desk@kaleva.example",
            },
        )
    assert response.status_code == 302
    assert (
        OutboxMessage.objects.filter(task="delegations.tasks.send_rooming_list_email").count() == 1
    )
    [first] = mail.outbox
    assert first.to == ["desk@kaleva.example"]
    assert first.subject == f"Rooming list: {booking.reference}"
    names = [a[0] for a in first.attachments]
    assert names == [f"rooming-{booking.reference}.pdf", f"rooming-{booking.reference}.csv"]
    first_csv = list(csv.reader(io.StringIO(first.attachments[1][1])))
    assert {r[1] for r in first_csv[1:]} == {"Berg, Anna", "Menon, Ravi"}
    assert all(r[7] == "" for r in first_csv[1:])

    # Changes: Berg gets a double room, Klein is added, Menon is removed.
    _assign(client, url, booking, hotel, "Berg", occupancy="double", room="B")
    _assign(client, url, booking, hotel, "Klein", occupancy="double", room="B")
    menon = RoomAssignment.objects.get(participant__last_name="Menon")
    client.post(url, {"action": "room_remove", "assignment": str(menon.pk)})
    page = client.get(url).content.decode()
    assert "3 changes since." in page and "Send the changed list to the hotel" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "action": "send",
                "hotel": str(hotel.pk),
                f"send{hotel.pk}-recipient": "desk@kaleva.example",
            },
        )
    second = mail.outbox[1]
    assert second.subject == f"Rooming list, updated: {booking.reference}"
    assert "Changes since the list we sent last are marked." in second.body
    marks = {r[1]: r[7] for r in list(csv.reader(io.StringIO(second.attachments[1][1])))[1:]}
    assert marks["Berg, Anna"].startswith("changed") and "occupancy" in marks["Berg, Anna"]
    assert marks["Klein, Jonas"] == "new"
    assert marks["Menon, Ravi"] == "removed"
    text = pdftotext(second.attachments[0][1], tmp_path)
    assert "new" in text and "removed" in text and "changed" in text
    assert RoomingListSending.objects.filter(booking=booking, hotel=hotel).count() == 2


def test_two_hotels_each_have_their_own_forms(client, stay):
    booking, hotel, url = stay
    other = Hotel.objects.create(name="Hotel Vaakuna", address="Porrassalmenkatu 9", city="Mikkeli")
    _assign(client, url, booking, hotel, "Berg")
    _assign(client, url, booking, other, "Menon")
    page = client.get(url).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert f'for="id_room{other.pk}-participant"' in page
    assert {a.hotel_id for a in RoomAssignment.objects.filter(booking=booking)} == {
        hotel.pk,
        other.pk,
    }
