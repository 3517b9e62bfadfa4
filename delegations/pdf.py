"""Delegation documents as PDFs (WeasyPrint, nothing fetched from the network): the visa
invitation letter on the region's letterhead, the precedence lists, badges and rooming
lists. Dates and money through core.formatting."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from core.formatting import format_date

from .countries import country_name
from .letters import verification_url

# Demo values; a deployment sets PAAMAJA_LETTERHEAD to the region's own.
DEFAULT_LETTERHEAD = {
    "name": "Päämaja – Mikkeli Region Security Visitor Programmes",
    "tagline": "Regional Council of South Savo · City of Mikkeli",
    "address": "Maaherrankatu 1\n50100 Mikkeli\nFinland",
    "email": "visits@paamaja.example",
    "phone": "+358 15 123 4567",
    "website": "paamaja.example",
    "signatory": "Programme Office",
}


def letterhead() -> dict[str, str]:
    return {**DEFAULT_LETTERHEAD, **getattr(settings, "PAAMAJA_LETTERHEAD", {})}


@cache
def _logo_svg() -> str:
    path = finders.find("img/logo.svg")
    return Path(path).read_text(encoding="utf-8") if path else ""


def qr_svg(text: str, *, scale: int = 3) -> str:
    """A QR code as inline SVG (segno), for WeasyPrint to draw."""
    return segno.make(text, error="m").svg_inline(scale=scale, omitsize=False)


def render_pdf(html: str) -> bytes:
    # function-level: weasyprint loads Pango/cairo (~2 s), paid only when a PDF is rendered
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def pdf_response(body: bytes, filename: str, *, content_type="application/pdf") -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Documents name people: never kept by shared caches.
    response["Cache-Control"] = "private, no-store"
    return response


def _letter_page(letter, language: str) -> dict:
    booking = letter.booking
    with translation.override(language):
        programme = booking.programme.localized
        return {
            "language": language,
            "programme_title": programme.title,
            "nationality": country_name(letter.nationality, language),
            "entry_state": country_name(letter.entry_state, language),
            "costs_paid_by": str(letter.get_costs_paid_by_display()),
            "organisation_country": country_name(booking.organisation.country, language),
        }


def letter_languages(letter) -> list[str]:
    """English first, and the booking's language where it differs."""
    language = (letter.booking.language or "en").split("-")[0]
    return ["en"] if language == "en" else ["en", language]


def render_letter_html(letter) -> str:
    booking = letter.booking
    context = {
        "letter": letter,
        "booking": booking,
        "head": letterhead(),
        "head_address_lines": letterhead()["address"].splitlines(),
        "logo_svg": mark_safe(_logo_svg()),  # noqa: S308 - our own static file
        "qr_svg": mark_safe(qr_svg(verification_url(letter))),  # noqa: S308 - segno's SVG
        "verify_url": verification_url(letter),
        "issued_on": format_date(letter.decided_at.date() if letter.decided_at else None),
        "date_of_birth": format_date(letter.date_of_birth),
        "passport_expiry": format_date(letter.passport_expiry),
        "arrival": format_date(letter.arrival),
        "departure": format_date(letter.departure),
        "programme_start": format_date(booking.start_date),
        "programme_end": format_date(booking.end_date),
    }
    pages = []
    for language in letter_languages(letter):
        with translation.override(language):
            pages.append(
                render_to_string(
                    "delegations/pdf/letter_page.html",
                    {**context, **_letter_page(letter, language)},
                )
            )
    return render_to_string(
        "delegations/pdf/document.html",
        {"pages": pages, "title": f"Invitation letter {letter.code}"},
    )


def letter_pdf_response(letter) -> HttpResponse:
    return pdf_response(
        render_pdf(render_letter_html(letter)), f"invitation-letter-{letter.code}.pdf"
    )
