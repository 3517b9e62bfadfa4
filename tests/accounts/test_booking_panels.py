"""The booking page shows the visit bought with it (bookings.extensions; visits answers):
the itinerary, the briefing and its acknowledgements, the calendar address, and the
"today" view while the visit is on. Others' visits never appear."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import DELEGATION_CONTACTS
from tests.visits.factories import make_visit

from .factories import make_user

pytestmark = pytest.mark.django_db


def panel(html: str) -> str:
    match = re.search(r'<h2 id="panel-visit"[^>]*>Your visit</h2>(.*?)</div>', html, re.S)
    return match.group(1) if match else ""


def test_the_booking_page_links_the_visit(client):
    visit = make_visit(participants=3)
    client.force_login(visit.booking.contact)
    html = client.get(reverse("bookings:detail", args=[visit.booking.reference])).content.decode()
    links = panel(html)
    assert f'<a href="/en/visits/{visit.pk}/itinerary/">Itinerary</a>' in links
    assert f'<a href="/en/visits/{visit.pk}/itinerary.pdf">Itinerary (PDF)</a>' in links
    assert f'<a href="/en/visits/{visit.pk}/briefing/">Safety briefing</a>' in links
    assert "0 of 3 participants have acknowledged it" in links
    assert "Calendar address for the itinerary" in links
    # Two months away: no "today" view yet.
    assert "Today&#x27;s programme" not in links and "Today's programme" not in links


def test_during_the_visit_the_today_view_is_linked(client):
    visit = make_visit(start=timezone.localdate() - datetime.timedelta(days=0))
    client.force_login(visit.booking.contact)
    html = client.get(reverse("bookings:detail", args=[visit.booking.reference])).content.decode()
    assert f'href="/en/visits/{visit.pk}/today/"' in panel(html)


def test_another_delegation_does_not_see_the_visit_panel(client):
    from bookings.extensions import panels_for

    visit = make_visit()
    stranger = make_user("other@delegation.example", role=DELEGATION_CONTACTS)
    assert panels_for(booking=visit.booking, user=stranger) == []
    # The booking's own contact sees the visit's panel and the delegation's letters panel.
    assert [p.key for p in panels_for(booking=visit.booking, user=visit.booking.contact)] == [
        "visit",
        "letters",
    ]


def test_a_cancelled_visit_offers_no_itinerary_briefing_or_calendar(client):
    # Found walking journey 7: after cancelling, the booking page still offered the
    # visit's itinerary, safety briefing and calendar address.
    from visits.enums import VisitStatus

    visit = make_visit(participants=3)
    client.force_login(visit.booking.contact)
    url = reverse("bookings:detail", args=[visit.booking.reference])
    assert panel(client.get(url).content.decode())
    visit.status = VisitStatus.CANCELLED
    visit.save(update_fields=["status"])
    html = client.get(url).content.decode()
    assert panel(html) == ""
    assert f"/en/visits/{visit.pk}/itinerary/" not in html
