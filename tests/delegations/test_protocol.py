"""Protocol: title, form of address, position and rank per participant; the order of
precedence (by rank until a manager reorders it, by drag or by Move up / Move down);
the printable lists in that order and the name badges, read back with pdftotext."""

from __future__ import annotations

import re
import subprocess

import pytest
from django.urls import reverse

from delegations.documents import badges_html
from delegations.errors import DelegationError
from delegations.models import ParticipantProtocol
from delegations.protocol import addressed_name, precedence_set, protocol_update
from delegations.selectors import participants_in_precedence
from tests.visits.factories import make_manager

from .factories import make_delegation_booking

pytestmark = pytest.mark.django_db


def pdftotext(body: bytes, tmp_path) -> str:
    assert body.startswith(b"%PDF")
    target = tmp_path / "doc.pdf"
    target.write_bytes(body)
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", text)


def pdfinfo(body: bytes, tmp_path) -> str:
    target = tmp_path / "info.pdf"
    target.write_bytes(body)
    return subprocess.run(
        ["pdfinfo", str(target)], check=True, capture_output=True, text=True
    ).stdout


def _protocol(booking, manager, last_name, **data):
    participant = booking.participants.get(last_name=last_name)
    return protocol_update(participant=participant, data=data, actor=manager)


@pytest.fixture
def delegation():
    """Berg (rank 1, H.E. Minister), Menon (rank 2), Klein (rank 3)."""
    booking = make_delegation_booking()
    manager = make_manager(totp=True)
    _protocol(
        booking,
        manager,
        "Berg",
        honorific="Dr",
        form_of_address="H.E.",
        position="Minister of the Interior",
        rank=1,
        car=1,
        speaks=True,
    )
    _protocol(booking, manager, "Menon", position="Director General", rank=2, car=1, speaks=True)
    _protocol(booking, manager, "Klein", position="Senior Adviser", rank=3, car=2)
    return booking, manager


def _names(booking) -> list[str]:
    return [p.last_name for p in participants_in_precedence(booking)]


def test_the_order_follows_rank_until_a_manager_sets_it(delegation):
    booking, manager = delegation
    assert _names(booking) == ["Berg", "Menon", "Klein"]
    assert addressed_name(booking.participants.get(last_name="Berg")) == "H.E. Dr Anna Berg"
    by_name = {p.last_name: p.pk for p in booking.participants.all()}
    precedence_set(
        booking=booking, order=[by_name["Menon"], by_name["Berg"], by_name["Klein"]], actor=manager
    )
    assert _names(booking) == ["Menon", "Berg", "Klein"]
    with pytest.raises(DelegationError):
        precedence_set(booking=booking, order=[by_name["Menon"], by_name["Berg"]], actor=manager)
    with pytest.raises(DelegationError):
        precedence_set(
            booking=booking,
            order=[by_name["Menon"], by_name["Menon"], by_name["Berg"], by_name["Klein"]],
            actor=manager,
        )
    assert _names(booking) == ["Menon", "Berg", "Klein"]


def test_the_admin_page_reorders_by_drag_and_by_keyboard_buttons(client, delegation):
    booking, manager = delegation
    client.force_login(manager)
    url = reverse("delegations_admin:booking", args=[booking.pk])
    page = client.get(url).content.decode()
    # Drag-and-drop rows for a mouse, and real buttons for a keyboard.
    assert page.count('draggable="true"') == 3
    assert "delegations-precedence.js" in page
    assert page.count(">Move up<") == 3 and page.count(">Move down<") == 3
    klein = booking.participants.get(last_name="Klein")
    # Move up: a button press, one place.
    response = client.post(url, {"action": "up", "participant": str(klein.pk)})
    assert response.status_code == 302
    assert _names(booking) == ["Berg", "Klein", "Menon"]
    # What the drag script posts: the whole order.
    by_name = {p.last_name: p.pk for p in booking.participants.all()}
    order = ",".join(str(by_name[n]) for n in ("Klein", "Menon", "Berg"))
    client.post(url, {"action": "reorder", "order": order})
    assert _names(booking) == ["Klein", "Menon", "Berg"]
    # An order that leaves someone out changes nothing.
    client.post(url, {"action": "reorder", "order": str(by_name["Berg"])})
    assert _names(booking) == ["Klein", "Menon", "Berg"]
    client.post(url, {"action": "reset"})
    assert _names(booking) == ["Berg", "Menon", "Klein"]
    # A participant of another booking cannot be moved through this one.
    other = make_delegation_booking()
    stranger = other.participants.first()
    client.post(url, {"action": "down", "participant": str(stranger.pk)})
    assert _names(booking) == ["Berg", "Menon", "Klein"]
    assert client.post(url, {"action": "up", "participant": "x"}).status_code == 400


def test_the_admin_saves_a_participants_protocol(client, delegation):
    booking, manager = delegation
    client.force_login(manager)
    url = reverse("delegations_admin:booking", args=[booking.pk])
    klein = booking.participants.get(last_name="Klein")
    prefix = f"p{klein.pk}"
    page = client.get(url).content.decode()
    assert f'<label for="id_{prefix}-form_of_address">Form of address</label>' in page
    client.post(
        url,
        {
            "action": "protocol",
            "participant": str(klein.pk),
            f"{prefix}-honorific": "Colonel",
            f"{prefix}-form_of_address": "",
            f"{prefix}-position": "Head of CBRN defence",
            f"{prefix}-rank": "0",
            f"{prefix}-car": "",
        },
    )
    protocol = ParticipantProtocol.objects.get(participant=klein)
    assert (protocol.honorific, protocol.position, protocol.rank, protocol.speaks) == (
        "Colonel",
        "Head of CBRN defence",
        0,
        False,
    )
    assert _names(booking) == ["Klein", "Berg", "Menon"]


def test_the_printable_lists_follow_the_order_of_precedence(client, delegation, tmp_path):
    booking, manager = delegation
    client.force_login(manager)

    def text(kind):
        response = client.get(reverse("delegations_admin:print", args=[booking.pk, kind]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        return pdftotext(response.content, tmp_path)

    hosts = text("delegation")
    assert "Delegation list for hosts" in hosts and booking.reference in hosts
    assert hosts.index("H.E. Dr Anna Berg") < hosts.index("Ravi Menon") < hosts.index("Jonas Klein")
    assert "Minister of the Interior" in hosts and "Director General" in hosts

    cards = text("place-cards")
    assert cards.index("Anna Berg") < cards.index("Ravi Menon") < cards.index("Jonas Klein")

    cars = text("cars")
    assert "Car 1" in cars and "Car 2" in cars
    car1 = cars[cars.index("Car 1") : cars.index("Car 2")]
    assert "Anna Berg" in car1 and "Ravi Menon" in car1 and "Klein" not in car1
    assert "Jonas Klein" in cars[cars.index("Car 2") :]

    speakers = text("speakers")
    assert "Speaking order" in speakers
    assert speakers.index("Anna Berg") < speakers.index("Ravi Menon")
    assert "Klein" not in speakers

    assert client.get(
        reverse("delegations_admin:print", args=[booking.pk, "seating"])
    ).status_code in (400, 404)


def test_badges_print_on_an_a4_sheet_with_an_opaque_qr(client, delegation, tmp_path):
    booking, manager = delegation
    client.force_login(manager)
    response = client.get(reverse("delegations_admin:badges", args=[booking.pk]))
    assert response.status_code == 200
    text = pdftotext(response.content, tmp_path)
    for printed in (
        "Anna Berg",
        "Minister of the Interior",
        booking.organisation.name,
        "Austria",
        "Ravi Menon",
        "India",
        "Jonas Klein",
        "Germany",
    ):
        assert printed in text, printed
    info = pdfinfo(response.content, tmp_path)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    assert re.search(r"Pages:\s+1\b", info)
    # The QR carries a random id that names nobody; each badge its own.
    html = badges_html(booking)
    ids = [p.badge_id.hex for p in ParticipantProtocol.objects.filter(participant__booking=booking)]
    assert len(set(ids)) == 3
    assert html.count("<svg") >= 3
    berg = booking.participants.get(last_name="Berg")
    assert f"PMJ-BADGE:{berg.pk}" not in html


def test_only_managers_print_the_lists_and_badges(client, delegation):
    booking, _manager = delegation
    client.force_login(booking.contact)
    for url in (
        reverse("delegations_admin:booking", args=[booking.pk]),
        reverse("delegations_admin:print", args=[booking.pk, "delegation"]),
        reverse("delegations_admin:badges", args=[booking.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
