"""State changes of a booking: one function per transition.

Each runs inside a transaction, re-reads what it changes with `select_for_update`,
returns quietly when the change is already done, raises a BookingError when it is not
allowed, writes an audit entry, and sends its e-mails and signals after commit.

Capacity (seats on a departure, rooms in an allotment night) is a hard limit: the rows
that carry the limit are locked before availability is counted, so concurrent
checkouts queue on the same departure or night and never oversell. Locks are per
departure and per allotment night, so different departures proceed in parallel.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from core.outbox import outbox_enqueue
from programmes.enums import DepartureStatus
from programmes.models import Departure, ProgrammePage

from .enums import (
    COMMITTED_STATES,
    HOLDING_STATES,
    BookingKind,
    BookingStatus,
    LineKind,
    Occupancy,
    PaymentMethod,
    PaymentStatus,
)
from .errors import BookingError, InvalidTransition, NoLongerAvailable
from .lifecycle import booking_may, booking_move, booking_open
from .models import (
    Allotment,
    Booking,
    BookingExtra,
    BookingLine,
    BookingPolicy,
    CancellationPolicy,
    Extra,
    Organisation,
    Payment,
    RoomReservation,
    RoomType,
    VatRate,
)
from .pricing import totals
from .selectors import allotment_rooms_taken, booking_payment_plan, departure_seats_taken

EMAIL_TASK = "bookings.tasks.send_booking_email"
COMPLETE_TASK = "bookings.tasks.complete_booking"

logger = logging.getLogger(__name__)


def _locking() -> bool:
    # Test-only switch: the concurrency tests turn locking off once to show that the
    # race they guard against is real.
    return getattr(settings, "BOOKINGS_LOCKING_ENABLED", True)


def _race_window() -> None:
    # Test-only pause between counting and writing, to make races reproducible.
    pause = getattr(settings, "BOOKINGS_TEST_RACE_WINDOW_SECONDS", 0)
    if pause:
        time.sleep(pause)


def _lock(queryset):
    # `of=("self",)`: lock only the resource's own row. Without it PostgreSQL also locks
    # every row joined by select_related (the programme page of a departure), and all the
    # departures of one programme would queue behind each other (bench/, lock_scaling).
    return queryset.select_for_update(of=("self",)) if _locking() else queryset


def _vat(code: str, fallback: str) -> Decimal:
    rate = VatRate.objects.filter(code=code).values_list("rate", flat=True).first()
    return rate if rate is not None else Decimal(fallback)


def general_vat() -> Decimal:
    return _vat("general", "25.5")


def accommodation_vat() -> Decimal:
    return _vat("accommodation", "14")


def _email(booking: Booking, template: str, **extra) -> None:
    outbox_enqueue(task=EMAIL_TASK, booking_id=booking.pk, template=template, **extra)


def booking_totals(booking: Booking):
    return totals(booking.lines.all())


# --------------------------------------------------------------------------- start


def booking_start(
    *,
    departure: Departure,
    organisation: Organisation,
    contact,
    participants_count: int,
    language: str = "en",
) -> Booking:
    """Hold seats on a scheduled departure for a delegation during checkout.

    Side effects: a HELD booking with a programme line priced by group-size tier, an
    audit entry. The hold lapses after BookingPolicy.hold_minutes.
    Raises NoLongerAvailable when the seats are gone, BookingError on bad input.
    """
    policy = BookingPolicy.load()
    with transaction.atomic():
        departure = _lock(Departure.objects.select_related("page")).get(pk=departure.pk)
        programme: ProgrammePage = departure.page
        if (
            departure.status != DepartureStatus.SCHEDULED
            or departure.start_date <= timezone.localdate()
        ):
            raise BookingError(_("This departure can no longer be booked."))
        if not programme.group_size_min <= participants_count <= programme.group_size_max:
            raise BookingError(
                _("This programme takes groups of %(min)s to %(max)s participants.")
                % {"min": programme.group_size_min, "max": programme.group_size_max}
            )
        if not organisation.members.filter(pk=contact.pk).exists():
            raise BookingError(_("You can only book for an organisation you belong to."))
        price = programme.price_for_group(participants_count)
        if price is None:
            raise BookingError(_("There is no price for a group of this size."))

        taken = departure_seats_taken(departure_id=departure.pk)
        _race_window()
        if taken + participants_count > departure.seats:
            raise NoLongerAvailable(
                _("Only %(left)s seats are left on this departure.")
                % {"left": max(departure.seats - taken, 0)}
            )
        booking = booking_open(
            action="hold",
            actor=contact,
            data={"seats": participants_count, "departure": departure.pk},
            kind=BookingKind.DEPARTURE,
            organisation=organisation,
            contact=contact,
            programme=programme,
            departure=departure,
            participants_count=participants_count,
            start_date=departure.start_date,
            end_date=departure.end_date,
            language=language,
            hold_expires_at=timezone.now() + datetime.timedelta(minutes=policy.hold_minutes),
            participant_deadline=departure.start_date
            - datetime.timedelta(days=policy.participant_details_days),
            cancellation_policy=CancellationPolicy.objects.filter(is_default=True).first(),
        )
        BookingLine.objects.create(
            booking=booking,
            kind=LineKind.PROGRAMME,
            description=f"{programme.title} ({departure.start_date:%d.%m.%Y})",
            quantity=Decimal(participants_count),
            unit_price=price,
            vat_rate=general_vat(),
            position=0,
        )
    return booking


def _editable(booking: Booking) -> Booking:
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if booking.status not in HOLDING_STATES or not booking.hold_is_active:
        raise InvalidTransition(
            _("Your hold on this booking has expired. Please start again.")
            if booking.status in HOLDING_STATES or booking.status == BookingStatus.EXPIRED
            else None
        )
    return booking


@dataclass(frozen=True)
class RoomRequest:
    room_type: RoomType
    occupancy: str
    rooms: int


def booking_set_accommodation(
    *,
    booking: Booking,
    requests: Iterable[RoomRequest],
    arrival: datetime.date,
    departure: datetime.date,
    actor=None,
) -> Booking:
    """Hold rooms for each night from arrival to the night before departure.

    Replaces the booking's earlier room choice. Every allotment night involved is
    locked (in id order, so two checkouts never deadlock) before rooms are counted.
    Raises NoLongerAvailable when a night is full or past its release date.
    """
    requests = [r for r in requests if r.rooms > 0]
    if departure <= arrival and requests:
        raise BookingError(_("Departure must be after arrival."))
    nights = [arrival + datetime.timedelta(days=n) for n in range((departure - arrival).days)]
    today = timezone.localdate()
    with transaction.atomic():
        booking = _editable(booking)
        booking.rooms.all().delete()
        booking.lines.filter(kind=LineKind.ACCOMMODATION).delete()
        # Single and double rooms of one type share the type's allotment for the night:
        # they are counted together against it.
        wanted: dict[tuple[int, datetime.date], list[RoomRequest]] = {}
        for request in requests:
            for night in nights:
                wanted.setdefault((request.room_type.pk, night), []).append(request)
        allotments = list(
            _lock(Allotment.objects.select_related("room_type__hotel", "room_type__vat_rate"))
            .filter(room_type_id__in={r.room_type.pk for r in requests}, night__in=nights)
            .order_by("pk")
        )
        found = {(a.room_type_id, a.night): a for a in allotments}
        for key, group in sorted(wanted.items(), key=lambda kv: (kv[0][1], kv[0][0])):
            allotment = found.get(key)
            room_type = group[0].room_type
            if allotment is None or allotment.release_date < today:
                raise NoLongerAvailable(
                    _("%(room)s is not available on the night of %(night)s.")
                    % {"room": room_type, "night": key[1].strftime("%d.%m.%Y")}
                )
            taken = allotment_rooms_taken(allotment_id=allotment.pk, exclude_booking_id=booking.pk)
            _race_window()
            if taken + sum(r.rooms for r in group) > allotment.rooms:
                raise NoLongerAvailable(
                    _("Only %(left)s rooms of %(room)s are left on the night of %(night)s.")
                    % {
                        "left": max(allotment.rooms - taken, 0),
                        "room": room_type,
                        "night": allotment.night.strftime("%d.%m.%Y"),
                    }
                )
            for request in group:
                RoomReservation.objects.create(
                    booking=booking,
                    allotment=allotment,
                    occupancy=request.occupancy,
                    rooms=request.rooms,
                )
        position = 10
        for request in requests:
            room_type = request.room_type
            label = Occupancy(request.occupancy).label
            BookingLine.objects.create(
                booking=booking,
                kind=LineKind.ACCOMMODATION,
                description=f"{room_type}, {label}, {len(nights)} × {request.rooms}",
                quantity=Decimal(len(nights) * request.rooms),
                unit_price=room_type.price_for(request.occupancy),
                vat_rate=room_type.vat_rate.rate,
                position=position,
            )
            position += 1
        audit_record(
            subject=booking,
            action="accommodation",
            actor=actor,
            data={
                "arrival": arrival.isoformat(),
                "departure": departure.isoformat(),
                "rooms": [[r.room_type.pk, r.occupancy, r.rooms] for r in requests],
            },
        )
    return booking


def booking_set_extras(*, booking: Booking, quantities: dict[Extra, int], actor=None) -> Booking:
    """Replace the booking's extras with `quantities` (extra -> count; 0 removes it)."""
    with transaction.atomic():
        booking = _editable(booking)
        booking.extras.all().delete()
        booking.lines.filter(kind=LineKind.EXTRA).delete()
        days = (booking.end_date - booking.start_date).days + 1
        position = 50
        for extra, quantity in sorted(quantities.items(), key=lambda kv: kv[0].pk):
            if quantity <= 0:
                continue
            if not extra.active:
                raise BookingError(_("%(extra)s is no longer offered.") % {"extra": extra.name})
            BookingExtra.objects.create(booking=booking, extra=extra, quantity=quantity)
            multiplier = {"booking": 1, "person": booking.participants_count, "day": days}[
                extra.unit
            ]
            BookingLine.objects.create(
                booking=booking,
                kind=LineKind.EXTRA,
                description=extra.name,
                quantity=Decimal(quantity * multiplier),
                unit_price=extra.price,
                vat_rate=extra.vat_rate.rate,
                extra=extra,
                position=position,
            )
            position += 1
        audit_record(
            subject=booking,
            action="extras",
            actor=actor,
            data={str(e.pk): q for e, q in quantities.items()},
        )
    return booking


# --------------------------------------------------------------------------- checkout


def booking_checkout(*, booking: Booking, payment_method: str, actor=None) -> Booking:
    """Finish checkout: card → awaiting payment of the deposit; invoice → confirmed.

    Side effects: the payment plan of bookings.selectors.payment_plan_for (deposit +
    balance for card, or all now when there is no room for a deposit; one invoice
    payment for the whole amount), for invoice an issued invoice and the confirmation e-mail.
    """
    # Cycle: bookings.invoicing.services imports this module (booking_mark_paid_if_settled).
    from .invoicing.services import invoice_issue

    with transaction.atomic():
        booking = _editable(booking)
        if booking.payments.exists():
            return booking
        if payment_method not in (PaymentMethod.CARD, PaymentMethod.INVOICE):
            raise BookingError(_("Choose card or invoice."))
        plan = booking_payment_plan(booking)
        total = plan.total
        payments = [
            Payment.objects.create(
                booking=booking,
                kind=due.kind,
                method=due.method,
                amount=due.amount,
                due_date=due.due_date,
            )
            for due in plan.instalments(payment_method, today=timezone.localdate())
        ]
        if payment_method == PaymentMethod.CARD:
            booking_move(
                booking,
                "checkout_card",
                actor=actor,
                data={"method": payment_method, "total": str(total)},
                changes={"payment_method": payment_method},
            )
            return booking
        payment = payments[0]
        booking_move(
            booking,
            "checkout_invoice",
            actor=actor,
            data={"method": payment_method, "total": str(total)},
            changes={"payment_method": payment_method, "hold_expires_at": None},
        )
        invoice_issue(payment=payment, actor=actor)
    return booking


def booking_confirm(*, booking: Booking, actor=None, reason: str = "") -> Booking:
    """Make a booking's capacity permanent (deposit paid, or a manager confirms).

    Returns quietly when the booking is already confirmed or beyond. A held booking
    whose hold has lapsed must first get its capacity back (bookings.cards.payments handles a
    late payment).
    """
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status in COMMITTED_STATES:
            return booking
        if booking.status not in HOLDING_STATES:
            raise InvalidTransition()
        booking_move(
            booking,
            "confirm",
            actor=actor,
            data={"reason": reason} if reason else None,
            changes={"hold_expires_at": None},
        )
    return booking


def booking_mark_paid_if_settled(*, booking: Booking, actor=None) -> Booking:
    """CONFIRMED → PAID once every payment due has succeeded."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != BookingStatus.CONFIRMED:
            return booking
        if booking.payments.exclude(status=PaymentStatus.SUCCEEDED).exists():
            return booking
        booking_move(booking, "paid_in_full", actor=actor)
    return booking


def booking_expire(*, booking: Booking) -> Booking:
    """A hold that ran out: the booking expires and its seats and rooms are free again.

    Returns quietly when the booking was confirmed meanwhile or already expired.
    """
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status not in HOLDING_STATES or booking.hold_is_active:
            return booking
        booking_move(booking, "hold_expired")
        booking.payments.filter(status=PaymentStatus.PENDING).update(
            status=PaymentStatus.CANCELED, status_changed_at=timezone.now()
        )
    return booking


def booking_complete(*, booking_id: int, actor=None) -> Booking | None:
    """CONFIRMED or PAID → COMPLETED: its visit has ended (visits enqueues this through
    the outbox when a visit completes; bookings never imports visits).

    Returns quietly when the booking is completed already; a booking in any other state
    (cancelled meanwhile) is left as it is and logged. None for an unknown booking.
    """
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(pk=booking_id).first()
        if booking is None or booking.status == BookingStatus.COMPLETED:
            return booking
        if not booking_may(booking, "complete"):
            logger.info(
                "bookings: visit completed for booking %s in %s", booking.pk, booking.status
            )
            return booking
        booking_move(booking, "complete", actor=actor)
    return booking


def holds_expire_due(*, now: datetime.datetime | None = None) -> int:
    """Expire every booking whose hold has run out (Celery beat, every minute)."""
    now = now or timezone.now()
    due = Booking.objects.filter(status__in=HOLDING_STATES, hold_expires_at__lte=now)
    count = 0
    for booking in due.only("pk"):
        if booking_expire(booking=booking).status == BookingStatus.EXPIRED:
            count += 1
    return count
