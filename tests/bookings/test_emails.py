"""Every booking e-mail renders as text and HTML, in the booking's language, with absolute
links, formatted amounts and no template residue."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import get_template

from bookings.emails import SUBJECTS, booking_email_send
from bookings.enums import PaymentStatus
from bookings.models import Booking, Invoice, Payment, Quote, QuoteLine
from bookings.services import booking_checkout, booking_start

from .factories import default_policy, make_delegation, make_departure, vat_rates

pytestmark = pytest.mark.django_db

TEMPLATES = [
    "confirmation",
    "receipt",
    "invoice",
    "balance_reminder",
    "participant_invitation",
    "missing_details",
    "hold_expired",
    "waiting_list_offer",
    "cancellation",
    "late_payment",
    "quote",
]


def _confirmed_booking(language: str = "en", *, method: str = "invoice") -> Booking:
    vat_rates()
    default_policy()
    departure = make_departure(seats=20, days_ahead=120)
    organisation, contact = make_delegation()
    organisation.billing_email = "billing@ministry.example"
    organisation.save()
    booking = booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=4,
        language=language,
    )
    return booking_checkout(booking=booking, payment_method=method)


def _extra(template: str, booking: Booking) -> dict:
    """What the senders pass for each template (see the services that enqueue them)."""
    invoice = booking.invoices.first()
    payment = booking.payments.first()
    if template == "invoice":
        return {
            "invoice_number": invoice.number,
            "reference": invoice.reference,
            "amount": str(payment.amount),
            "overdue": False,
        }
    if template == "balance_reminder":
        return {"payment_id": payment.pk, "amount": str(payment.amount)}
    if template == "receipt":
        return {"amount": str(payment.amount), "payment_id": payment.pk}
    if template == "participant_invitation":
        return {"to": "guest@example.org", "link": f"{settings.BASE_URL}/en/p/abc/"}
    if template == "missing_details":
        return {"missing": [{"name": "Participant 1", "fields": ["first name", "e-mail"]}]}
    if template == "cancellation":
        return {
            "refund": "1234.50",
            "paid": "2469.00",
            "percent": "50",
            "credit_notes": ["CN-2026-00001"],
            "reason": "Travel ban",
        }
    if template == "late_payment":
        return {"amount": "1200.00", "refunded": True}
    if template == "quote":
        quote = Quote.objects.create(booking=booking, valid_until=datetime.date(2030, 1, 31))
        QuoteLine.objects.create(
            quote=quote,
            description="Tailored programme",
            quantity=Decimal("4"),
            unit_price=Decimal("1000.00"),
            vat_rate=Decimal("25.5"),
        )
        return {
            "quote_id": quote.pk,
            "total": "4000.00",
            "valid_until": "2030-01-31",
            "link": f"{settings.BASE_URL}/en/bookings/{booking.reference}/quote/",
        }
    if template == "waiting_list_offer":
        return {"offer_expires_at": "2030-01-01T12:00:00+00:00"}
    return {}


def test_every_subject_has_both_templates():
    for template in [*SUBJECTS, "quote"]:
        get_template(f"bookings/email/{template}.txt")
        get_template(f"bookings/email/{template}.html")


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_email_renders_text_and_html(template, language, settings):
    settings.BASE_URL = "https://paamaja.example"
    if template == "quote" and "quote" not in SUBJECTS:
        pytest.skip("bookings.emails.SUBJECTS has no 'quote' subject yet (lead applies it)")
    booking = _confirmed_booking(language)
    if template == "waiting_list_offer":
        booking.hold_expires_at = datetime.datetime(2030, 1, 1, 12, tzinfo=datetime.UTC)
    mail.outbox.clear()
    booking_email_send(booking_id=booking.pk, template=template, **_extra(template, booking))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert booking.reference in message.subject
    html = (
        message.alternatives[0].content
        if hasattr(message.alternatives[0], "content")
        else message.alternatives[0][0]
    )
    for body in (message.body, html):
        assert "{%" not in body and "{{" not in body
        assert "None" not in body
        assert booking.reference in body
        links = re.findall(r"https?://[^\s\"<]+", body)
        assert links, "every e-mail carries at least one absolute link"
        assert all(link.startswith("https://paamaja.example/") for link in links), links
    assert f'lang="{language}"' in html
    assert "&amp;#" not in html  # nothing escaped twice
    assert "&#x27;" not in message.body and "&quot;" not in message.body  # text is not escaped


def test_amounts_are_formatted_for_the_language():
    booking = _confirmed_booking("fi")
    booking_email_send(
        booking_id=booking.pk,
        template="cancellation",
        refund="1234.50",
        paid="2469.00",
        percent="50",
        credit_notes=[],
        reason="",
    )
    body = mail.outbox[-1].body
    assert "1\xa0234,50\xa0€" in body
    english = _confirmed_booking("en")
    booking_email_send(
        booking_id=english.pk,
        template="cancellation",
        refund="1234.50",
        paid="2469.00",
        percent="50",
        credit_notes=[],
        reason="",
    )
    assert "€1,234.50" in mail.outbox[-1].body


def test_confirmation_lists_the_payments_and_the_invoice_reference():
    booking = _confirmed_booking("en")
    invoice = Invoice.objects.get(booking=booking)
    booking_email_send(booking_id=booking.pk, template="confirmation")
    message = mail.outbox[-1]
    assert invoice.reference in message.body
    assert invoice.number in message.body
    assert "€4,000.00" in message.body  # 4 × 1000.00 by invoice, in full


def test_text_part_is_not_html_escaped():
    booking = _confirmed_booking("en")
    booking.organisation.name = "O'Brien & Partners"
    booking.organisation.save()
    booking_email_send(booking_id=booking.pk, template="confirmation")
    message = mail.outbox[-1]
    assert "O'Brien & Partners" in message.body
    html = (
        message.alternatives[0].content
        if hasattr(message.alternatives[0], "content")
        else message.alternatives[0][0]
    )
    assert "O&#x27;Brien &amp; Partners" in html


def test_invitation_goes_to_the_participant_with_their_link():
    booking = _confirmed_booking("en")
    link = f"{settings.BASE_URL}/en/bookings/participant/tok/"
    booking_email_send(
        booking_id=booking.pk,
        template="participant_invitation",
        to="guest@example.org",
        link=link,
        participant_name="Anna Virtanen",
    )
    message = mail.outbox[-1]
    assert message.to == ["guest@example.org"]
    assert link in message.body
    assert "Dear Anna Virtanen" in message.body


def test_overdue_invoice_reads_as_a_reminder():
    booking = _confirmed_booking("en")
    invoice = Invoice.objects.get(booking=booking)
    booking_email_send(
        booking_id=booking.pk,
        template="invoice",
        invoice_number=invoice.number,
        reference=invoice.reference,
        amount="4000.00",
        overdue=True,
    )
    assert "has not been paid yet" in mail.outbox[-1].body


def test_balance_reminder_names_amount_and_due_date():
    booking = _confirmed_booking("en", method="card")
    balance = Payment.objects.get(booking=booking, kind="balance")
    assert balance.status == PaymentStatus.PENDING
    booking_email_send(
        booking_id=booking.pk,
        template="balance_reminder",
        payment_id=balance.pk,
        amount=str(balance.amount),
    )
    body = mail.outbox[-1].body
    assert "€2,800.00" in body
    assert balance.due_date.strftime("%Y") in body


@pytest.mark.parametrize(
    "template",
    ["confirmation", "receipt", "invoice", "balance_reminder", "missing_details", "cancellation"],
)
def test_a_manager_can_resend_without_the_senders_details(template):
    """The admin's "resend" passes only the booking: each e-mail still makes sense."""
    booking = _confirmed_booking(
        "en", method="card" if template == "balance_reminder" else "invoice"
    )
    booking_email_send(booking_id=booking.pk, template=template)
    message = mail.outbox[-1]
    html = (
        message.alternatives[0].content
        if hasattr(message.alternatives[0], "content")
        else message.alternatives[0][0]
    )
    for body in (message.body, html):
        assert "None" not in body and "{{" not in body
    if template == "invoice":
        invoice = Invoice.objects.get(booking=booking)
        assert invoice.number in message.body and "€4,000.00" in message.body
    if template == "balance_reminder":
        assert "€2,800.00" in message.body
    if template == "cancellation":
        assert "Nothing had been paid" not in message.body  # we do not know here
