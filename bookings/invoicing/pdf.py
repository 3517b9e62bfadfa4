"""Invoice and credit-note PDFs, rendered with WeasyPrint from a Django template.

The document follows Finnish invoicing practice: seller's business id and VAT id,
invoice number, dates, payment terms, the RF creditor reference printed in groups of
four, lines with their VAT rate, the VAT breakdown per rate, and a bank transfer
block with the virtual bar code (pankkiviivakoodi, version 5 for RF references) that
banks' apps read. Labels are in the booking's language with the Finnish term beside.

WeasyPrint fetches nothing from the network: the stylesheet is read from the static
files, the logo is inline SVG, and the URL fetcher only allows data: URLs.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from core.formatting import format_amount, format_date, format_quantity
from core.formatting import format_rate as format_percent

from ..enums import InvoiceKind, PaymentMethod
from ..filters import country_name
from ..models import Invoice
from ..pricing import cents, line_gross, totals
from ..titles import localized_programme_text

# Demo values. A deployment sets PAAMAJA_SELLER in its settings to its own company.
DEFAULT_SELLER = {
    "name": "Päämaja Oy",
    "tagline": "Security visitor programmes · Mikkeli, Finland",
    "address": "Maaherrankatu 1\n50100 Mikkeli\nFinland",
    "business_id": "3141593-8",
    "vat_id": "FI31415938",
    "domicile": "Mikkeli",
    "iban": "FI21 1234 5600 0007 85",
    "bic": "NDEAFIHH",
    "bank": "Demo Bank Oyj",
    "email": "invoicing@paamaja.example",
    "phone": "+358 15 123 4567",
    "website": "paamaja.example",
}
RECLAMATION_DAYS = 8


def seller() -> dict[str, str]:
    return {**DEFAULT_SELLER, **getattr(settings, "PAAMAJA_SELLER", {})}


# --------------------------------------------------------------------------- formats
# Money, numbers and dates come from core/formatting.py; what stays here is particular
# to invoices.


def format_reference(reference: str) -> str:
    """'RF181234567' -> 'RF18 1234 567': creditor references are printed in fours."""
    compact = "".join(reference.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def format_iban(iban: str) -> str:
    return format_reference(iban)


def virtual_barcode(
    *, iban: str, amount: Decimal, reference: str, due_date: datetime.date | None
) -> str:
    """The 54-digit Finnish virtual bar code, version 5 (RF creditor reference).

    5 + account (16 digits of a Finnish IBAN) + euros (6) + cents (2) + the RF check
    digits (2) + the reference (21, zero-padded) + due date YYMMDD (000000 if none).
    Returns "" when the invoice cannot carry one (foreign account, no amount to pay,
    an amount of a million euros or more, a reference that is not RF).
    """
    account = "".join(iban.split()).upper()
    ref = "".join(reference.split()).upper()
    if not (account.startswith("FI") and len(account) == 18 and account[2:].isdigit()):
        return ""
    if not (ref.startswith("RF") and ref[2:].isdigit() and len(ref) <= 25):
        return ""
    amount = cents(amount)
    if amount <= 0 or amount >= Decimal("1000000"):
        return ""
    euros = int(amount)
    cent = int(((amount - euros) * 100).to_integral_value(rounding=ROUND_HALF_UP))
    due = f"{due_date:%y%m%d}" if due_date else "000000"
    return f"5{account[2:]}{euros:06d}{cent:02d}{ref[2:4]}{ref[4:].rjust(21, '0')}{due}"


# --------------------------------------------------------------------------- document


@cache
def _stylesheet() -> str:
    path = finders.find("css/pdf.css")
    return Path(path).read_text(encoding="utf-8") if path else ""


@cache
def _logo_svg() -> str:
    path = finders.find("img/logo.svg")
    return Path(path).read_text(encoding="utf-8") if path else ""


def priced_lines(lines, total, *, programme, language: str) -> dict:
    """The priced lines and the VAT breakdown as the documents print them (the invoice's
    and the quote's tables are the same)."""
    return {
        "lines": [
            {
                "description": localized_programme_text(line.description, programme),
                "quantity": format_quantity(line.quantity, language),
                "unit_price": format_amount(line.unit_price, language),
                "vat_rate": format_percent(line.vat_rate, language),
                "gross": format_amount(line_gross(line), language),
            }
            for line in lines
        ],
        "vat_rows": [
            {
                "rate": format_percent(row.rate, language),
                "net": format_amount(row.net, language),
                "vat": format_amount(row.vat, language),
                "gross": format_amount(row.gross, language),
            }
            for row in total.rows
        ],
        "total_net": format_amount(total.net, language),
        "total_vat": format_amount(total.vat, language),
        "total_gross": format_amount(total.gross, language),
    }


def invoice_context(invoice: Invoice) -> dict:
    """Everything the template shows, computed once (amounts as formatted strings)."""
    booking = invoice.booking
    language = booking.language
    lines = list(invoice.lines.all())
    total = totals(lines)
    is_credit_note = invoice.kind == InvoiceKind.CREDIT_NOTE
    the_seller = seller()
    buyer = invoice.buyer or {}
    barcode = (
        ""
        if is_credit_note or invoice.paid_at
        else virtual_barcode(
            iban=the_seller["iban"],
            amount=total.gross,
            reference=invoice.reference,
            due_date=invoice.due_date,
        )
    )
    # An invoice a buyer asked for after paying by card: no terms, nothing due.
    paid_by_card = bool(
        invoice.payment_id and invoice.paid_at and invoice.payment.method == PaymentMethod.CARD
    )
    terms_days = (
        (invoice.due_date - invoice.issued_on).days
        if invoice.due_date and not is_credit_note and not paid_by_card
        else None
    )
    return {
        "invoice": invoice,
        "booking": booking,
        "is_credit_note": is_credit_note,
        "show_finnish": not (language or "").startswith("fi"),
        "seller": the_seller,
        "seller_address_lines": the_seller["address"].splitlines(),
        "logo_svg": mark_safe(_logo_svg()),  # noqa: S308 - our own static file
        "buyer": buyer,
        "buyer_address_lines": [x for x in (buyer.get("address") or "").splitlines() if x],
        "buyer_country": country_name(buyer.get("country") or ""),
        "number": invoice.number,
        "reference": format_reference(invoice.reference),
        "issued_on": format_date(invoice.issued_on),
        "due_date": format_date(invoice.due_date),
        "terms_days": terms_days,
        "paid_by_card": paid_by_card,
        "paid_on": format_date(timezone.localdate(invoice.paid_at)) if invoice.paid_at else "",
        "credited": invoice.credited_invoice,
        "credited_issued_on": format_date(
            invoice.credited_invoice.issued_on if invoice.credited_invoice else None
        ),
        "programme_dates": f"{booking.start_date:%d.%m.}–{booking.end_date:%d.%m.%Y}",
        "programme_title": booking.programme.localized.title,
        **priced_lines(lines, total, programme=booking.programme, language=language),
        "iban": format_iban(the_seller["iban"]),
        "barcode": barcode,
        "reclamation_days": RECLAMATION_DAYS,
    }


def render_invoice_html(invoice: Invoice) -> str:
    invoice = (
        Invoice.objects.select_related(
            "booking__programme", "booking__organisation", "credited_invoice"
        )
        .prefetch_related("lines")
        .get(pk=invoice.pk)
    )
    with translation.override(invoice.booking.language):
        return render_to_string("bookings/pdf/invoice.html", invoice_context(invoice))


def render_invoice_pdf(invoice: Invoice) -> bytes:
    # function-level: weasyprint loads Pango/cairo (~2 s), paid only when a PDF is rendered
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    html = render_invoice_html(invoice)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=_stylesheet(), url_fetcher=fetcher)]
    )


def invoice_filename(invoice: Invoice) -> str:
    prefix = "credit-note" if invoice.kind == InvoiceKind.CREDIT_NOTE else "invoice"
    return f"{prefix}-{invoice.number}.pdf"


def invoice_pdf_response(invoice: Invoice, *, attachment: bool = False) -> HttpResponse:
    response = HttpResponse(render_invoice_pdf(invoice), content_type="application/pdf")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{invoice_filename(invoice)}"'
    # An invoice names people and addresses: never kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
