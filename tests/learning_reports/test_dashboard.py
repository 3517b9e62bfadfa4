"""The impact dashboard: figures, filters, CSV, and a query count that does not grow."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.accounts.factories import make_user

from .factories import answer, invite, make_completed_visit, report_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def developer(client):
    user = make_user("dev@region.example", role="Regional developers", totp=True)
    client.force_login(user)
    return user


def _visits(n: int, **kwargs):
    worlds = []
    for i in range(n):
        world = make_completed_visit(participants=3, country="EE" if i % 2 else "DE", **kwargs)
        for j, invitation in enumerate(invite(world)):
            answer(invitation, world, overall=3 + (j + i) % 3, nps=5 + 2 * j)
        report_for(world)
        worlds.append(world)
    return worlds


def test_dashboard_counts_and_links_to_reports(client, developer):
    worlds = _visits(2)
    page = client.get("/en/developer/dashboard/")
    assert page.status_code == 200
    figures = page.context["f"]
    assert figures["visits"] == 2
    assert figures["participants"] == 6
    assert figures["answers"] == 6
    assert figures["room_nights"] == 12 and figures["guest_nights"] == 16
    assert str(figures["spend"]) == "6602.00"  # 2 x (3 x 1000.00 + 2 x 150.50)
    assert "<svg" in page.text
    for world in worlds:
        assert f"/en/developer/reports/{world.booking.reference}/" in page.text


def test_filters_by_programme_host_country_and_period(client, developer):
    first, second = _visits(2)
    programme = first.booking.programme_id
    assert (
        client.get("/en/developer/dashboard/", {"programme": programme}).context["f"]["visits"] == 1
    )
    host = second.hosts[0].pk
    assert client.get("/en/developer/dashboard/", {"host": host}).context["f"]["visits"] == 1
    assert client.get("/en/developer/dashboard/", {"country": "ee"}).context["f"]["visits"] == 2
    assert client.get("/en/developer/dashboard/", {"country": "se"}).context["f"]["visits"] == 0
    future = (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    assert client.get("/en/developer/dashboard/", {"date_from": future}).context["f"]["visits"] == 0
    bad = client.get(
        "/en/developer/dashboard/", {"date_from": "2026-12-01", "date_to": "2026-01-01"}
    )
    assert bad.status_code == 200 and "before its start" in bad.text
    assert client.get("/en/developer/dashboard/", {"programme": "abc"}).status_code == 200


def test_csv_has_every_figure(client, developer):
    _visits(2)
    response = client.get("/en/developer/dashboard.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    figures = {row[0] for row in rows[1:]}
    assert {
        "visits",
        "participants",
        "country_count",
        "satisfaction",
        "nps",
        "room_nights",
        "guest_nights",
        "spend",
        "cooperation_count",
        "objectives_met_share",
        "participants_by_country",
        "visit_satisfaction",
        "host_mean_rating",
    } <= figures
    assert ["visits", "", "2"] in rows


def test_query_count_does_not_depend_on_the_number_of_visits(client, developer):
    _visits(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/en/developer/dashboard/").status_code == 200
    _visits(5)
    with CaptureQueriesContext(connection) as many:
        page = client.get("/en/developer/dashboard/")
    assert page.context["f"]["visits"] == 7
    assert len(many) == len(few)
