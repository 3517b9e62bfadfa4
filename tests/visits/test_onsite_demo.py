"""`make demo` shows the on-site features: the demo host's vetting requirements and
lists (one refusal the manager confirmed), today's arrivals with one person missing, an
ended visit's attendance in its learning report, and the catering counts with the one
participant who agreed to be named."""

from __future__ import annotations

import io

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts.roles import HOSTS, PROGRAMME_MANAGERS
from bookings import demo as bookings_demo
from learning_reports.models import LearningReport
from programmes.demo.users import DEMO_USERS
from visits import demo as visits_demo
from visits.attendance import visit_attendance
from visits.catering import catering_summary
from visits.enums import VettingStatus, VisitStatus
from visits.models import (
    Attendance,
    HostAvailability,
    NeedsSharingConsent,
    VettingDecision,
    Visit,
)
from visits.vetting import vetting_state

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        cache.clear()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", "--force", stdout=io.StringIO())
            yield media_root
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


def _client(group: str) -> Client:
    email = next(spec.email for spec in DEMO_USERS if spec.group == group)
    user = get_user_model().objects.get(email=email)
    TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    return client


def test_the_demo_hosts_vet_by_their_fields_and_decided_on_everyone(demo):
    rules = HostAvailability.objects.get(host__slug=visits_demo.DEMO_HOST)
    assert "id_document_number" in rules.vetting_fields and rules.vetting_days == 10
    centre = HostAvailability.objects.get(host__slug=visits_demo.SITUATION_CENTRE)
    assert centre.vetting_days == 14 and "nationality" in centre.vetting_fields
    # Every visit that was made ready had its lists decided; one refusal was confirmed.
    ready = Visit.objects.exclude(status=VisitStatus.PLANNING)
    lists = [listing for visit in ready for listing in vetting_state(visit)]
    assert lists and all(listing.pending == 0 for listing in lists)
    assert VettingDecision.objects.filter(status=VettingStatus.REFUSED).exists()
    assert VettingDecision.objects.filter(status=VettingStatus.CLEARED).count() > 5


def test_the_demo_host_user_finds_its_vetting_lists(demo):
    client = _client(HOSTS)
    page = client.get(reverse("visits:host_vetting_index")).content.decode()
    assert "Vetting list of" in page or "Opens on" in page


def test_the_visit_in_progress_has_arrivals_with_one_missing(demo):
    """Every site visit of the visit in progress that had begun when the demo was loaded
    has its delegation checked in but one; the later ones nobody yet."""
    current = visits_demo.visit_for(bookings_demo.IN_PROGRESS)
    people = current.booking.participants.count()
    for item in current.items.filter(kind="site_visit", removed=False):
        arrived = Attendance.objects.filter(site_visit__item=item).count()
        if item.starts_at <= timezone.now():
            assert arrived == people - 1, item.title
        else:
            assert arrived == 0, item.title
    rows = visit_attendance([current], day=timezone.localdate()).get(current.pk, [])
    assert rows  # today's site visits are on the situational picture
    client = _client(PROGRAMME_MANAGERS)
    page = client.get(reverse("visits_admin:situation")).content.decode()
    assert "arrived" in page and "Check-in at" in page


def test_an_ended_visit_has_attendance_in_its_report(demo):
    ended = visits_demo.visit_for(bookings_demo.ENDED_RECENTLY)
    assert Attendance.objects.filter(site_visit__item__visit=ended).exists()
    report = LearningReport.objects.get(visit=ended)
    rows = report.content["programme"]["attendance"]
    assert rows and all(0 < row["checked_in"] <= row["expected"] for row in rows)
    assert any(row["checked_in"] < row["expected"] for row in rows)  # one missed the last


def test_catering_counts_name_only_who_agreed(demo):
    tomorrow = visits_demo.visit_for(bookings_demo.STARTS_TOMORROW)
    consents = NeedsSharingConsent.objects.filter(
        participant__booking=tomorrow.booking, share_name=True
    )
    assert consents.count() == 1
    named = str(consents.get().participant)
    meals = catering_summary(tomorrow)
    assert meals  # the programme's lunches and dinners
    needs = {n.need: n for n in meals[0].dietary + meals[0].accessibility}
    assert needs["Vegetarian"].count == 2 and not needs["Vegetarian"].names
    assert all(n.names in ([], [named]) for n in needs.values())
    assert any(n.names == [named] for n in needs.values())
    client = _client(PROGRAMME_MANAGERS)
    page = client.get(reverse("visits_admin:detail", args=[tomorrow.pk])).content.decode()
    assert "Catering and accessibility" in page
