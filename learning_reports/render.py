"""The report as HTML (web page) and PDF (WeasyPrint): one context, one body template.

Charts are built here from the stored figures (report.content), so the page and the
PDF show exactly the same numbers. WeasyPrint fetches nothing: the stylesheet is read
from the static files and the URL fetcher allows only data: URLs.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from bookings.filters import country_name
from core.formatting import format_money
from programmes.enums import ItineraryItemKind

from . import charts, formats
from .enums import AppliedLevel, ObjectiveMet, ReportSection
from .models import LearningReport

# Marked for extraction: "Quoted items" and "Adjustments" had no translation at all.
KIND_LABELS = {
    "programme": gettext_noop("Programme"),
    "accommodation": gettext_noop("Accommodation"),
    "extra": gettext_noop("Extras"),
    "quote": gettext_noop("Quoted items"),
    "adjustment": gettext_noop("Adjustments"),
}


def _date(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value)


def _programme(programme: dict) -> dict:
    """The stored programme figures with each item's kind named in the reader's language.

    The report is compiled once, in whatever language the task runs in; the stored
    `kind_label` is that language's, so a Finnish reader saw "Site visit" and "Meal".
    """
    kinds = dict(ItineraryItemKind.choices)
    return {
        **programme,
        "delivered": [
            {**item, "kind_label": str(kinds.get(item.get("kind"), item.get("kind_label", "")))}
            for item in programme.get("delivered", [])
        ],
    }


def report_context(report: LearningReport, *, content: dict | None = None, texts=None) -> dict:
    """Everything the body template needs; `content`/`texts` default to the report's own."""
    c = content if content is not None else report.content
    texts = texts or report
    if not c:
        return {"report": report, "compiled": False, "sections": _sections()}
    ratings = c["ratings"]
    feedback = ratings["feedback"]
    sites = ratings["sites"]
    site_chart = charts.hbar_chart(
        [(f"{s['title']}", s["mean"], formats.number(s["mean"])) for s in sites],
        title=_("Mean rating per site visit (1–5)"),
        maximum=5,
    )
    site_distribution = charts.distribution_chart(
        [(s["title"], s["distribution"]) for s in sites],
        title=_("Distribution of ratings per site visit"),
    )
    objectives = c["objectives"]
    objective_chart = charts.distribution_chart(
        [(o["objective"], o["distribution"]) for o in objectives],
        title=_("How far each learning objective was met"),
        scale=(1, 2, 3, 4),
        legend={k.value: str(k.label) for k in ObjectiveMet},
    )
    countries = [
        (country_name(code), count) for code, count in c["delegation"]["countries"].items()
    ]
    country_chart = charts.hbar_chart(
        [(name, count, str(count)) for name, count in countries],
        title=_("Participants by country"),
        maximum=max([n for _, n in countries] or [1]),
    )
    region = c["region"]
    spend_rows = [
        (_(KIND_LABELS.get(kind, kind)), format_money(Decimal(amount)))
        for kind, amount in region["spend_by_kind"].items()
    ]
    follow_up = c["follow_up"]
    applied = [
        (str(level.label), follow_up["applied"].get(str(level.value), 0)) for level in AppliedLevel
    ]
    visit = c["visit"]
    return {
        "report": report,
        "compiled": True,
        # The title of the programme page in the reader's language (the stored content
        # keeps the one of the language the report was compiled in).
        "programme_title": _programme_title(report, visit),
        "c": c,
        "texts": texts,
        "sections": _sections(),
        "visit": visit,
        "period": (_date(visit["starts_on"]), _date(visit["ends_on"])),
        "feedback": feedback,
        "sites": sites,
        "hosts": ratings["hosts"],
        "site_chart": site_chart,
        "site_distribution": site_distribution,
        "overall_chart": charts.distribution_chart(
            [(_("Overall rating"), feedback["overall"]["distribution"])],
            title=_("Overall rating of the visit"),
        ),
        "nps_chart": charts.nps_chart(feedback["nps"], title=_("Net promoter score")),
        "objectives": objectives,
        "objective_chart": objective_chart,
        "countries": countries,
        "country_chart": country_chart,
        "delegation": c["delegation"],
        "programme": _programme(c["programme"]),
        "quotes": c["quotes"],
        "follow_up": follow_up,
        "applied": applied,
        "safety": c["safety"],
        "region": region,
        "spend_rows": spend_rows,
        "spend_total": format_money(Decimal(region["spend_total"])),
    }


def _programme_title(report: LearningReport, visit: dict) -> str:
    programme = getattr(getattr(report.visit, "booking", None), "programme", None)
    if programme is None:
        return visit.get("programme", "")
    return getattr(programme, "localized", programme).title


def _sections():
    return [{"id": s.value, "title": s.label} for s in ReportSection]


def render_report_html(report: LearningReport, *, language: str = "en", extra=None) -> str:
    with translation.override(language):
        return render_to_string(
            "learning_reports/pdf/report.html", {**report_context(report), **(extra or {})}
        )


@cache
def _stylesheet() -> str:
    path = finders.find("css/reports.css")
    return Path(path).read_text(encoding="utf-8")


def render_report_pdf(report: LearningReport, *, language: str = "en") -> bytes:
    # function-level: weasyprint loads Pango/cairo (~2 s), paid only when a PDF is rendered
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    html = render_report_html(report, language=language)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=_stylesheet(), url_fetcher=fetcher)]
    )


def report_pdf_response(report: LearningReport, *, language: str = "en") -> HttpResponse:
    response = HttpResponse(
        render_report_pdf(report, language=language), content_type="application/pdf"
    )
    reference = report.content.get("visit", {}).get("reference", report.pk)
    response["Content-Disposition"] = f'inline; filename="learning-report-{reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
