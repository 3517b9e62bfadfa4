"""Booking a scheduled departure, a step per page.

1 group size (seats held) → 2 accommodation → 3 extras → 4 participants → 5 review and
payment choice → 6 confirmation (invoice) or the card payment page. Each step validates
with a form, calls one service, and shows a BookingError's message on the form; a
refused step changes nothing.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from programmes.enums import DepartureStatus
from programmes.models import Departure

from ..enums import (
    COMMITTED_STATES,
    HOLDING_STATES,
    BookingStatus,
    InvoiceKind,
    Occupancy,
    PaymentMethod,
)
from ..errors import BookingError
from ..forms import (
    ACCOMMODATION_MARGIN_DAYS,
    AccommodationForm,
    CheckoutForm,
    ExtrasForm,
    GroupSizeForm,
    WaitingListForm,
)
from ..models import Allotment, Booking, Extra, RoomType
from ..selectors import bookings_for_user, capacity_holding_q, departure_seats_left
from ..services import (
    booking_checkout,
    booking_set_accommodation,
    booking_set_extras,
    booking_start,
    booking_totals,
)
from ..waiting_list import waiting_list_join
from ._common import (
    booking_for_user_or_404,
    hold_context,
    hold_lapsed,
    in_checkout,
    is_tailored,
    optional_url,
    organisation_required,
    payment_plan,
    priced_lines,
    step_context,
)

# --------------------------------------------------------------------------- helpers


def _bookable_departure_or_404(departure_id: int) -> Departure:
    departure = get_object_or_404(
        Departure.objects.select_related("page"), pk=departure_id, page__live=True
    )
    if (
        departure.status != DepartureStatus.SCHEDULED
        or departure.start_date <= timezone.localdate()
    ):
        raise Http404("This departure cannot be booked.")
    return departure


def hold_expired_response(request, booking: Booking) -> TemplateResponse:
    return TemplateResponse(
        request,
        "bookings/hold_expired.html",
        {"booking": booking, "programme": booking.programme.localized},
    )


def _checkout_gate(request, booking: Booking):
    """A response when the booking is not (or no longer) in checkout, else None."""
    if is_tailored(booking):
        return redirect("bookings:detail", booking.reference)
    if hold_lapsed(booking):
        return hold_expired_response(request, booking)
    if not in_checkout(booking):
        messages.info(request, _("This booking has already been checked out."))
        return redirect("bookings:detail", booking.reference)
    return None


def _step(request, template: str, booking: Booking, key: str, **context):
    return render(
        request,
        template,
        {
            "booking": booking,
            "programme": booking.programme.localized,
            **step_context(key, booking),
            **hold_context(booking),
            **context,
        },
    )


# --------------------------------------------------------------------------- step 1


@organisation_required
@require_http_methods(["GET", "POST"])
def start(request, departure_id: int):
    departure = _bookable_departure_or_404(departure_id)
    programme = departure.page
    seats_left = departure_seats_left(departure=departure)
    if seats_left < programme.group_size_min:
        return redirect("bookings:waiting_list", departure.pk)
    form = GroupSizeForm(
        request.POST or None,
        programme=programme,
        seats_left=seats_left,
        organisations=request.organisations,
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking = booking_start(
                departure=departure,
                organisation=form.chosen_organisation(),
                contact=request.user,
                participants_count=form.cleaned_data["participants_count"],
                language=request.LANGUAGE_CODE,
            )
        except BookingError as error:
            form.add_error(None, error.message)
            seats_left = departure_seats_left(departure=departure)
        else:
            return redirect("bookings:accommodation", booking.reference)
    held = [
        booking
        for booking in bookings_for_user(request.user).filter(
            departure=departure, status=BookingStatus.HELD, hold_expires_at__gt=timezone.now()
        )
        if not booking.payments.exists()
    ]
    return render(
        request,
        "bookings/start.html",
        {
            "form": form,
            "departure": departure,
            "programme": programme.localized,
            "seats_left": seats_left,
            "full": seats_left < programme.group_size_min,
            "held_bookings": held,
            **step_context("start"),
        },
    )


@organisation_required
@require_http_methods(["GET", "POST"])
def waiting_list(request, departure_id: int):
    departure = _bookable_departure_or_404(departure_id)
    programme = departure.page
    seats_left = departure_seats_left(departure=departure)
    form = WaitingListForm(
        request.POST or None, programme=programme, organisations=request.organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            waiting_list_join(
                departure=departure,
                organisation=form.chosen_organisation(),
                contact=request.user,
                participants_count=form.cleaned_data["participants_count"],
                language=request.LANGUAGE_CODE,
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "You are on the waiting list. We e-mail you as soon as seats for your "
                    "whole delegation are free."
                ),
            )
            return redirect("bookings:mine")
    return render(
        request,
        "bookings/waiting_list.html",
        {
            "form": form,
            "departure": departure,
            "programme": programme.localized,
            "seats_left": seats_left,
            "full": seats_left < programme.group_size_min,
        },
    )


# --------------------------------------------------------------------------- step 2


def _room_availability(booking: Booking, earliest: datetime.date, latest: datetime.date):
    """Room types with allotments in the window, and rooms left per night for this booking.

    One query for the allotments with what other bookings hold. Candidate for
    bookings.selectors.
    """
    today = timezone.localdate()
    others = capacity_holding_q("reservations__booking__") & ~Q(reservations__booking=booking)
    allotments = list(
        Allotment.objects.filter(night__gte=earliest, night__lt=latest)
        .select_related("room_type__hotel", "room_type__vat_rate")
        .annotate(taken=Coalesce(Sum("reservations__rooms", filter=others), 0))
        .order_by("room_type__hotel__name", "room_type__name", "night")
    )
    nights = sorted({a.night for a in allotments})
    by_type: dict[int, dict] = {}
    for allotment in allotments:
        room_type: RoomType = allotment.room_type
        row = by_type.setdefault(room_type.pk, {"room_type": room_type, "left": {}})
        released = allotment.release_date < today
        row["left"][allotment.night] = 0 if released else max(allotment.rooms - allotment.taken, 0)
    rows = []
    for row in by_type.values():
        row["cells"] = [row["left"].get(night) for night in nights]
        rows.append(row)
    return nights, rows


@login_required
@require_http_methods(["GET", "POST"])
def accommodation(request, reference: str):
    booking = booking_for_user_or_404(request, reference)
    if (response := _checkout_gate(request, booking)) is not None:
        return response
    earliest = booking.start_date - datetime.timedelta(days=ACCOMMODATION_MARGIN_DAYS)
    latest = booking.end_date + datetime.timedelta(days=ACCOMMODATION_MARGIN_DAYS)
    nights, availability = _room_availability(booking, earliest, latest)
    room_types = [row["room_type"] for row in availability]

    reservations = list(booking.rooms.select_related("allotment"))
    initial = {"arrival": booking.start_date, "departure": booking.end_date}
    if reservations:
        first = min(r.allotment.night for r in reservations)
        last = max(r.allotment.night for r in reservations)
        initial = {"arrival": first, "departure": last + datetime.timedelta(days=1)}
        for reservation in reservations:
            if reservation.allotment.night == first:
                key = AccommodationForm.field_name(
                    reservation.allotment.room_type, reservation.occupancy
                )
                initial[key] = reservation.rooms
    form = AccommodationForm(
        request.POST or None, booking=booking, room_types=room_types, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            booking_set_accommodation(
                booking=booking,
                requests=form.room_requests(),
                arrival=form.cleaned_data["arrival"],
                departure=form.cleaned_data["departure"],
                actor=request.user,
            )
        except BookingError as error:
            form.add_error(None, error.message)
            nights, availability = _room_availability(booking, earliest, latest)
        else:
            return redirect("bookings:extras", booking.reference)
    return _step(
        request,
        "bookings/accommodation.html",
        booking,
        "accommodation",
        form=form,
        nights=nights,
        availability=availability,
        occupancies=Occupancy,
    )


# --------------------------------------------------------------------------- step 3


@login_required
@require_http_methods(["GET", "POST"])
def extras(request, reference: str):
    booking = booking_for_user_or_404(request, reference)
    if (response := _checkout_gate(request, booking)) is not None:
        return response
    offered = Extra.objects.filter(active=True).select_related("vat_rate")
    initial = {ExtrasForm.field_name(be.extra): be.quantity for be in booking.extras.all()}
    form = ExtrasForm(request.POST or None, booking=booking, extras=offered, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            booking_set_extras(booking=booking, quantities=form.quantities(), actor=request.user)
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            return redirect("bookings:participants", booking.reference)
    return _step(request, "bookings/extras.html", booking, "extras", form=form)


# --------------------------------------------------------------------------- step 5


@login_required
@require_http_methods(["GET", "POST"])
def review(request, reference: str):
    booking = booking_for_user_or_404(request, reference)
    if is_tailored(booking):
        return redirect("bookings:detail", booking.reference)
    if hold_lapsed(booking):
        return hold_expired_response(request, booking)
    if booking.status == BookingStatus.AWAITING_PAYMENT:
        pay_url = optional_url("bookings:pay", booking.reference)
        return redirect(pay_url or reverse("bookings:detail", args=[booking.reference]))
    if booking.status not in HOLDING_STATES or booking.payments.exists():
        return redirect("bookings:detail", booking.reference)
    plan = payment_plan(booking)
    form = CheckoutForm(request.POST or None, whole_due_now=plan.whole_due_now)
    if request.method == "POST" and form.is_valid():
        method = form.cleaned_data["payment_method"]
        try:
            booking = booking_checkout(booking=booking, payment_method=method, actor=request.user)
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            if method == PaymentMethod.CARD:
                pay_url = optional_url("bookings:pay", booking.reference)
                if pay_url:
                    return redirect(pay_url)
                messages.warning(
                    request,
                    _("Card payment is not available right now. We will contact you."),
                )
                return redirect("bookings:detail", booking.reference)
            return redirect("bookings:confirmation", booking.reference)
    return _step(
        request,
        "bookings/review.html",
        booking,
        "review",
        form=form,
        totals=booking_totals(booking),
        plan=plan,
        lines=priced_lines(booking),
        rooms=list(booking.rooms.select_related("allotment__room_type__hotel")),
        policy_rules=list(booking.cancellation_policy.rules.all())
        if booking.cancellation_policy_id
        else [],
        participants_named=booking.participants.exclude(last_name="").count(),
    )


# --------------------------------------------------------------------------- step 6


@login_required
def confirmation(request, reference: str):
    booking = booking_for_user_or_404(request, reference)
    if booking.status not in COMMITTED_STATES:
        return redirect("bookings:detail", booking.reference)
    invoice = booking.invoices.filter(kind=InvoiceKind.INVOICE).order_by("issued_on").first()
    return render(
        request,
        "bookings/confirmation.html",
        {
            "booking": booking,
            "programme": booking.programme.localized,
            "invoice": invoice,
            "invoice_pdf_url": optional_url("bookings:invoice_pdf", invoice.number)
            if invoice
            else None,
            "totals": booking_totals(booking),
            **step_context("confirmation"),
        },
    )
