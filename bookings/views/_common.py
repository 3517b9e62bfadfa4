"""What every booking view shares: object access, the checkout steps, document links."""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from ..enums import HOLDING_STATES, BookingKind, BookingStatus, LineKind, QuoteStatus
from ..models import Booking, Organisation
from ..pricing import line_gross
from ..selectors import (
    PaymentPlan,
    booking_amount_paid,
    booking_payment_plan,
    bookings_for_user,
    departure_seats_left,
)
from ..titles import localized_programme_text


def user_organisations(user) -> list[Organisation]:
    if not user.is_authenticated:
        return []
    return list(user.delegation_organisations.order_by("name"))


def organisation_required(view):
    """Logged in and a member of a delegation organisation; else set one up first."""

    @login_required
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        organisations = user_organisations(request.user)
        if not organisations:
            return redirect(
                f"{reverse('bookings:organisation')}?{urlencode({'next': request.get_full_path()})}"
            )
        request.organisations = organisations
        return view(request, *args, **kwargs)

    return wrapped


def booking_for_user_or_404(request: HttpRequest, reference: str, related=()) -> Booking:
    """The booking with `reference` if it belongs to one of the user's organisations.

    Anyone else gets a 404, not a 403, so that a reference cannot be probed. A tailored
    booking that is still the manager's draft (no quote sent yet) is not shown either;
    once a quote was sent it is, even while a revision is prepared (the earlier quote's
    link then says that it was superseded). `related` names one-to-one relations to
    fetch in the same query (select_related).
    """
    seen = Q(quotes__status__in=(QuoteStatus.SENT, QuoteStatus.ACCEPTED, QuoteStatus.EXPIRED)) | Q(
        quotes__status=QuoteStatus.WITHDRAWN, quotes__sent_at__isnull=False
    )
    drafts_without_quote = Q(status=BookingStatus.DRAFT) & ~seen
    bookings = bookings_for_user(request.user).exclude(drafts_without_quote)
    if related:  # select_related() without names would follow every foreign key
        bookings = bookings.select_related(*related)
    return get_object_or_404(bookings, reference=reference)


def optional_url(name: str, *args) -> str | None:
    """The URL of a view another part of the project provides, or None while it is missing."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


# --------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    label: str


STEPS = (
    Step(1, "start", _("Group size")),
    Step(2, "accommodation", _("Accommodation")),
    Step(3, "extras", _("Extras")),
    Step(4, "participants", _("Participants")),
    Step(5, "review", _("Review and pay")),
    Step(6, "confirmation", _("Confirmation")),
)


def step_context(key: str, booking: Booking | None = None) -> dict:
    """The progress indicator: which step this is, and links to the steps before it."""
    current = next(step for step in STEPS if step.key == key)
    items = []
    for step in STEPS:
        url = None
        if booking is not None and step.number < current.number and step.key != "start":
            if booking.status in HOLDING_STATES and booking.hold_is_active:
                url = reverse(f"bookings:{step.key}", args=[booking.reference])
        items.append({"step": step, "url": url, "current": step is current})
    previous = next((s for s in STEPS if s.number == current.number - 1), None)
    back_url = None
    if booking is not None and previous is not None:
        if previous.key != "start":
            back_url = reverse(f"bookings:{previous.key}", args=[booking.reference])
        elif booking.departure_id:
            back_url = reverse("bookings:start", args=[booking.departure_id])
    return {
        "steps": items,
        "step": current,
        "step_count": len(STEPS),
        "back_url": back_url,
    }


def hold_context(booking: Booking) -> dict:
    context = {"hold_expires_at": booking.hold_expires_at}
    if booking.departure_id:
        context["seats_left"] = departure_seats_left(departure=booking.departure)
    return context


def hold_lapsed(booking: Booking) -> bool:
    return booking.status == BookingStatus.EXPIRED or (
        booking.status in HOLDING_STATES and not booking.hold_is_active
    )


def in_checkout(booking: Booking) -> bool:
    """Still choosing: held, hold running, nothing to pay decided yet."""
    return (
        booking.status == BookingStatus.HELD
        and booking.hold_is_active
        and not booking.payments.all()  # uses a prefetch where the caller made one
    )


# --------------------------------------------------------------------------- money


def payment_plan(booking: Booking) -> PaymentPlan:
    """What checkout will ask for, shown before the user chooses: the one plan that
    booking_checkout and quote acceptance also use (bookings.selectors)."""
    return booking_payment_plan(booking)


def priced_lines(owner) -> list:
    """A booking's (or quote's) lines, each with its computed gross for the price table."""
    lines = list(owner.lines.all())
    for line in lines:
        line.gross = line_gross(line)
        line.description = localized_description(line, getattr(owner, "programme", None))
    return lines


# The start date a programme line names, as it is stored (bookings.services.booking_start
# writes it so; issued documents keep their lines as they were).
_STORED_DATE = re.compile(r"\((\d{2})\.(\d{2})\.(\d{4})\)")


def _date_in_language(match: re.Match) -> str:
    day, month, year = (int(part) for part in match.groups())
    try:
        return f"({date_format(datetime.date(year, month, day), 'DATE_FORMAT')})"
    except ValueError:
        return match.group(0)


def localized_description(line, programme) -> str:
    """A programme line names the programme in the language it was booked in: show the
    title of the page's translation for the active language instead, and its start date
    in the language's date format, as the other steps write dates."""
    if programme is None or getattr(line, "kind", LineKind.PROGRAMME) != LineKind.PROGRAMME:
        return line.description
    return _STORED_DATE.sub(
        _date_in_language, localized_programme_text(line.description, programme)
    )


def amount_paid(booking: Booking) -> Decimal:
    return booking_amount_paid(booking)


def is_tailored(booking: Booking) -> bool:
    return booking.kind == BookingKind.TAILORED


def client_ip(request: HttpRequest) -> str | None:
    # The proxy in front of gunicorn sets REMOTE_ADDR (see the deployment notes); a
    # client-supplied X-Forwarded-For is not trusted here.
    return request.META.get("REMOTE_ADDR") or None
