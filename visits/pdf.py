"""Itinerary and safety-briefing PDFs (WeasyPrint, nothing fetched from the network)."""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from .briefing import briefing_context
from .selectors import itinerary_by_day, visit_itinerary


def _pdf(html: str) -> bytes:
    # function-level: weasyprint loads Pango/cairo (~2 s), paid only when a PDF is rendered
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def _response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def itinerary_pdf_response(visit) -> HttpResponse:
    with translation.override(visit.booking.language):
        html = render_to_string(
            "visits/pdf/itinerary.html",
            {"visit": visit, "days": itinerary_by_day(visit_itinerary(visit))},
        )
    return _response(_pdf(html), f"itinerary-{visit.booking.reference}.pdf")


def briefing_pdf_response(visit) -> HttpResponse:
    with translation.override(visit.booking.language):
        html = render_to_string("visits/pdf/briefing.html", briefing_context(visit))
    return _response(_pdf(html), f"safety-briefing-{visit.booking.reference}.pdf")
