"""Catering and accessibility per meal: counts of each need, never names unless the
participant agreed (on their briefing link)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from bookings.participants import participant_token
from visits.catering import catering_summary
from visits.enums import ItemKind
from visits.models import ItineraryItem, NeedsSharingConsent

from .onsite_factories import vetted_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = vetted_visit()
    first = world["a"].item
    world["lunch"] = ItineraryItem.objects.create(
        visit=world["visit"],
        kind=ItemKind.MEAL,
        title="Lunch at the fire station",
        starts_at=first.ends_at + datetime.timedelta(hours=3),
        ends_at=first.ends_at + datetime.timedelta(hours=4),
    )
    return world


def _rows(summary):
    return {n.need: (n.count, n.names) for n in summary}


def test_counts_per_meal_without_names(world):
    [meal] = catering_summary(world["visit"])
    assert meal.item == world["lunch"] and meal.total == 3
    # "Vegetarian" and "vegetarian, no nuts" are one need counted twice; nuts once.
    assert _rows(meal.dietary) == {"Vegetarian": (2, []), "No nuts": (1, [])}
    assert meal.no_dietary == 1
    assert _rows(meal.accessibility) == {"Wheelchair": (1, [])}


def test_the_manager_sees_counts_and_no_names_without_consent(client, world, settings):
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(world["manager"])
    page = client.get(reverse("visits_admin:detail", args=[world["visit"].pk])).content.decode()
    start = page.index(f'data-meal="{world["lunch"].pk}"')
    table = page[start : page.index("</table>", start)]
    assert "Vegetarian" in table and "Wheelchair" in table and "No nuts" in table
    for person in world["participants"]:
        assert person.last_name not in table and person.first_name not in table


def test_a_participant_who_agrees_is_named_beside_their_needs(client, world):
    bruno = world["participants"][1]
    url = reverse("visits:briefing_participant", args=[participant_token(bruno)])
    page = client.get(url).content.decode()
    assert "Caterers and hosts may see my name with my needs" in page
    response = client.post(url, {"action": "needs_sharing", "share_name": "1"})
    assert response.status_code == 302
    assert NeedsSharingConsent.objects.get(participant=bruno).share_name is True
    [meal] = catering_summary(world["visit"])
    assert _rows(meal.dietary) == {
        "Vegetarian": (2, ["Bruno Costa"]),
        "No nuts": (1, ["Bruno Costa"]),
    }
    assert _rows(meal.accessibility) == {"Wheelchair": (1, ["Bruno Costa"])}
    # Amira, also vegetarian, did not agree: she stays a count.
    assert "Amira" not in repr(meal)
    # Withdrawing it: counts only again.
    client.post(url, {"action": "needs_sharing"})
    [meal] = catering_summary(world["visit"])
    assert _rows(meal.dietary)["Vegetarian"] == (2, [])
