"""The delegation's itinerary, PDF and phone "today" view: only its own visit."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.bookings.factories import make_delegation
from visits.models import SiteVisit
from visits.services import site_visit_accept, site_visit_send

from .factories import make_host_user, make_manager, make_visit, open_all_week

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    # The MFA gate is tested in tests/accounts and in the browser test.
    settings.STAFF_MFA_REQUIRED = False


def test_itinerary_pdf_and_today_for_the_delegation(client):
    visit = make_visit(start=timezone.localdate())
    now = timezone.now()
    items = list(visit.items.order_by("starts_at"))
    items[0].starts_at, items[0].ends_at = (
        now - datetime.timedelta(minutes=10),
        now + datetime.timedelta(minutes=20),
    )
    items[0].save()
    items[1].starts_at, items[1].ends_at = (
        now + datetime.timedelta(minutes=40),
        now + datetime.timedelta(minutes=90),
    )
    items[1].save()
    client.force_login(visit.booking.contact)

    page = client.get(reverse("visits:itinerary", args=[visit.pk])).content.decode()
    for item in items:
        assert item.title in page
    pdf = client.get(reverse("visits:itinerary_pdf", args=[visit.pk]))
    assert pdf.content.startswith(b"%PDF") and pdf["Cache-Control"] == "private, no-store"
    today = client.get(reverse("visits:today", args=[visit.pk])).content.decode()
    assert items[0].title in today and "112" in today
    assert 'src="/static/js/visits-refresh.js"' in today or "visits-refresh" in today
    data = client.get(reverse("visits:today_json", args=[visit.pk])).json()
    assert data["now"]["title"] == items[0].title and data["next"]["title"] == items[1].title


def test_confirmed_site_visit_is_marked_on_the_itinerary(client):
    visit = make_visit()
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    open_all_week(site_visit.host)
    site_visit_send(site_visit=site_visit, actor=make_manager(), accept_warnings=True)
    site_visit_accept(site_visit=site_visit, actor=make_host_user(site_visit.host))
    client.force_login(visit.booking.contact)
    page = client.get(reverse("visits:itinerary", args=[visit.pk])).content.decode()
    assert page.count("Confirmed by the host") == 1


def test_another_delegation_sees_nothing(client):
    visit = make_visit()
    _org, stranger = make_delegation()
    client.force_login(stranger)
    for name in ("itinerary", "itinerary_pdf", "today", "today_json", "briefing", "briefing_pdf"):
        assert client.get(reverse(f"visits:{name}", args=[visit.pk])).status_code == 404, name
    item = visit.items.first()
    assert client.get(reverse("visits:item_ics", args=[item.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("visits:itinerary", args=[visit.pk])).status_code == 302
    assert client.get(reverse("visits:today_json", args=[visit.pk])).status_code == 404


def test_item_added_by_the_manager_appears_on_the_itinerary(client):
    visit = make_visit()
    manager = make_manager()
    client.force_login(manager)
    response = client.post(
        reverse("visits_admin:detail", args=[visit.pk]),
        {
            "action": "add",
            "add-kind": "meal",
            "add-title": "Dinner at the harbour",
            "add-date": visit.starts_on.isoformat(),
            "add-start": "19:00",
            "add-end": "21:00",
            "add-place": "Satamatie 1",
            "add-attendees": "Whole delegation, host director",
        },
        follow=True,
    )
    assert "The item was added." in response.content.decode()
    client.force_login(visit.booking.contact)
    page = client.get(reverse("visits:itinerary", args=[visit.pk])).content.decode()
    assert "Dinner at the harbour" in page and "19:00" in page
    assert "Whole delegation, host director" in page
