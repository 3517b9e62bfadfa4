"""Moving a departure moves the unpaid balance's due date with it (issue 12): the
balance falls due a set number of days before arrival, so a departure moved a week
later leaves that much more time to pay, and one moved earlier asks for it sooner --
never on a day already past. What was paid keeps its dates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bookings.departures import departure_move
from bookings.enums import PaymentKind, PaymentMethod, PaymentStatus
from bookings.models import Allotment, Payment
from core.models import AuditEntry

from .test_admin import invoiced_booking, manager

pytestmark = pytest.mark.django_db


def _balance(booking, status, due_date):
    return Payment.objects.create(
        booking=booking,
        kind=PaymentKind.BALANCE,
        method=PaymentMethod.CARD,
        amount=Decimal("1000.00"),
        status=status,
        due_date=due_date,
    )


def _rooms_on(booking, start):
    room_type = booking.rooms.select_related("allotment").first().allotment.room_type
    for n in range(2):
        night = start + datetime.timedelta(days=n)
        Allotment.objects.get_or_create(
            room_type=room_type,
            night=night,
            defaults={"rooms": 5, "release_date": night - datetime.timedelta(days=7)},
        )


def test_the_unpaid_balance_falls_due_with_the_moved_departure(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        booking, _contact = invoiced_booking(days_ahead=90)
    departure = booking.departure
    start = departure.start_date
    due = start - datetime.timedelta(days=30)
    unpaid = _balance(booking, PaymentStatus.PENDING, due)
    paid = _balance(booking, PaymentStatus.SUCCEEDED, due)
    week = datetime.timedelta(days=7)
    _rooms_on(booking, start + week)

    with django_capture_on_commit_callbacks(execute=True):
        departure_move(departure=departure, start_date=start + week, actor=manager())

    unpaid.refresh_from_db()
    paid.refresh_from_db()
    assert unpaid.due_date == due + week
    assert paid.due_date == due  # paid: its dates are history
    entry = AuditEntry.objects.filter(action="departure_moved", object_id=str(booking.pk)).get()
    assert entry.data["balance_due"] == [[due.isoformat(), (due + week).isoformat()]]


def test_a_departure_moved_earlier_never_sets_a_due_date_in_the_past(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        booking, _contact = invoiced_booking(days_ahead=40)
    departure = booking.departure
    start = departure.start_date
    today = timezone.localdate()
    unpaid = _balance(booking, PaymentStatus.PENDING, start - datetime.timedelta(days=30))
    earlier = start - datetime.timedelta(days=20)
    _rooms_on(booking, earlier)

    with django_capture_on_commit_callbacks(execute=True):
        departure_move(departure=departure, start_date=earlier, actor=manager())

    unpaid.refresh_from_db()
    assert unpaid.due_date == today  # 30 days before the new start is already past
