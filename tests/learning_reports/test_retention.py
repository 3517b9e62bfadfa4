"""Retention: past the cut-off no identifiable participant record is left; answers stay."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from bookings.models import Participant
from learning_reports.models import FeedbackInvitation, FeedbackResponse
from learning_reports.selectors import report_data
from learning_reports.services import participants_anonymise_due

from .factories import answer, invite, make_completed_visit

pytestmark = pytest.mark.django_db

IDENTIFYING = (
    "first_name",
    "last_name",
    "title",
    "organisation",
    "email",
    "id_document_type",
    "id_document_number",
    "id_document_expiry",
    "date_of_birth",
    "dietary_needs",
    "accessibility_needs",
    "emergency_contact_name",
    "emergency_contact_phone",
)


def test_participants_are_anonymised_after_the_retention_period_and_answers_stay_counted():
    old = make_completed_visit(participants=3, ends_days_ago=400)
    recent = make_completed_visit(participants=2, ends_days_ago=300)
    invitations = invite(old)
    answer(invitations[0], old, consent="named", apply_at_home="Named quote text.")
    answer(invitations[1], old, consent="anonymous")
    before = report_data(old.visit)["ratings"]["feedback"]

    assert participants_anonymise_due() == 3
    assert participants_anonymise_due() == 0  # run twice: nothing more

    for participant in Participant.objects.filter(booking=old.booking):
        for field in IDENTIFYING:
            assert getattr(participant, field) in ("", None), field
        assert participant.anonymised_at is not None
        assert participant.consent_named_in_reports is False
    # Nothing left that points from an answer to a person, and no captured name.
    assert not FeedbackInvitation.objects.filter(
        visit=old.visit, participant__isnull=False
    ).exists()
    assert not FeedbackResponse.objects.exclude(quote_name="").exists()
    after = report_data(old.visit)
    assert after["ratings"]["feedback"]["answered"] == before["answered"] == 2
    assert after["ratings"]["feedback"]["overall"] == before["overall"]
    names = [q["name"] for q in after["quotes"]]
    assert all(name == "" for name in names)
    assert "Named quote text." in [q["text"] for q in after["quotes"]]  # now anonymous
    # A visit inside the retention period keeps its participants.
    assert all(p.email for p in Participant.objects.filter(booking=recent.booking))


def test_the_period_is_a_setting(settings):
    settings.LEARNING_REPORTS_RETENTION_MONTHS = 6
    world = make_completed_visit(participants=2, ends_days_ago=200)
    assert participants_anonymise_due() == 2
    assert not Participant.objects.filter(booking=world.booking).exclude(email="").exists()


def test_no_identifiable_record_is_left_past_the_cut_off_across_many_visits():
    for days in (370, 500, 800, 30):
        make_completed_visit(participants=2, ends_days_ago=days)
    participants_anonymise_due()
    cutoff = timezone.localdate() - datetime.timedelta(days=366)
    past = Participant.objects.filter(booking__visit__ends_on__lt=cutoff)
    assert past.count() == 6
    for field in IDENTIFYING:
        assert not past.exclude(
            **{f"{field}__in": ["", None]}
            if field not in ("id_document_expiry", "date_of_birth")
            else {f"{field}__isnull": True}
        ).exists(), field
