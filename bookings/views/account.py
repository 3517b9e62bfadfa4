"""My bookings: the list, one booking, cancellation, quotes and tailored requests."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from wagtail.models import Locale

from core.params import param_int_or_none
from programmes.models import ProgrammePage
from programmes.selectors import localized_pages

from ..cancellation import booking_cancel, cancellation_terms
from ..enums import (
    COMMITTED_STATES,
    HOLDING_STATES,
    BookingStatus,
    PaymentMethod,
    PaymentStatus,
    QuoteStatus,
    WaitingStatus,
)
from ..errors import BookingError
from ..forms import CancelForm, QuoteAcceptForm, TailoredRequestForm
from ..invoicing.quote_pdf import quote_pdf_response, quote_version
from ..models import Quote, TailoredRequest, WaitingListEntry
from ..pricing import totals
from ..quotes import quote_accept, quote_plan, tailored_request_create
from ..selectors import booking_page_rows, bookings_for_user
from ..services import booking_totals
from ._common import (
    amount_paid,
    booking_for_user_or_404,
    client_ip,
    hold_lapsed,
    in_checkout,
    optional_url,
    organisation_required,
    priced_lines,
)
from .participants import is_started, missing_by_participant

CANCELLABLE = (*HOLDING_STATES, *COMMITTED_STATES)
VISIBLE_QUOTES = (QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.EXPIRED)


def _cancellable(booking) -> bool:
    return (
        booking.status in CANCELLABLE
        and booking.status != BookingStatus.COMPLETED
        and booking.start_date > timezone.localdate()
    )


@organisation_required
def mine(request):
    bookings = [
        booking
        for booking in bookings_for_user(request.user)
        .prefetch_related("payments", "quotes")
        .order_by("-created_at")
        # A draft is the manager's until a quote is sent (a sent one that a revision
        # superseded still counts: its link says so).
        if booking.status != BookingStatus.DRAFT
        or any(
            q.status in VISIBLE_QUOTES or (q.status == QuoteStatus.WITHDRAWN and q.sent_at)
            for q in booking.quotes.all()
        )
    ]
    requests = list(
        TailoredRequest.objects.filter(organisation__members=request.user)
        .select_related("programme", "booking")
        .order_by("-created_at")
    )
    waiting = list(
        WaitingListEntry.objects.filter(
            organisation__members=request.user,
            status__in=(WaitingStatus.WAITING, WaitingStatus.OFFERED),
        ).select_related("departure__page", "offered_booking")
    )
    # Every programme title in the reader's language, in one query (not one per line).
    localized = localized_pages(
        [b.programme for b in bookings]
        + [e.departure.page for e in waiting]
        + [r.programme for r in requests if r.programme_id]
    )
    for booking in bookings:
        booking.programme_title = localized[booking.programme_id].title
    for entry in waiting:
        entry.programme_title = localized[entry.departure.page_id].title
    for item in requests:
        item.programme_title = localized[item.programme_id].title if item.programme_id else ""
    visible = {booking.pk for booking in bookings}
    for item in requests:
        item.visible_booking = item.booking if item.booking_id in visible else None
    for booking in bookings:
        booking.next_due = next(
            (
                p
                for p in sorted(
                    booking.payments.all(), key=lambda p: p.due_date or timezone.localdate()
                )
                if p.status
                in (PaymentStatus.PENDING, PaymentStatus.PROCESSING, PaymentStatus.FAILED)
            ),
            None,
        )
        booking.in_checkout = in_checkout(booking)
    return render(
        request,
        "bookings/mine.html",
        {
            "bookings": bookings,
            "tailored_requests": requests,
            "waiting": waiting,
            "organisations": request.organisations,
        },
    )


@login_required
def detail(request, reference: str):
    booking = booking_page_rows(booking_for_user_or_404(request, reference, related=("request",)))
    payments = list(booking.payments.all())
    invoices = list(booking.invoices.order_by("issued_on", "number"))
    for invoice in invoices:
        invoice.pdf_url = optional_url("bookings:invoice_pdf", invoice.number)
    receipts = []
    for payment in payments:
        payment.pay_url = (
            optional_url("bookings:pay", booking.reference)
            if payment.method == PaymentMethod.CARD
            and payment.status in (PaymentStatus.PENDING, PaymentStatus.FAILED)
            and booking.status not in (BookingStatus.CANCELLED, BookingStatus.EXPIRED)
            else None
        )
        if payment.status == PaymentStatus.SUCCEEDED and payment.method == PaymentMethod.CARD:
            url = optional_url("bookings:receipt_pdf", booking.reference, payment.pk)
            if url:
                # Where the buyer asks, an invoice marked paid (once per payment).
                payment.invoice_request_url = (
                    None
                    if any(invoice.payment_id == payment.pk for invoice in invoices)
                    else optional_url(
                        "bookings:card_invoice_request", booking.reference, payment.pk
                    )
                )
                receipts.append((payment, url))
    quotes = list(
        booking.quotes.filter(status__in=VISIBLE_QUOTES)
        .prefetch_related("lines")
        .order_by("-created_at")
    )
    for quote in quotes:
        quote.totals = totals(quote.lines.all())
    quote_pdf_url = optional_url("bookings:quote_pdf", booking.reference) if quotes else None
    participants = list(booking.participants.all())
    if participants:
        missing = missing_by_participant(booking)
        for participant in participants:
            participant.missing_labels = (
                missing.get(participant.pk, []) if is_started(participant) else []
            )
    return render(
        request,
        "bookings/detail.html",
        {
            "booking": booking,
            "programme": booking.programme.localized,
            "lines": priced_lines(booking),
            "totals": booking_totals(booking),
            "payments": payments,
            "invoices": invoices,
            "receipts": receipts,
            "quotes": quotes,
            "quote_pdf_url": quote_pdf_url,
            "participants": participants,
            "rooms": list(booking.rooms.select_related("allotment__room_type__hotel")),
            "in_checkout": in_checkout(booking),
            "hold_lapsed": hold_lapsed(booking),
            "cancellable": _cancellable(booking),
            "participants_editable": in_checkout(booking)
            or booking.status in (BookingStatus.AWAITING_PAYMENT, *COMMITTED_STATES),
            "paid": amount_paid(booking),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, reference: str):
    """Confirm, then cancel: shows the refund the policy gives today."""

    booking = booking_for_user_or_404(request, reference)
    if not _cancellable(booking):
        messages.info(request, _("This booking can no longer be cancelled online."))
        return redirect("bookings:detail", booking.reference)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking_cancel(booking=booking, actor=request.user, reason=form.cleaned_data["reason"])
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Booking %(reference)s is cancelled.") % {"reference": booking.reference},
            )
            return redirect("bookings:detail", booking.reference)
    return render(
        request,
        "bookings/cancel.html",
        {
            "booking": booking,
            "programme": booking.programme.localized,
            "form": form,
            "terms": cancellation_terms(booking=booking),
            "policy_rules": list(booking.cancellation_policy.rules.all())
            if booking.cancellation_policy_id
            else [],
        },
    )


def _current_quote(booking):
    return (
        Quote.objects.filter(booking=booking, status__in=VISIBLE_QUOTES)
        .prefetch_related("lines")
        .order_by("-created_at", "-pk")
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def quote(request, reference: str, quote_id: int | None = None):
    """The booking's quote with its lines, validity and payment terms. POST accepts it
    and chooses how to pay; quote_accept records who accepted, when, and from which
    address.

    With `quote_id` (the link in a quote e-mail) it is that version: one that a revision
    superseded says so and links the current quote (or says a revised one is coming)."""

    booking = booking_for_user_or_404(request, reference)
    current = _current_quote(booking)
    if quote_id is None:
        quote = current
    else:
        # Only versions that were sent to the delegation; never the manager's drafts.
        quote = (
            Quote.objects.filter(booking=booking, pk=quote_id, sent_at__isnull=False)
            .exclude(status=QuoteStatus.DRAFT)
            .prefetch_related("lines")
            .first()
        )
    if quote is None:
        raise Http404("No quote for this booking.")
    superseded = quote.status == QuoteStatus.WITHDRAWN and (
        Quote.objects.filter(booking=booking, pk__gt=quote.pk).exists()
    )
    plan = quote_plan(quote)
    form = QuoteAcceptForm(request.POST or None, plan=plan)
    can_accept = quote.status == QuoteStatus.SENT and quote.valid_until >= timezone.localdate()
    if request.method == "POST":
        if not can_accept:
            form.is_valid()
            form.add_error(None, _("This quote can no longer be accepted."))
        elif form.is_valid():
            method = form.cleaned_data["payment_method"]
            try:
                booking = quote_accept(
                    quote=quote,
                    actor=request.user,
                    ip=client_ip(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                    payment_method=method,
                )
            except BookingError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Thank you: the quote is accepted."))
                if method == PaymentMethod.CARD:
                    pay_url = optional_url("bookings:pay", booking.reference)
                    if pay_url:
                        return redirect(pay_url)
                return redirect("bookings:detail", booking.reference)
    return render(
        request,
        "bookings/quote.html",
        {
            "booking": booking,
            "programme": booking.programme.localized,
            "quote": quote,
            "version": quote_version(quote),
            "superseded": superseded,
            "current_quote": current if current is not None and current.pk != quote.pk else None,
            "lines": priced_lines(quote),
            "totals": totals(quote.lines.all()),
            "plan": plan,
            "form": form,
            "can_accept": can_accept,
            "pdf_url": optional_url("bookings:quote_pdf", booking.reference)
            if quote.status in VISIBLE_QUOTES and not superseded
            else None,
            "policy_rules": list(booking.cancellation_policy.rules.all())
            if booking.cancellation_policy_id
            else [],
        },
    )


@login_required
@require_GET
def quote_pdf(request, reference: str):
    """The booking's current quote as a PDF, for members of its organisation only
    (anyone else gets a 404); managers download it from the admin."""

    booking = booking_for_user_or_404(request, reference)
    quote = _current_quote(booking)
    if quote is None:
        raise Http404("No quote for this booking.")
    return quote_pdf_response(quote)


@organisation_required
@require_http_methods(["GET", "POST"])
def tailored_request(request):
    locale = Locale.objects.filter(language_code=translation.get_language()).first()
    initial = {}

    programme_id = param_int_or_none(request.GET, "programme")
    if programme_id is not None:
        programme = ProgrammePage.objects.live().filter(pk=programme_id).first()
        if programme is not None:
            initial["programme"] = programme.localized
    form = TailoredRequestForm(
        request.POST or None,
        organisations=request.organisations,
        locale=locale,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            tailored_request_create(
                organisation=form.chosen_organisation(),
                contact=request.user,
                programme=data["programme"],
                preferred_start=data["preferred_start"],
                preferred_end=data["preferred_end"],
                group_size=data["group_size"],
                themes=list(data["themes"]),
                hosts=list(data["hosts"]),
                message=data["message"],
                language=request.LANGUAGE_CODE,
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Thank you. We prepare a quote and e-mail you when it is ready."),
            )
            return redirect("bookings:mine")
    return render(request, "bookings/tailored_request.html", {"form": form})
