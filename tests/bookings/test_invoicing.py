"""Invoices: Finnish and RF (ISO 11649) references, gap-free numbers, credit notes, paid."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connections, transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from bookings.enums import BookingStatus, InvoiceKind, PaymentKind, PaymentMethod, PaymentStatus
from bookings.errors import InvalidTransition
from bookings.invoicing.services import (
    credit_note_issue,
    finnish_reference,
    invoice_issue,
    invoice_mark_paid,
    rf_is_valid,
    rf_reference,
)
from bookings.models import Booking, Invoice, InvoiceSequence, Payment
from bookings.pricing import totals
from bookings.services import booking_checkout, booking_start
from core.models import AuditEntry

from .factories import default_policy, make_delegation, make_departure, make_extra, vat_rates


def _mod97_ok(value: str) -> bool:
    """ISO 7064 MOD 97-10, written out independently of bookings.invoicing.services."""
    value = value.replace(" ", "").upper()
    moved = value[4:] + value[:4]
    digits = "".join(str(ord(ch) - 55) if ch.isalpha() else ch for ch in moved)
    remainder = 0
    for ch in digits:
        remainder = (remainder * 10 + int(ch)) % 97
    return remainder == 1


def _finnish_ok(reference: str) -> bool:
    body, check = reference[:-1], int(reference[-1])
    weights = [7, 3, 1]
    total = sum(int(d) * weights[i % 3] for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10 == check


# --------------------------------------------------------------------------- references


@pytest.mark.parametrize(
    "base, reference",
    [
        # Known-good Finnish reference numbers (7-3-1 check digit).
        ("123", "1232"),
        ("123456", "1234561"),
        ("1234567", "12345672"),
        ("2026-00001", "2026000011"),  # an invoice number: separators are ignored
    ],
)
def test_finnish_reference_known_values(base, reference):
    assert finnish_reference(base) == reference
    assert _finnish_ok(reference)


def test_finnish_reference_is_at_least_four_digits():
    assert finnish_reference("1") == "1119"
    assert len(finnish_reference("")) >= 4


@pytest.mark.parametrize(
    "value",
    [
        "RF18539007547034",  # the ISO 11649 example
        "RF18 5390 0754 7034",
        "rf18539007547034",
        "RF712348231",
        "RF18000000000539007547034",
        "RF111232",  # Finnish reference 1232
        "RF341234561",  # Finnish reference 1234561
    ],
)
def test_known_good_rf_references_are_valid(value):
    assert rf_is_valid(value)
    assert _mod97_ok(value)


@pytest.mark.parametrize(
    "value",
    [
        "RF19539007547034",
        "RF18539007547035",
        "RF1853900754703",
        "XX18539007547034",
        "RF",
        "RF18-539",
        "",
    ],
)
def test_bad_rf_references_are_refused(value):
    assert not rf_is_valid(value)


@given(st.text(alphabet="0123456789", min_size=1, max_size=18))
def test_every_rf_reference_we_make_is_valid(base):
    reference = rf_reference(base)
    assert rf_is_valid(reference) and _mod97_ok(reference)
    assert _finnish_ok(reference[4:])
    assert len(reference) <= 25


@given(st.text(alphabet="0123456789", min_size=3, max_size=18), st.data())
def test_a_mistyped_digit_is_caught(base, data):
    reference = rf_reference(base)
    position = data.draw(st.integers(min_value=2, max_value=len(reference) - 1))
    digit = data.draw(st.sampled_from([d for d in "0123456789" if d != reference[position]]))
    assert not rf_is_valid(reference[:position] + digit + reference[position + 1 :])


# --------------------------------------------------------------------------- issuing


def _booking(method: str = "invoice", *, participants: int = 3) -> Booking:
    vat_rates()
    default_policy()
    departure = make_departure(seats=50, days_ahead=120)
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=participants,
    )
    return booking_checkout(booking=booking, payment_method=method)


def _number(invoice: Invoice) -> int:
    return int(invoice.number.rsplit("-", 1)[1])


@pytest.mark.django_db
def test_invoice_carries_the_lines_buyer_due_date_and_reference():
    booking = _booking()
    invoice = Invoice.objects.get(booking=booking)
    year = timezone.localdate().year
    assert invoice.number.startswith(f"{year}-") and len(invoice.number) == 10
    assert rf_is_valid(invoice.reference)
    assert invoice.reference[4:] == finnish_reference(invoice.number)
    assert invoice.due_date == invoice.payment.due_date
    assert (
        invoice.buyer["purchase_order_reference"] == booking.organisation.purchase_order_reference
    )
    assert totals(invoice.lines.all()).gross == totals(booking.lines.all()).gross
    assert invoice_issue(payment=invoice.payment) == invoice  # issued once


@pytest.mark.django_db
def test_numbers_are_sequential_without_gaps_over_many_issues():
    first = Invoice.objects.get(booking=_booking())
    for _ in range(24):
        _booking()
    numbers = sorted(_number(i) for i in Invoice.objects.filter(kind=InvoiceKind.INVOICE))
    assert numbers == list(range(_number(first), _number(first) + 25))
    assert len({i.reference for i in Invoice.objects.all()}) == 25


@pytest.mark.django_db
def test_a_rolled_back_issue_leaves_no_gap():
    booking = _booking(method="card")
    deposit = Payment.objects.get(booking=booking, kind=PaymentKind.DEPOSIT)
    before = (
        InvoiceSequence.objects.filter(kind=InvoiceKind.INVOICE)
        .values_list("last_number", flat=True)
        .first()
        or 0
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        invoice_issue(payment=deposit)
        raise RuntimeError("the surrounding change failed")
    invoice = invoice_issue(payment=deposit)
    assert _number(invoice) == before + 1


@pytest.mark.django_db
@pytest.mark.parametrize("participants", [1, 3, 7])
def test_a_deposit_invoice_adds_up_to_the_deposit_exactly(participants):
    booking = _booking(method="card", participants=participants)
    extra = make_extra(price="33.33")
    from bookings.models import BookingLine

    BookingLine.objects.create(
        booking=booking,
        kind="extra",
        description="Odd extra",
        quantity=Decimal("3"),
        unit_price=extra.price,
        vat_rate=Decimal("14"),
    )
    deposit = Payment.objects.get(booking=booking, kind=PaymentKind.DEPOSIT)
    invoice = invoice_issue(payment=deposit)
    assert totals(invoice.lines.all()).gross == deposit.amount


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_take_consecutive_numbers():
    """Twenty workers issue invoices at once: every number once, none skipped."""
    bookings = [_booking(method="card") for _ in range(20)]
    payments = [Payment.objects.get(booking=b, kind=PaymentKind.DEPOSIT) for b in bookings]
    sequence = InvoiceSequence.objects.filter(kind=InvoiceKind.INVOICE).first()
    start = sequence.last_number if sequence else 0
    barrier = threading.Barrier(len(payments))
    errors = []

    def run(payment):
        try:
            barrier.wait()
            invoice_issue(payment=payment)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(p,)) for p in payments]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    numbers = sorted(_number(i) for i in Invoice.objects.filter(payment__in=payments))
    assert numbers == list(range(start + 1, start + 21))


# --------------------------------------------------------------------------- credit notes


@pytest.mark.django_db
def test_credit_notes_have_their_own_series_and_never_exceed_the_invoice():
    booking = _booking()
    invoice = Invoice.objects.get(booking=booking)
    total = totals(invoice.lines.all()).gross
    first = credit_note_issue(invoice=invoice, amount=Decimal("1000.00"), reason="Smaller group")
    assert first.number.startswith("CN-") and first.kind == InvoiceKind.CREDIT_NOTE
    assert first.reference == invoice.reference
    assert totals(first.lines.all()).gross == Decimal("-1000.00")
    second = credit_note_issue(invoice=invoice, amount=total, reason="Cancellation")
    assert totals(second.lines.all()).gross == -(total - Decimal("1000.00"))
    audits, count = AuditEntry.objects.count(), Invoice.objects.count()
    with pytest.raises(InvalidTransition):
        credit_note_issue(invoice=invoice, amount=Decimal("1.00"), reason="Again")
    assert (AuditEntry.objects.count(), Invoice.objects.count()) == (audits, count)


@pytest.mark.django_db
def test_a_zero_credit_note_is_refused():
    invoice = Invoice.objects.get(booking=_booking())
    count = Invoice.objects.count()
    with pytest.raises(InvalidTransition):
        credit_note_issue(invoice=invoice, amount=Decimal("0"), reason="Nothing")
    assert Invoice.objects.count() == count


# --------------------------------------------------------------------------- paid


@pytest.mark.postgres
@pytest.mark.django_db
def test_marking_an_invoice_paid_settles_the_booking_once():
    booking = _booking()
    invoice = Invoice.objects.get(booking=booking)
    invoice = invoice_mark_paid(invoice=invoice, actor=None)
    assert invoice.paid_at is not None
    payment = Payment.objects.get(pk=invoice.payment_id)
    assert payment.status == PaymentStatus.SUCCEEDED and payment.method == PaymentMethod.INVOICE
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.PAID
    audits = AuditEntry.objects.count()
    invoice_mark_paid(invoice=invoice, actor=None)
    assert AuditEntry.objects.count() == audits


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_credit_note_cannot_be_marked_paid():
    invoice = Invoice.objects.get(booking=_booking())
    note = credit_note_issue(invoice=invoice, amount=Decimal("10.00"), reason="Goodwill")
    with pytest.raises(InvalidTransition):
        invoice_mark_paid(invoice=note, actor=None)
    note.refresh_from_db()
    assert note.paid_at is None


@pytest.mark.postgres
@pytest.mark.django_db
def test_marking_paid_keeps_the_day_the_manager_read_from_the_bank():
    booking = _booking()
    invoice = Invoice.objects.get(booking=booking)
    paid_on = timezone.localdate() - datetime.timedelta(days=3)
    invoice = invoice_mark_paid(invoice=invoice, actor=None, paid_on=paid_on)
    assert timezone.localtime(invoice.paid_at).date() == paid_on
    payment = Payment.objects.get(pk=invoice.payment_id)
    assert timezone.localtime(payment.paid_at).date() == paid_on


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_contact_reads_the_day_the_invoice_was_paid_on_the_booking_page(client):
    """Journey 2: the Documents said only "paid", the payments table only "Paid"; the
    contact could not see that the manager's paid-on date was kept."""
    from django.urls import reverse
    from django.utils import formats, translation

    booking = _booking()
    invoice = Invoice.objects.get(booking=booking)
    paid_on = timezone.localdate() - datetime.timedelta(days=3)
    invoice_mark_paid(invoice=invoice, actor=None, paid_on=paid_on)
    client.force_login(booking.contact)
    for language, words in (("en", "paid on %s"), ("fi", "maksettu %s")):
        with translation.override(language):
            url = reverse("bookings:detail", args=[booking.reference])
            day = formats.date_format(paid_on, "DATE_FORMAT")
            today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
            status = f"{PaymentStatus.SUCCEEDED.label}, "
        page = client.get(url).content.decode()
        assert words % day in page, language
        assert f'{status}<time datetime="{paid_on:%Y-%m-%d}">{day}</time>' in page, language
        assert today not in page, language


@pytest.mark.django_db
def test_credit_note_lines_round_half_up_as_prices_do():
    # Two lines of 10.25 credited by half: each share is 5.125. Half-up gives 5.13 on
    # the first line (the last one takes the cent that makes the total exact);
    # Decimal's default half-even would give 5.12.
    invoice = Invoice.objects.get(booking=_booking())
    invoice.lines.all().delete()
    for description in ("Programme", "Dinner"):
        invoice.lines.create(
            description=description,
            quantity=Decimal("1"),
            unit_price=Decimal("10.25"),
            vat_rate=Decimal("25.5"),
        )
    note = credit_note_issue(invoice=invoice, amount=Decimal("10.25"), reason="Half")
    first, last = note.lines.order_by("pk")
    assert (first.unit_price, last.unit_price) == (Decimal("-5.13"), Decimal("-5.12"))
