"""The public catalogue: pages edited by programme managers in Wagtail.

Pages never hold booking state. A departure is a plain model that bookings point at;
capacity is enforced by the bookings app with row locks on the departure.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page, TranslatableMixin
from wagtail.search import index

from .blocks import BodyBlock, FAQBlock, ItineraryDayBlock
from .enums import DepartureStatus, ProgrammeLanguage, Sector
from .panels import DeparturesPanel
from .tasks import send_enquiry_email

MONEY = {"max_digits": 13, "decimal_places": 2}


class SeoMixin(models.Model):
    """Open Graph image shared by every page type."""

    og_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("social sharing image"),
    )

    promote_panels = [
        *Page.promote_panels,
        FieldPanel("og_image"),
    ]

    class Meta:
        abstract = True


# --------------------------------------------------------------------------- snippets


class HostOrganisation(TranslatableMixin, index.Indexed, models.Model):
    """An organisation that receives delegations: authority, company, institute, school, NGO."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, allow_unicode=False)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    summary = models.CharField(_("summary"), max_length=300)
    description = RichTextField(_("description"), features=["bold", "italic", "link", "ul"])
    expertise = models.TextField(_("expertise"), help_text=_("One area of expertise per line."))
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=20)
    city = models.CharField(_("city"), max_length=100)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    accessibility = models.TextField(_("accessibility"), blank=True)
    visitor_rules = models.TextField(
        _("visitor rules"),
        blank=True,
        help_text=_("ID checks, photography, security clearance and the like."),
    )
    requires_id_check = models.BooleanField(_("requires ID check"), default=False)
    photography_allowed = models.BooleanField(_("photography allowed"), default=True)
    requires_clearance = models.BooleanField(_("requires security clearance"), default=False)
    max_group_size = models.PositiveIntegerField(
        _("largest group received"), validators=[MinValueValidator(1)]
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("sector"),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("expertise"),
        FieldPanel("image"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("max_group_size"),
                FieldPanel("accessibility"),
                FieldPanel("visitor_rules"),
                FieldRowPanel(
                    [
                        FieldPanel("requires_id_check"),
                        FieldPanel("photography_allowed"),
                        FieldPanel("requires_clearance"),
                    ]
                ),
            ],
            heading=_("Visiting"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
    ]

    search_fields = [
        index.SearchField("name"),
        index.SearchField("summary"),
        index.SearchField("expertise"),
        index.AutocompleteField("name"),
        index.FilterField("sector"),
        index.FilterField("locale_id"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("host organisation")
        verbose_name_plural = _("host organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_host_slug_per_locale"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def expertise_list(self) -> list[str]:
        return [line.strip() for line in self.expertise.splitlines() if line.strip()]

    @property
    def address(self) -> str:
        return f"{self.street_address}, {self.postal_code} {self.city}"

    def get_url(self, request=None) -> str | None:
        index_page = HostIndexPage.objects.live().filter(locale=self.locale).first()
        if index_page is None:
            return None
        return index_page.url + index_page.reverse_subpage("host", args=[self.slug])


# --------------------------------------------------------------------------- pages


class HomePage(SeoMixin, Page):
    hero_heading = models.CharField(_("hero heading"), max_length=200)
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        FieldPanel("hero_text"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("hero_text")]

    subpage_types = [
        "programmes.ProgrammeIndexPage",
        "programmes.ThemeIndexPage",
        "programmes.HostIndexPage",
        "programmes.StandardPage",
        "programmes.EnquiryFormPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        # function-level: import cycle programmes.models ↔ programmes.selectors
        from .selectors import programme_cards

        context = super().get_context(request, *args, **kwargs)
        # The first programmes; "Browse programmes" leads to all of them, a page at a time.
        context["programmes"] = programme_cards(
            locale=self.locale, limit=settings.PAAMAJA_PROGRAMMES_PER_PAGE
        )
        return context


class StandardPage(SeoMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    subpage_types = ["programmes.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class ThemeIndexPage(SeoMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["programmes.ThemePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("theme index page")
        verbose_name_plural = _("theme index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["themes"] = (
            ThemePage.objects.child_of(self)
            .live()
            .public()
            .select_related("image")
            .order_by("title")
        )
        return context


class ThemePage(SeoMixin, Page):
    """A field of security the region is strong in, e.g. rescue services and preparedness."""

    summary = models.CharField(_("summary"), max_length=300)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["programmes.ThemeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("theme page")
        verbose_name_plural = _("theme pages")

    def get_context(self, request, *args, **kwargs):
        # function-level: import cycle programmes.models ↔ programmes.selectors
        from .selectors import programme_cards

        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = programme_cards(locale=self.locale, theme=self)
        return context


class ProgrammeIndexPage(SeoMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = ["programmes.ProgrammePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("programme index page")
        verbose_name_plural = _("programme index pages")

    def route(self, request, path_components):
        """Fetch a programme child as its specific page in one query instead of two."""
        if path_components:
            try:
                child = ProgrammePage.objects.child_of(self).get(slug=path_components[0])
            except ProgrammePage.DoesNotExist:
                return super().route(request, path_components)
            child._cached_parent_obj = self
            return child.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        # function-level: import cycle programmes.models ↔ programmes.forms
        from .forms import ProgrammeFilterForm
        from .selectors import programme_cards_for, programme_search_pages

        context = super().get_context(request, *args, **kwargs)
        form = ProgrammeFilterForm(request.GET or None, locale=self.locale)
        form.is_valid()
        # A mistyped field is reported on the form; the fields that did validate still
        # apply, so the visitor does not lose the theme they chose to a typo elsewhere.
        filters = {
            name: value
            for name, value in getattr(form, "cleaned_data", {}).items()
            if name not in form.errors
        }
        # A page of results at a time: the page costs the same however many programmes
        # match (bench/, page_rps and search).
        paginator = Paginator(
            programme_search_pages(index=self, **filters), settings.PAAMAJA_PROGRAMMES_PER_PAGE
        )
        page_obj = paginator.get_page(request.GET.get("page"))
        other_params = request.GET.copy()
        other_params.pop("page", None)
        context["filter_form"] = form
        context["programmes"] = programme_cards_for(list(page_obj.object_list), locale=self.locale)
        context["programme_count"] = paginator.count
        context["page_obj"] = page_obj
        context["page_query"] = other_params.urlencode()
        context["filters_active"] = bool(filters and any(filters.values()))
        return context


class ProgrammePage(SeoMixin, Page):
    """A sellable visitor programme package."""

    summary = models.TextField(_("summary"), max_length=600)
    learning_objectives = models.TextField(
        _("learning objectives"), help_text=_("One learning objective per line.")
    )
    themes = ParentalManyToManyField(
        "programmes.ThemePage", related_name="programmes", blank=True, verbose_name=_("themes")
    )
    duration_days = models.PositiveSmallIntegerField(
        _("duration in days"), validators=[MinValueValidator(1)]
    )
    group_size_min = models.PositiveSmallIntegerField(
        _("smallest group"), validators=[MinValueValidator(1)]
    )
    group_size_max = models.PositiveSmallIntegerField(
        _("largest group"), validators=[MinValueValidator(1)]
    )
    includes_accommodation = models.BooleanField(_("accommodation included"), default=True)
    includes_local_transport = models.BooleanField(_("local transport included"), default=True)
    includes_meals = models.BooleanField(_("meals included"), default=True)
    includes_interpretation = models.BooleanField(_("interpretation included"), default=False)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("main image"),
    )
    itinerary = StreamField(
        [("day", ItineraryDayBlock())], verbose_name=_("template itinerary"), blank=True
    )
    faqs = StreamField([("faq", FAQBlock())], blank=True, verbose_name=_("questions and answers"))
    practical_notes = RichTextField(
        _("practical notes"), blank=True, features=["bold", "italic", "link", "ul"]
    )
    safety_notes = RichTextField(
        _("safety notes"), blank=True, features=["bold", "italic", "link", "ul"]
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("learning_objectives"),
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [
                FieldPanel("duration_days"),
                FieldRowPanel([FieldPanel("group_size_min"), FieldPanel("group_size_max")]),
                InlinePanel("languages", label=_("Languages offered"), min_num=1),
            ],
            heading=_("Format"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("includes_accommodation"),
                FieldPanel("includes_local_transport"),
                FieldPanel("includes_meals"),
                FieldPanel("includes_interpretation"),
            ],
            heading=_("What is included"),
        ),
        InlinePanel("price_tiers", label=_("Price per person by group size"), min_num=1),
        FieldPanel("itinerary"),
        InlinePanel("gallery_images", label=_("Gallery")),
        FieldPanel("faqs"),
        FieldPanel("practical_notes"),
        FieldPanel("safety_notes"),
    ]
    # Shown, not edited: seats, dates and status change through the back office's
    # services (bookings.departures), which lock the departure and check what is sold.
    departure_panels = [DeparturesPanel(heading=_("Scheduled departures"))]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(departure_panels, heading=_("Departures")),
            ObjectList(SeoMixin.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("learning_objectives"),
        index.SearchField("itinerary"),
        index.AutocompleteField("title"),
        index.FilterField("duration_days"),
        index.FilterField("group_size_min"),
        index.FilterField("group_size_max"),
        index.RelatedFields("themes", [index.SearchField("title")]),
    ]
    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types: list[str] = []
    # A translation shares the original's departures (and their seats): copying them
    # would sell the same departure once per language.
    exclude_fields_in_copy = ["departures"]
    # Departures are capacity, not content: they are left out of the page's revisions,
    # so publishing or reverting a revision never writes seats, dates or status (nor
    # deletes a departure a revision did not know).
    REVISION_EXCLUDED = ("departures",)

    class Meta:
        verbose_name = _("programme page")
        verbose_name_plural = _("programme pages")

    def serializable_data(self):
        data = super().serializable_data()
        for name in self.REVISION_EXCLUDED:
            data.pop(name, None)
        return data

    @classmethod
    def from_serializable_data(cls, data, check_fks=True, strict_fks=False):
        # Revisions saved before departures were left out still carry them: ignored.
        data = {k: v for k, v in data.items() if k not in cls.REVISION_EXCLUDED}
        return super().from_serializable_data(data, check_fks=check_fks, strict_fks=strict_fks)

    def clean(self):
        super().clean()
        if (
            self.group_size_min
            and self.group_size_max
            and self.group_size_min > self.group_size_max
        ):
            raise ValidationError(
                {"group_size_max": _("The largest group cannot be smaller than the smallest.")}
            )

    @property
    def learning_objectives_list(self) -> list[str]:
        return [line.strip() for line in self.learning_objectives.splitlines() if line.strip()]

    @cached_property
    def price_from(self) -> Decimal | None:
        prices = [tier.price_per_person for tier in self.price_tiers.all()]
        return min(prices) if prices else None

    def price_for_group(self, size: int) -> Decimal | None:
        for tier in self.price_tiers.all():
            if tier.min_participants <= size <= tier.max_participants:
                return tier.price_per_person
        return None

    def get_context(self, request, *args, **kwargs):
        # function-level: import cycle programmes.models ↔ programmes.selectors
        from .selectors import programme_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(programme_page_context(page=self))
        return context


class ProgrammeLanguageOffered(Orderable):
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=ProgrammeLanguage.choices)

    panels = [FieldPanel("language")]

    class Meta(Orderable.Meta):
        verbose_name = _("language offered")
        verbose_name_plural = _("languages offered")
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="unique_programme_language")
        ]


class PriceTier(Orderable):
    """Price per person for a group whose size falls within the tier (Decimal EUR, VAT incl.)."""

    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="price_tiers")
    min_participants = models.PositiveSmallIntegerField(
        _("from participants"), validators=[MinValueValidator(1)]
    )
    max_participants = models.PositiveSmallIntegerField(
        _("to participants"), validators=[MinValueValidator(1)]
    )
    price_per_person = models.DecimalField(
        _("price per person (EUR)"), validators=[MinValueValidator(Decimal("0"))], **MONEY
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("min_participants"),
                FieldPanel("max_participants"),
                FieldPanel("price_per_person"),
            ]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("price tier")
        verbose_name_plural = _("price tiers")

    def clean(self):
        if (
            self.min_participants
            and self.max_participants
            and self.min_participants > self.max_participants
        ):
            raise ValidationError(
                {"max_participants": _("The upper bound cannot be below the lower bound.")}
            )


class GalleryImage(Orderable):
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("gallery image")
        verbose_name_plural = _("gallery images")


class Departure(Orderable):
    """A scheduled departure of a programme: its dates and the seats it sells.

    Shared by every translation of the programme (it hangs off the original page).
    The bookings app locks this row when it sells seats.
    """

    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="departures")
    start_date = models.DateField(_("start date"), db_index=True)
    seats = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    language = models.CharField(
        _("programme language"),
        max_length=8,
        choices=ProgrammeLanguage.choices,
        default=ProgrammeLanguage.ENGLISH,
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=DepartureStatus.choices,
        default=DepartureStatus.SCHEDULED,
        db_index=True,
    )

    class Meta(Orderable.Meta):
        verbose_name = _("departure")
        verbose_name_plural = _("departures")
        ordering = ["start_date"]

    def __str__(self) -> str:
        return f"{self.page.title} — {self.start_date:%Y-%m-%d}"

    @property
    def end_date(self) -> datetime.date:
        return self.start_date + datetime.timedelta(days=self.page.duration_days - 1)

    @property
    def is_upcoming(self) -> bool:
        return self.start_date >= timezone.localdate()


class HostIndexPage(RoutablePageMixin, SeoMixin, Page):
    """Lists host organisations; each host has its page at <index>/<slug>/."""

    intro = models.TextField(_("introduction"), blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("host index page")
        verbose_name_plural = _("host index pages")

    @path("")
    def host_list(self, request):
        # function-level: import cycle programmes.models ↔ programmes.selectors
        from .selectors import hosts_by_sector

        return self.render(
            request, context_overrides={"sectors": hosts_by_sector(locale=self.locale)}
        )

    @path("<slug:slug>/", name="host")
    def host_detail(self, request, slug):
        # function-level: import cycle programmes.models ↔ programmes.selectors
        from .selectors import programmes_visiting

        host = get_object_or_404(
            HostOrganisation.objects.select_related("image"), slug=slug, locale_id=self.locale_id
        )
        return self.render(
            request,
            template="programmes/host_page.html",
            context_overrides={"host": host, "programmes": programmes_visiting(host=host)},
        )


class EnquiryFormField(AbstractFormField):
    page = ParentalKey("EnquiryFormPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(AbstractFormField.Meta):
        verbose_name = _("enquiry form field")
        verbose_name_plural = _("enquiry form fields")


class EnquiryFormPage(SeoMixin, AbstractEmailForm):
    """Request for a tailored programme: stored as a submission and e-mailed to managers."""

    intro = RichTextField(_("introduction"), blank=True)
    thank_you_text = RichTextField(_("thank-you text"), blank=True)

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("E-mail"),
        ),
    ]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("enquiry form page")
        verbose_name_plural = _("enquiry form pages")

    def send_mail(self, form):
        """E-mail the enquiry after the submission is committed, through a Celery task."""

        addresses = [x.strip() for x in self.to_address.split(",") if x.strip()]
        content = self.render_email(form)
        subject = self.subject or str(_("New enquiry"))
        from_address = self.from_address or settings.DEFAULT_FROM_EMAIL
        transaction.on_commit(
            lambda: send_enquiry_email.delay(
                subject=subject, body=content, from_address=from_address, to=addresses
            )
        )


def default_locale_id() -> int | None:
    locale = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    return locale.pk if locale else None


__all__ = [
    "Departure",
    "EnquiryFormPage",
    "GalleryImage",
    "HomePage",
    "HostIndexPage",
    "HostOrganisation",
    "PriceTier",
    "ProgrammeIndexPage",
    "ProgrammePage",
    "StandardPage",
    "ThemeIndexPage",
    "ThemePage",
]
