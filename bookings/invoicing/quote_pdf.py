"""The quote as a PDF, rendered with WeasyPrint like the invoices (bookings.invoicing.pdf).

A quote is an offer, not an invoice: it names the seller and the delegation, the
programme and its dates, the quoted lines with their VAT rates, the VAT breakdown per
rate, the total, how long the offer is valid and the payment terms that accepting it
starts (bookings.quotes.quote_plan). In the booking's language, with the Finnish term
beside the labels as on the invoice.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from core.formatting import format_date, format_money
from core.formatting import format_rate as format_percent

from ..filters import country_name
from ..models import Quote
from ..pricing import totals
from ..quotes import quote_plan, quote_terms
from .pdf import _logo_svg, _stylesheet, priced_lines, seller


def quote_number(quote: Quote) -> str:
    """'PMJ-7K2M9QXR-Q2': the booking's reference and the quote's version."""
    return f"{quote.booking.reference}-Q{quote_version(quote)}"


def quote_version(quote: Quote) -> int:
    """1 for a booking's first quote, 2 for its first revision, and so on."""
    return Quote.objects.filter(booking_id=quote.booking_id, pk__lte=quote.pk).count()


def quote_context(quote: Quote) -> dict:
    booking = quote.booking
    language = booking.language
    lines = list(quote.lines.all())
    total = totals(lines)
    terms = quote_terms(quote)
    plan = quote_plan(quote)
    the_seller = seller()
    organisation = booking.organisation
    programme = booking.programme
    return {
        "quote": quote,
        "booking": booking,
        "show_finnish": not (language or "").startswith("fi"),
        "seller": the_seller,
        "seller_address_lines": the_seller["address"].splitlines(),
        "logo_svg": mark_safe(_logo_svg()),  # noqa: S308 - our own static file
        "number": quote_number(quote),
        "version": quote_version(quote),
        "issued_on": format_date((quote.sent_at or quote.created_at).date()),
        "valid_until": format_date(quote.valid_until),
        "buyer_name": organisation.name,
        "buyer_address_lines": [x for x in (organisation.billing_address or "").splitlines() if x],
        "buyer_country": country_name(organisation.country or ""),
        "buyer_vat_id": organisation.vat_id,
        "programme_title": programme.localized.title,
        "programme_dates": f"{booking.start_date:%d.%m.}–{booking.end_date:%d.%m.%Y}",
        **priced_lines(lines, total, programme=programme, language=language),
        "deposit_percent": format_percent(terms.deposit_percent, language),
        "deposit": format_money(plan.deposit, language),
        "balance": format_money(plan.balance, language),
        "balance_due_days": terms.balance_due_days,
        "invoice_payment_days": terms.invoice_payment_days,
        "whole_due_now": plan.whole_due_now,
        "total_money": format_money(total.gross, language),
    }


def render_quote_html(quote: Quote) -> str:
    quote = (
        Quote.objects.select_related("booking__programme", "booking__organisation")
        .prefetch_related("lines")
        .get(pk=quote.pk)
    )
    with translation.override(quote.booking.language):
        return render_to_string("bookings/pdf/quote.html", quote_context(quote))


def render_quote_pdf(quote: Quote) -> bytes:
    # function-level: weasyprint loads Pango/cairo (~2 s), paid only when a PDF is rendered
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=render_quote_html(quote), base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=_stylesheet(), url_fetcher=fetcher)]
    )


def quote_pdf_response(quote: Quote) -> HttpResponse:
    response = HttpResponse(render_quote_pdf(quote), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quote-{quote_number(quote)}.pdf"'
    # A quote names the delegation and its prices: never kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response
