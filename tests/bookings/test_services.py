"""The checkout services of bookings.services: each happy path and each refusal, where a
refused change changes nothing (rows and audit log as they were)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bookings import signals
from bookings.enums import BookingStatus, LineKind, PaymentKind, PaymentMethod, PaymentStatus
from bookings.errors import BookingError, InvalidTransition, NoLongerAvailable
from bookings.models import (
    Booking,
    BookingExtra,
    BookingLine,
    BookingPolicy,
    Invoice,
    Payment,
    RoomReservation,
)
from bookings.services import (
    RoomRequest,
    booking_checkout,
    booking_confirm,
    booking_expire,
    booking_mark_paid_if_settled,
    booking_set_accommodation,
    booking_set_extras,
    booking_start,
    booking_totals,
    holds_expire_due,
)
from core.models import AuditEntry, OutboxMessage
from programmes.enums import DepartureStatus

from .factories import (
    default_policy,
    make_delegation,
    make_departure,
    make_extra,
    make_programme,
    make_room_type,
    vat_rates,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _data():
    vat_rates()
    default_policy()


def _start(departure=None, participants: int = 4, **kwargs) -> Booking:
    departure = departure or make_departure(seats=20, days_ahead=120)
    organisation, contact = make_delegation()
    return booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=participants,
        **kwargs,
    )


def _snapshot() -> dict:
    return {
        "bookings": list(Booking.objects.values().order_by("pk")),
        "lines": list(BookingLine.objects.values().order_by("pk")),
        "rooms": list(RoomReservation.objects.values().order_by("pk")),
        "extras": list(BookingExtra.objects.values().order_by("pk")),
        "payments": list(Payment.objects.values().order_by("pk")),
        "invoices": Invoice.objects.count(),
        "audit": AuditEntry.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


def _lapse(booking: Booking) -> None:
    Booking.objects.filter(pk=booking.pk).update(
        hold_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )


# --------------------------------------------------------------------------- start


def test_start_holds_seats_with_a_priced_line():
    programme = make_programme(prices=[(1, 5, "1500.00"), (6, 30, "1200.00")])
    departure = make_departure(programme=programme, days_ahead=120)
    booking = _start(departure, participants=6, language="fi")
    policy = BookingPolicy.load()
    assert booking.status == BookingStatus.HELD and booking.language == "fi"
    expected = timezone.now() + datetime.timedelta(minutes=policy.hold_minutes)
    assert abs((booking.hold_expires_at - expected).total_seconds()) < 60
    assert booking.participant_deadline == departure.start_date - datetime.timedelta(
        days=policy.participant_details_days
    )
    assert booking.cancellation_policy.is_default
    line = booking.lines.get()
    assert (line.kind, line.quantity, line.unit_price, line.vat_rate) == (
        LineKind.PROGRAMME,
        6,
        Decimal("1200.00"),
        Decimal("25.5"),
    )
    assert booking_totals(booking).gross == Decimal("7200.00")
    entry = AuditEntry.objects.get(action="hold")
    assert (entry.from_state, entry.to_state, entry.actor) == ("draft", "held", booking.contact)


@pytest.mark.parametrize("case", ["past", "cancelled", "too_large", "not_member", "no_price"])
def test_start_refusals_change_nothing(case):
    programme = make_programme(group=(2, 10), prices=[(2, 5, "900.00")])
    departure = make_departure(programme=programme, days_ahead=60)
    organisation, contact = make_delegation()
    size = 4
    if case == "past":
        departure.start_date = timezone.localdate()
        departure.save()
    elif case == "cancelled":
        departure.status = DepartureStatus.CANCELLED
        departure.save()
    elif case == "too_large":
        size = 11
    elif case == "not_member":
        organisation.members.remove(contact)
    elif case == "no_price":
        size = 8
    before = _snapshot()
    with pytest.raises(BookingError):
        booking_start(
            departure=departure, organisation=organisation, contact=contact, participants_count=size
        )
    assert _snapshot() == before


def test_start_refuses_more_than_the_seats_left():
    departure = make_departure(seats=10, days_ahead=90)
    _start(departure, participants=8)
    before = _snapshot()
    with pytest.raises(NoLongerAvailable, match="Only 2 seats"):
        _start(departure, participants=3)
    # make_delegation for the refused call added a user and organisation, not bookings
    assert _snapshot()["bookings"] == before["bookings"]
    assert _snapshot()["audit"] == before["audit"]


def test_an_expired_hold_gives_its_seats_back():
    departure = make_departure(seats=10, days_ahead=90)
    _lapse(_start(departure, participants=10))
    assert _start(departure, participants=10).status == BookingStatus.HELD


# --------------------------------------------------------------------------- accommodation


def _rooms(booking: Booking, *, rooms: int = 10, release_days: int = 30, nights: int = 2):
    start = booking.start_date
    dates = [start + datetime.timedelta(days=n) for n in range(nights)]
    return make_room_type(nights=dates, rooms=rooms, release_days=release_days), dates


def test_accommodation_reserves_each_night_and_prices_it():
    booking = _start()
    room_type, nights = _rooms(booking)
    booking_set_accommodation(
        booking=booking,
        requests=[RoomRequest(room_type=room_type, occupancy="double", rooms=2)],
        arrival=nights[0],
        departure=nights[-1] + datetime.timedelta(days=1),
    )
    assert RoomReservation.objects.filter(booking=booking).count() == 2
    line = booking.lines.get(kind=LineKind.ACCOMMODATION)
    assert (line.quantity, line.unit_price, line.vat_rate) == (4, Decimal("150.00"), Decimal("14"))
    # Choosing again replaces the earlier choice.
    booking_set_accommodation(
        booking=booking,
        requests=[RoomRequest(room_type=room_type, occupancy="single", rooms=1)],
        arrival=nights[0],
        departure=nights[0] + datetime.timedelta(days=1),
    )
    assert RoomReservation.objects.filter(booking=booking).count() == 1
    assert booking.lines.get(kind=LineKind.ACCOMMODATION).unit_price == Decimal("120.00")


@pytest.mark.parametrize("case", ["full", "released", "lapsed", "order", "unknown_night"])
def test_accommodation_refusals_change_nothing(case):
    booking = _start()
    room_type, nights = _rooms(booking, rooms=2, release_days=200 if case == "released" else 30)
    arrival, leave = nights[0], nights[-1] + datetime.timedelta(days=1)
    rooms = 2
    if case == "full":
        other = _start(booking.departure)
        booking_set_accommodation(
            booking=other,
            requests=[RoomRequest(room_type=room_type, occupancy="single", rooms=1)],
            arrival=arrival,
            departure=leave,
        )
    elif case == "lapsed":
        _lapse(booking)
    elif case == "order":
        arrival, leave = leave, arrival
    elif case == "unknown_night":
        leave = leave + datetime.timedelta(days=1)
    before = _snapshot()
    with pytest.raises(BookingError):
        booking_set_accommodation(
            booking=booking,
            requests=[RoomRequest(room_type=room_type, occupancy="single", rooms=rooms)],
            arrival=arrival,
            departure=leave,
        )
    assert _snapshot() == before


# --------------------------------------------------------------------------- extras


def test_extras_are_priced_per_booking_person_and_day():
    booking = _start(participants=4)  # 3-day programme
    per_booking = make_extra(unit="booking", price="200.00", kind="transfer")
    per_person = make_extra(unit="person", price="45.00")
    per_day = make_extra(unit="day", price="400.00", kind="interpreter")
    booking_set_extras(booking=booking, quantities={per_booking: 2, per_person: 1, per_day: 1})
    quantities = {
        line.extra_id: line.quantity for line in booking.lines.filter(kind=LineKind.EXTRA)
    }
    assert quantities == {per_booking.pk: 2, per_person.pk: 4, per_day.pk: 3}
    booking_set_extras(booking=booking, quantities={per_person: 0})
    assert not booking.lines.filter(kind=LineKind.EXTRA).exists()


def test_an_inactive_extra_is_refused_and_nothing_changes():
    booking = _start()
    active = make_extra()
    inactive = make_extra()
    inactive.active = False
    inactive.save()
    booking_set_extras(booking=booking, quantities={active: 1})
    before = _snapshot()
    with pytest.raises(BookingError):
        booking_set_extras(booking=booking, quantities={active: 2, inactive: 1})
    assert _snapshot() == before


# --------------------------------------------------------------------------- checkout


def test_card_checkout_plans_deposit_and_balance():
    booking = booking_checkout(booking=_start(), payment_method=PaymentMethod.CARD)
    assert booking.status == BookingStatus.AWAITING_PAYMENT
    deposit, balance = Payment.objects.filter(booking=booking).order_by("pk")
    assert (deposit.kind, deposit.amount, deposit.status) == (
        PaymentKind.DEPOSIT,
        Decimal("1200.00"),
        PaymentStatus.PENDING,
    )
    assert (balance.kind, balance.amount) == (PaymentKind.BALANCE, Decimal("2800.00"))
    assert balance.due_date == booking.start_date - datetime.timedelta(
        days=BookingPolicy.load().balance_due_days
    )
    assert booking.hold_is_active
    assert not OutboxMessage.objects.exists()


def test_card_checkout_close_to_arrival_takes_everything_at_once():
    booking = _start(make_departure(days_ahead=20))
    booking = booking_checkout(booking=booking, payment_method=PaymentMethod.CARD)
    payment = Payment.objects.get(booking=booking)
    assert (payment.kind, payment.amount) == (PaymentKind.FULL, Decimal("4000.00"))


def test_invoice_checkout_confirms_invoices_and_announces(django_capture_on_commit_callbacks):
    received = []

    def listener(sender, booking_id, **kwargs):
        received.append(booking_id)

    signals.booking_confirmed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            booking = booking_checkout(booking=_start(), payment_method=PaymentMethod.INVOICE)
    finally:
        signals.booking_confirmed.disconnect(listener)
    assert booking.status == BookingStatus.CONFIRMED and booking.hold_expires_at is None
    payment = Payment.objects.get(booking=booking)
    assert (payment.kind, payment.method, payment.amount) == (
        PaymentKind.FULL,
        PaymentMethod.INVOICE,
        Decimal("4000.00"),
    )
    assert Invoice.objects.filter(payment=payment).count() == 1
    assert received == [booking.pk]
    assert OutboxMessage.objects.filter(kwargs__template="confirmation").count() == 1


def test_checkout_twice_does_not_double_the_payments():
    booking = booking_checkout(booking=_start(), payment_method=PaymentMethod.CARD)
    before = _snapshot()
    booking_checkout(booking=booking, payment_method=PaymentMethod.CARD)
    assert _snapshot() == before


@pytest.mark.parametrize("case", ["method", "lapsed", "cancelled"])
def test_checkout_refusals_change_nothing(case):
    booking = _start()
    method = PaymentMethod.INVOICE
    if case == "method":
        method = "cash"
    elif case == "lapsed":
        _lapse(booking)
    else:
        Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    before = _snapshot()
    with pytest.raises(BookingError):
        booking_checkout(booking=booking, payment_method=method)
    assert _snapshot() == before


# --------------------------------------------------------------------------- confirm, paid


def test_confirm_and_confirm_again():
    booking = booking_checkout(booking=_start(), payment_method=PaymentMethod.CARD)
    booking = booking_confirm(booking=booking, reason="deposit paid")
    assert booking.status == BookingStatus.CONFIRMED and booking.hold_expires_at is None
    entry = AuditEntry.objects.get(action="confirm")
    assert entry.data == {"reason": "deposit paid"}
    before = _snapshot()
    booking_confirm(booking=booking)
    assert _snapshot() == before


@pytest.mark.parametrize(
    "status", [BookingStatus.EXPIRED, BookingStatus.CANCELLED, BookingStatus.DRAFT]
)
def test_confirm_of_a_closed_booking_is_refused(status):
    booking = _start()
    Booking.objects.filter(pk=booking.pk).update(status=status)
    before = _snapshot()
    with pytest.raises(InvalidTransition):
        booking_confirm(booking=booking)
    assert _snapshot() == before


def test_paid_in_full_only_when_every_payment_succeeded():
    booking = booking_confirm(
        booking=booking_checkout(booking=_start(), payment_method=PaymentMethod.CARD)
    )
    Payment.objects.filter(booking=booking, kind=PaymentKind.DEPOSIT).update(
        status=PaymentStatus.SUCCEEDED
    )
    assert booking_mark_paid_if_settled(booking=booking).status == BookingStatus.CONFIRMED
    Payment.objects.filter(booking=booking).update(status=PaymentStatus.SUCCEEDED)
    assert booking_mark_paid_if_settled(booking=booking).status == BookingStatus.PAID
    audits = AuditEntry.objects.count()
    booking_mark_paid_if_settled(booking=booking)
    assert AuditEntry.objects.count() == audits


# --------------------------------------------------------------------------- expire


def test_a_lapsed_hold_expires_once_and_tells_the_contact():
    booking = booking_checkout(booking=_start(), payment_method=PaymentMethod.CARD)
    _lapse(booking)
    booking = booking_expire(booking=booking)
    assert booking.status == BookingStatus.EXPIRED
    assert set(Payment.objects.filter(booking=booking).values_list("status", flat=True)) == {
        PaymentStatus.CANCELED
    }
    assert OutboxMessage.objects.filter(kwargs__template="hold_expired").count() == 1
    before = _snapshot()
    booking_expire(booking=booking)
    assert _snapshot() == before


def test_an_active_hold_or_a_confirmed_booking_does_not_expire():
    active = _start()
    confirmed = booking_checkout(booking=_start(), payment_method=PaymentMethod.INVOICE)
    before = _snapshot()
    booking_expire(booking=active)
    booking_expire(booking=confirmed)
    assert _snapshot() == before


def test_holds_expire_due_runs_twice_and_expires_once():
    lapsed = [_start() for _ in range(3)]
    for booking in lapsed:
        _lapse(booking)
    _start()
    assert holds_expire_due() == 3
    assert holds_expire_due() == 0
    assert Booking.objects.filter(status=BookingStatus.EXPIRED).count() == 3
