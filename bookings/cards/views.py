"""The pay page, its return page and status: card payment for a delegation's booking.

Every view is for logged-in members of the booking's organisation only; anyone else
gets a 404 (the booking's existence is not confirmed to strangers).

The return page never marks anything paid on the browser's word: it ignores Stripe.js's
redirect parameters, asks Stripe about the booking's intents through the same service
the webhook uses (bookings.cards.payments.payment_refresh) and shows what the database says.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from ..declines import card_error_message, decline_message
from ..enums import COMMITTED_STATES, PaymentMethod, PaymentStatus
from ..errors import BookingError
from ..invoicing.receipts import is_receipted
from ..models import Booking, Payment
from ..pricing import totals
from ..selectors import bookings_for_user
from .payments import (
    PaymentDeclined,
    payment_confirm_card,
    payment_due_for,
    payment_intent_for,
    payment_payable_problem,
    payment_refresh,
)
from .stripe_client import card_payments_enabled, is_stand_in

logger = logging.getLogger(__name__)


def _booking(request: HttpRequest, reference: str) -> Booking:
    return get_object_or_404(bookings_for_user(request.user), reference=reference)


def _card_payments(booking: Booking):
    return booking.payments.filter(method=PaymentMethod.CARD).order_by("due_date", "pk")


@login_required
@never_cache
@require_GET
def pay(request: HttpRequest, reference: str) -> HttpResponse:
    booking = _booking(request, reference)
    payment = payment_due_for(booking=booking)
    context = {
        "booking": booking,
        "payment": payment,
        "total": totals(booking.lines.all()).gross,
        "programme": booking.programme.localized,
        "payments": _card_payments(booking),
        "stand_in": is_stand_in(),
    }
    if payment is None:
        context["problem"] = _("Nothing is due on this booking now.")
    elif not card_payments_enabled():
        context["problem"] = _(
            "Card payments are not available at the moment. Please contact us to pay by invoice."
        )
    else:
        context["problem"] = payment_payable_problem(payment=payment, booking=booking)
    if not context["problem"]:
        try:
            context["client_secret"] = payment_intent_for(payment=payment)
        except BookingError as exc:
            context["error"] = exc.message
        else:
            context.update(
                stripe_js_url=settings.STRIPE_JS_URL,
                publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
                return_url=request.build_absolute_uri(
                    reverse("bookings:pay_return", kwargs={"reference": booking.reference})
                ),
                card_url=reverse("bookings:pay_card", kwargs={"reference": booking.reference}),
            )
    return render(request, "bookings/pay.html", context)


@login_required
@never_cache
@require_POST
def pay_card(request: HttpRequest, reference: str) -> JsonResponse:
    """localstripe only: confirm the card the stand-in tokenised (see payments)."""
    if not is_stand_in():
        raise Http404
    booking = _booking(request, reference)
    payment = payment_due_for(booking=booking)
    if payment is None:
        return JsonResponse({"error": _("Nothing is due on this booking now.")}, status=400)
    try:
        result = payment_confirm_card(payment=payment, token_id=request.POST.get("token", ""))
    except PaymentDeclined as exc:
        # Stripe words the reason in English: ours, in the page's language.
        reason = card_error_message(exc) or decline_message(message=str(exc.message))
        return JsonResponse({"error": str(reason), "declined": True}, status=402)
    except BookingError as exc:
        return JsonResponse({"error": str(exc.message)}, status=402)
    return JsonResponse(result)


def _state(booking: Booking, payments: list[Payment]) -> dict:
    """What the delegation should read about its payment now.

    The payment in question is the open one that has an intent (being paid now), else
    the one paid last.
    """
    started = [p for p in payments if p.stripe_payment_intent_id]
    open_ = [p for p in started if p.status != PaymentStatus.SUCCEEDED]
    paid = sorted((p for p in started if p.paid_at), key=lambda p: (p.paid_at, p.pk), reverse=True)
    last = open_[-1] if open_ else (paid[0] if paid else None)
    needs_attention = bool(booking.needs_attention)
    if needs_attention and last and last.status == PaymentStatus.SUCCEEDED:
        state = "attention"
        message = _(
            "We received your payment, but the booking needs a look from our team. "
            "We will contact you shortly."
        )
    elif booking.status in COMMITTED_STATES and last and last.status == PaymentStatus.SUCCEEDED:
        state = "confirmed"
        message = _("Payment received. Your booking %(reference)s is confirmed.") % {
            "reference": booking.reference
        }
    elif last and last.status == PaymentStatus.CANCELED:
        state = "canceled"
        message = _("This payment was cancelled because the hold on your booking expired.")
    elif last and last.status == PaymentStatus.FAILED:
        state = "failed"
        message = _("The payment did not go through: %(reason)s") % {
            "reason": decline_message(message=last.failure_message)
            if last.failure_message
            else _("the card was declined")
        }
    else:
        state = "pending"
        message = _("Your payment is being confirmed. This usually takes a few seconds.")
    return {
        "state": state,
        "message": message,
        "booking_status": booking.status,
        "booking_status_label": str(booking.get_status_display()),
        "payment_status": last.status if last else "",
    }


@login_required
@never_cache
@require_GET
def pay_return(request: HttpRequest, reference: str) -> HttpResponse:
    booking = _booking(request, reference)
    for payment in _card_payments(booking).exclude(status=PaymentStatus.SUCCEEDED):
        if not payment.stripe_payment_intent_id:
            continue
        try:
            # A fact from Stripe, through the webhook's own service; never the browser's.
            payment_refresh(payment_intent_id=payment.stripe_payment_intent_id)
        except BookingError as exc:
            logger.info("pay return: could not ask Stripe yet: %s", exc)
    booking.refresh_from_db()
    payments = list(_card_payments(booking))
    every_payment = list(booking.payments.order_by("due_date", "pk"))
    # What is due next: the first open instalment of the booking's plan (the plan as
    # checkout recorded it, with its due dates), whatever the method.
    next_due = next(
        (
            p
            for p in every_payment
            if p.status in (PaymentStatus.PENDING, PaymentStatus.PROCESSING, PaymentStatus.FAILED)
        ),
        None,
    )
    receipts = [
        (payment, reverse("bookings:receipt_pdf", args=[booking.reference, payment.pk]))
        for payment in every_payment
        if is_receipted(payment)
    ]
    context = {
        "booking": booking,
        "next_due": next_due,
        "receipts": receipts,
        "detail_url": reverse("bookings:detail", kwargs={"reference": booking.reference}),
        "mine_url": reverse("bookings:mine"),
        "status": _state(booking, payments),
        "status_url": reverse("bookings:pay_status", kwargs={"reference": booking.reference}),
        "pay_url": reverse("bookings:pay", kwargs={"reference": booking.reference}),
    }
    return render(request, "bookings/pay_return.html", context)


@login_required
@never_cache
@require_GET
def pay_status(request: HttpRequest, reference: str) -> JsonResponse:
    """Read-only: the return page polls this until the webhook has been applied."""
    booking = _booking(request, reference)
    payments = list(_card_payments(booking))
    return JsonResponse(_state(booking, payments))
