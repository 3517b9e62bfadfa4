"""Tailored programmes: request, quote, send, accept online (who, when, where), expire."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from bookings.enums import (
    BookingKind,
    BookingStatus,
    LineKind,
    PaymentKind,
    PaymentMethod,
    QuoteStatus,
    RequestStatus,
)
from bookings.errors import BookingError, InvalidTransition
from bookings.models import Booking, Invoice, Payment, Quote, TailoredRequest
from bookings.pricing import totals
from bookings.quotes import (
    quote_accept,
    quote_expire_due,
    quote_prepare,
    quote_send,
    tailored_request_create,
)
from bookings.services import booking_confirm
from core.models import AuditEntry, OutboxMessage

from .factories import default_policy, make_delegation, make_programme, vat_rates

pytestmark = pytest.mark.django_db

LINES = [
    {
        "description": "Tailored programme, 3 days",
        "quantity": "8",
        "unit_price": "1500.00",
        "vat_rate": "25.5",
    },
    {
        "description": "Hotel, single rooms",
        "quantity": "16",
        "unit_price": "120.00",
        "vat_rate": "14",
    },
]
TOTAL = Decimal("8") * Decimal("1500.00") + Decimal("16") * Decimal("120.00")


def _today():
    return timezone.localdate()


def _request(**overrides) -> TailoredRequest:
    vat_rates()
    default_policy()
    organisation, contact = make_delegation()
    programme = make_programme()
    start = _today() + datetime.timedelta(days=120)
    values = {
        "organisation": organisation,
        "contact": contact,
        "programme": programme,
        "preferred_start": start,
        "preferred_end": start + datetime.timedelta(days=2),
        "group_size": 8,
        "themes": [],
        "hosts": [],
        "message": "Civil protection for our regional rescue chiefs.",
        "language": "sv",
    }
    values.update(overrides)
    return tailored_request_create(**values)


def _sent_quote(**request_overrides) -> Quote:
    request = _request(**request_overrides)
    quote = quote_prepare(
        request=request,
        lines=LINES,
        valid_until=_today() + datetime.timedelta(days=30),
        actor=None,
    )
    return quote_send(quote=quote, actor=None)


def _counts() -> dict:
    return {
        "bookings": Booking.objects.count(),
        "quotes": list(Quote.objects.values().order_by("pk")),
        "requests": list(TailoredRequest.objects.values().order_by("pk")),
        "booking_rows": list(Booking.objects.values().order_by("pk")),
        "payments": Payment.objects.count(),
        "invoices": Invoice.objects.count(),
        "audit": AuditEntry.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


# --------------------------------------------------------------------------- request


def test_request_is_recorded_with_themes_and_hosts():
    from tests.programmes.factories import ensure_locales, make_host

    ensure_locales()
    host = make_host("Cyber Lab")
    request = _request(hosts=[host])
    assert request.status == RequestStatus.NEW
    assert list(request.hosts.all()) == [host]
    assert request.language == "sv"
    assert AuditEntry.objects.filter(action="tailored_request").count() == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"preferred_start": datetime.date(2000, 1, 1)}, "future"),
        ({"preferred_end": datetime.date(2000, 1, 1)}, "cannot end before"),
        ({"group_size": 0}, "at least one"),
    ],
)
def test_request_with_bad_input_is_refused(overrides, message):
    vat_rates()
    before = TailoredRequest.objects.count()
    with pytest.raises(BookingError, match=message):
        _request(**overrides)
    assert TailoredRequest.objects.count() == before


def test_request_for_someone_elses_organisation_is_refused():
    organisation, _ = make_delegation()
    _, stranger = make_delegation()
    with pytest.raises(BookingError):
        _request(organisation=organisation, contact=stranger)
    assert TailoredRequest.objects.count() == 0


# --------------------------------------------------------------------------- prepare


def test_prepare_creates_a_draft_tailored_booking_with_the_lines():
    request = _request()
    quote = quote_prepare(
        request=request, lines=LINES, valid_until=_today() + datetime.timedelta(days=30), actor=None
    )
    booking = quote.booking
    assert booking.kind == BookingKind.TAILORED and booking.status == BookingStatus.DRAFT
    assert booking.programme == request.programme
    assert (booking.start_date, booking.end_date) == (
        request.preferred_start,
        request.preferred_end,
    )
    assert booking.participants_count == 8 and booking.language == "sv"
    assert totals(booking.lines.all()).gross == TOTAL
    assert totals(quote.lines.all()).gross == TOTAL
    assert set(booking.lines.values_list("kind", flat=True)) == {LineKind.QUOTE}
    request.refresh_from_db()
    assert request.status == RequestStatus.QUOTED and request.booking == booking
    assert quote.status == QuoteStatus.DRAFT
    assert not OutboxMessage.objects.exists()  # nothing is sent before quote_send


def test_prepare_without_a_programme_uses_the_first_live_one():
    request = _request(programme=None)
    quote = quote_prepare(
        request=request, lines=LINES, valid_until=_today() + datetime.timedelta(days=30), actor=None
    )
    assert quote.booking.programme.live


def test_a_new_quote_replaces_the_earlier_one():
    request = _request()
    first = quote_prepare(request=request, lines=LINES, valid_until=_today(), actor=None)
    quote_send(quote=first, actor=None)
    second = quote_prepare(request=request, lines=LINES[:1], valid_until=_today(), actor=None)
    first.refresh_from_db()
    assert first.status == QuoteStatus.WITHDRAWN
    assert second.booking_id == first.booking_id
    assert totals(second.booking.lines.all()).gross == Decimal("12000.00")


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [{"description": "", "quantity": "1", "unit_price": "10", "vat_rate": "25.5"}],
        [{"description": "X", "quantity": "0", "unit_price": "10", "vat_rate": "25.5"}],
        [{"description": "X", "quantity": "1", "unit_price": "-10", "vat_rate": "25.5"}],
        [{"description": "X", "quantity": "1", "unit_price": "10", "vat_rate": "120"}],
        [{"description": "X", "quantity": "1", "unit_price": "10.001", "vat_rate": "25.5"}],
        [{"description": "X", "quantity": "1", "unit_price": "abc", "vat_rate": "25.5"}],
        [{"description": "X", "quantity": "1", "unit_price": "NaN", "vat_rate": "25.5"}],
        [{"description": "X", "quantity": "1"}],
        [{"description": "Free", "quantity": "1", "unit_price": "0", "vat_rate": "25.5"}],
    ],
)
def test_prepare_with_bad_lines_changes_nothing(lines):
    request = _request()
    before = _counts()
    with pytest.raises(BookingError):
        quote_prepare(request=request, lines=lines, valid_until=_today(), actor=None)
    assert _counts() == before


def test_prepare_with_a_validity_in_the_past_is_refused():
    request = _request()
    before = _counts()
    with pytest.raises(BookingError):
        quote_prepare(
            request=request,
            lines=LINES,
            valid_until=_today() - datetime.timedelta(days=1),
            actor=None,
        )
    assert _counts() == before


def test_prepare_for_an_accepted_request_is_refused():
    request = _request()
    TailoredRequest.objects.filter(pk=request.pk).update(status=RequestStatus.ACCEPTED)
    before = _counts()
    with pytest.raises(InvalidTransition):
        quote_prepare(request=request, lines=LINES, valid_until=_today(), actor=None)
    assert _counts() == before


# --------------------------------------------------------------------------- send


def test_send_marks_sent_and_emails_a_link_once():
    quote = _sent_quote()
    assert quote.status == QuoteStatus.SENT and quote.sent_at is not None
    message = OutboxMessage.objects.get(kwargs__template="quote")
    assert message.kwargs["link"].startswith("http")
    assert quote.booking.reference in message.kwargs["link"]
    assert Decimal(message.kwargs["total"]) == TOTAL
    before = _counts()
    quote_send(quote=quote, actor=None)
    assert _counts() == before


def test_sending_an_expired_or_withdrawn_quote_is_refused():
    request = _request()
    quote = quote_prepare(request=request, lines=LINES, valid_until=_today(), actor=None)
    Quote.objects.filter(pk=quote.pk).update(valid_until=_today() - datetime.timedelta(days=1))
    before = _counts()
    with pytest.raises(BookingError, match="This quote has expired"):
        quote_send(quote=quote, actor=None)
    Quote.objects.filter(pk=quote.pk).update(status=QuoteStatus.WITHDRAWN)
    before = _counts()
    with pytest.raises(InvalidTransition):
        quote_send(quote=quote, actor=None)
    assert _counts() == before


# --------------------------------------------------------------------------- accept


def test_accept_by_invoice_records_who_when_where_and_invoices():
    quote = _sent_quote()
    contact = quote.booking.contact
    booking = quote_accept(quote=quote, actor=contact, ip="203.0.113.7", user_agent="Firefox/140.0")
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.ACCEPTED
    assert quote.accepted_by == contact
    assert quote.accepted_ip == "203.0.113.7" and quote.accepted_user_agent == "Firefox/140.0"
    assert abs((timezone.now() - quote.accepted_at).total_seconds()) < 60
    assert booking.status == BookingStatus.AWAITING_PAYMENT
    assert booking.payment_method == PaymentMethod.INVOICE and booking.hold_expires_at is None
    payment = Payment.objects.get(booking=booking)
    assert (payment.kind, payment.amount) == (PaymentKind.FULL, TOTAL)
    assert Invoice.objects.get(payment=payment).reference.startswith("RF")
    assert booking.participants.count() == 8
    assert TailoredRequest.objects.get(booking=booking).status == RequestStatus.ACCEPTED
    entry = AuditEntry.objects.get(action="quote_accept", to_state=BookingStatus.AWAITING_PAYMENT)
    assert entry.actor == contact and entry.from_state == BookingStatus.DRAFT
    assert OutboxMessage.objects.filter(kwargs__template="invoice").count() == 1
    # A manager then confirms the tailored booking.
    assert booking_confirm(booking=booking).status == BookingStatus.CONFIRMED


def test_accept_by_card_plans_deposit_and_balance():
    quote = _sent_quote()
    booking = quote_accept(
        quote=quote,
        actor=quote.booking.contact,
        ip="2001:db8::1",
        user_agent="Safari",
        payment_method=PaymentMethod.CARD,
    )
    deposit, balance = Payment.objects.filter(booking=booking).order_by("pk")
    assert deposit.kind == PaymentKind.DEPOSIT and balance.kind == PaymentKind.BALANCE
    assert deposit.amount == (TOTAL * Decimal("0.30")).quantize(Decimal("0.01"))
    assert deposit.amount + balance.amount == TOTAL
    assert not Invoice.objects.filter(booking=booking).exists()


def test_accepting_twice_changes_nothing():
    quote = _sent_quote()
    contact = quote.booking.contact
    booking = quote_accept(quote=quote, actor=contact, ip="203.0.113.7", user_agent="UA")
    before = _counts()
    again = quote_accept(quote=quote, actor=contact, ip="198.51.100.1", user_agent="Other")
    assert again.pk == booking.pk
    assert _counts() == before


def test_a_bad_ip_address_is_not_stored():
    quote = _sent_quote()
    quote_accept(quote=quote, actor=quote.booking.contact, ip="not-an-ip", user_agent="x" * 500)
    quote.refresh_from_db()
    assert quote.accepted_ip is None and len(quote.accepted_user_agent) == 300


def test_only_a_member_of_the_organisation_can_accept():
    quote = _sent_quote()
    _, stranger = make_delegation()
    before = _counts()
    with pytest.raises(BookingError, match="Only a member"):
        quote_accept(quote=quote, actor=stranger, ip="203.0.113.7", user_agent="UA")
    assert _counts() == before


def test_an_expired_quote_cannot_be_accepted():
    quote = _sent_quote()
    Quote.objects.filter(pk=quote.pk).update(valid_until=_today() - datetime.timedelta(days=1))
    before = _counts()
    with pytest.raises(BookingError, match="This quote has expired"):
        quote_accept(quote=quote, actor=quote.booking.contact, ip="203.0.113.7", user_agent="UA")
    assert _counts() == before


def test_a_quote_valid_until_today_can_still_be_accepted():
    quote = _sent_quote()
    Quote.objects.filter(pk=quote.pk).update(valid_until=_today())
    booking = quote_accept(quote=quote, actor=quote.booking.contact, ip="", user_agent="")
    assert booking.status == BookingStatus.AWAITING_PAYMENT


def test_a_draft_quote_cannot_be_accepted():
    request = _request()
    quote = quote_prepare(request=request, lines=LINES, valid_until=_today(), actor=None)
    before = _counts()
    with pytest.raises(InvalidTransition):
        quote_accept(quote=quote, actor=request.contact, ip="203.0.113.7", user_agent="UA")
    assert _counts() == before


def test_an_unknown_payment_method_is_refused():
    quote = _sent_quote()
    before = _counts()
    with pytest.raises(BookingError):
        quote_accept(
            quote=quote, actor=quote.booking.contact, ip="", user_agent="", payment_method="cash"
        )
    assert _counts() == before


# --------------------------------------------------------------------------- expire


def test_sent_quotes_past_validity_expire_once():
    quote = _sent_quote()
    assert quote_expire_due() == 0
    assert quote_expire_due(today=quote.valid_until + datetime.timedelta(days=1)) == 1
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.EXPIRED
    assert quote.booking.status == BookingStatus.DRAFT  # the manager may quote again
    audits = AuditEntry.objects.count()
    assert quote_expire_due(today=quote.valid_until + datetime.timedelta(days=1)) == 0
    assert AuditEntry.objects.count() == audits
    with pytest.raises(BookingError, match="This quote has expired"):
        quote_accept(quote=quote, actor=quote.booking.contact, ip="", user_agent="")
