"""Scheduled reminders: each is sent when due, and running a job twice sends once."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

from bookings import tasks
from bookings.enums import BookingStatus, PaymentStatus
from bookings.invoicing.services import credit_note_issue
from bookings.models import Booking, Invoice, Payment
from bookings.participants import (
    participant_field_label,
    participant_slots_ensure,
    participant_update,
)
from bookings.reminders import (
    balance_reminders_send,
    missing_details_reminders_send,
    overdue_invoice_reminders_send,
)
from bookings.services import booking_checkout, booking_confirm, booking_start
from core.models import AuditEntry, OutboxMessage

from .factories import default_policy, make_delegation, make_departure, vat_rates

pytestmark = pytest.mark.django_db


def _today():
    return timezone.localdate()


def _booking(method: str) -> Booking:
    vat_rates()
    default_policy()
    departure = make_departure(seats=20, days_ahead=120)
    organisation, contact = make_delegation()
    organisation.billing_email = "accounts@ministry.example"
    organisation.save()
    booking = booking_start(
        departure=departure, organisation=organisation, contact=contact, participants_count=2
    )
    return booking_checkout(booking=booking, payment_method=method)


def _card_confirmed(balance_in_days: int = 5) -> tuple[Booking, Payment]:
    booking = _booking("card")
    Payment.objects.filter(booking=booking, kind="deposit").update(
        status=PaymentStatus.SUCCEEDED, paid_at=timezone.now()
    )
    booking = booking_confirm(booking=booking)
    balance = Payment.objects.get(booking=booking, kind="balance")
    balance.due_date = _today() + datetime.timedelta(days=balance_in_days)
    balance.save(update_fields=["due_date"])
    return booking, balance


def _sent(template: str) -> int:
    return OutboxMessage.objects.filter(kwargs__template=template).count()


# --------------------------------------------------------------------------- balance


def test_balance_reminder_is_sent_once(django_capture_on_commit_callbacks):
    booking, balance = _card_confirmed(balance_in_days=5)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert balance_reminders_send() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert balance_reminders_send() == 0
    assert _sent("balance_reminder") == 1
    reminders = [m for m in mail.outbox if "Balance due" in m.subject]
    assert len(reminders) == 1 and reminders[0].to == [booking.contact.email]
    assert (
        AuditEntry.objects.filter(action="balance_reminder", object_id=str(balance.pk)).count() == 1
    )


def test_balance_reminder_task_run_twice_sends_once():
    _card_confirmed(balance_in_days=1)
    assert tasks.send_balance_reminders.apply().get() == 1
    assert tasks.send_balance_reminders.apply().get() == 0
    assert _sent("balance_reminder") == 1


@pytest.mark.parametrize("case", ["not_yet", "overdue", "paid", "cancelled"])
def test_no_balance_reminder_when_not_due(case):
    booking, balance = _card_confirmed(balance_in_days=20 if case == "not_yet" else 5)
    if case == "overdue":
        Payment.objects.filter(pk=balance.pk).update(due_date=_today() - datetime.timedelta(days=1))
    elif case == "paid":
        Payment.objects.filter(pk=balance.pk).update(status=PaymentStatus.SUCCEEDED)
    elif case == "cancelled":
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    assert balance_reminders_send() == 0
    assert _sent("balance_reminder") == 0


# --------------------------------------------------------------------------- participant details


def _deadline_in(booking: Booking, days: int) -> None:
    Booking.objects.filter(pk=booking.pk).update(
        participant_deadline=_today() + datetime.timedelta(days=days)
    )


def test_missing_details_reminder_lists_what_is_missing_once(django_capture_on_commit_callbacks):
    booking = _booking("invoice")
    first, _second = participant_slots_ensure(booking=booking)
    participant_update(
        participant=first,
        data={"first_name": "Anna", "last_name": "Virtanen", "email": "anna@example.org"},
    )
    _deadline_in(booking, 10)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert missing_details_reminders_send() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert missing_details_reminders_send() == 0
    message = OutboxMessage.objects.get(kwargs__template="missing_details")
    names = [item["name"] for item in message.kwargs["missing"]]
    assert names == ["Anna Virtanen", "Participant 2"]
    assert "nationality" in message.kwargs["missing"][0]["fields"]
    assert "first name" not in message.kwargs["missing"][0]["fields"]
    sent = [m for m in mail.outbox if "Participant details missing" in m.subject]
    assert len(sent) == 1 and "Anna Virtanen: " in sent[0].body


def test_missing_details_reminder_repeats_after_a_week():
    booking = _booking("invoice")
    _deadline_in(booking, 10)
    assert missing_details_reminders_send() == 1
    AuditEntry.objects.filter(action="missing_details_reminder").update(
        created_at=timezone.now() - datetime.timedelta(days=7)
    )
    assert missing_details_reminders_send() == 1
    assert missing_details_reminders_send() == 0


def test_missing_details_labels_are_in_the_bookings_language():
    booking = _booking("invoice")
    Booking.objects.filter(pk=booking.pk).update(language="fi")
    _deadline_in(booking, 3)
    missing_details_reminders_send()
    message = OutboxMessage.objects.get(kwargs__template="missing_details")
    with translation.override("fi"):
        expected = participant_field_label("first_name")
    assert expected in message.kwargs["missing"][0]["fields"]
    with translation.override("fi"):
        assert message.kwargs["missing"][0]["name"] == gettext("Participant %(number)s") % {
            "number": 1
        }


@pytest.mark.parametrize("case", ["far", "past", "complete", "cancelled"])
def test_no_missing_details_reminder_when_not_due(case):
    booking = _booking("invoice")
    _deadline_in(booking, {"far": 30, "past": -1}.get(case, 5))
    if case == "complete":
        for participant in participant_slots_ensure(booking=booking):
            participant_update(
                participant=participant,
                data={
                    "first_name": "A",
                    "last_name": "B",
                    "organisation": "C",
                    "email": "a@example.org",
                    "nationality": "FI",
                    "emergency_contact_name": "D",
                    "emergency_contact_phone": "112",
                },
            )
    if case == "cancelled":
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    assert missing_details_reminders_send() == 0
    assert _sent("missing_details") == 0


# --------------------------------------------------------------------------- overdue invoices


def _overdue_invoice(days: int = 3) -> Invoice:
    booking = _booking("invoice")
    invoice = Invoice.objects.get(booking=booking)
    invoice.due_date = _today() - datetime.timedelta(days=days)
    invoice.save(update_fields=["due_date"])
    return invoice


def test_overdue_invoice_reminder_is_sent_once_and_weekly(django_capture_on_commit_callbacks):
    invoice = _overdue_invoice()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert overdue_invoice_reminders_send() == 1
        assert overdue_invoice_reminders_send() == 0
    invoice.refresh_from_db()
    assert invoice.reminded_at is not None
    message = OutboxMessage.objects.get(kwargs__template="invoice")
    assert message.kwargs["overdue"] is True
    assert message.kwargs["to"] == "accounts@ministry.example"
    sent = [m for m in mail.outbox if invoice.number in m.body]
    assert len(sent) == 1 and sent[0].to == ["accounts@ministry.example"]
    Invoice.objects.filter(pk=invoice.pk).update(
        reminded_at=timezone.now() - datetime.timedelta(days=7)
    )
    assert overdue_invoice_reminders_send() == 1


def test_overdue_invoice_task_run_twice_sends_once():
    _overdue_invoice()
    assert tasks.send_overdue_invoice_reminders.apply().get() == 1
    assert tasks.send_overdue_invoice_reminders.apply().get() == 0


@pytest.mark.parametrize("case", ["not_due", "paid", "credited", "cancelled"])
def test_no_invoice_reminder_when_nothing_is_owed(case):
    invoice = _overdue_invoice()
    if case == "not_due":
        Invoice.objects.filter(pk=invoice.pk).update(due_date=_today())
    elif case == "paid":
        Invoice.objects.filter(pk=invoice.pk).update(paid_at=timezone.now())
    elif case == "credited":
        credit_note_issue(invoice=invoice, amount=invoice.payment.amount, reason="Cancelled")
    elif case == "cancelled":
        Booking.objects.filter(pk=invoice.booking_id).update(status=BookingStatus.CANCELLED)
    assert overdue_invoice_reminders_send() == 0
    invoice.refresh_from_db()
    assert invoice.reminded_at is None


def test_every_beat_task_runs_twice_without_sending_twice():
    _card_confirmed(balance_in_days=2)
    booking = _booking("invoice")
    _deadline_in(booking, 5)
    _overdue_invoice()
    jobs = [
        tasks.send_balance_reminders,
        tasks.send_missing_details_reminders,
        tasks.send_overdue_invoice_reminders,
        tasks.expire_waiting_list_offers,
        tasks.expire_quotes,
    ]
    for job in jobs:
        job.apply().get()
    outbox, audits = OutboxMessage.objects.count(), AuditEntry.objects.count()
    for job in jobs:
        job.apply().get()
    assert OutboxMessage.objects.count() == outbox
    assert AuditEntry.objects.count() == audits
