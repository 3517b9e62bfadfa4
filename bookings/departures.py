"""The one way a departure's capacity, dates and status change (the back office's actions).

A departure is a row of the programmes app (programmes.models.Departure) that bookings
sell seats on; the programme page editor only shows departures. Each service here runs
in one transaction and first locks the departure (`select_for_update`, of the row only),
the same row `booking_start` locks before it counts seats, so a manager's change and a
delegation's hold are serialised and seats sold can never exceed seats. Then, following
the project's lock order (core.transitions): the departure's bookings (by id), then
their allotment nights (by id). Every change writes an audit entry on the departure.

- `departure_add`: a new scheduled departure on the programme's original page.
- `departure_change_seats`: refused below the seats sold or held.
- `departure_move`: new start date; the bookings on it (not cancelled, expired or
  completed) move with it, rooms included (refused when the shifted nights have no room),
  and each moved booking's visit follows through the outbox (bookings.tasks
  `announce_booking_moved` sends `booking_dates_changed`; visits answers it).
- `departure_cancel`: no more sales; the bookings on it stay for the manager to cancel
  or move one by one (their refunds follow the cancellation policy's own service).
- `departure_delete`: only a departure nobody ever booked; any other is cancelled instead.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from core.outbox import outbox_enqueue
from programmes.enums import DepartureStatus
from programmes.models import Departure, ProgrammePage

from .enums import BookingStatus, LineKind, PaymentKind, PaymentStatus
from .errors import BookingError
from .models import Allotment, Booking, Payment, RoomReservation
from .selectors import capacity_holding_q, departure_seats_taken
from .services import _race_window  # the one test-only pause between count and write

MOVED_TASK = "bookings.tasks.announce_booking_moved"
# Bookings that travel with their departure when it moves: all but the finished ones.
MOVABLE_STATES = (
    BookingStatus.DRAFT,
    BookingStatus.HELD,
    BookingStatus.AWAITING_PAYMENT,
    BookingStatus.CONFIRMED,
    BookingStatus.PAID,
)
MAX_SEATS = 32767  # Departure.seats is a PositiveSmallIntegerField


class DepartureError(BookingError):
    default_message = _("This departure cannot be changed that way.")


def _locking() -> bool:
    # Test-only switch: the concurrency test turns this lock off (and only this one:
    # holds still lock) to show that the race it guards against is real.
    return getattr(settings, "BOOKINGS_DEPARTURE_LOCKING_ENABLED", True)


def _locked(departure_id: int) -> Departure:
    queryset = Departure.objects.select_related("page")
    if _locking():
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=departure_id)


def original_programme(page: ProgrammePage) -> ProgrammePage:
    """The page departures hang off: the programme in the site's default language."""
    original = (
        ProgrammePage.objects.filter(
            translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE
        )
        .exclude(pk=page.pk)
        .first()
    )
    return original or page


def seats_committed_and_held(departure_id: int) -> int:
    """Seats sold or held now (the same count a hold checks against)."""
    return departure_seats_taken(departure_id=departure_id)


def departure_add(
    *, page: ProgrammePage, start_date: datetime.date, seats: int, language: str, actor
) -> Departure:
    if start_date <= timezone.localdate():
        raise DepartureError(_("A new departure must start after today."))
    if not 1 <= seats <= MAX_SEATS:
        raise DepartureError(_("A departure has at least one seat."))
    page = original_programme(page)
    with transaction.atomic():
        departure = Departure.objects.create(
            page=page, start_date=start_date, seats=seats, language=language
        )
        audit_record(
            subject=departure,
            action="departure_add",
            actor=actor,
            to_state=departure.status,
            data={"start_date": start_date.isoformat(), "seats": seats, "language": language},
        )
    return departure


def departure_change_seats(*, departure: Departure, seats: int, actor) -> Departure:
    """Set the seats; refused (nothing changed) below the seats sold or held now."""
    if not 1 <= seats <= MAX_SEATS:
        raise DepartureError(_("A departure has at least one seat."))
    with transaction.atomic():
        departure = _locked(departure.pk)
        taken = seats_committed_and_held(departure.pk)
        _race_window()
        if seats < taken:
            raise DepartureError(
                _(
                    "%(taken)s seats of this departure are sold or held: it cannot have "
                    "fewer than %(taken)s seats."
                )
                % {"taken": taken}
            )
        before = departure.seats
        if before == seats:
            return departure
        departure.seats = seats
        departure.save(update_fields=["seats"])
        audit_record(
            subject=departure,
            action="departure_seats",
            actor=actor,
            data={"from": before, "to": seats, "taken": taken},
        )
    return departure


def departure_move(*, departure: Departure, start_date: datetime.date, actor) -> Departure:
    """Move the departure to a new start date, with its bookings, rooms and visits."""
    today = timezone.localdate()
    with transaction.atomic():
        departure = _locked(departure.pk)
        if departure.status != DepartureStatus.SCHEDULED:
            raise DepartureError(_("A cancelled departure cannot be moved."))
        if departure.start_date <= today:
            raise DepartureError(_("A departure that has started cannot be moved."))
        if start_date <= today:
            raise DepartureError(_("The new start date must be after today."))
        delta = start_date - departure.start_date
        if not delta:
            return departure
        if (
            Departure.objects.filter(page_id=departure.page_id, start_date=start_date)
            .exclude(pk=departure.pk)
            .exists()
        ):
            raise DepartureError(_("This programme already has a departure on that date."))
        bookings = list(
            Booking.objects.select_for_update(of=("self",))
            .filter(departure=departure, status__in=MOVABLE_STATES)
            .order_by("pk")
        )
        _move_rooms(bookings, delta)
        before = departure.start_date
        departure.start_date = start_date
        departure.save(update_fields=["start_date"])
        end_date = departure.end_date
        for booking in bookings:
            booking_before = (booking.start_date.isoformat(), booking.end_date.isoformat())
            booking.start_date = start_date
            booking.end_date = end_date
            fields = ["start_date", "end_date", "updated_at"]
            if booking.participant_deadline:
                booking.participant_deadline += delta
                fields.append("participant_deadline")
            booking.save(update_fields=fields)
            balances = _move_balance_due(booking, delta, today)
            # The programme line names the start date (bookings.services.booking_start);
            # issued invoices keep their own lines and are not rewritten.
            old_label, new_label = f"({before:%d.%m.%Y})", f"({start_date:%d.%m.%Y})"
            for line in booking.lines.filter(kind=LineKind.PROGRAMME):
                if old_label in line.description:
                    line.description = line.description.replace(old_label, new_label)
                    line.save(update_fields=["description"])
            audit_record(
                subject=booking,
                action="departure_moved",
                actor=actor,
                data={
                    "departure": departure.pk,
                    "from": booking_before,
                    "to": (start_date.isoformat(), end_date.isoformat()),
                    "balance_due": balances,
                },
            )
            outbox_enqueue(task=MOVED_TASK, booking_id=booking.pk)
        audit_record(
            subject=departure,
            action="departure_move",
            actor=actor,
            data={
                "from": before.isoformat(),
                "to": start_date.isoformat(),
                "bookings": [b.pk for b in bookings],
            },
        )
    return departure


def _move_balance_due(
    booking: Booking, delta: datetime.timedelta, today: datetime.date
) -> list[tuple[str, str]]:
    """Shift the unpaid balance's due date with the departure (it falls due a set number
    of days before arrival, bookings.selectors.payment_plan_for), never into the past.
    Locks the payments after their booking (the project's lock order, core.transitions).
    Returns (from, to) per payment moved, for the audit entry."""
    moved = []
    for payment in (
        Payment.objects.select_for_update()
        .filter(
            booking=booking,
            kind=PaymentKind.BALANCE,
            status__in=(PaymentStatus.PENDING, PaymentStatus.FAILED),
            due_date__isnull=False,
        )
        .order_by("pk")
    ):
        due = max(payment.due_date + delta, today)
        if due != payment.due_date:
            moved.append((payment.due_date.isoformat(), due.isoformat()))
            payment.due_date = due
            payment.save(update_fields=["due_date"])
    return moved


def _move_rooms(bookings: list[Booking], delta: datetime.timedelta) -> None:
    """Shift the bookings' room reservations by `delta`, onto the same room type's
    allotment nights; refused when a shifted night is missing or full."""
    reservations = list(
        RoomReservation.objects.filter(booking__in=bookings)
        .select_related("allotment__room_type")
        .order_by("pk")
    )
    if not reservations:
        return
    wanted: dict[tuple[int, datetime.date], int] = defaultdict(int)
    for reservation in reservations:
        wanted[(reservation.allotment.room_type_id, reservation.allotment.night + delta)] += (
            reservation.rooms
        )
    targets = list(
        Allotment.objects.select_for_update()
        .filter(
            room_type_id__in={key[0] for key in wanted},
            night__in={key[1] for key in wanted},
        )
        .select_related("room_type")
        .order_by("pk")
    )
    found = {(a.room_type_id, a.night): a for a in targets}
    moving_ids = [b.pk for b in bookings]
    problems = []
    for (room_type_id, night), rooms in sorted(wanted.items(), key=lambda kv: kv[0][1]):
        allotment = found.get((room_type_id, night))
        if allotment is None:
            name = next(
                r.allotment.room_type
                for r in reservations
                if r.allotment.room_type_id == room_type_id
            )
            problems.append(f"{name} {night:%d.%m.%Y}")
            continue
        taken = (
            RoomReservation.objects.filter(
                capacity_holding_q("booking__"), allotment_id=allotment.pk
            )
            .exclude(booking_id__in=moving_ids)
            .aggregate(n=Sum("rooms"))["n"]
            or 0
        )
        if taken + rooms > allotment.rooms:
            problems.append(f"{allotment.room_type} {night:%d.%m.%Y}")
    if problems:
        raise DepartureError(
            _(
                "The bookings' rooms cannot move with the departure: no free rooms on "
                "%(nights)s. Add allotment nights first, or change the bookings' rooms."
            )
            % {"nights": ", ".join(problems)}
        )
    for reservation in reservations:
        target = found[(reservation.allotment.room_type_id, reservation.allotment.night + delta)]
        reservation.allotment = target
        reservation.save(update_fields=["allotment"])


def departure_cancel(*, departure: Departure, actor, reason: str = "") -> Departure:
    """Stop selling the departure. Its bookings stay, each for the manager to cancel
    (bookings.cancellation) or move; the page stops offering the departure."""
    with transaction.atomic():
        departure = _locked(departure.pk)
        if departure.status == DepartureStatus.CANCELLED:
            raise DepartureError(_("This departure is already cancelled."))
        before = departure.status
        departure.status = DepartureStatus.CANCELLED
        departure.save(update_fields=["status"])
        audit_record(
            subject=departure,
            action="departure_cancel",
            actor=actor,
            from_state=before,
            to_state=departure.status,
            data={"reason": reason} if reason else None,
        )
    return departure


def departure_bookings_open(departure: Departure) -> list[Booking]:
    """The bookings on the departure that still stand (what a cancellation leaves)."""
    return list(
        Booking.objects.filter(departure=departure, status__in=MOVABLE_STATES)
        .select_related("organisation")
        .order_by("reference")
    )


def departure_delete(*, departure: Departure, actor) -> None:
    """Delete a departure nobody ever booked; one with bookings is refused."""
    with transaction.atomic():
        departure = _locked(departure.pk)
        if Booking.objects.filter(departure=departure).exists():
            raise DepartureError(
                _(
                    "This departure has bookings and cannot be deleted. Cancel it instead: "
                    "it then stops being sold and its bookings stay on record."
                )
            )
        audit_record(
            subject=departure,
            action="departure_delete",
            actor=actor,
            from_state=departure.status,
            data={"start_date": departure.start_date.isoformat(), "seats": departure.seats},
        )
        departure.delete()
