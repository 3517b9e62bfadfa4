"""Reads for bookings: capacity, what a user may see, the manifest."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Sum, prefetch_related_objects
from django.utils import timezone

from .enums import (
    COMMITTED_STATES,
    HOLDING_STATES,
    BookingKind,
    PaymentKind,
    PaymentMethod,
    PaymentStatus,
)
from .models import Booking, BookingPolicy, Participant, Payment, RoomReservation
from .pricing import split_deposit, totals


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


def departures_seats_taken(departure_ids: list[int]) -> dict[int, int]:
    """Seats sold or held now, per departure, in one query (the programme page's
    "Seats left", through programmes.selectors.register_seats_taken)."""
    rows = (
        Booking.objects.filter(capacity_holding_q(), departure_id__in=list(departure_ids))
        .values("departure_id")
        .annotate(n=Sum("participants_count"))
    )
    return {row["departure_id"]: row["n"] or 0 for row in rows}


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


@dataclass(frozen=True)
class Instalment:
    kind: str  # PaymentKind
    method: str  # PaymentMethod
    amount: Decimal
    due_date: datetime.date


@dataclass(frozen=True)
class PaymentPlan:
    """What a booking will be asked to pay, by card and by invoice (BookingPolicy's terms).

    By card: a deposit now and the balance `balance_due_days` before arrival, but never
    sooner than `balance_min_days` after booking: when the balance would fall due
    sooner, there is no room for a deposit and the whole amount is due now
    (`whole_due_now`, which the card option states plainly).
    By invoice: the whole amount, due `invoice_payment_days` (at least one) after the
    invoice date, never on the day the invoice arrives.
    """

    total: Decimal
    deposit: Decimal
    balance: Decimal
    balance_due: datetime.date | None
    invoice_due: datetime.date
    whole_due_now: bool

    def instalments(self, method: str, *, today: datetime.date) -> list[Instalment]:
        if method == PaymentMethod.INVOICE:
            return [Instalment(PaymentKind.FULL, method, self.total, self.invoice_due)]
        if self.whole_due_now:
            return [Instalment(PaymentKind.FULL, method, self.total, today)]
        return [
            Instalment(PaymentKind.DEPOSIT, method, self.deposit, today),
            Instalment(PaymentKind.BALANCE, method, self.balance, self.balance_due),
        ]


def payment_plan_for(
    *,
    total: Decimal,
    start_date: datetime.date,
    policy: BookingPolicy | None = None,
    today: datetime.date | None = None,
) -> PaymentPlan:
    """The one computation of the payment plan: checkout, quote acceptance and the pages
    that show the plan before the choice all call it."""
    policy = policy or BookingPolicy.load()
    today = today or timezone.localdate()
    balance_due = start_date - datetime.timedelta(days=policy.balance_due_days)
    deposit, balance = split_deposit(total, policy.deposit_percent)
    # No room for a deposit: the balance would fall due sooner than the minimum after
    # booking (or arrival is that close), or the deposit is all or nothing.
    whole_due_now = (
        balance_due < today + datetime.timedelta(days=max(policy.balance_min_days, 1))
        or deposit <= 0
        or balance <= 0
    )
    if whole_due_now:
        deposit, balance, balance_due = total, Decimal("0.00"), None
    invoice_due = today + datetime.timedelta(days=max(policy.invoice_payment_days, 1))
    return PaymentPlan(
        total=total,
        deposit=deposit,
        balance=balance,
        balance_due=balance_due,
        invoice_due=invoice_due,
        whole_due_now=whole_due_now,
    )


def booking_payment_plan(booking: Booking, *, today: datetime.date | None = None) -> PaymentPlan:
    return payment_plan_for(
        total=totals(booking.lines.all()).gross, start_date=booking.start_date, today=today
    )


def booking_amount_paid(booking: Booking) -> Decimal:
    """What the booking's payments have received (refunds are shown apart): summed from
    the payments already fetched where the caller prefetched them (the booking page)."""
    if "payments" in getattr(booking, "_prefetched_objects_cache", {}):
        return sum(
            (p.amount for p in booking.payments.all() if p.status == PaymentStatus.SUCCEEDED),
            Decimal("0.00"),
        )
    paid = booking.payments.filter(status=PaymentStatus.SUCCEEDED).aggregate(s=Sum("amount"))
    return paid["s"] or Decimal("0.00")


def booking_page_rows(booking: Booking) -> Booking:
    """Fetch, once, the rows the booking page reads more than once: its payments (with
    refunds, in due order), its lines (the price table and the totals) and its
    participants (the list and what each still lacks)."""
    prefetch_related_objects(
        [booking],
        Prefetch(
            "payments",
            queryset=Payment.objects.prefetch_related("refunds").order_by("due_date", "pk"),
        ),
        "lines",
        Prefetch("participants", queryset=Participant.objects.order_by("pk")),
    )
    return booking


def bookings_for_user(user) -> QuerySet[Booking]:
    """The bookings a delegation user may see: those of their organisations."""
    if not user.is_authenticated:
        return Booking.objects.none()
    return Booking.objects.filter(organisation__members=user).select_related(
        "organisation", "programme", "departure"
    )
