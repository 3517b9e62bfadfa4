"""Reads for the catalogue: the optimised querysets that pages and feeds share.

Programme pages may be translated by copying, so a translated page's themes, hosts and
departures can point at the original's objects. Everything here localises through
`translation_key`, so a page always shows the objects of its own language.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import F, Min, Prefetch, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, ReferenceIndex

from core.params import parse_int

from .blocks import ItineraryItemBlock
from .cache import memo
from .enums import DepartureStatus, ItineraryItemKind, PriceBand, Sector
from .models import (
    Departure,
    GalleryImage,
    HostIndexPage,
    HostOrganisation,
    ProgrammeIndexPage,
    ProgrammePage,
    ThemePage,
)

CARD_RENDITION = "fill-640x400|format-webp"
HERO_RENDITION = "fill-1600x700|format-webp"
GALLERY_RENDITIONS = ("fill-600x400|format-webp", "max-1600x1200|format-webp")


@dataclass
class ProgrammeCard:
    page: ProgrammePage
    themes: list[ThemePage] = field(default_factory=list)
    next_departure: Departure | None = None
    price_from: Decimal | None = None


def _live_programmes(*, locale: Locale) -> QuerySet[ProgrammePage]:
    Image = get_image_model()
    return (
        ProgrammePage.objects.live()
        .public()
        .filter(locale=locale)
        .annotate(lowest_price=Min("price_tiers__price_per_person"))
        # A card shows none of the long fields: leave them in the database.
        .defer("itinerary", "faqs", "practical_notes", "safety_notes", "learning_objectives")
        .select_related("hero_image")
        .prefetch_related(
            Prefetch("hero_image", queryset=Image.objects.prefetch_renditions(CARD_RENDITION))
        )
    )


# Seats taken per departure come from the bookings app, which programmes never imports:
# bookings registers a function of departure ids -> {departure id: seats taken} when it
# starts (bookings.apps). Without one, a departure has all its seats left.
_seats_taken: Callable[[list[int]], dict[int, int]] | None = None


def register_seats_taken(provider: Callable[[list[int]], dict[int, int]]) -> None:
    global _seats_taken
    _seats_taken = provider


def with_seats_left(departures: list[Departure]) -> list[Departure]:
    """The departures, each with `seats_left` (its seats less those sold or held)."""
    taken = _seats_taken([d.pk for d in departures]) if _seats_taken and departures else {}
    for departure in departures:
        departure.seats_left = max(departure.seats - taken.get(departure.pk, 0), 0)
    return departures


def upcoming_departures(*, translation_keys, today: datetime.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    return (
        Departure.objects.filter(
            page__translation_key__in=list(translation_keys),
            status=DepartureStatus.SCHEDULED,
            start_date__gte=today,
        )
        .select_related("page")
        .order_by("start_date")
    )


def next_departures(*, translation_keys) -> dict[Any, Departure]:
    """The next scheduled departure of each programme (by translation key), in one query.

    On PostgreSQL only one row per programme leaves the database (DISTINCT ON), however
    many departures lie ahead; elsewhere every upcoming one is read and the first kept.
    """

    upcoming = upcoming_departures(translation_keys=translation_keys).select_related(None)
    upcoming = upcoming.annotate(programme_key=F("page__translation_key"))
    if connection.features.can_distinct_on_fields:
        upcoming = upcoming.order_by("page__translation_key", "start_date", "pk").distinct(
            "page__translation_key"
        )
    result: dict[Any, Departure] = {}
    for departure in upcoming:
        result.setdefault(departure.programme_key, departure)
    return result


def localized_pages(pages: list[Page], *, locale: Locale | None = None) -> dict[int, Page]:
    """Map each page's id to its live translation in `locale` (the active language by
    default), or to the page itself where there is none: one query for any number of pages,
    where `page.localized` costs one or two each."""
    locale = locale or Locale.get_active()
    pages = [p for p in pages if p is not None]
    result = {p.pk: p for p in pages}
    wanted = {p.translation_key for p in pages if p.locale_id != locale.pk}
    if wanted:
        translations = {
            t.translation_key: t
            for t in Page.objects.live()
            .filter(translation_key__in=wanted, locale=locale)
            .specific(defer=True)
        }
        for page in pages:
            if page.translation_key in translations and page.locale_id != locale.pk:
                result[page.pk] = translations[page.translation_key]
    return result


def localized_themes(*, pages: list[ProgrammePage], locale: Locale) -> dict[int, list[ThemePage]]:
    """Map each page id to its themes in `locale` (falling back to the stored theme)."""
    through = ProgrammePage.themes.through
    links = list(
        through.objects.filter(programmepage_id__in=[p.pk for p in pages]).values_list(
            "programmepage_id", "themepage__translation_key"
        )
    )
    keys = {key for _, key in links}
    themes = {
        t.translation_key: t
        for t in ThemePage.objects.live().filter(translation_key__in=keys, locale=locale)
    }
    result: dict[int, list[ThemePage]] = defaultdict(list)
    for page_id, key in links:
        if key in themes:
            result[page_id].append(themes[key])
    for themes_of_page in result.values():
        themes_of_page.sort(key=lambda t: t.title)
    return result


def page_themes(*, page: ProgrammePage) -> list[ThemePage]:
    """The page's live themes in the page's language, by title (one query)."""
    keys = ProgrammePage.themes.through.objects.filter(programmepage_id=page.pk).values(
        "themepage__translation_key"
    )
    return list(
        ThemePage.objects.live()
        .filter(translation_key__in=keys, locale_id=page.locale_id)
        .order_by("title")
    )


def _cards(pages: list[ProgrammePage], *, locale: Locale) -> list[ProgrammeCard]:
    if not pages:
        return []
    themes = localized_themes(pages=pages, locale=locale)
    next_by_key = next_departures(translation_keys={p.translation_key for p in pages})
    return [
        ProgrammeCard(
            page=page,
            themes=themes.get(page.pk, []),
            next_departure=next_by_key.get(page.translation_key),
            price_from=getattr(page, "lowest_price", None),
        )
        for page in pages
    ]


def programme_cards(
    *, locale: Locale, theme: ThemePage | None = None, limit: int | None = None
) -> list[ProgrammeCard]:
    """Live programmes in `locale` (optionally in one theme, at most `limit`), for the home
    and theme pages."""
    queryset = _live_programmes(locale=locale)
    if theme is not None:
        queryset = queryset.filter(themes__translation_key=theme.translation_key).distinct()
    queryset = queryset.order_by("path")
    if limit is not None:
        queryset = queryset[:limit]
    return _cards(list(queryset), locale=locale)


def programme_search(*, index: ProgrammeIndexPage, **filters) -> list[ProgrammeCard]:
    """The programme index's cards: see `programme_search_pages` for the filters."""
    return programme_cards_for(programme_search_pages(index=index, **filters), locale=index.locale)


def programme_cards_for(pages: list[ProgrammePage], *, locale: Locale) -> list[ProgrammeCard]:
    """Cards for pages already chosen (e.g. one page of search results): fixed queries."""
    return _cards(pages, locale=locale)


# Search text is data, never query syntax: SQLite's FTS5 reads `"`, `*`, `^`, `:`, `(`,
# AND/OR/NOT/NEAR as operators (a stray quote is an OperationalError), and PostgreSQL's
# tsquery has its own. Only the words are searched, lower-cased (the operators are
# upper-case), on every backend alike (issue 13).
_SEARCH_WORD = re.compile(r"\w+")
SEARCH_MAX_TERMS = 20


def search_terms(q: str) -> str:
    words = _SEARCH_WORD.findall(q[:500])
    return " ".join(word.lower() for word in words[:SEARCH_MAX_TERMS])


def programme_search_pages(
    *,
    index: ProgrammeIndexPage,
    q: str = "",
    theme: ThemePage | None = None,
    duration: str = "",
    language: str = "",
    group_size: int | None = None,
    price_band: str = "",
    departure_within: str = "",
) -> list[ProgrammeCard]:
    """The programme index: filters narrow the set, `q` searches it (full text)."""
    queryset = _live_programmes(locale=index.locale).child_of(index)
    if theme is not None:
        queryset = queryset.filter(themes__translation_key=theme.translation_key)
    # The filters are the visitor's text (the form checks them against its choices; a
    # caller that passes text straight from a request gets a 400, never a ValueError).
    if duration:
        low, _, high = duration.partition("-")
        if duration.endswith("+"):
            low = parse_int(duration.removesuffix("+"), "duration", min_value=0, max_value=366)
            queryset = queryset.filter(duration_days__gte=low)
        else:
            queryset = queryset.filter(
                duration_days__gte=parse_int(low, "duration", min_value=0, max_value=366),
                duration_days__lte=parse_int(high, "duration", min_value=0, max_value=366),
            )
    if language:
        queryset = queryset.filter(languages__language=language)
    if group_size:
        queryset = queryset.filter(group_size_min__lte=group_size, group_size_max__gte=group_size)
    if price_band == PriceBand.UNDER_1500:
        queryset = queryset.filter(lowest_price__lt=Decimal("1500"))
    elif price_band == PriceBand.FROM_1500_TO_3000:
        queryset = queryset.filter(
            lowest_price__gte=Decimal("1500"), lowest_price__lte=Decimal("3000")
        )
    elif price_band == PriceBand.OVER_3000:
        queryset = queryset.filter(lowest_price__gt=Decimal("3000"))
    if departure_within:
        today = timezone.localdate()
        days = parse_int(departure_within, "departure_within", min_value=0, max_value=3660)
        until = today + datetime.timedelta(days=days)
        keys = Departure.objects.filter(
            status=DepartureStatus.SCHEDULED, start_date__gte=today, start_date__lte=until
        ).values("page__translation_key")
        queryset = queryset.filter(translation_key__in=keys)
    queryset = queryset.distinct()
    terms = search_terms(q) if q else ""
    if q and not terms:
        pages = []
    elif terms:
        q = terms
        ids = [
            page.pk
            for page in ProgrammePage.objects.live()
            .filter(locale=index.locale)
            .search(q, operator="or")
        ]
        order = {pk: position for position, pk in enumerate(ids)}
        pages = sorted(queryset.filter(pk__in=ids), key=lambda p: order[p.pk])
    else:
        pages = list(queryset.order_by("path"))
    return pages


@dataclass
class ItineraryItem:
    kind: str
    kind_label: str
    start_time: datetime.time
    end_time: datetime.time
    duration_minutes: int
    title: str
    place: str
    description: str
    host: HostOrganisation | None


@dataclass
class ItineraryDay:
    number: int
    title: str
    items: list[ItineraryItem]


def localized_hosts(*, hosts, locale: Locale) -> dict[Any, HostOrganisation]:
    """Map translation_key -> host in `locale` for the given hosts (one query)."""
    keys = {h.translation_key for h in hosts if h is not None}
    if not keys:
        return {}
    return {
        h.translation_key: h
        for h in HostOrganisation.objects.filter(translation_key__in=keys, locale=locale)
    }


def _raw_itinerary(page: ProgrammePage) -> list[tuple[str, list[dict]]]:
    """(day title, [raw item values]) from the stored block data, list formats old and new."""
    days = []
    for day in page.itinerary.raw_data:
        value = day.get("value") or {}
        items = [
            item["value"] if isinstance(item, dict) and "value" in item else item
            for item in value.get("items") or []
        ]
        days.append((value.get("title", ""), items))
    return days


def itinerary_days(*, page: ProgrammePage) -> list[ItineraryDay]:
    """The itinerary with each host in the page's language, in one query for every host.

    The blocks are read from their stored data, so the StreamField's own lookup of the
    chosen (original-language) hosts never runs: one query fetches the chosen hosts and
    their versions in the page's language together.
    """

    raw_days = _raw_itinerary(page)
    ids = {int(item["host"]) for _, items in raw_days for item in items if item.get("host")}
    chosen_keys = HostOrganisation.objects.filter(pk__in=ids).values("translation_key")
    rows = list(
        HostOrganisation.objects.filter(
            Q(pk__in=ids) | Q(translation_key__in=chosen_keys, locale_id=page.locale_id)
        )
    )
    by_pk = {h.pk: h for h in rows}
    local = {h.translation_key: h for h in rows if h.locale_id == page.locale_id}
    time_block = ItineraryItemBlock.base_blocks["start_time"]
    kind_labels = dict(ItineraryItemKind.choices)
    days = []
    for number, (title, raw_items) in enumerate(raw_days, start=1):
        items = []
        for raw in raw_items:
            chosen = by_pk.get(int(raw["host"])) if raw.get("host") else None
            start = time_block.to_python(raw.get("start_time"))
            minutes = int(raw.get("duration_minutes") or 0)
            end = (
                datetime.datetime.combine(datetime.date(2000, 1, 1), start)
                + datetime.timedelta(minutes=minutes)
            ).time()
            kind = raw.get("kind", "")
            items.append(
                ItineraryItem(
                    kind=kind,
                    kind_label=kind_labels.get(kind, kind),
                    start_time=start,
                    end_time=end,
                    duration_minutes=minutes,
                    title=raw.get("title", ""),
                    place=raw.get("place") or "",
                    description=raw.get("description") or "",
                    host=local.get(chosen.translation_key, chosen) if chosen else None,
                )
            )
        days.append(ItineraryDay(number=number, title=title, items=items))
    return days


def programme_page_images(*, page: ProgrammePage) -> None:
    """Attach the hero and gallery images, with the renditions the page shows, to `page`.

    One query whether the page has no image or many, once the renditions exist: it
    filters through a subquery, which always runs, where a prefetch is skipped when there
    is nothing to fetch. The page's query count is then the same for every programme
    (tests/programmes/test_queries.py). Expects `page.gallery_images` to be prefetched.
    """
    Image = get_image_model()
    Rendition = Image.get_rendition_model()
    gallery_ids = GalleryImage.objects.filter(page=page).values("image_id")
    wanted = Q(pk__in=gallery_ids) | Q(pk=page.hero_image_id)
    specs = [HERO_RENDITION, *GALLERY_RENDITIONS]
    # The renditions with their images in one query; an image still missing one of them
    # (the first view after an upload) is fetched on its own, once.
    images: dict[int, Any] = {}
    for rendition in Rendition.objects.filter(
        image__in=Image.objects.filter(wanted), filter_spec__in=specs
    ).select_related("image"):
        image = images.setdefault(rendition.image_id, rendition.image)
        if not hasattr(image, "prefetched_renditions"):
            image.prefetched_renditions = []
        rendition.image = image  # alt text comes from the image
        image.prefetched_renditions.append(rendition)
    needed: dict[int, set[str]] = defaultdict(set)
    for item in page.gallery_images.all():
        needed[item.image_id].update(GALLERY_RENDITIONS)
    if page.hero_image_id:
        needed[page.hero_image_id].add(HERO_RENDITION)
    incomplete = [
        pk
        for pk, wanted_specs in needed.items()
        if pk not in images
        or not wanted_specs <= {r.filter_spec for r in images[pk].prefetched_renditions}
    ]
    if incomplete:
        for image in Image.objects.filter(pk__in=incomplete).prefetch_renditions(*specs):
            images[image.pk] = image
    if page.hero_image_id in images:
        page.hero_image = images[page.hero_image_id]
    for item in page.gallery_images.all():
        if item.image_id in images:
            item.image = images[item.image_id]


def programme_page_context(*, page: ProgrammePage) -> dict[str, Any]:
    """Everything a programme page shows, in a fixed number of queries."""

    prefetch_related_objects([page], "price_tiers", "languages", "gallery_images")
    programme_page_images(page=page)
    days = itinerary_days(page=page)
    hosts: dict[int, HostOrganisation] = {}
    for day in days:
        for item in day.items:
            if item.host is not None:
                hosts.setdefault(item.host.pk, item.host)
    return {
        "itinerary_days": days,
        "hosts": sorted(hosts.values(), key=lambda h: h.name),
        "themes": page_themes(page=page),
        "departures": with_seats_left(
            list(upcoming_departures(translation_keys=[page.translation_key]))
        ),
        "price_tiers": sorted(page.price_tiers.all(), key=lambda t: t.min_participants),
        "languages_offered": [lang.get_language_display() for lang in page.languages.all()],
        "gallery": list(page.gallery_images.all()),
        "host_index": memo(
            "host_index",
            page.locale_id,
            build=lambda: HostIndexPage.objects.live().filter(locale_id=page.locale_id).first(),
        ),
    }


def hosts_by_sector(*, locale: Locale) -> list[tuple[str, list[HostOrganisation]]]:
    grouped: dict[str, list[HostOrganisation]] = defaultdict(list)
    for host in HostOrganisation.objects.filter(locale=locale).order_by("name"):
        grouped[host.sector].append(host)
    return [(label, grouped[value]) for value, label in Sector.choices if grouped[value]]


def programmes_visiting(*, host: HostOrganisation) -> list[ProgrammePage]:
    """Live programmes in the host's language whose itinerary visits the host.

    Wagtail's reference index records every host chosen in an itinerary, so this is one
    query however many programmes there are, and a translated page counts through its
    translation key.
    """
    versions = HostOrganisation.objects.filter(translation_key=host.translation_key)
    page_ids = {
        int(object_id)
        for object_id in ReferenceIndex.get_references_to_in_bulk(versions)
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    }
    source_keys = Page.objects.filter(pk__in=page_ids).values("translation_key")
    return list(
        ProgrammePage.objects.live()
        .public()
        .filter(locale_id=host.locale_id, translation_key__in=source_keys)
        .order_by("title")
    )
