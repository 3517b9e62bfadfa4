"""Build a small catalogue page tree in English, Finnish and Swedish for tests."""

from __future__ import annotations

import datetime
import io
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from programmes.enums import ItineraryItemKind, Sector
from programmes.models import (
    Departure,
    EnquiryFormField,
    EnquiryFormPage,
    GalleryImage,
    HomePage,
    HostIndexPage,
    HostOrganisation,
    PriceTier,
    ProgrammeIndexPage,
    ProgrammeLanguageOffered,
    ProgrammePage,
    StandardPage,
    ThemeIndexPage,
    ThemePage,
)

_counter = itertools.count(1)


def make_image(title: str = "Test image", colour=(30, 80, 140)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), colour).save(buffer, format="PNG")
    n = next(_counter)
    return get_image_model().objects.create(
        title=title,
        file=ImageFile(buffer, name=f"test-{n}.png"),
        description=f"{title} (description)",
    )


def make_host(
    name: str = "Rescue College", *, locale: Locale | None = None, **extra
) -> HostOrganisation:
    n = next(_counter)
    values = {
        "name": name,
        "slug": extra.pop("slug", f"host-{n}"),
        "sector": Sector.AUTHORITY,
        "summary": f"{name} receives delegations.",
        "description": f"<p>{name} trains professionals.</p>",
        "expertise": "Rescue services\nPreparedness",
        "street_address": "Sotilaankatu 1",
        "postal_code": "50100",
        "city": "Mikkeli",
        "latitude": Decimal("61.688727"),
        "longitude": Decimal("27.272146"),
        "max_group_size": 25,
        "locale": locale or Locale.get_default(),
    }
    values.update(extra)
    return HostOrganisation.objects.create(**values)


def itinerary_for(hosts: list[HostOrganisation], *, days: int = 1, items_per_day: int = 2):
    data = []
    host_cycle = itertools.cycle(hosts) if hosts else None
    for day in range(days):
        items = []
        for i in range(items_per_day):
            host = next(host_cycle) if host_cycle else None
            items.append(
                {
                    "type": "item",
                    "value": {
                        "kind": ItineraryItemKind.SITE_VISIT
                        if host
                        else ItineraryItemKind.BRIEFING,
                        "start_time": f"{9 + i:02d}:00",
                        "duration_minutes": 60,
                        "title": f"Visit {i + 1} of day {day + 1}",
                        "place": "Mikkeli",
                        "host": host.pk if host else None,
                        "description": "",
                    },
                }
            )
        data.append(
            {
                "type": "day",
                "value": {"title": f"Day {day + 1}", "items": [i["value"] for i in items]},
            }
        )
    return data


@dataclass
class Catalogue:
    home: HomePage
    programme_index: ProgrammeIndexPage
    theme_index: ThemeIndexPage
    host_index: HostIndexPage
    themes: list[ThemePage]
    programmes: list[ProgrammePage]
    hosts: list[HostOrganisation]
    enquiry: EnquiryFormPage
    standard: StandardPage
    translations: dict[str, dict[str, Page]] = field(default_factory=dict)


def ensure_locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code in ("en", "fi", "sv")
    }


def add_programme(
    index: ProgrammeIndexPage,
    *,
    title: str,
    slug: str,
    themes: list[ThemePage],
    hosts: list[HostOrganisation],
    duration_days: int = 3,
    group: tuple[int, int] = (5, 20),
    prices: list[tuple[int, int, str]] | None = None,
    languages: tuple[str, ...] = ("en",),
    departures: list[tuple[datetime.date, int]] | None = None,
    days: int = 1,
    items_per_day: int = 2,
    gallery: int = 0,
    hero: bool = False,
) -> ProgrammePage:
    page = ProgrammePage(
        title=title,
        slug=slug,
        summary=f"{title}: a summary.",
        learning_objectives="Understand the model\nMeet the practitioners",
        duration_days=duration_days,
        group_size_min=group[0],
        group_size_max=group[1],
        itinerary=itinerary_for(hosts, days=days, items_per_day=items_per_day),
        hero_image=make_image(f"{title} hero") if hero else None,
    )
    for low, high, price in prices or [(5, 10, "2400.00"), (11, 20, "1900.00")]:
        page.price_tiers.add(
            PriceTier(min_participants=low, max_participants=high, price_per_person=Decimal(price))
        )
    for code in languages:
        page.languages.add(ProgrammeLanguageOffered(language=code))
    for start, seats in departures or []:
        page.departures.add(Departure(start_date=start, seats=seats))
    for n in range(gallery):
        page.gallery_images.add(
            GalleryImage(image=make_image(f"{title} {n}"), alt_text=f"Photo {n} of {title}")
        )
    index.add_child(instance=page)
    page.themes.set(themes)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_root_after_flush(locale: Locale | None = None) -> Page:
    """The page tree's root, made again after a transactional test flushed the one the
    migrations made. The programme managers' page permissions hang on the root, so they
    are granted again too: without them a manager meets "Sorry, you do not have
    permission" in the page editor of any test that follows a flush."""
    import importlib

    from django.apps import apps

    root = Page.add_root(title="Root", slug="root", locale=locale)
    importlib.import_module("programmes.migrations.0002_roles").create_roles(apps, None)
    return root


def build_catalogue(*, translate: bool = True) -> Catalogue:
    """Home, index pages, three themes, three hosts, two programmes, an enquiry form."""
    locales = ensure_locales()
    root = Page.get_first_root_node()
    if root is None:  # transactional tests flush what the migrations created
        root = add_root_after_flush(locales["en"])
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    root.refresh_from_db()
    home = HomePage(title="Päämaja", slug="home", hero_heading="Security expertise, seen at work")
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Päämaja"},
    )

    programme_index = ProgrammeIndexPage(
        title="Programmes", slug="programmes", intro="Our packages"
    )
    home.add_child(instance=programme_index)
    theme_index = ThemeIndexPage(title="Themes", slug="themes")
    home.add_child(instance=theme_index)
    host_index = HostIndexPage(title="Hosts", slug="hosts")
    home.add_child(instance=host_index)
    standard = StandardPage(
        title="About", slug="about", body=[{"type": "paragraph", "value": "<p>About us</p>"}]
    )
    home.add_child(instance=standard)
    enquiry = EnquiryFormPage(
        title="Tailored programme",
        slug="enquiry",
        to_address="managers@example.com",
        from_address="noreply@example.com",
        subject="New enquiry",
    )
    enquiry.form_fields.add(
        EnquiryFormField(label="Organisation", field_type="singleline", required=True)
    )
    enquiry.form_fields.add(EnquiryFormField(label="Email", field_type="email", required=True))
    enquiry.form_fields.add(
        EnquiryFormField(label="Group size", field_type="number", required=False)
    )
    home.add_child(instance=enquiry)

    themes = []
    for title, slug in [
        ("Rescue services and preparedness", "rescue"),
        ("Hybrid and cyber threats", "cyber"),
        ("Safe water, food and environment", "water"),
    ]:
        theme = ThemePage(title=title, slug=slug, summary=f"{title} summary")
        theme_index.add_child(instance=theme)
        themes.append(theme)

    hosts = [
        make_host("Emergency Services College", slug="college", sector=Sector.EDUCATION),
        make_host("Cyber Lab", slug="cyber-lab", sector=Sector.COMPANY, max_group_size=12),
        make_host("Water Works", slug="water-works", sector=Sector.AUTHORITY),
    ]
    today = timezone.localdate()
    programmes = [
        add_programme(
            programme_index,
            title="Comprehensive security in everyday life",
            slug="comprehensive-security",
            themes=[themes[0]],
            hosts=[hosts[0], hosts[2]],
            duration_days=4,
            group=(6, 20),
            prices=[(6, 12, "2800.00"), (13, 20, "2300.00")],
            languages=("en", "fi"),
            departures=[(today + datetime.timedelta(days=40), 20)],
        ),
        add_programme(
            programme_index,
            title="Hybrid and cyber resilience",
            slug="hybrid-cyber",
            themes=[themes[1]],
            hosts=[hosts[1]],
            duration_days=2,
            group=(4, 12),
            prices=[(4, 12, "1200.00")],
            languages=("en", "de"),
            departures=[(today + datetime.timedelta(days=200), 12)],
        ),
    ]
    for page in [home, programme_index, theme_index, host_index, standard, enquiry, *themes]:
        page.save_revision().publish()

    catalogue = Catalogue(
        home=home,
        programme_index=programme_index,
        theme_index=theme_index,
        host_index=host_index,
        themes=themes,
        programmes=programmes,
        hosts=hosts,
        enquiry=enquiry,
        standard=standard,
    )
    if translate:
        for code in ("fi", "sv"):
            catalogue.translations[code] = translate_tree(home, locales[code])
            for host in hosts:
                copy = host.copy_for_translation(locales[code])
                copy.name = f"{host.name} ({code})"
                copy.save()
    return catalogue


def translate_tree(home: HomePage, locale: Locale) -> dict[str, Page]:
    """Copy the whole tree into `locale`, prefixing titles with the language code."""
    copies: dict[str, Page] = {}
    for page in [home, *home.get_descendants().specific().order_by("path")]:
        copy = page.specific.copy_for_translation(locale, copy_parents=True, alias=False)
        copy.title = f"[{locale.language_code}] {page.title}"
        copy.save_revision().publish()
        copies[page.slug] = copy.specific
    return copies
