"""Vetting lists: a host sees only its own lists, only the fields it asked for, only
from the day it needs them; it clears or refuses each person; the manager sees the
state, and the visit is not ready while anyone is pending (or refused, unconfirmed)."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Participant
from visits.enums import VettingStatus, VisitStatus
from visits.errors import VisitError
from visits.models import HostAvailability, RiskAssessment, VettingDecision
from visits.services import risk_assessment_approve, visit_mark_ready
from visits.vetting import vetting_decide, vetting_opens_on

from .onsite_factories import vetted_visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def world():
    return vetted_visit()


def _list_url(site_visit) -> str:
    return reverse("visits:host_vetting", args=[site_visit.pk])


def _csv_url(site_visit) -> str:
    return reverse("visits:host_vetting_csv", args=[site_visit.pk])


def test_the_host_sees_its_fields_of_its_participants_and_nothing_else(client, world):
    client.force_login(world["a_user"])
    response = client.get(_list_url(world["a"]))
    assert response.status_code == 200
    page = response.content.decode()
    for first, last, country, email, passport, diet, _access in (
        ("Amira", "Haddad", "JO", "amira@gov.example", "P1000001", "Vegetarian", "-"),
        ("Bruno", "Costa", "BR", "bruno@gov.example", "P1000002", "no nuts", "Wheelchair"),
    ):
        assert first in page and last in page and country in page
        # Fields host A did not ask for (B's passport numbers among them) are not there.
        assert email not in page and passport not in page and diet not in page
    assert "Wheelchair" not in page and "+358 40 999 0000" not in page
    assert "1975" not in page  # date of birth: not asked by A


def test_the_csv_has_exactly_the_asked_fields_and_the_decisions(client, world):
    first = world["participants"][0]
    Participant.objects.filter(pk=first.pk).update(last_name="=HYPERLINK(1)")
    vetting_decide(
        site_visit=world["a"],
        participant=first,
        status=VettingStatus.CLEARED,
        actor=world["a_user"],
    )
    client.force_login(world["a_user"])
    response = client.get(_csv_url(world["a"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["No.", "first name", "last name", "nationality", "Vetting"]
    assert rows[1] == ["1", "Amira", "'=HYPERLINK(1)", "JO", "Cleared"]
    assert rows[2] == ["2", "Bruno", "Costa", "BR", "Pending"]
    assert rows[3] == ["3", "Chen", "Wei", "CN", "Pending"]
    assert len(rows) == 4
    text = response.content.decode()
    assert "P100000" not in text and "gov.example" not in text and "getarian" not in text


def test_a_host_reaches_no_list_of_another_host(client, world):
    # Host B's list opens in the future; make it open so only ownership decides.
    HostAvailability.objects.filter(host=world["b"].host).update(vetting_days=10)
    client.force_login(world["a_user"])
    assert client.get(_list_url(world["b"])).status_code == 404
    assert client.get(_csv_url(world["b"])).status_code == 404
    participant = world["participants"][0]
    response = client.post(
        _list_url(world["b"]), {"participant": participant.pk, "decision": "cleared"}
    )
    assert response.status_code == 404
    assert not VettingDecision.objects.exists()
    # And the index lists only A's own.
    page = client.get(reverse("visits:host_vetting_index")).content.decode()
    assert world["a"].host.name in page and world["b"].host.name not in page
    # B's own user gets B's list, with B's fields: passport numbers but no first names.
    client.force_login(world["b_user"])
    page = client.get(_list_url(world["b"])).content.decode()
    assert "P1000001" in page and "Haddad" in page and "Amira" not in page


def test_a_list_opens_on_its_day_and_not_before(client, world):
    b = world["b"]
    opens = vetting_opens_on(b)
    assert opens == timezone.localdate() + datetime.timedelta(days=3)
    client.force_login(world["b_user"])
    assert client.get(_list_url(b)).status_code == 404
    assert client.get(_csv_url(b)).status_code == 404
    index = client.get(reverse("visits:host_vetting_index")).content.decode()
    assert f"Opens on {opens.day}.{opens.month}.{opens.year}" in index
    assert _list_url(b) not in index
    with pytest.raises(VisitError):
        vetting_decide(
            site_visit=b,
            participant=world["participants"][0],
            status=VettingStatus.CLEARED,
            actor=world["b_user"],
        )
    # The day it opens (days before = days to the visit): the list is there.
    HostAvailability.objects.filter(host=b.host).update(vetting_days=5)
    b = type(b).objects.get(pk=b.pk)
    assert vetting_opens_on(b) == timezone.localdate()
    assert client.get(_list_url(b)).status_code == 200
    assert _list_url(b) in client.get(reverse("visits:host_vetting_index")).content.decode()


def test_a_host_that_asks_no_fields_has_no_list(client, world):
    HostAvailability.objects.filter(host=world["a"].host).update(vetting_fields=[])
    client.force_login(world["a_user"])
    assert client.get(_list_url(world["a"])).status_code == 404


def test_marking_cleared_and_refused_from_the_list(client, world):
    first, second, _third = world["participants"]
    client.force_login(world["a_user"])
    response = client.post(_list_url(world["a"]), {"participant": first.pk, "decision": "cleared"})
    assert response.status_code == 302
    client.post(_list_url(world["a"]), {"participant": second.pk, "decision": "refused"})
    # The same again changes nothing (one row, one audit entry per change).
    client.post(_list_url(world["a"]), {"participant": second.pk, "decision": "refused"})
    decisions = dict(
        VettingDecision.objects.filter(site_visit=world["a"]).values_list(
            "participant_id", "status"
        )
    )
    assert decisions == {first.pk: "cleared", second.pk: "refused"}
    page = client.get(_list_url(world["a"])).content.decode()
    assert "Cleared 1 · refused 1 · pending 1" in page
    # A participant of another booking, or a made-up decision, is refused.
    other = vetted_visit()["participants"][0]
    assert (
        client.post(
            _list_url(world["a"]), {"participant": other.pk, "decision": "cleared"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            _list_url(world["a"]), {"participant": first.pk, "decision": "approved"}
        ).status_code
        == 400
    )


def _approve(visit, manager):
    assessment = RiskAssessment.objects.get(visit=visit)
    assessment.risks.update(owner="Programme manager")
    risk_assessment_approve(assessment=assessment, actor=manager)


def test_the_visit_is_not_ready_while_vetting_is_pending_or_refused(client, world):
    visit, manager = world["visit"], world["manager"]
    HostAvailability.objects.filter(host=world["b"].host).update(vetting_fields=[])
    _approve(visit, manager)
    with pytest.raises(VisitError, match="has not decided on 3 participants"):
        visit_mark_ready(visit=visit, actor=manager)
    first, second, third = world["participants"]
    for participant, status in ((first, "cleared"), (second, "refused"), (third, "cleared")):
        vetting_decide(
            site_visit=world["a"], participant=participant, status=status, actor=world["a_user"]
        )
    with pytest.raises(VisitError, match="refused 1 participant"):
        visit_mark_ready(visit=visit, actor=manager)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.PLANNING
    # The manager sees it on the visit's page, and confirms the refusal.
    client.force_login(manager)
    page = client.get(reverse("visits_admin:detail", args=[visit.pk])).content.decode()
    assert "Vetting by hosts" in page
    assert "Cleared 2 · refused 1 · pending 0" in page
    assert "will not enter those sites" in page
    response = client.post(
        reverse("visits_admin:detail", args=[visit.pk]),
        {"action": "ready", "accept_refusals": "1"},
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.READY


def test_a_host_user_of_another_host_cannot_decide(world):
    with pytest.raises(VisitError):
        vetting_decide(
            site_visit=world["a"],
            participant=world["participants"][0],
            status=VettingStatus.CLEARED,
            actor=world["b_user"],
        )
    assert not VettingDecision.objects.exists()


def test_the_host_chooses_its_fields_in_its_availability(client, world):
    host = world["a"].host
    client.force_login(world["a_user"])
    url = reverse("visits:host_availability", args=[host.pk])
    page = client.get(url).content.decode()
    assert "Fields needed for vetting" in page
    data = {
        "delegations_per_day": 1,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 0,
        "minimum_notice_days": 0,
        "vetting_days": 7,
        "vetting_fields": ["last_name", "date_of_birth"],
        **{f"day_{n}": "08:00-17:00" for n in range(7)},
    }
    assert client.post(url, data).status_code == 302
    availability = HostAvailability.objects.get(host=host)
    assert availability.vetting_fields == ["last_name", "date_of_birth"]
    assert availability.vetting_days == 7
    # Only fields of the vetting set are accepted (no e-mail or dietary needs).
    data["vetting_fields"] = ["email"]
    assert client.post(url, data).status_code == 400
    assert HostAvailability.objects.get(host=host).vetting_fields == ["last_name", "date_of_birth"]
