"""Receipts for card payments, rendered with WeasyPrint like the invoices (bookings.invoicing.pdf).

A card payment is a sale paid on the spot: its receipt names the seller (business id,
VAT id), the buyer, the booking, the amount, the date it was paid and the VAT in it per
rate. A deposit or balance is part of the booking's price, so its VAT is the booking's
VAT rows scaled to the amount paid (the last row takes the rounding cent), which is how
a prepayment's VAT is declared in Finland. In the booking's language.
"""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from core.formatting import format_amount, format_date, format_money
from core.formatting import format_rate as format_percent

from ..enums import PaymentMethod, PaymentStatus
from ..models import Payment
from ..pricing import ZERO, cents, totals, vat_of_gross
from .pdf import _logo_svg, _stylesheet, seller


def is_receipted(payment: Payment) -> bool:
    """Only a card payment that Stripe says succeeded has a receipt."""
    return payment.method == PaymentMethod.CARD and payment.status == PaymentStatus.SUCCEEDED


def receipt_vat_rows(payment: Payment) -> list[tuple[Decimal, Decimal, Decimal]]:
    """(rate, gross, vat) per VAT rate for the amount paid, summing to the amount."""
    booking_total = totals(payment.booking.lines.all())
    amount = cents(payment.amount)
    if not booking_total.rows or booking_total.gross <= 0:
        return [(Decimal("0"), amount, ZERO)]
    rows = []
    left = amount
    for index, row in enumerate(booking_total.rows):
        last = index == len(booking_total.rows) - 1
        gross = left if last else cents(amount * row.gross / booking_total.gross)
        left -= gross
        rows.append((row.rate, gross, vat_of_gross(gross, row.rate)))
    return rows


def receipt_number(payment: Payment) -> str:
    return f"{payment.booking.reference}-{payment.pk}"


def receipt_context(payment: Payment) -> dict:
    booking = payment.booking
    language = booking.language
    the_seller = seller()
    rows = receipt_vat_rows(payment)
    vat = sum((vat for _rate, _gross, vat in rows), ZERO)
    programme = booking.programme
    localized = getattr(programme, "localized", programme)
    organisation = booking.organisation
    return {
        "payment": payment,
        "booking": booking,
        "show_finnish": not (language or "").startswith("fi"),
        "seller": the_seller,
        "seller_address_lines": the_seller["address"].splitlines(),
        "logo_svg": mark_safe(_logo_svg()),  # noqa: S308 - our own static file
        "number": receipt_number(payment),
        "buyer_name": getattr(organisation, "name", ""),
        "programme_title": getattr(localized, "title", str(programme)),
        "programme_dates": f"{booking.start_date:%d.%m.}–{booking.end_date:%d.%m.%Y}",
        "paid_on": format_date(timezone.localdate(payment.paid_at)) if payment.paid_at else "",
        "kind": payment.get_kind_display(),
        "amount": format_money(payment.amount, language),
        "vat_rows": [
            {
                "rate": format_percent(rate, language),
                "net": format_amount(gross - row_vat, language),
                "vat": format_amount(row_vat, language),
                "gross": format_amount(gross, language),
            }
            for rate, gross, row_vat in rows
        ],
        "total_net": format_amount(cents(payment.amount) - vat, language),
        "total_vat": format_amount(vat, language),
        "total_gross": format_amount(payment.amount, language),
    }


def render_receipt_html(payment: Payment) -> str:
    payment = Payment.objects.select_related("booking__programme", "booking__organisation").get(
        pk=payment.pk
    )
    with translation.override(payment.booking.language):
        return render_to_string("bookings/pdf/receipt.html", receipt_context(payment))


def render_receipt_pdf(payment: Payment) -> bytes:
    # function-level: weasyprint loads Pango/cairo (~2 s), paid only when a PDF is rendered
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=render_receipt_html(payment), base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=_stylesheet(), url_fetcher=fetcher)]
    )


def receipt_pdf_response(payment: Payment) -> HttpResponse:
    response = HttpResponse(render_receipt_pdf(payment), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{receipt_number(payment)}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
