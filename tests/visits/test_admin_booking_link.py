"""The admin's booking page links its visit (issue 11, item 14): bookings offers the
`admin_booking_links` extension point and visits answers it, so bookings never imports
visits."""

import re

import pytest
from django.urls import reverse

from bookings.extensions import admin_links_for
from tests.accounts.factories import make_user

from .factories import make_booking, make_manager, make_visit

pytestmark = pytest.mark.django_db


def test_the_admin_booking_page_opens_its_visit(client):
    visit = make_visit()
    client.force_login(make_manager(totp=True))
    html = client.get(reverse("booking:inspect", args=[visit.booking.pk])).content.decode()
    link = re.search(
        r'<dt>Visit</dt><dd data-extension="visit"><a href="([^"]+)">Open the visit</a> · Planning',
        html,
    )
    assert link, html
    assert link.group(1) == reverse("visits_admin:detail", args=[visit.pk])
    # The link leads to the visit's page, which names the booking.
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert visit.booking.reference in page.content.decode()


def test_a_booking_without_a_visit_has_no_visit_link(client):
    booking = make_booking()
    client.force_login(make_manager(totp=True))
    html = client.get(reverse("booking:inspect", args=[booking.pk])).content.decode()
    assert "Open the visit" not in html


def test_only_programme_managers_get_the_link():
    visit = make_visit()
    stranger = make_user("someone@delegation.example")
    assert admin_links_for(booking=visit.booking, user=stranger) == []
    assert admin_links_for(booking=visit.booking, user=visit.booking.contact) == []
    # The visit's link, and the delegation's protocol and letters (delegations answers too).
    assert [link.key for link in admin_links_for(booking=visit.booking, user=make_manager())] == [
        "visit",
        "delegation",
    ]
