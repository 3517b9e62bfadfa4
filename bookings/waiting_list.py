"""The waiting list of a full departure: whole delegations, first come first offered.

When seats free up, the first waiting delegation that fits as a whole is offered them:
a HELD booking is made for it at once, so the seats are theirs while the offer runs
(BookingPolicy.waiting_list_offer_hours), and the contact finishes checkout as usual.
A larger delegation ahead in the queue keeps its place until enough seats are free.
The departure row is locked while seats are counted, as in checkout, so an offer
never oversells.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from core.outbox import outbox_enqueue
from programmes.enums import DepartureStatus
from programmes.models import Departure

from .enums import (
    COMMITTED_STATES,
    HOLDING_STATES,
    BookingKind,
    BookingStatus,
    LineKind,
    WaitingStatus,
)
from .errors import BookingError, InvalidTransition
from .lifecycle import booking_open
from .models import (
    Booking,
    BookingLine,
    BookingPolicy,
    CancellationPolicy,
    Organisation,
    WaitingListEntry,
)
from .selectors import departure_seats_taken
from .services import _locking, booking_expire, general_vat
from .services import _race_window as pause

logger = logging.getLogger(__name__)

EMAIL_TASK = "bookings.tasks.send_booking_email"
ACTIVE_STATES = (WaitingStatus.WAITING, WaitingStatus.OFFERED)


def _lock_departure(departure: Departure) -> Departure:
    queryset = Departure.objects.select_related("page")
    # The test-only switch of services: the race tests show the race without the lock.
    if _locking():
        queryset = queryset.select_for_update(of=("self",))
    return queryset.get(pk=departure.pk)


def _race_window() -> None:
    pause()


def _bookable(departure: Departure) -> bool:
    return (
        departure.status == DepartureStatus.SCHEDULED
        and departure.start_date > timezone.localdate()
    )


def waiting_list_join(
    *,
    departure: Departure,
    organisation: Organisation,
    contact,
    participants_count: int,
    language: str = "en",
) -> WaitingListEntry:
    """Put a whole delegation on the waiting list of a departure that is full for it.

    Joining twice returns the organisation's entry that is already waiting.
    Side effects: the entry and an audit entry.
    Raises BookingError when there are enough seats to book directly, when the group
    size or organisation does not fit, or when the departure can no longer be booked.
    """
    with transaction.atomic():
        departure = _lock_departure(departure)
        programme = departure.page
        if not _bookable(departure):
            raise BookingError(_("This departure can no longer be booked."))
        if not organisation.members.filter(pk=contact.pk).exists():
            raise BookingError(_("You can only book for an organisation you belong to."))
        if not programme.group_size_min <= participants_count <= programme.group_size_max:
            raise BookingError(
                _("This programme takes groups of %(min)s to %(max)s participants.")
                % {"min": programme.group_size_min, "max": programme.group_size_max}
            )
        if programme.price_for_group(participants_count) is None:
            raise BookingError(_("There is no price for a group of this size."))
        existing = WaitingListEntry.objects.filter(
            departure=departure, organisation=organisation, status__in=ACTIVE_STATES
        ).first()
        if existing is not None:
            return existing
        left = departure.seats - departure_seats_taken(departure_id=departure.pk)
        if participants_count <= left:
            raise BookingError(
                _("There are still enough seats on this departure: please book directly.")
            )
        entry = WaitingListEntry.objects.create(
            departure=departure,
            organisation=organisation,
            contact=contact,
            participants_count=participants_count,
            language=language,
        )
        audit_record(
            subject=entry,
            action="waiting_list_join",
            actor=contact,
            to_state=WaitingStatus.WAITING,
            data={"participants": participants_count, "departure": departure.pk},
        )
    return entry


def waiting_list_withdraw(*, entry: WaitingListEntry, actor) -> WaitingListEntry:
    """Leave the waiting list. An offered booking is left to its own hold to lapse.

    Side effects: status WITHDRAWN and an audit entry. Withdrawing twice changes nothing.
    Raises InvalidTransition for an entry whose offer was accepted or expired.
    """
    with transaction.atomic():
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == WaitingStatus.WITHDRAWN:
            return entry
        if entry.status not in ACTIVE_STATES:
            raise InvalidTransition()
        from_state = entry.status
        entry.status = WaitingStatus.WITHDRAWN
        entry.save(update_fields=["status"])
        audit_record(
            subject=entry,
            action="waiting_list_withdraw",
            actor=actor,
            from_state=from_state,
            to_state=WaitingStatus.WITHDRAWN,
        )
    return entry


def _booking_hold_for_offer(
    *, entry: WaitingListEntry, departure: Departure, policy: BookingPolicy
) -> Booking:
    """A HELD booking for a waiting delegation, priced as checkout prices it.

    The caller holds the departure lock and has counted the seats.
    """

    programme = departure.page
    price = programme.price_for_group(entry.participants_count)
    if price is None:
        raise BookingError(_("There is no price for a group of this size."))
    if not entry.organisation.members.filter(pk=entry.contact_id).exists():
        raise BookingError(_("You can only book for an organisation you belong to."))
    booking = booking_open(
        action="hold",
        data={
            "seats": entry.participants_count,
            "departure": departure.pk,
            "waiting_list_entry": entry.pk,
        },
        kind=BookingKind.DEPARTURE,
        organisation=entry.organisation,
        contact=entry.contact,
        programme=programme,
        departure=departure,
        participants_count=entry.participants_count,
        start_date=departure.start_date,
        end_date=departure.end_date,
        language=entry.language,
        hold_expires_at=timezone.now() + datetime.timedelta(hours=policy.waiting_list_offer_hours),
        participant_deadline=departure.start_date
        - datetime.timedelta(days=policy.participant_details_days),
        cancellation_policy=CancellationPolicy.objects.filter(is_default=True).first(),
    )
    BookingLine.objects.create(
        booking=booking,
        kind=LineKind.PROGRAMME,
        description=f"{programme.title} ({departure.start_date:%d.%m.%Y})",
        quantity=entry.participants_count,
        unit_price=price,
        vat_rate=general_vat(),
        position=0,
    )
    return booking


def waiting_list_offer_next(*, departure: Departure) -> WaitingListEntry | None:
    """Offer the free seats to the first waiting delegation that fits as a whole.

    Larger delegations ahead in the queue are skipped (they keep their place). An entry
    that can no longer be served (its contact left the organisation, no price for its
    size) is withdrawn with an audit entry and the next one is tried.
    Side effects: a HELD booking for the delegation (hold = the offer's validity),
    the entry OFFERED with an audit entry, and the `waiting_list_offer` e-mail.
    Returns the offered entry, or None when nothing was offered.
    """
    policy = BookingPolicy.load()
    with transaction.atomic():
        departure = _lock_departure(departure)
        if not _bookable(departure):
            return None
        free = departure.seats - departure_seats_taken(departure_id=departure.pk)
        _race_window()
        if free <= 0:
            return None
        candidates = (
            WaitingListEntry.objects.select_for_update(of=("self",))
            .filter(
                departure=departure,
                status=WaitingStatus.WAITING,
                participants_count__lte=free,
            )
            .select_related("organisation", "contact")
            .order_by("created_at", "pk")
        )
        for entry in candidates:
            try:
                with transaction.atomic():
                    booking = _booking_hold_for_offer(
                        entry=entry, departure=departure, policy=policy
                    )
            except BookingError as exc:
                entry.status = WaitingStatus.WITHDRAWN
                entry.save(update_fields=["status"])
                audit_record(
                    subject=entry,
                    action="waiting_list_withdraw",
                    from_state=WaitingStatus.WAITING,
                    to_state=WaitingStatus.WITHDRAWN,
                    data={"reason": str(exc.message)},
                )
                continue
            entry.status = WaitingStatus.OFFERED
            entry.offered_booking = booking
            entry.offer_expires_at = booking.hold_expires_at
            entry.save(update_fields=["status", "offered_booking", "offer_expires_at"])
            audit_record(
                subject=entry,
                action="waiting_list_offer",
                from_state=WaitingStatus.WAITING,
                to_state=WaitingStatus.OFFERED,
                data={"booking": booking.reference, "free_seats": free},
            )
            outbox_enqueue(
                task=EMAIL_TASK,
                booking_id=booking.pk,
                template="waiting_list_offer",
                offer_expires_at=booking.hold_expires_at.isoformat(),
            )
            return entry
    return None


def waiting_list_offers_fill(*, departure: Departure) -> list[WaitingListEntry]:
    """Offer free seats to as many waiting delegations as fit, one offer at a time."""
    offered = []
    while (entry := waiting_list_offer_next(departure=departure)) is not None:
        offered.append(entry)
    return offered


def _settle_offer(entry_id: int, *, now: datetime.datetime) -> tuple[str, int] | None:
    """Mark one offered entry ACCEPTED or EXPIRED as its booking says. Returns the new
    status and the departure id, or None when the offer is still open."""

    booking_id = (
        WaitingListEntry.objects.filter(pk=entry_id)
        .values_list("offered_booking_id", flat=True)
        .first()
    )
    with transaction.atomic():
        # Booking before entry, the order booking_cancel takes them in: no deadlock.
        if booking_id:
            Booking.objects.select_for_update().filter(pk=booking_id).first()
        entry = (
            WaitingListEntry.objects.select_for_update(of=("self",))
            .select_related("offered_booking")
            .get(pk=entry_id)
        )
        if entry.status != WaitingStatus.OFFERED:
            return None
        booking = entry.offered_booking
        if booking is not None:
            if booking.status in HOLDING_STATES and not booking.hold_is_active:
                booking = booking_expire(booking=booking)
            if booking.status in COMMITTED_STATES:
                to = WaitingStatus.ACCEPTED
            elif booking.status in HOLDING_STATES and booking.hold_is_active:
                return None
            else:
                to = WaitingStatus.EXPIRED
        elif entry.offer_expires_at and entry.offer_expires_at > now:
            return None
        else:
            to = WaitingStatus.EXPIRED
        entry.status = to
        entry.save(update_fields=["status"])
        audit_record(
            subject=entry,
            action="waiting_list_accept" if to == WaitingStatus.ACCEPTED else "waiting_list_expire",
            from_state=WaitingStatus.OFFERED,
            to_state=to,
            data={"booking": booking.reference if booking else None},
        )
        return to, entry.departure_id


def waiting_list_offers_expire(*, now: datetime.datetime | None = None) -> int:
    """Celery beat: settle offers, then offer the seats that became free.

    - an offer whose booking was confirmed becomes ACCEPTED;
    - an offer past its time becomes EXPIRED, and its held booking expires through
      services.booking_expire (which sends the `hold_expired` e-mail);
    - waiting entries of departures that can no longer be booked become EXPIRED;
    - every departure with delegations waiting gets its free seats offered, which also
      heals a cancellation whose after-commit offer was lost.
    Running it twice changes nothing the second time. Returns the number of expired
    offers.
    """
    now = now or timezone.now()
    expired = 0
    offered = WaitingListEntry.objects.filter(status=WaitingStatus.OFFERED)
    due = offered.filter(offer_expires_at__lte=now) | offered.filter(
        offered_booking__status__in=[
            *COMMITTED_STATES,
            BookingStatus.CANCELLED,
            BookingStatus.EXPIRED,
        ]
    )
    for entry_id in due.values_list("pk", flat=True).distinct():
        result = _settle_offer(entry_id, now=now)
        if result and result[0] == WaitingStatus.EXPIRED:
            expired += 1

    stale = WaitingListEntry.objects.filter(status=WaitingStatus.WAITING).exclude(
        departure__status=DepartureStatus.SCHEDULED,
        departure__start_date__gt=timezone.localdate(),
    )
    for entry_id in stale.values_list("pk", flat=True):
        with transaction.atomic():
            entry = WaitingListEntry.objects.select_for_update().get(pk=entry_id)
            if entry.status != WaitingStatus.WAITING:
                continue
            entry.status = WaitingStatus.EXPIRED
            entry.save(update_fields=["status"])
            audit_record(
                subject=entry,
                action="waiting_list_expire",
                from_state=WaitingStatus.WAITING,
                to_state=WaitingStatus.EXPIRED,
                data={"reason": "departure closed"},
            )

    departure_ids = (
        WaitingListEntry.objects.filter(status=WaitingStatus.WAITING)
        .values_list("departure_id", flat=True)
        .distinct()
    )
    for departure in Departure.objects.filter(pk__in=list(departure_ids)):
        try:
            waiting_list_offers_fill(departure=departure)
        except Exception:  # noqa: BLE001 - one departure must not stop the others
            logger.exception("waiting list: offering seats of departure %s failed", departure.pk)
    return expired
