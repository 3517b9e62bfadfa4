"""The one writer of `Booking.status`: a table of transitions and their side effects.

Every service that moves a booking (checkout, payment, quote, cancellation, expiry, the
visit completing) does its own work and then calls `booking_move` (or `booking_open`
for a new booking) with the name of a transition below. The move locks the booking,
checks the state it is in now, sets the new state, saves, and writes an audit entry
named after the transition; then it sends what the transition sends: its e-mail
through the outbox and its signal, also through the outbox (sent by a task after the
commit, retried until the receivers succeed). Lock order: see core.transitions.
The rules this module keeps for the whole app are written in bookings/__init__.py.

tests/bookings/test_lifecycle.py fails when any other module assigns the status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from core.outbox import outbox_enqueue
from core.transitions import Transition, TransitionTable, transition_apply, transition_create

from . import signals
from .enums import HOLDING_STATES, BookingStatus, PaymentMethod
from .errors import InvalidTransition
from .models import Booking

EMAIL_TASK = "bookings.tasks.send_booking_email"
# Sends a bookings.signals signal after the commit, through the outbox (12.10).
ANNOUNCE_TASK = "bookings.tasks.announce_booking"
# Cancels the booking's live PaymentIntents at Stripe (bookings.cards.payments, 12.5).
RELEASE_INTENTS_TASK = "bookings.payment_tasks.release_intents"

S = BookingStatus
CANCELLABLE = (S.HELD, S.AWAITING_PAYMENT, S.CONFIRMED, S.PAID)

TABLE = TransitionTable(
    # Creating transitions: a new booking starts in its target state.
    Transition("hold", (), S.HELD),
    Transition("tailored_draft", (), S.DRAFT),
    # The demo's history only (bookings.demo): a past visit cannot be booked today.
    Transition("demo_history", (), S.CONFIRMED),
    Transition("checkout_card", (S.HELD,), S.AWAITING_PAYMENT),
    Transition("checkout_invoice", (S.HELD,), S.CONFIRMED),
    Transition("quote_accept", (S.DRAFT,), S.AWAITING_PAYMENT),
    # A manager declines the tailored request the draft was made for (quotes.py).
    Transition("tailored_decline", (S.DRAFT,), S.CANCELLED),
    Transition("confirm", HOLDING_STATES, S.CONFIRMED),
    Transition("reinstate_late_payment", (*HOLDING_STATES, S.EXPIRED), S.CONFIRMED),
    Transition("paid_in_full", (S.CONFIRMED,), S.PAID),
    Transition("hold_expired", HOLDING_STATES, S.EXPIRED),
    Transition("cancel", CANCELLABLE, S.CANCELLED),
    Transition("complete", (S.CONFIRMED, S.PAID), S.COMPLETED),
    initial=S.DRAFT,
    error=InvalidTransition,
)


@dataclass(frozen=True)
class Effects:
    email: str = ""
    # The name of a bookings.signals signal, sent by an outbox task after the commit.
    signal: str = ""
    # The booking's card payments can no longer be paid: their intents are cancelled.
    release_intents: bool = False


EFFECTS: dict[str, Effects] = {
    "checkout_invoice": Effects("confirmation", "booking_confirmed"),
    "confirm": Effects("confirmation", "booking_confirmed"),
    "reinstate_late_payment": Effects("confirmation", "booking_confirmed"),
    "hold_expired": Effects("hold_expired", release_intents=True),
    "cancel": Effects("cancellation", "booking_cancelled", release_intents=True),
    # The requester is told, in their language, with the manager's reason (if any).
    "tailored_decline": Effects("tailored_declined"),
}


for _effects in EFFECTS.values():
    if _effects.signal and not hasattr(signals, _effects.signal):
        raise ValueError(f"bookings.signals has no {_effects.signal!r}")


def booking_open(
    *, action: str, actor=None, data: dict[str, Any] | None = None, **fields: Any
) -> Booking:
    """Create a booking by a creating transition ("hold", "tailored_draft", ...)."""
    return transition_create(Booking, table=TABLE, action=action, actor=actor, data=data, **fields)


def booking_move(
    booking: Booking,
    action: str,
    *,
    actor=None,
    actor_label: str = "",
    changes: Mapping[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    email: Mapping[str, Any] | None = None,
    message=None,
) -> Booking:
    """Move the booking by `action` of TABLE, inside the caller's transaction.

    Raises InvalidTransition (with `message`, if given) when the booking is not in a
    state the action starts from; nothing changes then. Side effects: the status and
    `changes`, an audit entry named `action`, the transition's e-mail through the
    outbox (with `email` as its extra arguments), the release of the booking's card
    intents at Stripe when it can no longer be paid (outbox), and its signal.
    """
    with transaction.atomic():
        transition_apply(
            booking,
            table=TABLE,
            action=action,
            actor=actor,
            actor_label=actor_label,
            changes=changes,
            data=data,
            message=message,
        )
        effects = EFFECTS.get(action)
        if effects is not None:
            if effects.email:
                outbox_enqueue(
                    task=EMAIL_TASK,
                    booking_id=booking.pk,
                    template=effects.email,
                    **dict(email or {}),
                )
            if (
                effects.release_intents
                and booking.payments.filter(
                    method=PaymentMethod.CARD, stripe_payment_intent_id__isnull=False
                ).exists()
            ):
                outbox_enqueue(task=RELEASE_INTENTS_TASK, booking_id=booking.pk)
            if effects.signal:
                outbox_enqueue(task=ANNOUNCE_TASK, signal=effects.signal, booking_id=booking.pk)
    return booking


def booking_may(booking: Booking, action: str) -> bool:
    """Whether `action` may start from the booking's state (a read, no lock)."""
    return TABLE.allows(action, booking.status)
