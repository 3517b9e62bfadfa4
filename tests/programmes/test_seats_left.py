"""The programme page's departures show the seats LEFT, not the capacity (issue 11, 9)."""

from __future__ import annotations

import re

import pytest

from bookings.services import booking_start
from tests.bookings.factories import make_delegation
from tests.programmes.factories import build_catalogue

pytestmark = pytest.mark.django_db


def seats_column(html: str) -> list[str]:
    table = html[html.index('id="departures-caption"') :]
    table = table[: table.index("</table>")]
    header = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', table)
    cells = re.findall(r'<td class="numeric">(\d+)</td>', table)
    return [header[2], *cells]


def test_the_seats_column_shows_the_seats_left(client):
    catalogue = build_catalogue(translate=False)
    programme = catalogue.programmes[0]
    departure = programme.departures.get()
    assert departure.seats == 20
    organisation, contact = make_delegation()
    booking_start(
        departure=departure, organisation=organisation, contact=contact, participants_count=6
    )

    response = client.get(programme.url)

    assert response.status_code == 200
    assert seats_column(response.content.decode()) == ["Seats left", "14"]
