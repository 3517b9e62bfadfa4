"""Hosts write a debrief of their own site visits only."""

from __future__ import annotations

import pytest

from learning_reports.models import HostDebrief
from tests.accounts.factories import make_user
from visits.models import HostMembership

from .factories import make_completed_visit

pytestmark = pytest.mark.django_db


def test_a_host_writes_the_debrief_of_its_own_site_visit_only(client):
    world = make_completed_visit(participants=2)
    mine, theirs = world.site_visits
    host_user = make_user("host@college.example", role="Hosts", totp=True)
    HostMembership.objects.create(user=host_user, host=mine.host)
    client.force_login(host_user)
    ref = world.booking.reference
    url = f"/en/host/debrief/{ref}/{mine.pk}/"
    assert client.get(url).status_code == 200
    empty = client.post(url, {"how_it_went": ""})
    assert empty.status_code == 400 and "There is a problem" in empty.text
    done = client.post(
        url,
        {"how_it_went": "Good questions.", "follow_up_contacts": "Tallinn", "cooperation": "on"},
        follow=True,
    )
    assert "your debrief was saved" in done.text
    assert HostDebrief.objects.get(site_visit=mine).cooperation is True
    assert client.get(f"/en/host/debrief/{ref}/{theirs.pk}/").status_code == 403
    assert client.get(f"/en/host/debrief/PMJ-WRONG123/{mine.pk}/").status_code == 404
    client.force_login(world.booking.contact)  # the delegation contact is no host
    assert client.get(url).status_code == 403


def test_the_host_finds_the_debrief_from_its_request_once_the_visit_is_over(client, settings):
    settings.STAFF_MFA_REQUIRED = False  # the MFA gate is tested in tests/accounts
    world = make_completed_visit(participants=2)
    mine = world.site_visits[0]
    host_user = make_user("host@college.example", role="Hosts")
    HostMembership.objects.create(user=host_user, host=mine.host)
    client.force_login(host_user)
    page = client.get(f"/en/visits/host/requests/{mine.pk}/")
    assert page.status_code == 200
    assert f'href="/en/host/debrief/{world.booking.reference}/{mine.pk}/"' in page.text
