"""Template helpers for the public catalogue: money, language links and SEO.

Money and times are formatted by core/formatting.py (one Babel locale per language).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.apps import apps
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.db.models.functions import Left, Length
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import PageViewRestriction

from core.formatting import babel_locale, format_money, format_time
from programmes.cache import memo
from programmes.models import HostOrganisation

register = template.Library()


@register.filter
def money(value, currency: str = "EUR") -> str:
    """Format a Decimal amount for the active language: "€1,234.50", "1 234,50 €"."""
    return format_money(value, currency=currency)


@register.filter
def clock(value) -> str:
    """A time of day as the active language writes it: "09:00" (en), "9.00" (fi)."""
    return format_time(value)


@register.simple_tag
def og_locale(language_code: str | None = None) -> str:
    """The Open Graph locale of a language code, e.g. "fi_FI"."""
    return babel_locale(language_code)


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    absolute_url: str = ""

    # Unpacks as (code, native name, url, is_current) for templates that want a tuple.
    def __iter__(self):
        return iter((self.code, self.name, self.url, self.is_current))


def _translated_host_paths(host, page_urls: dict[str, str]) -> dict[str, str]:
    """For a host detail page, the host's own page in each language that has it."""

    paths = {}
    for code, slug in HostOrganisation.objects.filter(
        translation_key=host.translation_key
    ).values_list("locale__language_code", "slug"):
        if code in page_urls:
            paths[code] = f"{page_urls[code]}{slug}/"
    return paths


def _translation_urls(page, host, request) -> dict[str, str]:
    urls: dict[str, str] = {}
    for translated in page.get_translations(inclusive=True).live().select_related("locale"):
        url = translated.get_url(request=request)
        if url:
            urls[translated.locale.language_code] = url
    if host is not None and getattr(host, "translation_key", None):
        hosts = _translated_host_paths(host, urls)
        urls = {code: hosts.get(code, url) for code, url in urls.items()}
    return urls


def _same_view_urls(request) -> dict[str, str]:
    """Outside the Wagtail tree (booking steps, account, host portal, reports,
    questionnaires): the same view in each language, by Django's translate_url, with the
    query string kept (it is the visitor's own filter or step). A path outside the
    language prefix has no other-language address: that language's home then."""

    here = request.get_full_path()
    prefix = here.split("/", 2)[1] if here.count("/") >= 2 else ""
    if prefix not in dict(settings.LANGUAGES):
        return {}
    urls = {}
    for code, _name in settings.LANGUAGES:
        url = translate_url(here, code)
        if url != here or code == prefix:
            urls[code] = url
    return urls


@register.simple_tag(takes_context=True)
def language_links(context) -> list[LanguageLink]:
    """One link per site language to the current page's live translation.

    A language without a live translation links to that language's home, "/<code>/"; a
    view that is not a Wagtail page links to the same view in that language. One query for the translations, one more on a
    host detail page for the host's translations.
    """
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language() or settings.LANGUAGE_CODE
    urls: dict[str, str] = {}
    if page is not None and hasattr(page, "get_translations"):
        host = context.get("host")
        host_key = getattr(host, "translation_key", None) if host is not None else None
        # The same for every visitor: remembered until a page or host changes.
        urls = memo(
            "translations",
            page.pk,
            host_key,
            request.get_host() if request is not None else "",
            build=lambda: _translation_urls(page, host, request),
        )
    elif request is not None:
        urls = _same_view_urls(request)
    links = []
    for code, name in settings.LANGUAGES:
        url = urls.get(code) or f"/{code}/"
        absolute = request.build_absolute_uri(url) if request is not None else url
        links.append(
            LanguageLink(
                code=code,
                name=name,
                url=url,
                is_current=code == current,
                absolute_url=absolute,
            )
        )
    return links


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The absolute URL of this page without its query string."""
    request = context.get("request")
    if request is None:
        return ""
    return request.build_absolute_uri(request.path)


@register.filter
def minutes_as_duration(minutes) -> str:
    """90 -> "1 h 30 min" in the active language."""

    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return gettext("%(hours)d h %(minutes)d min") % {"hours": hours, "minutes": rest}
    if hours:
        return gettext("%(hours)d h") % {"hours": hours}
    return gettext("%(minutes)d min") % {"minutes": rest}


@register.filter
def is_within(page, section) -> bool:
    """True when `page` is `section` or one of its descendants (by tree path)."""
    page_path = getattr(page, "path", None)
    section_path = getattr(section, "path", None)
    return bool(page_path and section_path and page_path.startswith(section_path))


def _public_q():
    """Pages with no view restriction on themselves or an ancestor, as one subquery.

    `PageQuerySet.public()` first reads every restriction in a query of its own; this
    keeps the check inside the page query.
    """

    restricted = PageViewRestriction.objects.filter(
        page__path=Left(OuterRef("path"), Length("page__path"))
    )
    return ~Exists(restricted)


@register.simple_tag(takes_context=True)
def section_page(context, model_label: str):
    """The live, public page of a section type (e.g. "programmes.EnquiryFormPage") in the
    active language, or None. One query, remembered for the rest of the request."""

    request = context.get("request")
    language = translation.get_language() or settings.LANGUAGE_CODE
    cache = getattr(request, "_paamaja_sections", None) if request is not None else None
    if cache is None:
        cache = {}
        if request is not None:
            request._paamaja_sections = cache
    key = (model_label, language)
    if key not in cache:
        model = apps.get_model(model_label)
        cache[key] = memo(
            "section",
            model_label,
            language,
            build=lambda: (
                model.objects.live()
                .filter(_public_q(), locale__language_code=language)
                .order_by("path")
                .first()
            ),
        )
    return cache[key]


@register.simple_tag
def page_ancestors(page) -> list:
    """The page's ancestors below the root, for breadcrumbs (remembered until pages change)."""
    if page is None or not getattr(page, "pk", None):
        return []
    return memo(
        "ancestors",
        page.pk,
        build=lambda: [a for a in page.get_ancestors() if a.depth > 1],
    )
