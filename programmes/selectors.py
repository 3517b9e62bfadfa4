"""Reads for the catalogue: the optimised querysets that pages and feeds share.

Programme pages may be translated by copying, so a translated page's themes, hosts and
departures can point at the original's objects. Everything here localises through
`translation_key`, so a page always shows the objects of its own language.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, ReferenceIndex

from .enums import DepartureStatus, ItineraryItemKind, PriceBand
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
        .select_related("hero_image")
        .prefetch_related(
            Prefetch("hero_image", queryset=Image.objects.prefetch_renditions(CARD_RENDITION))
        )
    )


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


def _cards(pages: list[ProgrammePage], *, locale: Locale) -> list[ProgrammeCard]:
    if not pages:
        return []
    themes = localized_themes(pages=pages, locale=locale)
    next_by_key: dict[Any, Departure] = {}
    for departure in upcoming_departures(translation_keys={p.translation_key for p in pages}):
        next_by_key.setdefault(departure.page.translation_key, departure)
    return [
        ProgrammeCard(
            page=page,
            themes=themes.get(page.pk, []),
            next_departure=next_by_key.get(page.translation_key),
            price_from=getattr(page, "lowest_price", None),
        )
        for page in pages
    ]


def programme_cards(*, locale: Locale, theme: ThemePage | None = None) -> list[ProgrammeCard]:
    """Every live programme in `locale` (optionally in one theme), for the home and theme pages."""
    queryset = _live_programmes(locale=locale)
    if theme is not None:
        queryset = queryset.filter(themes__translation_key=theme.translation_key).distinct()
    return _cards(list(queryset.order_by("path")), locale=locale)


def programme_search(
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
    if duration:
        low, _, high = duration.partition("-")
        if duration.endswith("+"):
            queryset = queryset.filter(duration_days__gte=int(duration.rstrip("+")))
        else:
            queryset = queryset.filter(duration_days__gte=int(low), duration_days__lte=int(high))
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
        until = today + datetime.timedelta(days=int(departure_within))
        keys = Departure.objects.filter(
            status=DepartureStatus.SCHEDULED, start_date__gte=today, start_date__lte=until
        ).values("page__translation_key")
        queryset = queryset.filter(translation_key__in=keys)
    queryset = queryset.distinct()
    if q:
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
    return _cards(pages, locale=index.locale)


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


def itinerary_days(*, page: ProgrammePage) -> list[ItineraryDay]:
    raw_days = list(page.itinerary)  # StreamField fetches every chosen host in one query
    hosts = [item["host"] for day in raw_days for item in day.value["items"]]
    local = localized_hosts(hosts=hosts, locale=page.locale)
    kind_labels = dict(ItineraryItemKind.choices)
    days = []
    for number, day in enumerate(raw_days, start=1):
        items = []
        for item in day.value["items"]:
            host = item["host"]
            start = item["start_time"]
            end = (
                datetime.datetime.combine(datetime.date(2000, 1, 1), start)
                + datetime.timedelta(minutes=item["duration_minutes"])
            ).time()
            items.append(
                ItineraryItem(
                    kind=item["kind"],
                    kind_label=kind_labels.get(item["kind"], item["kind"]),
                    start_time=start,
                    end_time=end,
                    duration_minutes=item["duration_minutes"],
                    title=item["title"],
                    place=item["place"],
                    description=item["description"],
                    host=local.get(host.translation_key, host) if host else None,
                )
            )
        days.append(ItineraryDay(number=number, title=day.value["title"], items=items))
    return days


def programme_page_images(*, page: ProgrammePage) -> None:
    """Attach the hero and gallery images, with the renditions the page shows, to `page`.

    Two queries whether the page has no image or many: both filter through subqueries,
    which always run, where a prefetch is skipped when there is nothing to fetch. The
    page's query count is then the same for every programme (tests/programmes/test_queries.py).
    Expects `page.gallery_images` to be prefetched.
    """
    Image = get_image_model()
    Rendition = Image.get_rendition_model()
    gallery_ids = GalleryImage.objects.filter(page=page).values("image_id")
    wanted = Q(pk__in=gallery_ids) | Q(pk=page.hero_image_id)
    images = {image.pk: image for image in Image.objects.filter(wanted)}
    for image in images.values():
        image.prefetched_renditions = []
    for rendition in Rendition.objects.filter(
        image_id__in=Image.objects.filter(wanted).values("pk"),
        filter_spec__in=[HERO_RENDITION, *GALLERY_RENDITIONS],
    ):
        if rendition.image_id in images:
            rendition.image = images[rendition.image_id]  # alt text comes from the image
            rendition.image.prefetched_renditions.append(rendition)
    if page.hero_image_id in images:
        page.hero_image = images[page.hero_image_id]
    for item in page.gallery_images.all():
        if item.image_id in images:
            item.image = images[item.image_id]


def programme_page_context(*, page: ProgrammePage) -> dict[str, Any]:
    """Everything a programme page shows, in a fixed number of queries."""
    from django.db.models import prefetch_related_objects

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
        "themes": localized_themes(pages=[page], locale=page.locale).get(page.pk, []),
        "departures": list(upcoming_departures(translation_keys=[page.translation_key])),
        "price_tiers": sorted(page.price_tiers.all(), key=lambda t: t.min_participants),
        "languages_offered": [lang.get_language_display() for lang in page.languages.all()],
        "gallery": list(page.gallery_images.all()),
        "host_index": HostIndexPage.objects.live().filter(locale=page.locale).first(),
    }


def hosts_by_sector(*, locale: Locale) -> list[tuple[str, list[HostOrganisation]]]:
    from .enums import Sector

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
        .filter(locale=host.locale, translation_key__in=source_keys)
        .order_by("title")
    )
