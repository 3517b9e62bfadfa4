"""Build (or complete) the demo site: locales, page tree in en/fi/sv, hosts, images, users.

Idempotent: every object is looked up first — pages by parent and slug, translations by
translation key and locale, hosts by slug and locale, images by title, users by e-mail — and
an object that exists is left alone, so a second run changes nothing. `refresh=True` writes
the demo texts again over existing demo objects (new page revisions), still without
duplicating anything. Departures are never rewritten: bookings may hang off them; missing
upcoming departures are topped up instead.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import Group
from django.core.exceptions import ObjectDoesNotExist
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler as search_on_save
from modelsearch.tasks import insert_or_update_object_task
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task

from programmes.enums import DepartureStatus, Sector
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

from . import catalogue, hosts, images, pages, themes
from .text import LANGUAGES, body, tr
from .users import DEMO_USERS, DemoUser

HOST_PALETTES = {
    Sector.AUTHORITY: "rescue",
    Sector.COMPANY: "public",
    Sector.RESEARCH: "water",
    Sector.EDUCATION: "cyber",
    Sector.THIRD_SECTOR: "home",
}


@dataclass
class DemoResult:
    home: dict[str, Page] = field(default_factory=dict)
    users: list[DemoUser] = field(default_factory=list)
    stats: Counter = field(default_factory=Counter)  # ("created"|"updated"|"unchanged", kind)


@contextmanager
def deferred_indexing() -> Iterator[None]:
    """Update the search and reference indexes once per saved object, at the end.

    Building a translated page saves it several times (copy, revision, publish), and every
    save would re-index it; indexing each object once makes the command several times
    faster. Objects saved by other threads meanwhile are indexed as usual by the reference
    index (its switch is thread-local) but not by search, whose handlers are process-wide.
    """
    saved: set[tuple[str, str, str]] = set()

    def track(sender, instance, raw=False, **kwargs):
        if not raw and instance.pk is not None:
            saved.add((instance._meta.app_label, instance._meta.model_name, str(instance.pk)))

    search_models = [
        model
        for model in search_index.get_indexed_models()
        if getattr(model, "search_auto_update", True)
    ]
    uid = "paamaja-load-demo-deferred-indexing"
    post_save.connect(track, weak=False, dispatch_uid=uid)
    for model in search_models:
        post_save.disconnect(search_on_save, sender=model)
    try:
        with disable_reference_index_auto_update():
            yield
    finally:
        for model in search_models:
            post_save.connect(search_on_save, sender=model)
        post_save.disconnect(dispatch_uid=uid)
    # Child objects (price tiers, departures, …) are indexed through their page, saved too.
    tracked = {
        model
        for model in ReferenceIndex.tracked_models
        if not any(isinstance(f, ParentalKey) for f in model._meta.get_fields())
    }
    searched = set(search_models)
    for app_label, model_name, pk in sorted(saved):
        model = apps.get_model(app_label, model_name)
        try:
            if model in tracked:
                update_reference_index_task.call(app_label, model_name, pk)
            if model in searched:
                insert_or_update_object_task.call(app_label, model_name, pk)
        except ObjectDoesNotExist:
            continue  # saved, then deleted again (replaced child objects)


class DemoLoader:
    def __init__(self, *, refresh: bool = False, today: datetime.date | None = None):
        self.refresh = refresh
        self.today = today or timezone.localdate()
        self.result = DemoResult()
        self.locales: dict[str, Locale] = {}
        self.images: dict[str, object] = {}
        # slug -> object, per language
        self.hosts: dict[str, dict[str, HostOrganisation]] = {lang: {} for lang in LANGUAGES}
        self.themes: dict[str, dict[str, ThemePage]] = {lang: {} for lang in LANGUAGES}

    # ------------------------------------------------------------------ entry point

    def run(self) -> DemoResult:
        # Password hashing is slow by design; it runs in threads (hashlib releases the GIL)
        # while the pages are built.
        with ThreadPoolExecutor(max_workers=2) as pool:
            hashes = self._start_password_hashing(pool)
            with transaction.atomic(), deferred_indexing():
                self.locales = {
                    code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES
                }
                self._images()
                home = self._home()
                self._site(home)
                tree = self._english_tree(home)
                for lang in ("fi", "sv"):
                    self._translate(lang, tree)
                self._users({email: job.result() for email, job in hashes.items()})
        return self.result

    def _note(self, outcome: str, obj) -> None:
        self.result.stats[(outcome, type(obj).__name__)] += 1

    # ------------------------------------------------------------------ images

    def _images(self) -> None:
        specs = [
            images.ImageSpec(
                key="home",
                title="Home: Lake Saimaa at dusk",
                description=(
                    "Abstract illustration: spruce silhouettes on a lakeshore at dusk, evoking "
                    "Lake Saimaa by the headquarters city of security."
                ),
                motif="forest",
                palette="home",
            )
        ]
        for theme in themes.THEMES:
            specs.append(
                images.ImageSpec(
                    key=f"theme-{theme.slug}",
                    title=f"Theme: {theme.title.en}",
                    description=(
                        f"Abstract illustration: {images.MOTIFS[theme.motif].en}, with the "
                        f"title “{theme.title.en}”."
                    ),
                    motif=theme.motif,
                    palette=theme.palette,
                    label=theme.title.en,
                )
            )
        for programme in catalogue.PROGRAMMES:
            specs.append(
                images.ImageSpec(
                    key=f"programme-{programme.slug}",
                    title=f"Programme: {programme.title.en}",
                    description=(
                        f"Abstract illustration for the programme “{programme.title.en}”: "
                        f"{images.MOTIFS[programme.hero_motif].en}."
                    ),
                    motif=programme.hero_motif,
                    palette=programme.hero_palette,
                )
            )
            for n, item in enumerate(programme.gallery, start=1):
                specs.append(
                    images.ImageSpec(
                        key=f"programme-{programme.slug}-{n}",
                        title=f"Programme: {programme.title.en} ({n})",
                        description=images.alt_text(item.motif, item.subject, "en"),
                        motif=item.motif,
                        palette=item.palette,
                    )
                )
        for host in hosts.HOSTS:
            specs.append(
                images.ImageSpec(
                    key=f"host-{host.slug}",
                    title=f"Host: {host.name.en}",
                    description=(
                        f"Abstract illustration for {host.name.en}: {images.MOTIFS[host.motif].en}."
                    ),
                    motif=host.motif,
                    palette=HOST_PALETTES[host.sector],
                )
            )
        for key, (image, created) in images.ensure_images(specs).items():
            self.images[key] = image
            self._note("created" if created else "unchanged", image)

    # ------------------------------------------------------------------ home and site

    def _home(self) -> HomePage:
        en = self.locales["en"]
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(depth=2, locale=en).order_by("path").first()
        if home is not None:
            if self.refresh:
                self._fill_home(home, "en")
                home.save_revision().publish()
                self._note("updated", home)
            else:
                self._note("unchanged", home)
            return home
        clash = Page.objects.filter(depth=2, slug="home").first()
        if clash is not None:
            if clash.specific_class is not Page or clash.get_children().exists():
                raise CommandError(
                    f"A page with the slug 'home' already exists ({clash.specific_class.__name__}, "
                    f"id {clash.pk}); load_demo expects a new database."
                )
            # Wagtail's "Welcome to your new Wagtail site!" page. Deleting it also deletes the
            # sites rooted at it; _site() recreates the default site.
            clash.delete()
            root.refresh_from_db()
        home = HomePage(slug="home")
        self._fill_home(home, "en")
        root.add_child(instance=home)
        home.save_revision().publish()
        self._note("created", home)
        return home

    def _fill_home(self, page: HomePage, lang: str) -> None:
        page.title = tr(pages.HOME["title"], lang)
        page.seo_title = tr(pages.HOME["seo_title"], lang)
        page.search_description = tr(pages.HOME["seo"], lang)
        page.hero_heading = tr(pages.HOME["hero_heading"], lang)
        page.hero_text = tr(pages.HOME["hero_text"], lang)
        page.hero_image = self.images["home"]
        page.og_image = self.images["home"]
        page.body = body(pages.HOME["body"], lang)

    def _site(self, home: HomePage) -> None:
        site = Site.objects.filter(hostname="localhost", port=80).first()
        wanted = {"root_page_id": home.pk, "is_default_site": True, "site_name": pages.SITE_NAME}
        if site is None:
            site = Site(hostname="localhost", port=80, **wanted)
            outcome = "created"
        elif any(getattr(site, key) != value for key, value in wanted.items()):
            for key, value in wanted.items():
                setattr(site, key, value)
            outcome = "updated"
        else:
            self._note("unchanged", site)
            return
        Site.objects.filter(is_default_site=True).exclude(pk=site.pk).update(is_default_site=False)
        site.save()
        self._note(outcome, site)

    # ------------------------------------------------------------------ English tree

    def _ensure_page(self, parent: Page, model, slug: str, fill: Callable[[Page, str], None]):
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is not None and not self.refresh:
            self._note("unchanged", page)
            return page
        created = page is None
        if created:
            page = model(slug=slug)
        fill(page, "en")
        if created:
            parent.add_child(instance=page)
        page.save_revision().publish()
        self._note("created" if created else "updated", page)
        return page

    def _english_tree(self, home: HomePage) -> dict:
        tree: dict = {"home": home}
        tree["programmes"] = self._ensure_page(
            home, ProgrammeIndexPage, "programmes", self._index_filler(pages.PROGRAMME_INDEX)
        )
        tree["themes"] = self._ensure_page(
            home, ThemeIndexPage, "themes", self._index_filler(pages.THEME_INDEX)
        )
        tree["hosts"] = self._ensure_page(
            home, HostIndexPage, "hosts", self._index_filler(pages.HOST_INDEX)
        )
        tree["standard"] = [
            self._ensure_page(home, StandardPage, spec.slug, self._standard_filler(spec))
            for spec in pages.STANDARD_PAGES
        ]
        tree["enquiry"] = self._ensure_page(
            home, EnquiryFormPage, pages.ENQUIRY["slug"], self._fill_enquiry
        )
        tree["theme_pages"] = []
        for spec in themes.THEMES:
            page = self._ensure_page(tree["themes"], ThemePage, spec.slug, self._theme_filler(spec))
            self.themes["en"][spec.slug] = page
            tree["theme_pages"].append(page)
        for spec in hosts.HOSTS:
            self.hosts["en"][spec.slug] = self._ensure_host(spec)
        tree["programme_pages"] = [
            self._ensure_programme(tree["programmes"], spec) for spec in catalogue.PROGRAMMES
        ]
        self.result.home["en"] = home
        return tree

    def _index_filler(self, spec: pages.PageText):
        def fill(page, lang):
            page.title = tr(spec.title, lang)
            page.intro = tr(spec.intro, lang)
            page.search_description = tr(spec.seo, lang)
            page.show_in_menus = spec.in_menu

        return fill

    def _standard_filler(self, spec: pages.PageText):
        def fill(page, lang):
            page.title = tr(spec.title, lang)
            page.intro = tr(spec.intro, lang)
            page.search_description = tr(spec.seo, lang)
            page.show_in_menus = spec.in_menu
            page.body = body(spec.body, lang)

        return fill

    def _theme_filler(self, spec: themes.ThemeSpec):
        def fill(page, lang):
            page.title = tr(spec.title, lang)
            page.summary = tr(spec.summary, lang)
            page.search_description = tr(spec.summary, lang)
            page.body = body(spec.body, lang)
            page.image = self.images[f"theme-{spec.slug}"]
            page.og_image = page.image

        return fill

    def _fill_enquiry(self, page: EnquiryFormPage, lang: str) -> None:
        spec = pages.ENQUIRY
        page.title = tr(spec["title"], lang)
        page.search_description = tr(spec["seo"], lang)
        page.intro = tr(spec["intro"], lang)
        page.thank_you_text = tr(spec["thank_you_text"], lang)
        page.subject = tr(spec["subject"], lang)
        page.to_address = spec["to_address"]
        page.from_address = spec["from_address"]
        page.show_in_menus = True
        choices = {
            "themes": "\n".join(tr(theme.title, lang) for theme in themes.THEMES),
            "hosts": "\n".join(tr(host.name, lang) for host in hosts.HOSTS),
        }
        # Update the fields in place, so that a translation keeps the clean names (the keys
        # of the submitted data) of the original and submissions compare across languages.
        existing = list(page.form_fields.all()) if page.pk else []
        fields = []
        for position, field_spec in enumerate(spec["fields"]):
            form_field = existing[position] if position < len(existing) else EnquiryFormField()
            form_field.label = tr(field_spec.label, lang)
            form_field.field_type = field_spec.field_type
            form_field.required = field_spec.required
            form_field.help_text = tr(field_spec.help_text, lang)
            form_field.choices = choices.get(field_spec.choices or "", "")
            form_field.default_value = ""
            form_field.sort_order = position
            fields.append(form_field)
        page.form_fields = fields

    # ------------------------------------------------------------------ hosts

    def _ensure_host(self, spec: hosts.HostSpec) -> HostOrganisation:
        en = self.locales["en"]
        host = HostOrganisation.objects.filter(slug=spec.slug, locale=en).first()
        if host is not None and not self.refresh:
            self._note("unchanged", host)
            return host
        created = host is None
        if created:
            host = HostOrganisation(slug=spec.slug, locale=en)
        self._fill_host(host, spec, "en")
        host.full_clean()
        host.save()
        self._note("created" if created else "updated", host)
        return host

    def _fill_host(self, host: HostOrganisation, spec: hosts.HostSpec, lang: str) -> None:
        host.name = tr(spec.name, lang)
        host.sector = spec.sector
        host.summary = tr(spec.summary, lang)
        host.description = tr(spec.description, lang)
        host.expertise = tr(spec.expertise, lang)
        host.street_address = spec.street_address
        host.postal_code = spec.postal_code
        host.city = spec.city
        host.latitude = spec.latitude
        host.longitude = spec.longitude
        host.accessibility = tr(spec.accessibility, lang)
        host.visitor_rules = tr(spec.visitor_rules, lang)
        host.requires_id_check = spec.requires_id_check
        host.photography_allowed = spec.photography_allowed
        host.requires_clearance = spec.requires_clearance
        host.max_group_size = spec.max_group_size
        host.contact_name = spec.contact_name
        host.contact_email = spec.contact_email
        host.contact_phone = spec.contact_phone
        host.website = spec.website
        host.image = self.images[f"host-{spec.slug}"]

    def _translate_host(self, spec: hosts.HostSpec, lang: str) -> HostOrganisation:
        source = self.hosts["en"][spec.slug]
        locale = self.locales[lang]
        host = HostOrganisation.objects.filter(
            translation_key=source.translation_key, locale=locale
        ).first()
        if host is not None and not self.refresh:
            self._note("unchanged", host)
            return host
        created = host is None
        if created:
            host = source.copy_for_translation(locale)
        self._fill_host(host, spec, lang)
        host.full_clean()
        host.save()
        self._note("created" if created else "updated", host)
        return host

    # ------------------------------------------------------------------ programmes

    def _ensure_programme(self, index: ProgrammeIndexPage, spec) -> ProgrammePage:
        page = ProgrammePage.objects.child_of(index).filter(slug=spec.slug).first()
        created = page is None
        changed = created or self.refresh
        if created:
            page = ProgrammePage(slug=spec.slug)
        if changed:
            self._fill_programme(page, spec, "en")
        if created:
            index.add_child(instance=page)
        # Departures are rows of their own, not part of the page's revisions
        # (ProgrammePage.REVISION_EXCLUDED): created directly, once the page exists.
        changed = self._top_up_departures(page, spec) or changed
        if changed:
            page.save_revision().publish()
        self._note("created" if created else "updated" if changed else "unchanged", page)
        return page

    def _top_up_departures(self, page: ProgrammePage, spec) -> bool:
        """Keep as many upcoming departures as the spec has; never touch existing ones.

        A departure that was cancelled or has gone by is replaced by a new one: on the
        spec's date if that is free, otherwise four weeks after the spec's last date.
        """
        existing = list(page.departures.all())
        upcoming = [
            d
            for d in existing
            if d.status == DepartureStatus.SCHEDULED and d.start_date >= self.today
        ]
        missing = len(spec.departures) - len(upcoming)
        if missing <= 0:
            return False
        taken = {d.start_date for d in existing}
        candidates = [
            (self._monday(offset), seats, lang) for offset, seats, lang in spec.departures
        ]
        last_offset, seats, lang = spec.departures[-1]
        weeks = 4
        while sum(start not in taken for start, _, _ in candidates) < missing:
            candidates.append((self._monday(last_offset + 7 * weeks), seats, lang))
            weeks += 4
        added = 0
        for start, seats, lang in candidates:
            if added == missing:
                break
            if start in taken:
                continue
            Departure.objects.create(page=page, start_date=start, seats=seats, language=lang)
            taken.add(start)
            added += 1
        return True

    def _monday(self, offset: int) -> datetime.date:
        """The first Monday `offset` days or more from today: programmes start on Mondays."""
        start = self.today + datetime.timedelta(days=offset)
        return start + datetime.timedelta(days=(7 - start.weekday()) % 7)

    def _fill_programme(self, page: ProgrammePage, spec, lang: str) -> None:
        page.title = tr(spec.title, lang)
        page.summary = tr(spec.summary, lang)
        page.search_description = tr(spec.seo, lang)
        page.learning_objectives = tr(spec.objectives, lang)
        page.duration_days = spec.duration_days
        page.group_size_min, page.group_size_max = spec.group
        page.includes_accommodation = spec.includes_accommodation
        page.includes_local_transport = spec.includes_local_transport
        page.includes_meals = spec.includes_meals
        page.includes_interpretation = spec.includes_interpretation
        page.hero_image = self.images[f"programme-{spec.slug}"]
        page.og_image = page.hero_image
        page.themes = [self.themes[lang][slug] for slug in spec.themes]
        page.itinerary = self._itinerary(spec, lang)
        page.faqs = [
            {"type": "faq", "value": {"question": tr(q, lang), "answer": tr(a, lang)}}
            for q, a in spec.faqs
        ]
        page.practical_notes = tr(catalogue.PRACTICAL_NOTES, lang)
        page.safety_notes = tr(catalogue.SAFETY_NOTES, lang) + tr(spec.safety_extra, lang)
        page.price_tiers = [
            PriceTier(min_participants=low, max_participants=high, price_per_person=price)
            for low, high, price in spec.prices
        ]
        page.languages = [ProgrammeLanguageOffered(language=code) for code in spec.languages]
        page.gallery_images = [
            GalleryImage(
                image=self.images[f"programme-{spec.slug}-{n}"],
                alt_text=images.alt_text(item.motif, item.subject, lang),
                caption=tr(item.subject, lang),
            )
            for n, item in enumerate(spec.gallery, start=1)
        ]

    def _itinerary(self, spec, lang: str) -> list[dict]:
        local_hosts = self.hosts[lang]
        days = []
        for day in spec.days:
            items = []
            for item in day.items:
                host = local_hosts[item.host] if item.host else None
                place = tr(item.place, lang)
                if not place and item.host:
                    city = hosts.HOSTS_BY_SLUG[item.host].city
                    place = tr(hosts.CITY_NAMES.get(city, city), lang)
                items.append(
                    {
                        "kind": str(item.kind),
                        "start_time": item.start,
                        "duration_minutes": item.minutes,
                        "title": tr(item.title, lang),
                        "place": place,
                        "host": host.pk if host else None,
                        "description": tr(item.description, lang),
                    }
                )
            days.append({"type": "day", "value": {"title": tr(day.title, lang), "items": items}})
        return days

    # ------------------------------------------------------------------ translations

    def _ensure_translation(self, source: Page, lang: str, fill, *, exclude=()) -> Page:
        locale = self.locales[lang]
        page = source.get_translation_or_none(locale)
        if page is not None and not self.refresh:
            page = page.specific
            self._note("unchanged", page)
            return page
        created = page is None
        if created:
            page = source.copy_for_translation(
                locale, copy_parents=True, exclude_fields=list(exclude)
            ).specific
        else:
            page = page.specific
        fill(page, lang)
        page.save_revision().publish()
        self._note("created" if created else "updated", page)
        return page

    def _translate(self, lang: str, tree: dict) -> None:
        for spec in hosts.HOSTS:
            self.hosts[lang][spec.slug] = self._translate_host(spec, lang)
        self.result.home[lang] = self._ensure_translation(tree["home"], lang, self._fill_home)
        self._ensure_translation(
            tree["programmes"], lang, self._index_filler(pages.PROGRAMME_INDEX)
        )
        self._ensure_translation(tree["themes"], lang, self._index_filler(pages.THEME_INDEX))
        self._ensure_translation(tree["hosts"], lang, self._index_filler(pages.HOST_INDEX))
        for page, spec in zip(tree["standard"], pages.STANDARD_PAGES, strict=True):
            self._ensure_translation(page, lang, self._standard_filler(spec))
        self._ensure_translation(tree["enquiry"], lang, self._fill_enquiry)
        for page, spec in zip(tree["theme_pages"], themes.THEMES, strict=True):
            self.themes[lang][spec.slug] = self._ensure_translation(
                page, lang, self._theme_filler(spec)
            )
        for page, spec in zip(tree["programme_pages"], catalogue.PROGRAMMES, strict=True):
            # Departures belong to the original page only (they are shared by its translations).
            self._ensure_translation(
                page,
                lang,
                lambda p, lang, spec=spec: self._fill_programme(p, spec, lang),
                exclude=["departures"],
            )

    # ------------------------------------------------------------------ users

    def _start_password_hashing(self, pool: ThreadPoolExecutor) -> dict[str, Future]:
        """e-mail -> future of the new password hash, or of None when the user keeps theirs.

        Only new users get a hash — and, with refresh, users whose password was changed.
        The threads do not touch the database.
        """
        User = get_user_model()
        current = dict(
            User.objects.filter(email__in=[spec.email for spec in DEMO_USERS]).values_list(
                "email", "password"
            )
        )

        def job(spec: DemoUser) -> str | None:
            encoded = current.get(spec.email)
            if encoded is None or (self.refresh and not check_password(spec.password, encoded)):
                return make_password(spec.password)
            return None

        return {spec.email: pool.submit(job, spec) for spec in DEMO_USERS}

    def _users(self, hashes: dict[str, str | None]) -> None:

        User = get_user_model()
        users = {
            spec.email: User.objects.filter(email__iexact=spec.email).first() for spec in DEMO_USERS
        }
        for spec in DEMO_USERS:
            user = users[spec.email]
            created = user is None
            changed = created
            if created:
                user = User(email=spec.email)
            wanted = {
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "preferred_language": spec.preferred_language,
                "is_active": True,
                "is_superuser": spec.superuser,
                "is_staff": spec.superuser,
            }
            if created:
                for key, value in wanted.items():
                    setattr(user, key, value)
            elif self.refresh or not user.is_active:
                for key, value in wanted.items():
                    if getattr(user, key) != value:
                        setattr(user, key, value)
                        changed = True
            if hashes.get(spec.email):
                user.password = hashes[spec.email]
                changed = True
            if changed:
                user.save()
            if spec.group:
                group, _ = Group.objects.get_or_create(name=spec.group)
                if not user.groups.filter(pk=group.pk).exists():
                    user.groups.add(group)
                    changed = True
            address = EmailAddress.objects.filter(user=user, email__iexact=spec.email).first()
            if address is None:
                EmailAddress.objects.filter(user=user, primary=True).update(primary=False)
                EmailAddress.objects.create(
                    user=user, email=spec.email, verified=True, primary=True
                )
                changed = True
            elif not (address.verified and address.primary):
                EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
                    primary=False
                )
                address.verified = address.primary = True
                address.save(update_fields=["verified", "primary"])
                changed = True
            self.result.users.append(spec)
            self._note("created" if created else "updated" if changed else "unchanged", user)


def demo_counts() -> dict[str, int]:
    """Counts of what the demo creates (also used by the tests to compare two runs)."""

    counts: dict[str, int] = {}
    for model in (
        HomePage,
        ProgrammeIndexPage,
        ThemeIndexPage,
        HostIndexPage,
        ThemePage,
        ProgrammePage,
        StandardPage,
        EnquiryFormPage,
    ):
        for code in LANGUAGES:
            counts[f"{model.__name__}[{code}]"] = model.objects.filter(
                locale__language_code=code
            ).count()
    for code in LANGUAGES:
        counts[f"HostOrganisation[{code}]"] = HostOrganisation.objects.filter(
            locale__language_code=code
        ).count()
    counts["Page"] = Page.objects.count()
    counts["Departure"] = Departure.objects.count()
    counts["PriceTier"] = PriceTier.objects.count()
    counts["GalleryImage"] = GalleryImage.objects.count()
    counts["EnquiryFormField"] = EnquiryFormField.objects.count()
    counts["Image"] = get_image_model().objects.count()
    counts["User"] = get_user_model().objects.count()
    counts["Site"] = Site.objects.count()
    counts["Locale"] = Locale.objects.count()
    return counts
