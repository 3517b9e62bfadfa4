"""Issue 12, defect 3: host availability in the admin is a weekday × hours form saved
through services.host_availability_update; weekly_hours's shape is checked in one place
(visits.hours), and a malformed stored value is read with a message, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEntry
from tests.programmes.factories import make_host
from visits.enums import SiteVisitStatus
from visits.errors import ConflictError, VisitError
from visits.models import HostAvailability, SiteVisit
from visits.services import host_availability_update, site_visit_send

from .factories import make_host_user, make_manager, make_visit, open_all_week

pytestmark = pytest.mark.django_db

MALFORMED = [
    ["09:00-16:00"],  # a list, not a mapping of weekdays
    {"0": "09:00-16:00"},  # a day's hours as text
    {"0": [["9 am", "4 pm"]]},  # times that are not times
    {"0": [["16:00", "09:00"]]},  # closes before it opens
    {"monday": [["09:00", "16:00"]]},  # not a weekday number
]


def _form(availability, **days):
    data = {
        "largest_group": "",
        "delegations_per_day": str(availability.delegations_per_day),
        "buffer_before_minutes": "0",
        "buffer_after_minutes": "0",
        "minimum_notice_days": "0",
        "vetting_days": "0",
        "visitor_rules": "",
        "busy_calendar_url": "",
        **{f"day_{n}": "" for n in range(7)},
    }
    return {**data, **days}


def _store(availability, value):
    # Written around the service on purpose: what a shell or an old import could leave.
    HostAvailability.objects.filter(pk=availability.pk).update(weekly_hours=value)


def test_the_admin_edits_hours_per_weekday_through_the_service(client):
    host = make_host("Rescue College", slug="rescue-college")
    availability = open_all_week(host)
    client.force_login(make_manager(totp=True))
    url = reverse("hostavailability:edit", args=[availability.pk])

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="weekly_hours"' not in html
    assert 'name="day_0"' in html and "08:00-17:00" in html

    response = client.post(
        url, _form(availability, day_0="10:00-12:00, 13:00-15:00", day_4="08:00–11:30")
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    availability.refresh_from_db()
    assert availability.weekly_hours == {
        "0": [["10:00", "12:00"], ["13:00", "15:00"]],
        "4": [["08:00", "11:30"]],
    }
    # Saved by the service: it writes the audit entry.
    assert AuditEntry.objects.filter(object_id=str(availability.pk), action="update").exists()


def test_hours_that_are_not_hours_are_refused_on_the_form_and_nothing_is_saved(client):
    host = make_host("Port Authority", slug="port-authority")
    availability = open_all_week(host)
    client.force_login(make_manager(totp=True))

    response = client.post(
        reverse("hostavailability:edit", args=[availability.pk]),
        _form(availability, day_0="nine to five", day_1="16:00-09:00"),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Write the hours as 09:00-16:00." in html
    assert "Closing must be after opening." in html
    availability.refresh_from_db()
    assert availability.weekly_hours["0"] == [["08:00", "17:00"]]


@pytest.mark.parametrize("value", MALFORMED, ids=str)
def test_the_service_refuses_a_malformed_weekly_hours(value):
    host = make_host("Border Guard", slug="border-guard")
    availability = open_all_week(host)
    user = make_host_user(host)
    with pytest.raises(VisitError) as refused:
        host_availability_update(host=host, actor=user, weekly_hours=value)
    assert "intervals like 09:00–16:00" in str(refused.value.message)
    availability.refresh_from_db()
    assert availability.weekly_hours["0"] == [["08:00", "17:00"]]


@pytest.mark.parametrize("value", MALFORMED, ids=str)
def test_a_malformed_stored_value_gives_messages_not_server_errors(client, value):
    visit = make_visit()
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    host = site_visit.host
    availability = open_all_week(host)
    _store(availability, value)
    manager = make_manager(totp=True)
    client.force_login(manager)

    # The visit's admin page shows the warning.
    page = client.get(reverse("visits_admin:detail", args=[visit.pk]))
    assert page.status_code == 200
    assert "weekly opening hours cannot be read" in page.content.decode()
    # Sending asks to confirm the warning, then sends.
    with pytest.raises(ConflictError) as refused:
        site_visit_send(site_visit=site_visit, actor=manager)
    assert any(c.code == "hours_unreadable" for c in refused.value.conflicts)
    site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
    site_visit.refresh_from_db()
    assert site_visit.status == SiteVisitStatus.REQUESTED
    # The admin's list and edit pages open, with a message, and saving repairs the value.
    listing = client.get(reverse("hostavailability:index"))
    assert listing.status_code == 200
    assert "cannot be read" in listing.content.decode()
    edit_url = reverse("hostavailability:edit", args=[availability.pk])
    edit = client.get(edit_url, follow=True)
    assert edit.status_code == 200
    assert "could not be read in full" in edit.content.decode()
    response = client.post(edit_url, _form(availability, day_0="09:00-16:00"))
    assert response.status_code == 302
    availability.refresh_from_db()
    assert availability.weekly_hours == {"0": [["09:00", "16:00"]]}
    # And the host's own page opens too.
    host_user = make_host_user(host, totp=True)
    _store(availability, value)
    client.force_login(host_user)
    mine = client.get(reverse("visits:host_availability", args=[host.pk]), follow=True)
    assert mine.status_code == 200


def test_the_admin_adds_a_hosts_availability_through_the_service(client):
    host = make_host("Fire Academy", slug="fire-academy")
    client.force_login(make_manager(totp=True))

    response = client.post(
        reverse("hostavailability:add"),
        {**_form(HostAvailability(), day_2="09:00-15:00"), "host": str(host.pk)},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    availability = HostAvailability.objects.get(host=host)
    assert availability.weekly_hours == {"2": [["09:00", "15:00"]]}
    assert AuditEntry.objects.filter(object_id=str(availability.pk), action="update").exists()
