"""Tailored programmes: a delegation's request, the manager's quote, acceptance online.

A quote is prepared on a DRAFT booking of kind TAILORED that carries the quoted lines,
so that totals, invoices and payments work as for any booking. Accepting records who
accepted, when, and from where (IP address and user agent), and moves the booking to
AWAITING_PAYMENT with the same payment plan as checkout: deposit and balance by card,
or the full amount by invoice. A manager confirms the tailored booking (or the card
deposit does), through services.booking_confirm.
"""

from __future__ import annotations

import datetime
import ipaddress
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.audit import audit_record
from core.outbox import outbox_enqueue
from programmes.models import ProgrammePage

from .enums import (
    BookingKind,
    BookingStatus,
    LineKind,
    PaymentMethod,
    QuoteStatus,
    RequestStatus,
)
from .errors import BookingError, InvalidTransition
from .invoicing.services import invoice_issue
from .lifecycle import booking_move, booking_open
from .models import (
    Booking,
    BookingLine,
    BookingPolicy,
    CancellationPolicy,
    Organisation,
    Payment,
    Quote,
    QuoteLine,
    TailoredRequest,
)
from .participants import participant_slots_ensure
from .pricing import totals
from .selectors import payment_plan_for

EMAIL_TASK = "bookings.tasks.send_booking_email"
MAX_QUANTITY = Decimal("9999999.99")
MAX_PRICE = Decimal("99999999999.99")
MAX_TERM_DAYS = 365


def quote_url(quote: Quote) -> str:
    """The absolute link to this version of the quote, in the booking's language.

    Each version has its own link, so that a link in an earlier e-mail still says what
    became of that version (superseded by a revision, accepted, expired).
    """
    booking = quote.booking
    with translation.override(booking.language):
        try:
            path = reverse(
                "bookings:quote_version",
                kwargs={"reference": booking.reference, "quote_id": quote.pk},
            )
        except NoReverseMatch:
            path = f"/{booking.language}/bookings/{booking.reference}/quote/{quote.pk}/"
    return f"{settings.BASE_URL}{path}"


def quote_terms(quote: Quote, *, policy: BookingPolicy | None = None) -> BookingPolicy:
    """The payment terms of a quote, as an (unsaved) BookingPolicy that
    selectors.payment_plan_for reads: the quote's own deposit, balance and invoice terms,
    the booking policy's for whatever the quote leaves open."""
    policy = policy or BookingPolicy.load()
    return BookingPolicy(
        deposit_percent=policy.deposit_percent
        if quote.deposit_percent is None
        else quote.deposit_percent,
        balance_due_days=policy.balance_due_days
        if quote.balance_due_days is None
        else quote.balance_due_days,
        balance_min_days=policy.balance_min_days,
        invoice_payment_days=policy.invoice_payment_days
        if quote.invoice_payment_days is None
        else quote.invoice_payment_days,
    )


def quote_plan(quote: Quote, *, today: datetime.date | None = None):
    """What accepting this quote today asks for, by card and by invoice."""
    return payment_plan_for(
        total=totals(quote.lines.all()).gross,
        start_date=quote.booking.start_date,
        policy=quote_terms(quote),
        today=today,
    )


def _is_member(organisation: Organisation, user) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and organisation.members.filter(pk=user.pk).exists()
    )


# --------------------------------------------------------------------------- request


def tailored_request_create(
    *,
    organisation: Organisation,
    contact,
    programme=None,
    preferred_start: datetime.date,
    preferred_end: datetime.date,
    group_size: int,
    themes: Iterable = (),
    hosts: Iterable = (),
    message: str = "",
    language: str = "en",
) -> TailoredRequest:
    """A delegation asks for a tailored programme.

    Side effects: the request (status NEW) with its themes and hosts, an audit entry.
    Raises BookingError for dates in the past or in the wrong order, a group smaller
    than one, or a contact who does not belong to the organisation.
    """
    if not _is_member(organisation, contact):
        raise BookingError(_("You can only ask for an organisation you belong to."))
    if preferred_start <= timezone.localdate():
        raise BookingError(_("The programme must start in the future."))
    if preferred_end < preferred_start:
        raise BookingError(_("The programme cannot end before it starts."))
    if group_size is None or int(group_size) < 1:
        raise BookingError(_("A delegation has at least one participant."))
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with transaction.atomic():
        request = TailoredRequest.objects.create(
            organisation=organisation,
            contact=contact,
            programme=programme,
            preferred_start=preferred_start,
            preferred_end=preferred_end,
            group_size=int(group_size),
            message=(message or "").strip(),
            language=language,
        )
        request.themes.set(list(themes))
        request.hosts.set(list(hosts))
        audit_record(
            subject=request,
            action="tailored_request",
            actor=contact,
            to_state=RequestStatus.NEW,
            data={"group_size": request.group_size},
        )
    return request


# --------------------------------------------------------------------------- quote


def _clean_lines(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not lines:
        raise BookingError(_("A quote needs at least one line."))
    cleaned = []
    for number, line in enumerate(lines, start=1):
        try:
            description = str(line.get("description") or "").strip()
            quantity = Decimal(str(line["quantity"]))
            unit_price = Decimal(str(line["unit_price"]))
            vat_rate = Decimal(str(line["vat_rate"]))
        except (KeyError, InvalidOperation, TypeError, ValueError) as exc:
            raise BookingError(
                _("Line %(number)s needs a quantity, a unit price and a VAT rate.")
                % {"number": number}
            ) from exc
        if (
            not description
            or len(description) > 300
            or not quantity.is_finite()
            or not unit_price.is_finite()
            or not vat_rate.is_finite()
            or not Decimal("0") < quantity <= MAX_QUANTITY
            or not Decimal("0") <= unit_price <= MAX_PRICE
            or not Decimal("0") <= vat_rate <= Decimal("100")
            or quantity != quantity.quantize(Decimal("0.01"))
            or unit_price != unit_price.quantize(Decimal("0.01"))
            or vat_rate != vat_rate.quantize(Decimal("0.01"))
        ):
            raise BookingError(
                _(
                    "Line %(number)s is not valid: it needs a description, a quantity above "
                    "zero, a price of zero or more and a VAT rate from 0 to 100 %%, each "
                    "with at most two decimals."
                )
                % {"number": number}
            )
        cleaned.append(
            {
                "description": description,
                "quantity": quantity,
                "unit_price": unit_price,
                "vat_rate": vat_rate,
            }
        )
    return cleaned


def _default_programme():
    return ProgrammePage.objects.live().order_by("path").first()


def _clean_terms(
    *, policy: BookingPolicy, deposit_percent, balance_due_days, invoice_payment_days
) -> dict[str, Any]:
    """The quote's payment terms, the booking policy's where none is given."""
    try:
        deposit = Decimal(
            str(policy.deposit_percent if deposit_percent is None else deposit_percent)
        )
        balance_days = int(
            policy.balance_due_days if balance_due_days is None else balance_due_days
        )
        invoice_days = int(
            policy.invoice_payment_days if invoice_payment_days is None else invoice_payment_days
        )
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise BookingError(_("The payment terms are not valid.")) from exc
    if (
        not deposit.is_finite()
        or not Decimal("0") <= deposit <= Decimal("100")
        or deposit != deposit.quantize(Decimal("0.01"))
    ):
        raise BookingError(_("The deposit is a percentage from 0 to 100."))
    if not 0 <= balance_days <= MAX_TERM_DAYS:
        raise BookingError(
            _("The balance falls due from 0 to %(days)s days before arrival.")
            % {"days": MAX_TERM_DAYS}
        )
    if not 1 <= invoice_days <= MAX_TERM_DAYS:
        raise BookingError(
            _("An invoice is payable within 1 to %(days)s days.") % {"days": MAX_TERM_DAYS}
        )
    return {
        "deposit_percent": deposit,
        "balance_due_days": balance_days,
        "invoice_payment_days": invoice_days,
    }


def quote_prepare(
    *,
    request: TailoredRequest,
    lines: list[dict[str, Any]],
    valid_until: datetime.date,
    actor,
    deposit_percent: Decimal | None = None,
    balance_due_days: int | None = None,
    invoice_payment_days: int | None = None,
) -> Quote:
    """A manager prepares a quote (or a revised version of it) for a tailored request.

    The first quote creates the request's booking (kind TAILORED, DRAFT) for the
    request's programme (or the first live one) and dates; a new quote for the same
    request is its next version: it replaces the booking's quoted lines and withdraws
    the earlier versions (their links then say they were superseded). The payment terms
    (deposit percent, balance due days before arrival, invoice payment days) are the
    booking policy's unless given, and are kept on the quote.
    Side effects: the booking and its QUOTE lines, the quote (DRAFT) and its lines,
    the request QUOTED, audit entries on the quote and the request. Nothing is sent
    (see quote_send).
    Raises BookingError for bad lines or terms, a zero total or a validity in the past;
    InvalidTransition for a request that was accepted or declined.
    """
    cleaned = _clean_lines(lines)
    if totals(_Line(**line) for line in cleaned).gross <= 0:
        raise BookingError(_("A quote must come to more than zero."))
    if valid_until < timezone.localdate():
        raise BookingError(_("The quote must be valid until today or later."))
    policy = BookingPolicy.load()
    terms = _clean_terms(
        policy=policy,
        deposit_percent=deposit_percent,
        balance_due_days=balance_due_days,
        invoice_payment_days=invoice_payment_days,
    )
    with transaction.atomic():
        request = (
            TailoredRequest.objects.select_for_update(of=("self",))
            .select_related("organisation", "booking")
            .get(pk=request.pk)
        )
        if request.status not in (RequestStatus.NEW, RequestStatus.QUOTED):
            raise InvalidTransition()
        booking = request.booking
        if booking is not None:
            booking = Booking.objects.select_for_update().get(pk=booking.pk)
            if booking.status != BookingStatus.DRAFT:
                raise InvalidTransition()
            for earlier in booking.quotes.select_for_update().filter(
                status__in=[QuoteStatus.DRAFT, QuoteStatus.SENT]
            ):
                from_state = earlier.status
                earlier.status = QuoteStatus.WITHDRAWN
                earlier.save(update_fields=["status"])
                audit_record(
                    subject=earlier,
                    action="quote_withdraw",
                    actor=actor,
                    from_state=from_state,
                    to_state=QuoteStatus.WITHDRAWN,
                )
            booking.lines.filter(kind=LineKind.QUOTE).delete()
        else:
            programme = request.programme or _default_programme()
            if programme is None:
                raise BookingError(_("There is no live programme to quote for."))
            booking = booking_open(
                action="tailored_draft",
                actor=actor,
                data={"request": request.pk},
                kind=BookingKind.TAILORED,
                organisation=request.organisation,
                contact=request.contact,
                programme=programme,
                participants_count=request.group_size,
                start_date=request.preferred_start,
                end_date=request.preferred_end,
                language=request.language,
                participant_deadline=request.preferred_start
                - datetime.timedelta(days=policy.participant_details_days),
                cancellation_policy=CancellationPolicy.objects.filter(is_default=True).first(),
            )
        quote = Quote.objects.create(booking=booking, valid_until=valid_until, **terms)
        for position, line in enumerate(cleaned):
            BookingLine.objects.create(
                booking=booking, kind=LineKind.QUOTE, position=100 + position, **line
            )
            QuoteLine.objects.create(quote=quote, **line)
        audit_record(
            subject=quote,
            action="quote_prepare",
            actor=actor,
            to_state=QuoteStatus.DRAFT,
            data={
                "total": str(totals(quote.lines.all()).gross),
                "valid_until": valid_until.isoformat(),
                "deposit_percent": str(terms["deposit_percent"]),
                "balance_due_days": terms["balance_due_days"],
                "invoice_payment_days": terms["invoice_payment_days"],
            },
        )
        if request.status != RequestStatus.QUOTED or request.booking_id != booking.pk:
            from_state = request.status
            request.status = RequestStatus.QUOTED
            request.booking = booking
            request.save(update_fields=["status", "booking"])
            audit_record(
                subject=request,
                action="quote_prepare",
                actor=actor,
                from_state=from_state,
                to_state=RequestStatus.QUOTED,
            )
    return quote


class _Line:
    def __init__(self, *, description: str, quantity, unit_price, vat_rate):
        self.description = description
        self.quantity = quantity
        self.unit_price = unit_price
        self.vat_rate = vat_rate


def quote_send(*, quote: Quote, actor) -> Quote:
    """Send a prepared quote to the delegation contact.

    Returns quietly when it was sent already.
    Side effects: status SENT, sent_at, an audit entry, the `quote` e-mail with a link.
    Raises BookingError when its validity has passed, InvalidTransition for a quote
    that was withdrawn, accepted or expired.
    """
    with transaction.atomic():
        quote = (
            Quote.objects.select_for_update(of=("self",)).select_related("booking").get(pk=quote.pk)
        )
        if quote.status == QuoteStatus.SENT:
            return quote
        if quote.status != QuoteStatus.DRAFT:
            raise InvalidTransition()
        if quote.valid_until < timezone.localdate():
            raise BookingError(_("This quote has expired"))
        quote.status = QuoteStatus.SENT
        quote.sent_at = timezone.now()
        quote.save(update_fields=["status", "sent_at"])
        audit_record(
            subject=quote,
            action="quote_send",
            actor=actor,
            from_state=QuoteStatus.DRAFT,
            to_state=QuoteStatus.SENT,
        )
        outbox_enqueue(
            task=EMAIL_TASK,
            booking_id=quote.booking_id,
            template="quote",
            quote_id=quote.pk,
            valid_until=quote.valid_until.isoformat(),
            total=str(totals(quote.lines.all()).gross),
            link=quote_url(quote),
        )
    return quote


def tailored_request_decline(
    *, request: TailoredRequest, actor, reason: str = ""
) -> TailoredRequest:
    """A manager declines a tailored request (no quote, or none that will be accepted).

    Declining a declined request again changes nothing.
    Side effects: the request DECLINED, its open quotes (draft or sent) WITHDRAWN, audit
    entries; its draft booking, if any, CANCELLED through the lifecycle
    ("tailored_decline"); the `tailored_declined` e-mail to the requester, in their
    language, with `reason` when one is given (through the outbox).
    Raises InvalidTransition for an accepted request.
    """
    reason = (reason or "").strip()[:200]
    with transaction.atomic():
        # Request, booking, quote: the order quote_prepare and quote_accept take them in.
        request = TailoredRequest.objects.select_for_update().get(pk=request.pk)
        if request.status == RequestStatus.DECLINED:
            return request
        if request.status == RequestStatus.ACCEPTED:
            raise InvalidTransition()
        booking = (
            Booking.objects.select_for_update(of=("self",)).filter(pk=request.booking_id).first()
            if request.booking_id
            else None
        )
        if request.booking_id:
            for quote in Quote.objects.select_for_update().filter(
                booking_id=request.booking_id, status__in=[QuoteStatus.DRAFT, QuoteStatus.SENT]
            ):
                from_state = quote.status
                quote.status = QuoteStatus.WITHDRAWN
                quote.save(update_fields=["status"])
                audit_record(
                    subject=quote,
                    action="quote_withdraw",
                    actor=actor,
                    from_state=from_state,
                    to_state=QuoteStatus.WITHDRAWN,
                )
        from_state = request.status
        request.status = RequestStatus.DECLINED
        request.save(update_fields=["status"])
        audit_record(
            subject=request,
            action="tailored_request_decline",
            actor=actor,
            from_state=from_state,
            to_state=RequestStatus.DECLINED,
            data={"reason": reason},
        )
        email = {"request_id": request.pk, "reason": reason}
        if booking is not None and booking.status == BookingStatus.DRAFT:
            # The lifecycle ends the draft and sends the e-mail (its EFFECTS).
            booking_move(
                booking,
                "tailored_decline",
                actor=actor,
                data={"request": request.pk},
                email=email,
            )
        else:
            outbox_enqueue(task=EMAIL_TASK, booking_id=None, template="tailored_declined", **email)
    return request


def _clean_ip(ip: str) -> str | None:
    try:
        return str(ipaddress.ip_address((ip or "").strip()))
    except ValueError:
        return None


def _schedule_payments(*, booking: Booking, method: str, policy: BookingPolicy) -> list[Payment]:
    """The payment plan of checkout (bookings.selectors.payment_plan_for) under the
    accepted quote's terms (`policy`, see quote_terms), as Payments."""
    today = timezone.localdate()
    plan = payment_plan_for(
        total=totals(booking.lines.all()).gross,
        start_date=booking.start_date,
        policy=policy,
        today=today,
    )
    return [
        Payment.objects.create(
            booking=booking,
            kind=due.kind,
            method=due.method,
            amount=due.amount,
            due_date=due.due_date,
        )
        for due in plan.instalments(method, today=today)
    ]


def quote_accept(
    *,
    quote: Quote,
    actor,
    ip: str,
    user_agent: str,
    payment_method: str = PaymentMethod.INVOICE,
) -> Booking:
    """A member of the delegation's organisation accepts a sent quote online.

    Accepting an accepted quote again returns its booking and changes nothing.
    Side effects: who accepted, when, from which IP address and user agent; the quote
    ACCEPTED (other open quotes of the booking withdrawn), the request ACCEPTED; the
    booking DRAFT → AWAITING_PAYMENT with its payment plan (`payment_method`: card →
    deposit + balance, invoice → the full amount, invoiced at once); empty participant
    rows; audit entries; for invoice the `invoice` e-mail.
    Raises BookingError when the actor is not a member of the organisation or the
    quote has expired ("This quote has expired"), InvalidTransition for a quote that
    was never sent or was withdrawn. Nothing changes on a refusal.
    """
    if payment_method not in (PaymentMethod.CARD, PaymentMethod.INVOICE):
        raise BookingError(_("Choose card or invoice."))
    policy = BookingPolicy.load()
    booking_id = Quote.objects.filter(pk=quote.pk).values_list("booking_id", flat=True).get()
    with transaction.atomic():
        # Request, booking, quote: the order quote_prepare takes them in, so no deadlock.
        request = TailoredRequest.objects.select_for_update().filter(booking_id=booking_id).first()
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("organisation")
            .get(pk=booking_id)
        )
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        if not _is_member(booking.organisation, actor):
            raise BookingError(
                _("Only a member of the delegation's organisation can accept this quote.")
            )
        if quote.status == QuoteStatus.ACCEPTED:
            return booking
        if quote.status == QuoteStatus.EXPIRED or (
            quote.status == QuoteStatus.SENT and quote.valid_until < timezone.localdate()
        ):
            raise BookingError(_("This quote has expired"))
        if quote.status != QuoteStatus.SENT or booking.status != BookingStatus.DRAFT:
            raise InvalidTransition()

        now = timezone.now()
        quote.status = QuoteStatus.ACCEPTED
        quote.accepted_by = actor
        quote.accepted_at = now
        quote.accepted_ip = _clean_ip(ip)
        quote.accepted_user_agent = (user_agent or "")[:300]
        quote.save(
            update_fields=[
                "status",
                "accepted_by",
                "accepted_at",
                "accepted_ip",
                "accepted_user_agent",
            ]
        )
        audit_record(
            subject=quote,
            action="quote_accept",
            actor=actor,
            from_state=QuoteStatus.SENT,
            to_state=QuoteStatus.ACCEPTED,
            data={"ip": quote.accepted_ip or "", "user_agent": quote.accepted_user_agent},
        )
        for other in (
            booking.quotes.select_for_update()
            .exclude(pk=quote.pk)
            .filter(status__in=[QuoteStatus.DRAFT, QuoteStatus.SENT])
        ):
            from_state = other.status
            other.status = QuoteStatus.WITHDRAWN
            other.save(update_fields=["status"])
            audit_record(
                subject=other,
                action="quote_withdraw",
                actor=actor,
                from_state=from_state,
                to_state=QuoteStatus.WITHDRAWN,
            )
        if request is not None and request.status != RequestStatus.ACCEPTED:
            from_state = request.status
            request.status = RequestStatus.ACCEPTED
            request.save(update_fields=["status"])
            audit_record(
                subject=request,
                action="quote_accept",
                actor=actor,
                from_state=from_state,
                to_state=RequestStatus.ACCEPTED,
            )

        payments = _schedule_payments(
            booking=booking, method=payment_method, policy=quote_terms(quote, policy=policy)
        )
        booking_move(
            booking,
            "quote_accept",
            actor=actor,
            # A tailored programme holds no shared capacity: no hold runs out.
            changes={"payment_method": payment_method, "hold_expires_at": None},
            data={
                "quote": quote.pk,
                "method": payment_method,
                "total": str(sum((p.amount for p in payments), Decimal("0"))),
            },
        )
        participant_slots_ensure(booking=booking)
        if payment_method == PaymentMethod.INVOICE:
            invoice = invoice_issue(payment=payments[0], actor=actor)
            outbox_enqueue(
                task=EMAIL_TASK,
                booking_id=booking.pk,
                template="invoice",
                invoice_number=invoice.number,
                reference=invoice.reference,
                amount=str(payments[0].amount),
                due_date=invoice.due_date.isoformat() if invoice.due_date else "",
                to=booking.organisation.billing_email or "",
            )
    return booking


def quote_expire_due(*, today: datetime.date | None = None) -> int:
    """Celery beat (daily): sent quotes past their validity become EXPIRED.

    The booking stays a DRAFT, so the manager can prepare a new quote for the request.
    Side effects: status EXPIRED and an audit entry per quote. Returns how many.
    """
    today = today or timezone.localdate()
    count = 0
    for quote_id in Quote.objects.filter(
        status=QuoteStatus.SENT, valid_until__lt=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            quote = Quote.objects.select_for_update().get(pk=quote_id)
            if quote.status != QuoteStatus.SENT or quote.valid_until >= today:
                continue
            quote.status = QuoteStatus.EXPIRED
            quote.save(update_fields=["status"])
            audit_record(
                subject=quote,
                action="quote_expire",
                from_state=QuoteStatus.SENT,
                to_state=QuoteStatus.EXPIRED,
            )
            count += 1
    return count
