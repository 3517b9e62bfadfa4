"""The data map covers every field of our models, the README shows it, and retention
reaches bookings whatever their state, with the shorter period for unfinished ones."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from bookings.enums import BookingStatus
from bookings.models import Booking, Participant
from core import datamap
from core.models import OutboxMessage
from tests.bookings.factories import make_delegation, make_departure
from tests.bookings.test_views import held_booking

README = Path(__file__).resolve().parents[2] / "README.md"


def test_every_field_of_our_models_is_mapped_or_marked_not_personal():
    assert datamap.unmapped_fields(datamap.OUR_APPS) == []


def test_a_new_unmapped_field_is_caught():
    datamap._not_personal["bookings.booking"].discard("reference")
    try:
        assert "bookings.booking.reference" in datamap.unmapped_fields(datamap.OUR_APPS)
    finally:
        datamap.not_personal("bookings.Booking", "reference")


def test_the_issue_copies_are_in_the_map():
    mapped = {(e.model, e.field) for e in datamap.entries()}
    for copy in [
        ("bookings.booking", "contact"),
        ("bookings.booking", "notes"),
        ("bookings.tailoredrequest", "message"),
        ("bookings.participant", "id_document_number"),
        ("visits.incident", "description"),
        ("core.outboxmessage", "kwargs"),
        ("core.auditentry", "data"),
        ("bookings.quote", "accepted_ip"),
        ("learning_reports.feedbackresponse", "improve"),
        ("learning_reports.learningreport", "content"),
        ("learning_reports.reportversion", "content"),
        ("bookings.stripeevent", "payload"),
        ("wagtailforms.formsubmission", "form_data"),
    ]:
        assert copy in mapped, copy


def test_the_readme_privacy_section_is_the_map():
    assert datamap.markdown_table() in README.read_text()


def _participant(booking, marker):
    return Participant.objects.create(
        booking=booking,
        first_name=marker,
        last_name=marker,
        email=f"{marker}@example.org",
        id_document_number=marker,
        dietary_needs=marker,
    )


def _run(as_of: datetime.date) -> str:
    out = StringIO()
    call_command("retention_apply", "--as-of", as_of.isoformat(), stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_an_expired_hold_loses_its_participants_after_30_days_not_before():
    organisation, user = make_delegation()
    booking = held_booking(make_departure(), organisation=organisation, contact=user)
    Booking.objects.filter(pk=booking.pk).update(
        status=BookingStatus.EXPIRED, notes="expired-notes-marker"
    )
    participant = _participant(booking, "expiredmarker")
    changed_on = timezone.localdate()

    _run(changed_on + datetime.timedelta(days=29))
    participant.refresh_from_db()
    assert participant.first_name == "expiredmarker"

    output = _run(changed_on + datetime.timedelta(days=31))
    assert "bookings.participant: changed 1" in output
    assert "expiredmarker" not in output
    participant.refresh_from_db()
    assert (participant.first_name, participant.email, participant.dietary_needs) == ("", "", "")
    assert participant.anonymised_at is not None
    assert Booking.objects.get(pk=booking.pk).notes == ""


@pytest.mark.django_db
def test_a_confirmed_booking_without_visit_is_erased_12_months_after_its_last_day():
    organisation, user = make_delegation()
    booking = held_booking(make_departure(), organisation=organisation, contact=user)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CONFIRMED)
    participant = _participant(booking, "confirmedmarker")
    end = Booking.objects.get(pk=booking.pk).end_date

    # The travel document goes the day after the programme, the rest stays.
    _run(end + datetime.timedelta(days=1))
    participant.refresh_from_db()
    assert participant.id_document_number == ""
    assert participant.first_name == "confirmedmarker"

    _run(end + datetime.timedelta(days=360))
    participant.refresh_from_db()
    assert participant.first_name == "confirmedmarker"

    _run(end + datetime.timedelta(days=370))
    participant.refresh_from_db()
    assert participant.first_name == ""


@pytest.mark.django_db
def test_dry_run_changes_nothing_and_delivered_outbox_rows_go():
    message = OutboxMessage.objects.create(
        task="x.y", kwargs={"email": "outboxmarker@example.org"}, status="done"
    )
    later = timezone.localdate() + datetime.timedelta(days=15)
    out = StringIO()
    call_command("retention_apply", "--as-of", later.isoformat(), "--dry-run", stdout=out)
    assert "core.outboxmessage: would change 1" in out.getvalue()
    assert OutboxMessage.objects.filter(pk=message.pk).exists()
    _run(later)
    assert not OutboxMessage.objects.filter(pk=message.pk).exists()


@pytest.mark.django_db
def test_an_applied_stripe_event_keeps_ids_and_amounts_only():
    from bookings.models import StripeEvent

    payload = {
        "id": "evt_1",
        "type": "payment_intent.succeeded",
        "data": {
            "object": {
                "id": "pi_1",
                "amount": 120000,
                "currency": "eur",
                "receipt_email": "stripemarker@example.org",
                "billing_details": {"name": "Stripemarker"},
            }
        },
    }
    applied = StripeEvent.objects.create(
        event_id="evt_1",
        type="payment_intent.succeeded",
        payload=payload,
        processed_at=timezone.now(),
    )
    pending = StripeEvent.objects.create(event_id="evt_2", type="x", payload=payload)
    _run(timezone.localdate())
    applied.refresh_from_db()
    assert "stripemarker" not in str(applied.payload).lower()
    assert applied.payload["data"]["object"] == {"id": "pi_1", "amount": 120000, "currency": "eur"}
    pending.refresh_from_db()
    assert pending.payload == payload  # not applied yet: needed as it came

    # Never applied, and older than the short period of unfinished bookings (30 days):
    # nothing will apply it now, so its billing name and e-mail go too.
    StripeEvent.objects.filter(pk=pending.pk).update(
        received_at=timezone.now() - datetime.timedelta(days=31)
    )
    _run(timezone.localdate())
    pending.refresh_from_db()
    assert "stripemarker" not in str(pending.payload).lower()
    assert pending.payload["data"]["object"]["amount"] == 120000
