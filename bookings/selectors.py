"""Reads for bookings: capacity, what a user may see, the manifest."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from .enums import COMMITTED_STATES, HOLDING_STATES, BookingKind
from .models import Booking, RoomReservation


def capacity_holding_q(prefix: str = "", now: datetime.datetime | None = None) -> Q:
    """Bookings whose capacity counts now: committed, or held with a hold still running."""
    now = now or timezone.now()
    return Q(**{f"{prefix}status__in": COMMITTED_STATES}) | Q(
        **{f"{prefix}status__in": HOLDING_STATES, f"{prefix}hold_expires_at__gt": now}
    )


def departure_seats_taken(*, departure_id: int, exclude_booking_id: int | None = None) -> int:
    queryset = Booking.objects.filter(capacity_holding_q(), departure_id=departure_id)
    if exclude_booking_id:
        queryset = queryset.exclude(pk=exclude_booking_id)
    return queryset.aggregate(n=Sum("participants_count"))["n"] or 0


def departure_seats_left(*, departure) -> int:
    return max(departure.seats - departure_seats_taken(departure_id=departure.pk), 0)


def allotment_rooms_taken(*, allotment_id: int, exclude_booking_id: int | None = None) -> int:
    queryset = RoomReservation.objects.filter(
        capacity_holding_q("booking__"), allotment_id=allotment_id
    )
    if exclude_booking_id:
        queryset = queryset.exclude(booking_id=exclude_booking_id)
    return queryset.aggregate(n=Sum("rooms"))["n"] or 0


def booking_hold_running(booking: Booking) -> bool:
    """A booking that waits for its payment and still owns what it holds: its hold
    runs, or it holds no shared capacity at all (an accepted tailored quote: its
    programme is made for it, so no hold is set and none runs out)."""
    if booking.status not in HOLDING_STATES:
        return False
    if booking.hold_expires_at is None:
        return booking.kind == BookingKind.TAILORED
    return booking.hold_is_active


def bookings_for_user(user) -> QuerySet[Booking]:
    """The bookings a delegation user may see: those of their organisations."""
    if not user.is_authenticated:
        return Booking.objects.none()
    return Booking.objects.filter(organisation__members=user).select_related(
        "organisation", "programme", "departure"
    )
