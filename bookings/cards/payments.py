"""Card payments with Stripe PaymentIntents: facts from Stripe, applied once.

The money path:

1. `payment_intent_for` creates the one PaymentIntent of a Payment (an amount due). Its
   idempotency key is stored on the Payment before the call, so a retry after a timeout
   reuses it and Stripe answers with the intent it already made.
2. The delegation confirms the card in the browser with Stripe.js (bookings.cards.views).
3. Stripe tells us what happened: a signed webhook (bookings.cards.webhooks stores the
   StripeEvent and enqueues `payment_event_process` through the outbox), the return
   page, or `payments_reconcile` asking about what is still open. Each of them re-fetches
   the PaymentIntent's CURRENT state from Stripe (events can be stale or out of order)
   and hands it to `payment_apply_intent`, which locks the rows and applies each fact
   once, however often and in whatever order it arrives.
4. A payment that arrives after its hold lapsed is a late payment: the booking gets its
   capacity back when it is still free (`booking_reinstate_after_late_payment`), else it
   is flagged for the programme manager and refunded automatically (`payment_refund`).

Lock order: the project's one order (core.transitions) — departure → booking → its
payments → its invoices and refunds; allotment nights last, by id. A success that may
reinstate a lapsed booking locks the booking's departure first.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import stripe
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from core.outbox import outbox_enqueue
from programmes.enums import DepartureStatus
from programmes.models import Departure

from ..enums import (
    COMMITTED_STATES,
    HOLDING_STATES,
    BookingStatus,
    PaymentMethod,
    PaymentStatus,
    RefundStatus,
)
from ..errors import BookingError, InvalidTransition, PaymentProviderError
from ..lifecycle import RELEASE_INTENTS_TASK, booking_move
from ..models import Allotment, Booking, Payment, Refund, StripeEvent
from ..pricing import cents, from_minor_units, to_minor_units
from ..selectors import allotment_rooms_taken, booking_hold_running, departure_seats_taken
from ..services import EMAIL_TASK, booking_confirm, booking_mark_paid_if_settled
from .disputes import dispute_record
from .stripe_client import is_stand_in, stripe_client

logger = logging.getLogger(__name__)

PROCESS_EVENT_TASK = "bookings.payment_tasks.process_stripe_event"
SUBMIT_REFUND_TASK = "bookings.payment_tasks.submit_refund"
ACTOR_STRIPE = "stripe"

# Failed and cancelled intents can still turn out paid (a retry with another card, a
# late payment whose webhook was lost): reconciliation keeps asking about them this long.
RECONCILE_CLOSED_WINDOW = datetime.timedelta(days=3)
TOKEN_ID = re.compile(r"^tok_[A-Za-z0-9_]{1,100}$")


class PaymentDeclined(BookingError):
    """The card issuer said no. The message is Stripe's, meant for the cardholder."""

    default_message = _("Your card was declined. Please use another card.")


class PaymentRejected(BookingError):
    """Stripe answered but refused the request: not transient, a retry will not help."""

    default_message = _(
        "The card payment service could not process this request. Nothing was charged; "
        "please contact us."
    )


# --------------------------------------------------------------------------- Stripe calls


def _call(method, *args, **kwargs):
    """Call the Stripe SDK and turn its errors into domain errors with a clear message."""
    try:
        return method(*args, **kwargs)
    except stripe.CardError as exc:
        raise PaymentDeclined(exc.user_message or None) from exc
    except (stripe.APIConnectionError, stripe.RateLimitError, stripe.APIError) as exc:
        # Unreachable, slow or failing: transient. Nothing half-done was stored.
        logger.warning("stripe: unavailable (%s): %s", type(exc).__name__, exc)
        raise PaymentProviderError() from exc
    except stripe.StripeError as exc:
        logger.error("stripe: request refused (%s): %s", type(exc).__name__, exc)
        raise PaymentRejected() from exc


def _as_dict(obj: Any) -> dict:
    if obj is None:
        return {}
    if isinstance(obj, dict):
        return obj
    return obj.to_dict()


def intent_amount_received(intent: dict) -> int:
    """Cents received for an intent, from the current shape or localstripe's 2017 shape.

    Stripe sends `amount_received`; localstripe has no such field but embeds the whole
    charge in `latest_charge` (Stripe sends only the charge id there).
    """
    if intent.get("amount_received") is not None:
        return int(intent["amount_received"])
    if intent.get("status") != "succeeded":
        return 0
    charge = intent.get("latest_charge")
    if isinstance(charge, dict) and charge.get("status") == "succeeded":
        return int(charge.get("amount") or 0)
    return int(intent.get("amount") or 0)


def intent_failure_message(intent: dict) -> str:
    error = intent.get("last_payment_error") or {}
    if not isinstance(error, dict):
        return ""
    return str(error.get("message") or error.get("code") or "")[:300]


# --------------------------------------------------------------------------- reads


def payment_due_for(*, booking: Booking) -> Payment | None:
    """The card payment the delegation should pay next (deposit first, then balance)."""
    return (
        booking.payments.filter(method=PaymentMethod.CARD)
        .exclude(status=PaymentStatus.SUCCEEDED)
        .order_by("due_date", "pk")
        .first()
    )


def payment_payable_problem(*, payment: Payment, booking: Booking | None = None) -> str | None:
    """Why this payment cannot be paid by card now, as a message; None when it can."""
    booking = booking or payment.booking
    if payment.method != PaymentMethod.CARD:
        return str(_("This amount is paid by invoice."))
    if payment.status == PaymentStatus.SUCCEEDED:
        return str(_("This amount has already been paid. Thank you."))
    if booking_hold_running(booking):
        return None
    if booking.status in HOLDING_STATES or booking.status == BookingStatus.EXPIRED:
        return str(_("Your hold on this booking has expired. Please start again."))
    if booking.status == BookingStatus.CONFIRMED and payment.status != PaymentStatus.CANCELED:
        return None
    return str(_("Nothing can be paid on this booking now."))


def payment_refundable(*, payment: Payment) -> Decimal:
    """What may still be refunded: paid, minus refunds made or under way."""
    if payment.status != PaymentStatus.SUCCEEDED:
        return Decimal("0.00")
    taken = payment.refunds.filter(
        status__in=[RefundStatus.PENDING, RefundStatus.SUCCEEDED]
    ).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    return max(cents(payment.amount - taken), Decimal("0.00"))


# --------------------------------------------------------------------------- intents


def _intent_params(payment: Payment, amount_cents: int) -> dict:
    return {
        "amount": amount_cents,
        "currency": payment.currency.lower(),
        "payment_method_types": ["card"],
        "metadata": {
            "booking_reference": payment.booking.reference,
            "payment_id": str(payment.pk),
            "payment_kind": payment.kind,
        },
    }


def _intent_is_spent(intent: dict) -> bool:
    """An intent that can no longer take this payment and must be replaced.

    Cancelled intents, everywhere. On localstripe only, also an intent whose charge was
    declined: real Stripe lets the same intent be confirmed again with another card, but
    localstripe keeps it at requires_payment_method and refuses a second confirmation.
    """
    if intent.get("status") == "canceled":
        return True
    charge = intent.get("latest_charge")
    return (
        is_stand_in()
        and intent.get("status") == "requires_payment_method"
        and isinstance(charge, dict)
        and charge.get("status") == "failed"
    )


# Session-level advisory locks (PostgreSQL): one Stripe caller per payment at a time.
# Not a row lock: the payment, its booking and everything else stay free for others.
_INTENT_LOCK_CLASS = 1213


@contextmanager
def _one_caller_per_payment(payment_pk: int):
    """Let concurrent page loads of one payment ask Stripe one after the other.

    Without it, two loads would each create an intent: Stripe's idempotency key makes
    the second create return the first intent, but answers 409 while the first is still
    in flight, and localstripe has no idempotency at all. Elsewhere than on PostgreSQL
    (the SQLite test run) nothing is taken; `_store_intent` still keeps one intent.
    """
    connection = transaction.get_connection()
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [_INTENT_LOCK_CLASS, payment_pk])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_INTENT_LOCK_CLASS, payment_pk])


@dataclass(frozen=True)
class _IntentCall:
    """What to ask Stripe, read and committed under the payment's lock (12.13)."""

    payment_pk: int
    intent_id: str | None
    key: str
    amount_cents: int
    params: dict


def _record_intent_call(payment: Payment) -> _IntentCall:
    """Under the payment's lock: check it can be paid, store the idempotency key, commit."""
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("booking")
            .get(pk=payment.pk)
        )
        problem = payment_payable_problem(payment=payment)
        if problem:
            raise InvalidTransition(problem)
        amount_cents = to_minor_units(payment.amount)
        key = f"payment-{payment.pk}-{amount_cents}"
        if not payment.stripe_payment_intent_id and payment.idempotency_key != key:
            payment.idempotency_key = key
            payment.save(update_fields=["idempotency_key"])
        return _IntentCall(
            payment_pk=payment.pk,
            intent_id=payment.stripe_payment_intent_id,
            key=payment.idempotency_key or key,
            amount_cents=amount_cents,
            params=_intent_params(payment, amount_cents),
        )


def _cancel_at_stripe(client: stripe.StripeClient, intent_id: str) -> dict:
    """Cancel an intent, idempotently. Returns the intent as Stripe has it now: cancelled,
    or, when it could no longer be cancelled, succeeded or processing. Raises
    PaymentProviderError while Stripe is unreachable.
    """
    try:
        return _as_dict(
            _call(
                client.v1.payment_intents.cancel,
                intent_id,
                options={"idempotency_key": f"cancel-{intent_id}"},
            )
        )
    except PaymentRejected:
        # Stripe (and localstripe) refuse to cancel an intent that is no longer
        # cancellable (cancelled already, succeeded, processing): its state is the answer.
        return _as_dict(_call(client.v1.payment_intents.retrieve, intent_id))


def _ensure_intent(payment: Payment) -> dict:
    """The payment's live intent, with no row locked while Stripe is asked (12.13).

    1. Under the payment's lock: check it can be paid; store the idempotency key; commit.
    2. No lock: retrieve the stored intent; create one (the stored key), or replace a
       spent one (cancel it first, then create with a key named after it).
    3. Under the payment's lock again: store what Stripe made, if the payment still
       uses the intent step 1 saw; re-check that it can still be paid (a hold that
       expired or a cancellation meanwhile: the new intent is stored and released).
    """
    with _one_caller_per_payment(payment.pk):
        call = _record_intent_call(payment)
        client = stripe_client()
        old: dict | None = None
        key = call.key
        if call.intent_id:
            current = _as_dict(_call(client.v1.payment_intents.retrieve, call.intent_id))
            if not _intent_is_spent(current):
                return current
            old = current
            if old.get("status") != "canceled":
                # Cancel first: at no moment are there two intents that could take money.
                answer = _cancel_at_stripe(client, old["id"])
                if answer.get("status") != "canceled":
                    # It took money after all (a retry with another card): apply that.
                    payment_refresh(payment_intent_id=old["id"])
                    payment.refresh_from_db()
                    raise InvalidTransition(
                        payment_payable_problem(payment=payment)
                        or _("This card payment is being processed. Please look again shortly.")
                    )
            key = f"payment-{call.payment_pk}-{call.amount_cents}-after-{old['id']}"
        intent = _as_dict(
            _call(
                client.v1.payment_intents.create,
                params=call.params,
                options={"idempotency_key": key},
            )
        )
        return _store_intent(client, call, intent, old=old, key=key)


def _store_intent(
    client: stripe.StripeClient, call: _IntentCall, intent: dict, *, old: dict | None, key: str
) -> dict:
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("booking")
            .get(pk=call.payment_pk)
        )
        stored = payment.stripe_payment_intent_id
        if stored != call.intent_id:
            # Someone else stored an intent meanwhile: keep theirs, drop ours.
            orphan = intent["id"] if intent["id"] != stored else None
        else:
            orphan = None
            from_state = payment.status
            payment.stripe_payment_intent_id = intent["id"]
            payment.idempotency_key = key
            fields = ["stripe_payment_intent_id", "idempotency_key"]
            if old is not None:
                payment.status = PaymentStatus.PENDING
                fields.append("status")
            payment.save(update_fields=fields)
            if old is None:
                audit_record(
                    subject=payment,
                    action="intent_created",
                    actor_label=ACTOR_STRIPE,
                    data={"intent": intent["id"], "amount_cents": call.amount_cents, "key": key},
                )
            else:
                audit_record(
                    subject=payment,
                    action="intent_replaced",
                    actor_label=ACTOR_STRIPE,
                    from_state=from_state,
                    to_state=PaymentStatus.PENDING,
                    data={"old_intent": old["id"], "intent": intent["id"], "key": key},
                )
        problem = payment_payable_problem(payment=payment)
        if problem and orphan is None:
            # The hold ran out or the booking was cancelled while Stripe answered: the
            # intent is known now, so the release cancels it too.
            outbox_enqueue(task=RELEASE_INTENTS_TASK, booking_id=payment.booking_id)
    if orphan is not None:
        with contextlib.suppress(BookingError):
            _cancel_at_stripe(client, orphan)
        return _ensure_intent(payment)
    if problem:
        raise InvalidTransition(problem)
    return intent


def payment_intent_for(*, payment: Payment) -> str:
    """The client secret of the Payment's PaymentIntent, created at most once.

    Side effects: the idempotency key `payment-<id>-<cents>` is stored (and committed)
    before Stripe is called; the intent id is stored with an audit entry once Stripe has
    answered. Raises PaymentProviderError when Stripe is unreachable or slow: then nothing
    but the key is stored, and a retry sends the same key. Raises InvalidTransition when
    the payment cannot be paid now (already paid, hold expired).
    """
    return _ensure_intent(payment)["client_secret"]


def payment_confirm_card(*, payment: Payment, token_id: str) -> dict:
    """localstripe only: attach a card tokenised by the Stripe.js stand-in and confirm.

    localstripe's stand-in cannot confirm a card in the browser (its confirmCardPayment
    only plays the 3-D Secure step), so in the demo and the tests the server confirms,
    the way localstripe expects. With real Stripe the browser confirms with
    confirmCardPayment and this is refused. Changes no Payment: what happened is learned
    from Stripe like every other payment (webhook, return page, reconciliation).

    Returns {"status": <intent status>, "client_secret": ...}. Raises PaymentDeclined with
    the issuer's message, PaymentProviderError, InvalidTransition.
    """
    if not is_stand_in():
        raise PaymentRejected()
    if not TOKEN_ID.match(token_id or ""):
        raise BookingError(_("Please enter your card details."))
    intent = _ensure_intent(payment)
    client = stripe_client()
    token = _as_dict(_call(client.v1.tokens.retrieve, token_id))
    card_id = (token.get("card") or {}).get("id")
    if not card_id:
        raise BookingError(_("Please enter your card details."))
    _call(
        client.v1.payment_intents.update,
        intent["id"],
        params={"payment_method": card_id},
        options={"idempotency_key": f"attach-{intent['id']}-{token_id}"},
    )
    confirmed = _as_dict(
        _call(
            client.v1.payment_intents.confirm,
            intent["id"],
            options={"idempotency_key": f"confirm-{intent['id']}-{token_id}"},
        )
    )
    return {"status": confirmed.get("status", ""), "client_secret": intent["client_secret"]}


# --------------------------------------------------------------------------- applying facts


def _payment_status_for(intent_status: str, failure_message: str) -> str | None:
    if intent_status == "succeeded":
        return PaymentStatus.SUCCEEDED
    if intent_status in ("processing", "requires_capture"):
        return PaymentStatus.PROCESSING
    if intent_status == "canceled":
        return PaymentStatus.CANCELED
    if intent_status == "requires_payment_method" and failure_message:
        return PaymentStatus.FAILED
    # requires_payment_method / _confirmation / _action without an error: nothing yet.
    return None


def _flag(booking: Booking, note: str, *, action: str, data: dict) -> bool:
    note = note[:200]
    if booking.needs_attention == note:
        return False
    booking.needs_attention = note
    booking.save(update_fields=["needs_attention", "updated_at"])
    audit_record(
        subject=booking,
        action=action,
        actor_label=ACTOR_STRIPE,
        from_state=booking.status,
        to_state=booking.status,
        data={**data, "note": note},
    )
    return True


def payment_apply_intent(
    *,
    payment_intent_id: str,
    status: str,
    amount_received_cents: int,
    failure_message: str = "",
) -> Payment | None:
    """Apply what Stripe says about a PaymentIntent to its Payment and booking, once.

    `status` is the intent's status as Stripe reports it NOW (callers re-fetch it).
    Returns the Payment (None for an intent we do not know). Returns early when the
    Payment is already in that state; SUCCEEDED is final (refunds are separate).

    Side effects of a success, in one transaction, each with an audit entry:
    Payment SUCCEEDED + paid_at; then the booking — a held booking with a running hold
    is confirmed (services.booking_confirm); a lapsed or expired one is a late payment:
    reinstated when its capacity is still free, else flagged (needs_attention) and
    refunded in full (payment_refund, submitted to Stripe after commit); a cancelled one
    is flagged and refunded; then services.booking_mark_paid_if_settled; then one
    e-mail through the outbox ("receipt", or "late_payment" when refunded).
    A failure sets FAILED with Stripe's message; cancellation sets CANCELED.
    """
    target = _payment_status_for(status, failure_message)
    found = (
        Payment.objects.filter(stripe_payment_intent_id=payment_intent_id)
        .values_list("pk", "booking_id", "booking__departure_id")
        .first()
    )
    if found is None:
        logger.info("stripe: intent %s belongs to no payment; ignored", payment_intent_id)
        return None
    payment_pk, booking_pk, departure_pk = found
    with transaction.atomic():
        if target == PaymentStatus.SUCCEEDED and departure_pk:
            # A success may reinstate a lapsed booking, which counts the departure's
            # seats under its lock: the departure comes before the booking.
            list(Departure.objects.select_for_update().filter(pk=departure_pk).values("pk"))
        booking = Booking.objects.select_for_update().get(pk=booking_pk)
        payment = Payment.objects.select_for_update().get(pk=payment_pk)
        if payment.stripe_payment_intent_id != payment_intent_id:
            # The intent was replaced while this fact travelled: it is about an intent
            # the payment no longer uses (a cancelled one), so it changes nothing here.
            logger.info("stripe: intent %s was replaced; fact ignored", payment_intent_id)
            return payment
        if target is None or payment.status == PaymentStatus.SUCCEEDED:
            return payment
        failure_message = (failure_message or "")[:300]
        if payment.status == target and (
            target != PaymentStatus.FAILED or payment.failure_message == failure_message
        ):
            return payment
        if target == PaymentStatus.SUCCEEDED:
            _apply_success(booking, payment, amount_received_cents)
            return payment
        from_state = payment.status
        payment.status = target
        fields = ["status"]
        if target == PaymentStatus.FAILED:
            payment.failure_message = failure_message
            fields.append("failure_message")
        payment.save(update_fields=fields)
        audit_record(
            subject=payment,
            action=f"payment_{target}",
            actor_label=ACTOR_STRIPE,
            from_state=from_state,
            to_state=target,
            data={"intent": payment_intent_id, "message": failure_message},
        )
    return payment


def _apply_success(booking: Booking, payment: Payment, amount_received_cents: int) -> None:
    expected = to_minor_units(payment.amount)
    if amount_received_cents != expected:
        # Only possible when someone changed the intent at Stripe: never confirm on it.
        _flag(
            booking,
            f"Stripe reports {from_minor_units(amount_received_cents)} received for a "
            f"payment of {payment.amount} (payment {payment.pk}). Check it at Stripe.",
            action="payment_amount_mismatch",
            data={"payment": payment.pk, "received_cents": amount_received_cents},
        )
        return
    from_state = payment.status
    payment.status = PaymentStatus.SUCCEEDED
    payment.paid_at = timezone.now()
    payment.failure_message = ""
    payment.save(update_fields=["status", "paid_at", "failure_message"])
    audit_record(
        subject=payment,
        action="payment_succeeded",
        actor_label=ACTOR_STRIPE,
        from_state=from_state,
        to_state=PaymentStatus.SUCCEEDED,
        data={"intent": payment.stripe_payment_intent_id, "amount": str(payment.amount)},
    )

    template = "receipt"
    refunded = False
    if booking.status in COMMITTED_STATES:
        pass  # a balance payment, or a second path that got here first
    elif booking_hold_running(booking):
        booking_confirm(booking=booking, reason="card payment")
    elif booking.status in (*HOLDING_STATES, BookingStatus.EXPIRED):
        if not booking_reinstate_after_late_payment(booking=booking, payment=payment):
            _flag(
                booking,
                f"Late card payment of {payment.amount} EUR after the hold expired; the "
                "capacity was gone, so it was refunded automatically.",
                action="late_payment_refunded",
                data={"payment": payment.pk},
            )
            payment_refund(
                payment=payment,
                amount=payment.amount,
                reason="late payment: capacity no longer available",
            )
            template, refunded = "late_payment", True
    else:
        # Cancelled (or never checked out): money that nothing is waiting for.
        _flag(
            booking,
            f"Card payment of {payment.amount} EUR arrived for a {booking.status} booking; "
            "it was refunded automatically.",
            action="unexpected_payment_refunded",
            data={"payment": payment.pk},
        )
        payment_refund(
            payment=payment,
            amount=payment.amount,
            reason=f"payment for a {booking.status} booking",
        )
        refunded = True
    booking_mark_paid_if_settled(booking=booking)
    outbox_enqueue(
        task=EMAIL_TASK,
        booking_id=booking.pk,
        template=template,
        payment_id=payment.pk,
        amount=str(payment.amount),
        refunded=refunded,
    )


def _capacity_fits(booking: Booking) -> bool:
    """Lock the departure and allotment rows and count whether the booking fits again."""
    today = timezone.localdate()
    if booking.departure_id:
        departure = Departure.objects.select_for_update().get(pk=booking.departure_id)
        if departure.status != DepartureStatus.SCHEDULED or departure.start_date <= today:
            return False
        taken = departure_seats_taken(departure_id=departure.pk, exclude_booking_id=booking.pk)
        if taken + booking.participants_count > departure.seats:
            return False
    needed: dict[int, int] = {}
    for allotment_id, rooms in booking.rooms.values_list("allotment_id", "rooms"):
        needed[allotment_id] = needed.get(allotment_id, 0) + rooms
    allotments = Allotment.objects.select_for_update().filter(pk__in=needed).order_by("pk")
    for allotment in allotments:
        if allotment.release_date < today:
            return False
        taken = allotment_rooms_taken(allotment_id=allotment.pk, exclude_booking_id=booking.pk)
        if taken + needed[allotment.pk] > allotment.rooms:
            return False
    return True


def booking_reinstate_after_late_payment(*, booking: Booking, payment: Payment) -> bool:
    """Give a lapsed booking its capacity back for a payment that arrived late, if free.

    Locks the departure and every allotment night of the booking (the same rows the
    checkout locks) and counts what others hold now. Returns False, changing nothing,
    when the seats or rooms are gone or the departure no longer runs.

    Side effects when it fits: booking CONFIRMED with no hold, an audit entry
    (reinstate_late_payment, from held/expired to confirmed), the booking's card
    payments that the expiry cancelled are due again (PENDING, each audited), the
    confirmation e-mail through the outbox and booking_confirmed after commit.
    """
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status in COMMITTED_STATES:
            return True
        if booking.status not in (*HOLDING_STATES, BookingStatus.EXPIRED):
            return False
        if not _capacity_fits(booking):
            return False
        booking_move(
            booking,
            "reinstate_late_payment",
            actor_label=ACTOR_STRIPE,
            changes={"hold_expires_at": None},
            data={"payment": payment.pk, "intent": payment.stripe_payment_intent_id},
        )
        reopened = booking.payments.select_for_update().filter(
            method=PaymentMethod.CARD, status=PaymentStatus.CANCELED
        )
        for other in reopened.exclude(pk=payment.pk):
            other.status = PaymentStatus.PENDING
            other.save(update_fields=["status"])
            audit_record(
                subject=other,
                action="payment_reopened",
                actor_label=ACTOR_STRIPE,
                from_state=PaymentStatus.CANCELED,
                to_state=PaymentStatus.PENDING,
                data={"reason": "booking reinstated after a late payment"},
            )
    return True


def payment_refresh(*, payment_intent_id: str) -> Payment | None:
    """Ask Stripe for the intent's current state and apply it. None for unknown intents."""
    if not Payment.objects.filter(stripe_payment_intent_id=payment_intent_id).exists():
        return None
    intent = _as_dict(_call(stripe_client().v1.payment_intents.retrieve, payment_intent_id))
    return payment_apply_intent(
        payment_intent_id=intent["id"],
        status=intent.get("status", ""),
        amount_received_cents=intent_amount_received(intent),
        failure_message=intent_failure_message(intent),
    )


# Payments whose intent may still be live (SUCCEEDED is paid; PROCESSING cannot be
# cancelled at Stripe: its outcome arrives like any other fact).
RELEASABLE = (PaymentStatus.PENDING, PaymentStatus.FAILED, PaymentStatus.CANCELED)


def payment_intents_release(*, booking_id: int) -> int:
    """Cancel at Stripe the live intents of a booking whose hold expired or that was
    cancelled (12.5), so that an old client secret can no longer take money.

    Enqueued through the outbox by the lifecycle in the expiry's or cancellation's
    transaction (bookings.cards.tasks.release_intents, named "bookings.payment_tasks.release_intents"). No row is locked while Stripe
    is asked; each answer is then applied under the locks like any fact from Stripe
    (payment_apply_intent): a cancelled intent leaves its payment CANCELED; one that
    succeeded meanwhile is a late payment (reinstated or refunded). Idempotent: an intent
    cancelled already is answered with its state. Does nothing once the booking is
    confirmed again (a late payment reinstated it). Returns how many intents Stripe
    reports cancelled. Raises PaymentProviderError while Stripe is unreachable.
    """
    if not settings.STRIPE_SECRET_KEY:
        return 0  # card payments are off: no intent was ever made
    status = Booking.objects.filter(pk=booking_id).values_list("status", flat=True).first()
    if status not in (BookingStatus.EXPIRED, BookingStatus.CANCELLED):
        return 0
    intent_ids = list(
        Payment.objects.filter(
            booking_id=booking_id,
            method=PaymentMethod.CARD,
            status__in=RELEASABLE,
            stripe_payment_intent_id__isnull=False,
        )
        .order_by("pk")
        .values_list("stripe_payment_intent_id", flat=True)
    )
    client = stripe_client()
    cancelled = 0
    for intent_id in intent_ids:
        intent = _cancel_at_stripe(client, intent_id)
        cancelled += intent.get("status") == "canceled"
        payment_apply_intent(
            payment_intent_id=intent_id,
            status=intent.get("status", ""),
            amount_received_cents=intent_amount_received(intent),
            failure_message=intent_failure_message(intent),
        )
    return cancelled


# --------------------------------------------------------------------------- refunds


def payment_refund(*, payment: Payment, amount: Decimal, reason: str, actor=None) -> Refund:
    """Refund part or all of a card payment through Stripe.

    Never more than paid minus what is already refunded or under way. The Refund row and
    its idempotency key (`refund-<payment>-<n>`) are written first, in the caller's
    transaction; Stripe is called after commit by a task through the outbox (so the
    refund survives a Stripe or broker outage and is retried with the same key). The
    returned Refund is PENDING until Stripe confirms (already SUCCEEDED when called
    outside a transaction with eager tasks, as in the tests).

    Raises BookingError for an invoice payment (credit it with a credit note instead),
    InvalidTransition when nothing was received, BookingError when the amount is wrong.
    """
    amount = cents(Decimal(amount))
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(of=("self",))
            .select_related("booking")
            .get(pk=payment.pk)
        )
        if payment.method != PaymentMethod.CARD or not payment.stripe_payment_intent_id:
            raise BookingError(
                _("Only card payments are refunded through Stripe; credit an invoice instead.")
            )
        if payment.status != PaymentStatus.SUCCEEDED:
            raise InvalidTransition(_("Only a payment that has been received can be refunded."))
        if amount <= 0:
            raise BookingError(_("A refund must be more than zero."))
        left = payment_refundable(payment=payment)
        if amount > left:
            raise BookingError(
                _("A refund cannot exceed what was paid and not yet refunded (%(left)s EUR).")
                % {"left": left}
            )
        sequence = payment.refunds.count() + 1
        refund = Refund.objects.create(
            payment=payment,
            amount=amount,
            status=RefundStatus.PENDING,
            idempotency_key=f"refund-{payment.pk}-{sequence}",
            reason=(reason or "")[:200],
        )
        audit_record(
            subject=payment,
            action="refund_requested",
            actor=actor,
            actor_label="" if actor else "system",
            data={"refund": refund.pk, "amount": str(amount), "reason": reason},
        )
        outbox_enqueue(task=SUBMIT_REFUND_TASK, refund_id=refund.pk)
    if not transaction.get_connection().in_atomic_block:
        refund.refresh_from_db()
    return refund


_REFUND_STATUS = {
    "succeeded": RefundStatus.SUCCEEDED,
    "failed": RefundStatus.FAILED,
    "canceled": RefundStatus.FAILED,
}


def _set_refund(refund: Refund, *, status: str, stripe_refund_id: str | None, data: dict) -> None:
    if refund.status == status and refund.stripe_refund_id == stripe_refund_id:
        return
    from_state = refund.status
    refund.status = status
    refund.stripe_refund_id = stripe_refund_id or refund.stripe_refund_id
    refund.save(update_fields=["status", "stripe_refund_id"])
    audit_record(
        subject=refund,
        action=f"refund_{status}",
        actor_label=ACTOR_STRIPE,
        from_state=from_state,
        to_state=status,
        data={"payment": refund.payment_id, "amount": str(refund.amount), **data},
    )


def refund_submit(*, refund_id: int) -> Refund:
    """Send a PENDING refund to Stripe with its stored idempotency key (run it twice: once).

    No row is locked while Stripe is called (12.13): what to send is read under the
    locks and committed, Stripe is called, then its answer is applied under the locks
    again, if the refund is still PENDING. The stored idempotency key makes a repeated
    call (a retry, reconciliation) return the refund Stripe already made.

    Raises PaymentProviderError while Stripe is unreachable (the task retries). A refund
    that Stripe refuses becomes FAILED with an audit entry, and the booking is flagged
    for the programme manager, who must give the money back another way.
    """
    booking_pk = Refund.objects.values_list("payment__booking_id", flat=True).get(pk=refund_id)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking_pk)
        refund = (
            Refund.objects.select_for_update(of=("self",))
            .select_related("payment")
            .get(pk=refund_id)
        )
        if refund.status != RefundStatus.PENDING:
            return refund
        payment = refund.payment
        known_id = refund.stripe_refund_id
        params = {
            "payment_intent": payment.stripe_payment_intent_id,
            "amount": to_minor_units(refund.amount),
            "metadata": {
                "refund_id": str(refund.pk),
                "payment_id": str(payment.pk),
                "booking_reference": booking.reference,
            },
        }
        key = refund.idempotency_key
    client = stripe_client()
    try:
        if known_id:
            remote = _call(client.v1.refunds.retrieve, known_id)
        else:
            remote = _call(
                client.v1.refunds.create, params=params, options={"idempotency_key": key}
            )
        remote = _as_dict(remote)
        status = _REFUND_STATUS.get(remote.get("status", ""), RefundStatus.PENDING)
        data = {"stripe_status": remote.get("status", "")}
    except (PaymentDeclined, PaymentRejected) as exc:
        remote, status, data = {}, RefundStatus.FAILED, {"error": str(exc)}
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking_pk)
        refund = (
            Refund.objects.select_for_update(of=("self",))
            .select_related("payment")
            .get(pk=refund_id)
        )
        if refund.status != RefundStatus.PENDING:
            return refund  # a webhook or another run applied Stripe's answer meanwhile
        _set_refund(refund, status=status, stripe_refund_id=remote.get("id"), data=data)
        if status == RefundStatus.FAILED:
            _flag(
                booking,
                f"Stripe refused the refund of {refund.amount} EUR (payment "
                f"{refund.payment_id}): give the money back another way.",
                action="refund_failed",
                data={"refund": refund.pk, **data},
            )
    return refund


def payment_sync_refunds(*, payment_intent_id: str) -> int:
    """Record what Stripe says about the refunds of an intent (charge.refunded and kin).

    Known refunds get Stripe's status; one made outside Päämaja (in Stripe's dashboard)
    is recorded as a new Refund and the booking is flagged. Returns how many changed.
    """
    found = (
        Payment.objects.filter(stripe_payment_intent_id=payment_intent_id)
        .values_list("pk", "booking_id")
        .first()
    )
    if found is None:
        return 0
    listing = _call(
        stripe_client().v1.refunds.list,
        params={"payment_intent": payment_intent_id, "limit": 100},
    )
    remote_refunds = [_as_dict(item) for item in listing.data]
    changed = 0
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=found[1])
        payment = Payment.objects.select_for_update().get(pk=found[0])
        ours = list(payment.refunds.select_for_update())
        by_stripe_id = {r.stripe_refund_id: r for r in ours if r.stripe_refund_id}
        by_pk = {str(r.pk): r for r in ours}
        for remote in remote_refunds:
            status = _REFUND_STATUS.get(remote.get("status", ""), RefundStatus.PENDING)
            refund = by_stripe_id.get(remote["id"]) or by_pk.get(
                str((remote.get("metadata") or {}).get("refund_id", ""))
            )
            if refund is not None:
                if refund.status != status or refund.stripe_refund_id != remote["id"]:
                    _set_refund(refund, status=status, stripe_refund_id=remote["id"], data={})
                    changed += 1
                    if status == RefundStatus.FAILED:
                        _flag(
                            booking,
                            f"The refund of {refund.amount} EUR failed at Stripe "
                            f"(payment {payment.pk}): give the money back another way.",
                            action="refund_failed",
                            data={"refund": refund.pk},
                        )
                continue
            amount = from_minor_units(int(remote.get("amount") or 0))
            refund = Refund.objects.create(
                payment=payment,
                amount=amount,
                status=status,
                stripe_refund_id=remote["id"],
                idempotency_key=f"stripe-{remote['id']}",
                reason="refunded at Stripe",
            )
            audit_record(
                subject=refund,
                action="refund_recorded",
                actor_label=ACTOR_STRIPE,
                to_state=status,
                data={"payment": payment.pk, "amount": str(amount), "stripe": remote["id"]},
            )
            _flag(
                booking,
                f"A refund of {amount} EUR was made at Stripe, outside Päämaja "
                f"(payment {payment.pk}).",
                action="external_refund",
                data={"payment": payment.pk, "refund": refund.pk},
            )
            changed += 1
    return changed


# --------------------------------------------------------------------------- events


def _on_intent_event(obj: dict) -> None:
    intent_id = obj.get("id")
    if isinstance(intent_id, str) and intent_id.startswith("pi_"):
        payment_refresh(payment_intent_id=intent_id)


def _on_refund_event(obj: dict) -> None:
    # charge.refunded carries a charge, refund.* a refund: both name the intent.
    intent_id = obj.get("payment_intent")
    if isinstance(intent_id, dict):
        intent_id = intent_id.get("id")
    if isinstance(intent_id, str) and intent_id.startswith("pi_"):
        payment_sync_refunds(payment_intent_id=intent_id)


def _charge_intent(charge_id: str) -> str:
    charge = _as_dict(_call(stripe_client().v1.charges.retrieve, charge_id))
    intent = charge.get("payment_intent")
    return intent.get("id", "") if isinstance(intent, dict) else str(intent or "")


def _on_dispute_event(obj: dict) -> None:
    dispute_record(dispute=obj, charge_lookup=_charge_intent)


EVENT_HANDLERS = {
    "payment_intent.succeeded": _on_intent_event,
    "payment_intent.payment_failed": _on_intent_event,
    "payment_intent.canceled": _on_intent_event,
    "payment_intent.processing": _on_intent_event,
    "charge.refunded": _on_refund_event,
    "charge.refund.updated": _on_refund_event,
    "refund.created": _on_refund_event,
    "refund.updated": _on_refund_event,
    "refund.failed": _on_refund_event,
    "charge.dispute.created": _on_dispute_event,
    "charge.dispute.updated": _on_dispute_event,
    "charge.dispute.closed": _on_dispute_event,
}


def payment_event_process(*, stripe_event_id: int) -> bool:
    """Act on one stored webhook event. The payload only says which intent to look at:
    the handlers re-fetch its current state from Stripe. Returns False when there was
    nothing to do (unknown or already processed). Raises PaymentProviderError while
    Stripe is unreachable, so the task retries; an event Stripe no longer knows is
    logged and marked processed.
    """
    event = StripeEvent.objects.filter(pk=stripe_event_id).first()
    if event is None or event.processed_at is not None:
        return False
    data = event.payload.get("data") if isinstance(event.payload, dict) else None
    obj = data.get("object") if isinstance(data, dict) else None
    handler = EVENT_HANDLERS.get(event.type)
    if handler and isinstance(obj, dict):
        try:
            handler(obj)
        except PaymentRejected:
            logger.warning("stripe: event %s refers to something Stripe refuses", event.event_id)
    return bool(
        StripeEvent.objects.filter(pk=event.pk, processed_at__isnull=True).update(
            processed_at=timezone.now()
        )
    )


# --------------------------------------------------------------------------- reconciliation


def payments_reconcile(
    *,
    now: datetime.datetime | None = None,
    refunds_older_than: datetime.timedelta = datetime.timedelta(minutes=5),
    limit: int = 500,
) -> int:
    """Heal what a lost webhook left behind (Celery beat, every 10 minutes).

    Asks Stripe about every card payment with an intent that is still open (pending,
    processing; failed and cancelled ones for RECONCILE_CLOSED_WINDOW after their status
    last changed, since they can still turn out paid) and applies what it finds;
    re-sends refunds stuck in PENDING. At most `limit` payments a run, those asked
    longest ago first (never asked: first of all), so open payments that stay open
    cannot crowd out the rest (12.6). One failure does not stop the rest. Returns how
    many payments changed state.
    """
    if not settings.STRIPE_SECRET_KEY:
        return 0  # card payments are off (a demo without Stripe or localstripe)
    now = now or timezone.now()
    open_payments = (
        Payment.objects.filter(method=PaymentMethod.CARD, stripe_payment_intent_id__isnull=False)
        .filter(
            Q(status__in=[PaymentStatus.PENDING, PaymentStatus.PROCESSING])
            | Q(
                status__in=[PaymentStatus.FAILED, PaymentStatus.CANCELED],
                status_changed_at__gte=now - RECONCILE_CLOSED_WINDOW,
            )
        )
        .order_by(F("checked_at").asc(nulls_first=True), "pk")
        .values_list("pk", "stripe_payment_intent_id", "status")[:limit]
    )
    changed = 0
    for pk, intent_id, status in list(open_payments):
        # Stamped before asking: a payment Stripe cannot answer for goes to the back too.
        Payment.objects.filter(pk=pk).update(checked_at=now)
        try:
            payment = payment_refresh(payment_intent_id=intent_id)
        except BookingError as exc:
            logger.warning("reconcile: %s not refreshed: %s", intent_id, exc)
            continue
        if payment is not None and payment.status != status:
            changed += 1
    stuck = Refund.objects.filter(
        status=RefundStatus.PENDING, created_at__lte=now - refunds_older_than
    ).values_list("pk", flat=True)[:limit]
    for refund_id in list(stuck):
        try:
            refund_submit(refund_id=refund_id)
        except BookingError as exc:
            logger.warning("reconcile: refund %s not submitted: %s", refund_id, exc)
    return changed
