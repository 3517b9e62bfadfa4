"""The participants step's words (issue 11 items 11 and 14)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bookings.services import booking_start

from .factories import make_delegation, make_departure

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


@pytest.fixture
def held(client):
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=make_departure(),
        organisation=organisation,
        contact=contact,
        participants_count=3,
    )
    client.force_login(contact)
    return booking


def test_one_private_link_is_announced_in_the_singular(client, held):
    url = reverse("bookings:participants", args=[held.reference])
    client.get(url)
    data = {"p-TOTAL_FORMS": 3, "p-INITIAL_FORMS": 3}
    data.update({"p-0-email": "jonas@ministry.example", "p-0-invite": "on"})

    response = client.post(url, data, follow=True)

    page = response.content.decode()
    assert "Private link sent to 1 participant." in page
    assert "1 participants" not in page


def test_unnamed_participants_left_empty_are_not_errors(client, held):
    url = reverse("bookings:participants", args=[held.reference])
    client.get(url)
    data = {"p-TOTAL_FORMS": 3, "p-INITIAL_FORMS": 3}
    data.update({"p-0-first_name": "Anna", "p-0-last_name": "Schmidt"})

    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(url).content.decode()
    # Anna's missing details are listed; the two seats nobody has named yet are not.
    assert page.count("status--missing") == 1
    assert 'class="error-summary' not in page


def test_the_admin_counts_named_participants_not_seats(client, held):
    from bookings.participants import participant_slots_ensure
    from tests.bookings.test_admin import manager

    people = participant_slots_ensure(booking=held)
    assert len(people) == 3
    people[0].first_name, people[0].last_name = "Anna", "Schmidt"
    people[0].save()
    client.force_login(manager())

    html = client.get(reverse("booking:inspect", args=[held.pk])).content.decode()

    assert "1 of 3 entered." in html
    assert "3 of 3 entered." not in html


def test_the_booking_page_shows_links_sent_and_filled_in(client, held):
    from django.utils import timezone

    from bookings.participants import participant_slots_ensure

    first, second, _third = participant_slots_ensure(booking=held)
    now = timezone.now()
    first.email, first.invited_at = "jonas@ministry.example", now
    first.save()
    second.email, second.invited_at, second.completed_at = "eva@ministry.example", now, now
    second.first_name, second.last_name = "Eva", "Berg"
    second.save()

    html = client.get(reverse("bookings:detail", args=[held.reference])).content.decode()

    assert "Private link sent" in html and "(jonas@ministry.example)" in html
    assert "not filled in yet" in html
    assert "filled in by the participant" in html
