"""The waiting list: whole delegations, first that fits is offered, offers run out."""

import datetime
import threading

import pytest
from django.db import connections
from django.utils import timezone

from bookings.cancellation import booking_cancel
from bookings.enums import BookingStatus, WaitingStatus
from bookings.errors import BookingError, InvalidTransition
from bookings.models import Booking, BookingPolicy, WaitingListEntry
from bookings.selectors import departure_seats_taken
from bookings.services import booking_checkout, booking_start
from bookings.waiting_list import (
    waiting_list_join,
    waiting_list_offer_next,
    waiting_list_offers_expire,
    waiting_list_withdraw,
)
from core.models import AuditEntry, OutboxMessage

from .factories import default_policy, make_delegation, make_departure, vat_rates

pytestmark = pytest.mark.django_db


def _confirmed(departure, participants: int) -> Booking:
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=participants,
    )
    return booking_checkout(booking=booking, payment_method="invoice")


def _full_departure(*sizes: int):
    vat_rates()
    default_policy()
    departure = make_departure(seats=sum(sizes), days_ahead=90)
    return departure, [_confirmed(departure, n) for n in sizes]


def _join(departure, participants: int) -> WaitingListEntry:
    organisation, contact = make_delegation()
    return waiting_list_join(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=participants,
        language="fi",
    )


def _entries(*entries):
    return [WaitingListEntry.objects.get(pk=e.pk).status for e in entries]


# --------------------------------------------------------------------------- join


def test_join_a_full_departure():
    departure, _ = _full_departure(6, 2)
    entry = _join(departure, 3)
    assert entry.status == WaitingStatus.WAITING
    assert entry.language == "fi"
    assert AuditEntry.objects.filter(action="waiting_list_join").count() == 1


def test_join_only_when_the_group_does_not_fit():
    vat_rates()
    departure = make_departure(seats=10, days_ahead=90)
    _confirmed(departure, 8)
    assert _join(departure, 3).status == WaitingStatus.WAITING  # 2 left: full for 3
    audits = AuditEntry.objects.count()
    with pytest.raises(BookingError, match="book directly"):
        _join(departure, 2)
    assert WaitingListEntry.objects.count() == 1
    assert AuditEntry.objects.count() == audits


def test_joining_twice_keeps_one_entry():
    departure, _ = _full_departure(6)
    organisation, contact = make_delegation()
    kwargs = {
        "departure": departure,
        "organisation": organisation,
        "contact": contact,
        "participants_count": 3,
    }
    first = waiting_list_join(**kwargs)
    assert waiting_list_join(**kwargs) == first
    assert WaitingListEntry.objects.count() == 1


@pytest.mark.parametrize("case", ["not_member", "too_large", "past"])
def test_join_refusals_change_nothing(case):
    departure, _ = _full_departure(6)
    organisation, contact = make_delegation()
    size = 3
    if case == "not_member":
        organisation.members.remove(contact)
    elif case == "too_large":
        size = 31
    else:
        departure.start_date = timezone.localdate()
        departure.save()
    audits = AuditEntry.objects.count()
    with pytest.raises(BookingError):
        waiting_list_join(
            departure=departure,
            organisation=organisation,
            contact=contact,
            participants_count=size,
        )
    assert WaitingListEntry.objects.count() == 0
    assert AuditEntry.objects.count() == audits


# --------------------------------------------------------------------------- offers


def test_a_freed_seat_goes_to_the_first_delegation_that_fits(django_capture_on_commit_callbacks):
    departure, (big, small) = _full_departure(6, 4)
    too_large = _join(departure, 5)
    fits = _join(departure, 3)
    also_fits_but_later = _join(departure, 2)
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=small, actor=None)
    # 4 free: the 5 keep their place, the 3 are offered, 1 seat is left for nobody.
    assert _entries(too_large, fits, also_fits_but_later) == [
        WaitingStatus.WAITING,
        WaitingStatus.OFFERED,
        WaitingStatus.WAITING,
    ]
    fits.refresh_from_db()
    offer = fits.offered_booking
    assert offer.status == BookingStatus.HELD
    assert offer.participants_count == 3 and offer.contact == fits.contact
    assert offer.language == "fi"
    hours = BookingPolicy.load().waiting_list_offer_hours
    expected = timezone.now() + datetime.timedelta(hours=hours)
    assert abs((offer.hold_expires_at - expected).total_seconds()) < 60
    assert fits.offer_expires_at == offer.hold_expires_at
    assert offer.lines.get().quantity == 3
    assert departure_seats_taken(departure_id=departure.pk) == 9
    assert OutboxMessage.objects.filter(
        kwargs__template="waiting_list_offer", kwargs__booking_id=offer.pk
    ).exists()


def test_no_offer_without_free_seats_or_waiting_delegations():
    departure, _ = _full_departure(6)
    assert waiting_list_offer_next(departure=departure) is None
    _join(departure, 2)
    assert waiting_list_offer_next(departure=departure) is None
    other = make_departure(seats=10)
    assert waiting_list_offer_next(departure=other) is None


def test_a_delegation_that_cannot_be_served_is_withdrawn_and_the_next_offered():
    departure, (booking,) = _full_departure(6)
    gone = _join(departure, 2)
    gone.organisation.members.remove(gone.contact)
    nxt = _join(departure, 2)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    assert waiting_list_offer_next(departure=departure) == nxt
    assert _entries(gone, nxt) == [WaitingStatus.WITHDRAWN, WaitingStatus.OFFERED]


def test_expired_offer_goes_to_the_next_delegation_and_twice_changes_nothing():
    departure, (big, small) = _full_departure(6, 4)
    too_large = _join(departure, 5)
    first = _join(departure, 4)
    second = _join(departure, 3)
    Booking.objects.filter(pk=small.pk).update(status=BookingStatus.CANCELLED)
    assert waiting_list_offer_next(departure=departure) == first
    first.refresh_from_db()
    past = timezone.now() - datetime.timedelta(minutes=1)
    Booking.objects.filter(pk=first.offered_booking_id).update(hold_expires_at=past)
    WaitingListEntry.objects.filter(pk=first.pk).update(offer_expires_at=past)

    assert waiting_list_offers_expire() == 1
    assert _entries(too_large, first, second) == [
        WaitingStatus.WAITING,
        WaitingStatus.EXPIRED,
        WaitingStatus.OFFERED,
    ]
    assert Booking.objects.get(pk=first.offered_booking_id).status == BookingStatus.EXPIRED

    audits, outbox = AuditEntry.objects.count(), OutboxMessage.objects.count()
    assert waiting_list_offers_expire() == 0
    assert AuditEntry.objects.count() == audits
    assert OutboxMessage.objects.count() == outbox


def test_an_offer_taken_up_becomes_accepted():
    departure, (booking,) = _full_departure(6)
    entry = _join(departure, 6)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    waiting_list_offer_next(departure=departure)
    entry.refresh_from_db()
    booking_checkout(booking=entry.offered_booking, payment_method="invoice")
    waiting_list_offers_expire()
    entry.refresh_from_db()
    assert entry.status == WaitingStatus.ACCEPTED


def test_an_open_offer_is_left_alone():
    departure, (booking,) = _full_departure(6)
    entry = _join(departure, 6)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    waiting_list_offer_next(departure=departure)
    audits = AuditEntry.objects.count()
    assert waiting_list_offers_expire() == 0
    assert _entries(entry) == [WaitingStatus.OFFERED]
    assert AuditEntry.objects.count() == audits


def test_waiting_entries_of_a_departure_that_started_expire():
    departure, _ = _full_departure(6)
    entry = _join(departure, 2)
    departure.start_date = timezone.localdate()
    departure.save()
    waiting_list_offers_expire()
    assert _entries(entry) == [WaitingStatus.EXPIRED]


def test_the_beat_offers_seats_a_lost_after_commit_call_left_behind():
    departure, (booking,) = _full_departure(6)
    entry = _join(departure, 2)
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.CANCELLED)
    waiting_list_offers_expire()
    assert _entries(entry) == [WaitingStatus.OFFERED]


# --------------------------------------------------------------------------- withdraw


def test_withdraw_and_withdraw_again():
    departure, _ = _full_departure(6)
    entry = _join(departure, 2)
    entry = waiting_list_withdraw(entry=entry, actor=entry.contact)
    assert entry.status == WaitingStatus.WITHDRAWN
    audits = AuditEntry.objects.count()
    waiting_list_withdraw(entry=entry, actor=entry.contact)
    assert AuditEntry.objects.count() == audits


def test_withdrawing_an_accepted_entry_is_refused():
    departure, _ = _full_departure(6)
    entry = _join(departure, 2)
    WaitingListEntry.objects.filter(pk=entry.pk).update(status=WaitingStatus.ACCEPTED)
    with pytest.raises(InvalidTransition):
        waiting_list_withdraw(entry=entry, actor=entry.contact)
    assert _entries(entry) == [WaitingStatus.ACCEPTED]


# --------------------------------------------------------------------------- concurrency


def _offer_race(settings, *, locking: bool) -> tuple[list[str], list[str], int]:
    """Twenty workers offer the same 3 free seats at once."""
    settings.BOOKINGS_LOCKING_ENABLED = locking
    settings.BOOKINGS_TEST_RACE_WINDOW_SECONDS = 0.05
    vat_rates()
    default_policy()
    departure = make_departure(seats=10, days_ahead=90)
    first = _confirmed(departure, 3)
    _confirmed(departure, 7)
    entries = [_join(departure, 3) for _ in range(5)]
    Booking.objects.filter(pk=first.pk).update(status=BookingStatus.CANCELLED)

    clients = 20
    barrier = threading.Barrier(clients)
    errors = []

    def run():
        try:
            barrier.wait()
            waiting_list_offer_next(departure=departure)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors, _entries(*entries), departure_seats_taken(departure_id=departure.pk)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_without_the_lock_concurrent_offers_oversell(settings):
    _errors, statuses, taken = _offer_race(settings, locking=False)
    assert statuses.count(WaitingStatus.OFFERED) > 1, "the unlocked race should oversell"
    assert taken > 10


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_offers_never_oversell(settings):
    errors, statuses, taken = _offer_race(settings, locking=True)
    assert errors == []
    assert statuses == [WaitingStatus.OFFERED] + [WaitingStatus.WAITING] * 4  # the first
    assert taken == 10
