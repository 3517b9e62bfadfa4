"""Attendance: check-in at a site visit, once per person however often it is sent; the
situational picture shows who arrived and who is missing; the learning report counts
it per site."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from visits.attendance import attendance_check_in, attendance_per_site
from visits.enums import VettingStatus
from visits.errors import VisitError
from visits.models import Attendance
from visits.vetting import vetting_decide

from .onsite_factories import today_visit, vetted_visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def _today_visit(**kwargs) -> dict:
    return today_visit(**kwargs)


def _url(site_visit):
    return reverse("visits:check_in", args=[site_visit.pk])


def test_check_in_is_idempotent_and_keeps_the_press_time():
    world = _today_visit()
    first = world["participants"][0]
    pressed = timezone.now() - datetime.timedelta(minutes=3)
    one = attendance_check_in(
        site_visit=world["a"],
        participant=first,
        actor=world["a_user"],
        at_millis=int(pressed.timestamp() * 1000),
    )
    again = attendance_check_in(
        site_visit=world["a"], participant=first, actor=world["a_user"], at_millis=None
    )
    assert one.pk == again.pk and Attendance.objects.count() == 1
    assert abs((one.checked_in_at - pressed).total_seconds()) < 1
    # A press "in the future" or long before the day keeps the arrival time instead.
    second = world["participants"][1]
    future = int((timezone.now() + datetime.timedelta(hours=3)).timestamp() * 1000)
    row = attendance_check_in(
        site_visit=world["a"], participant=second, actor=world["a_user"], at_millis=future
    )
    assert abs((row.checked_in_at - timezone.now()).total_seconds()) < 5


def test_check_in_posted_twice_by_a_phone_stores_one_row(client):
    world = _today_visit()
    first = world["participants"][0]
    client.force_login(world["a_user"])
    headers = {"X-Requested-With": "check-in"}
    for _ in range(3):
        response = client.post(
            _url(world["a"]), {"participant": first.pk, "at": "1"}, headers=headers
        )
        assert response.status_code == 200
        assert response.json()["ok"] is True
    assert Attendance.objects.filter(site_visit=world["a"], participant=first).count() == 1


def test_the_page_lists_the_delegation_with_a_button_each(client):
    world = _today_visit()
    client.force_login(world["a_user"])
    page = client.get(_url(world["a"])).content.decode()
    for participant in world["participants"]:
        assert f"Check in {participant.first_name} {participant.last_name}" in page
    assert "js/check-in.js" in page
    # Without JavaScript: a plain form post, then the page says who arrived.
    response = client.post(_url(world["a"]), {"participant": world["participants"][0].pk})
    assert response.status_code == 302
    page = client.get(_url(world["a"])).content.decode()
    assert "Arrived" in page and "Check in Amira Haddad" not in page


def test_who_may_check_in(client):
    world = _today_visit()
    participant = world["participants"][0]
    # The other host's user reaches no check-in page of host A.
    client.force_login(world["b_user"])
    assert client.get(_url(world["a"])).status_code == 404
    assert client.post(_url(world["a"]), {"participant": participant.pk}).status_code == 404
    # The delegation contact neither.
    client.force_login(world["visit"].booking.contact)
    assert client.get(_url(world["a"])).status_code == 404
    # A programme manager (the escort's office) may.
    client.force_login(world["manager"])
    assert client.get(_url(world["a"])).status_code == 200
    assert not Attendance.objects.exists()
    # The host's own user sees its page (names of the delegation) only from the day.
    later = vetted_visit(days_ahead=4, accept=True)
    client.force_login(later["a_user"])
    assert client.get(_url(later["a"])).status_code == 404
    client.force_login(world["a_user"])
    assert client.get(_url(world["a"])).status_code == 200
    # Bad ids are a 400 or a 404, never a 500.
    for bad in ("x", "-1", "99999999999999999999", ""):
        response = client.post(_url(world["a"]), {"participant": bad})
        assert response.status_code in (400, 404), bad
    assert not Attendance.objects.exists()


def test_refused_at_vetting_and_before_the_day_are_not_checked_in():
    world = _today_visit()
    refused = world["participants"][1]
    vetting_decide(
        site_visit=world["a"],
        participant=refused,
        status=VettingStatus.REFUSED,
        actor=world["a_user"],
    )
    with pytest.raises(VisitError, match="refused this person"):
        attendance_check_in(site_visit=world["a"], participant=refused, actor=world["a_user"])
    later = vetted_visit(days_ahead=4, accept=True)
    with pytest.raises(VisitError, match="opens on the day"):
        attendance_check_in(
            site_visit=later["a"], participant=later["participants"][0], actor=later["a_user"]
        )
    assert not Attendance.objects.exists()


def test_the_situational_picture_shows_who_arrived_and_who_is_missing(client):
    world = _today_visit()
    first, second, third = world["participants"]
    for participant in (first, third):
        attendance_check_in(site_visit=world["a"], participant=participant, actor=world["a_user"])
    client.force_login(world["manager"])
    page = client.get(reverse("visits_admin:situation")).content.decode()
    assert f"{world['a'].host.name}" in page
    assert "2 of 3 arrived" in page
    assert "Missing: Bruno Costa" in page
    data = client.get(reverse("visits_admin:situation_json")).json()
    [row] = [v for v in data["visits"] if v["id"] == world["visit"].pk]
    by_host = {a["host"]: a for a in row["attendance"]}
    assert by_host[world["a"].host.name]["arrived"] == ["Amira Haddad", "Chen Wei"]
    assert by_host[world["a"].host.name]["missing"] == ["Bruno Costa"]
    assert by_host[world["b"].host.name]["arrived"] == []


def test_attendance_per_site_counts_without_names():
    world = _today_visit()
    for participant in world["participants"][:2]:
        attendance_check_in(site_visit=world["a"], participant=participant, actor=world["a_user"])
    rows = attendance_per_site(world["visit"])
    by_host = {r["host"]: r for r in rows}
    assert by_host[world["a"].host.name]["checked_in"] == 2
    assert by_host[world["a"].host.name]["expected"] == 3
    assert by_host[world["b"].host.name]["checked_in"] == 0
    assert "Amira" not in repr(rows)
