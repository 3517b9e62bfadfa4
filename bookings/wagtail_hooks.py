"""The "Bookings" menu of the Wagtail admin: bookings, manifests and what they sell.

Bookings are read and acted on here, never created, edited field by field or deleted:
each action calls its service function (bookings.backoffice). The catalogue of what
is sold (hotels, room types, allotments, extras, VAT rates, cancellation policies) is
edited with Wagtail's generic model views. The booking policy is a Wagtail setting
(bookings.models.BookingPolicy) under Settings.
"""

from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.search import SearchArea
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry

from core.panels import InlineFormsetPanel
from core.viewsets import InspectOnlyViewSetMixin

from .backoffice import departure_views  # noqa: F401  (registers the departure actions and their hooks)
from .backoffice.allotment_views import (
    AllotmentEditView,
    AllotmentForm,
    AllotmentIndexView,
    BulkAllotmentView,
)
from .backoffice.booking_actions import (
    CancelBookingView,
    ConfirmBookingView,
    InvoicePdfAdminView,
    MarkInvoicePaidView,
    ResendEmailView,
    SendQuoteView,
)
from .backoffice.booking_views import (
    BOOKING_NS,
    MANIFEST_NS,
    BookingDetailView,
    BookingIndexView,
    BookingStatusColumn,
    CountryColumn,
    MoneyColumn,
    PaymentStateColumn,
    booking_total,
)
from .backoffice.catalogue import (
    CancellationPolicyForm,
    HotelForm,
    ProtectedAwareDeleteView,
    SelectRelatedIndexView,
)
from .backoffice.erasure_views import (
    EraseContactView,
    EraseParticipantView,
    ExportContactView,
    ExportParticipantView,
)
from .backoffice.manifests import DepartureListView, ManifestCsvView, ManifestView
from .backoffice.tailored_views import TailoredRequestViewSet
from .filters import AllotmentFilterSet, BookingFilterSet, country_name
from .invoicing.admin_views import ReceiptPdfAdminView
from .models import (
    Allotment,
    Booking,
    CancellationPolicy,
    Extra,
    Hotel,
    Organisation,
    RoomType,
    VatRate,
)


class CatalogueViewSet(ModelViewSet):
    """Shared settings of the catalogue viewsets: no copies, protected deletes."""

    copy_view_enabled = False
    delete_view_class = ProtectedAwareDeleteView


# --------------------------------------------------------------------------- bookings


class BookingViewSet(InspectOnlyViewSetMixin, ModelViewSet):
    # No add, edit, delete, history or usage views: bookings are changed by actions.
    model = Booking
    name = BOOKING_NS
    url_prefix = "bookings"
    icon = "calendar-check"
    menu_label = _("Bookings")
    # Bookings change only through services; no reference-index writes on each save.
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = BookingIndexView
    inspect_view_class = BookingDetailView
    filterset_class = BookingFilterSet
    search_fields = ["reference", "organisation__name"]
    search_backend_name = None
    ordering = "-created_at"
    list_per_page = 50
    list_display = [
        "reference",
        Column(
            "organisation",
            label=_("Organisation"),
            accessor="organisation.name",
            sort_key="organisation__name",
        ),
        CountryColumn("country", label=_("Country"), sort_key="organisation__country"),
        Column(
            "programme",
            label=_("Programme"),
            accessor="programme.title",
            sort_key="programme__title",
        ),
        Column("start_date", label=_("Departure"), sort_key="start_date"),
        Column("participants_count", label=_("Participants"), sort_key="participants_count"),
        BookingStatusColumn(),
        PaymentStateColumn(),
        MoneyColumn("total", label=_("Total"), accessor=booking_total, classname="pmj-num"),
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
    ]

    def action(self, view_class):
        return self.construct_view(view_class)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/confirm/", self.action(ConfirmBookingView), name="confirm"),
            path("<int:pk>/cancel/", self.action(CancelBookingView), name="cancel"),
            path("<int:pk>/email/", self.action(ResendEmailView), name="resend_email"),
            path(
                "<int:pk>/participants/<int:participant_pk>/erase/",
                self.action(EraseParticipantView),
                name="participant_erase",
            ),
            path("<int:pk>/contact/erase/", self.action(EraseContactView), name="contact_erase"),
            path(
                "<int:pk>/participants/<int:participant_pk>/export/",
                self.action(ExportParticipantView),
                name="participant_export",
            ),
            path("<int:pk>/contact/export/", self.action(ExportContactView), name="contact_export"),
            path(
                "<int:pk>/quotes/<int:quote_pk>/send/",
                self.action(SendQuoteView),
                name="quote_send",
            ),
            path(
                "<int:pk>/invoices/<int:invoice_pk>/paid/",
                self.action(MarkInvoicePaidView),
                name="invoice_mark_paid",
            ),
            path(
                "<int:pk>/invoices/<int:invoice_pk>/pdf/",
                self.action(InvoicePdfAdminView),
                name="invoice_pdf",
            ),
            path(
                "<int:pk>/receipts/<int:payment_pk>/pdf/",
                self.action(ReceiptPdfAdminView),
                name="receipt_pdf",
            ),
        ]


class ManifestViewSet(ViewSet):
    """Per departure: who comes, what they need, which rooms they sleep in."""

    name = MANIFEST_NS
    url_prefix = "booking-manifests"
    icon = "list-ul"
    menu_label = _("Manifests")

    @cached_property
    def menu_item_class(self):
        def is_shown(_self, request):
            return policy_registry.get_by_type(Booking).user_has_any_permission(
                request.user, ["view", "change"]
            )

        return type("ManifestMenuItem", (MenuItem,), {"is_shown": is_shown})

    def get_urlpatterns(self):
        names = {
            "index_url_name": self.get_url_name("index"),
            "manifest_url_name": self.get_url_name("manifest"),
            "csv_url_name": self.get_url_name("csv"),
        }
        return [
            path(
                "",
                DepartureListView.as_view(
                    index_url_name=names["index_url_name"],
                    manifest_url_name=names["manifest_url_name"],
                ),
                name="index",
            ),
            path("<int:pk>/", ManifestView.as_view(**names), name="manifest"),
            path("<int:pk>/manifest.csv", ManifestCsvView.as_view(**names), name="csv"),
        ]


# --------------------------------------------------------------------------- catalogue


class OrganisationViewSet(CatalogueViewSet):
    model = Organisation
    url_prefix = "delegations"
    icon = "group"
    menu_label = _("Delegations")
    inspect_view_enabled = True
    inspect_view_fields = [
        "name",
        "country",
        "type",
        "vat_id",
        "billing_address",
        "billing_email",
        "purchase_order_reference",
        "members",
        "created_at",
    ]
    list_display = [
        "name",
        Column(
            "country",
            label=_("Country"),
            accessor=lambda org: f"{country_name(org.country)} ({org.country})",
            sort_key="country",
        ),
        "type",
        "vat_id",
        DateColumn("created_at", label=_("Created"), sort_key="created_at"),
    ]
    list_filter = ["type"]
    search_fields = ["name", "vat_id", "billing_email"]
    search_backend_name = None
    ordering = "name"
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("country"), FieldPanel("type")]),
        MultiFieldPanel(
            [
                FieldPanel("billing_address"),
                FieldRowPanel([FieldPanel("billing_email"), FieldPanel("vat_id")]),
                FieldPanel("purchase_order_reference"),
            ],
            heading=_("Billing"),
        ),
    ]


class HotelIndexView(SelectRelatedIndexView):
    list_prefetch_related = ("room_types",)


class HotelViewSet(CatalogueViewSet):
    model = Hotel
    url_prefix = "hotels"
    icon = "home"
    menu_label = _("Hotels")
    index_view_class = HotelIndexView
    list_display = [
        "name",
        "city",
        "phone",
        Column(
            "room_types",
            label=_("Room types"),
            accessor=lambda hotel: ", ".join(r.name for r in hotel.room_types.all()),
        ),
    ]
    search_fields = ["name", "city"]
    search_backend_name = None
    ordering = "name"
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("address"),
            FieldRowPanel([FieldPanel("city"), FieldPanel("phone")]),
            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            InlineFormsetPanel(
                "inline",
                heading=_("Room types"),
                help_text=_("Prices per night include VAT."),
            ),
        ],
        base_form_class=HotelForm,
    )


class RoomTypeIndexView(SelectRelatedIndexView):
    list_select_related = ("hotel", "vat_rate")


class RoomTypeViewSet(CatalogueViewSet):
    model = RoomType
    url_prefix = "room-types"
    icon = "table"
    menu_label = _("Room types")
    index_view_class = RoomTypeIndexView
    list_display = [
        "name",
        Column("hotel", label=_("Hotel"), accessor="hotel.name", sort_key="hotel__name"),
        MoneyColumn("price_single", label=_("Single"), sort_key="price_single"),
        MoneyColumn("price_double", label=_("Double"), sort_key="price_double"),
        Column("vat_rate", label=_("VAT"), accessor="vat_rate.rate"),
    ]
    list_filter = ["hotel"]
    ordering = ["hotel__name", "name"]
    panels = [
        FieldPanel("hotel"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("price_single"), FieldPanel("price_double")]),
        FieldPanel("vat_rate"),
    ]


class AllotmentViewSet(CatalogueViewSet):
    model = Allotment
    url_prefix = "allotments"
    icon = "calendar-alt"
    menu_label = _("Allotments")
    index_view_class = AllotmentIndexView
    edit_view_class = AllotmentEditView
    filterset_class = AllotmentFilterSet
    ordering = ["night", "room_type__hotel__name", "room_type__name"]
    list_per_page = 100
    list_display = [
        "night",
        Column(
            "hotel",
            label=_("Hotel"),
            accessor="room_type.hotel.name",
            sort_key="room_type__hotel__name",
        ),
        Column("room_type", label=_("Room type"), accessor="room_type.name"),
        Column("rooms", label=_("Rooms"), sort_key="rooms"),
        Column("rooms_taken", label=_("Booked or held"), sort_key="rooms_taken"),
        Column("left", label=_("Left"), accessor=lambda a: max(a.rooms - a.rooms_taken, 0)),
        Column("release_date", label=_("Release date"), sort_key="release_date"),
    ]
    list_export = ["room_type", "night", "rooms", "rooms_taken", "release_date"]
    export_headings = {"rooms_taken": _("Booked or held")}
    edit_handler = ObjectList(
        [
            FieldPanel("room_type"),
            FieldRowPanel([FieldPanel("night"), FieldPanel("release_date")]),
            FieldPanel("rooms"),
        ],
        base_form_class=AllotmentForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(bulk_url_name=self.get_url_name("bulk"), **kwargs)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("bulk/", self.construct_view(BulkAllotmentView), name="bulk"),
        ]


class ExtraIndexView(SelectRelatedIndexView):
    list_select_related = ("vat_rate",)


class ExtraViewSet(CatalogueViewSet):
    model = Extra
    url_prefix = "extras"
    icon = "plus-inverse"
    menu_label = _("Extras")
    index_view_class = ExtraIndexView
    list_display = [
        "name",
        "kind",
        "language",
        "unit",
        MoneyColumn("price", label=_("Price"), sort_key="price"),
        Column("vat_rate", label=_("VAT"), accessor="vat_rate.rate"),
        BooleanColumn("active", label=_("Active"), sort_key="active"),
    ]
    list_filter = ["kind", "active"]
    ordering = ["kind", "name"]
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("name")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("price"), FieldPanel("vat_rate")]),
        FieldRowPanel([FieldPanel("language"), FieldPanel("active")]),
    ]


class VatRateViewSet(CatalogueViewSet):
    model = VatRate
    url_prefix = "vat-rates"
    icon = "decimal"
    menu_label = _("VAT rates")
    list_display = ["name", "code", "rate"]
    ordering = "-rate"
    form_fields = ["name", "code", "rate"]


class CancellationPolicyIndexView(SelectRelatedIndexView):
    list_prefetch_related = ("rules",)


class CancellationPolicyViewSet(CatalogueViewSet):
    model = CancellationPolicy
    url_prefix = "cancellation-policies"
    icon = "clipboard-list"
    menu_label = _("Cancellation policies")
    index_view_class = CancellationPolicyIndexView
    list_display = [
        "name",
        BooleanColumn("is_default", label=_("Default"), sort_key="is_default"),
        Column(
            "rules",
            label=_("Refunds"),
            accessor=lambda policy: "; ".join(str(rule) for rule in policy.rules.all()),
        ),
    ]
    ordering = "name"
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("is_default"),
            InlineFormsetPanel(
                "inline",
                heading=_("Rules"),
                help_text=_(
                    "Cancelling at least this many days before arrival refunds this share of "
                    "what was paid. Add a rule for 0 days to say what happens at the last minute."
                ),
            ),
        ],
        base_form_class=CancellationPolicyForm,
    )


class BookingsMenu(ViewSetGroup):
    menu_label = _("Bookings")
    menu_icon = "calendar-check"
    menu_order = 250
    items = (
        BookingViewSet,
        TailoredRequestViewSet,
        ManifestViewSet,
        OrganisationViewSet,
        HotelViewSet,
        RoomTypeViewSet,
        AllotmentViewSet,
        ExtraViewSet,
        VatRateViewSet,
        CancellationPolicyViewSet,
    )


@hooks.register("register_admin_viewset")
def register_bookings_menu():
    return BookingsMenu()


class BookingSearchArea(SearchArea):
    """The admin's search box also looks for bookings by reference or organisation."""

    def is_shown(self, request):
        return policy_registry.get_by_type(Booking).user_has_any_permission(
            request.user, ["view", "change"]
        )


@hooks.register("register_admin_search_area")
def register_booking_search_area():
    return BookingSearchArea(
        _("Bookings"), reverse(f"{BOOKING_NS}:index"), icon_name="calendar-check", order=250
    )


# A few layout rules for the booking views, in the admin's own colours and spacing.
ADMIN_CSS = """
.pmj-facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.35rem 2rem; margin: 0; }
.pmj-facts dt { font-weight: 600; color: var(--w-color-text-label); }
.pmj-facts dd { margin: 0; }
.pmj-actions { display: flex; flex-wrap: wrap; gap: 0.5rem; margin-bottom: 1.5rem; }
.pmj-num { text-align: end; white-space: nowrap; }
.pmj-prose { max-width: 48rem; }
.pmj-prose .pmj-facts { margin-bottom: 1.5rem; }
.pmj-inline td { vertical-align: top; }
.pmj-inline td:first-child input { min-width: 14rem; }
"""


@hooks.register("insert_global_admin_css")
def bookings_admin_css():
    return format_html("<style>{}</style>", mark_safe(ADMIN_CSS))  # noqa: S308 - a constant
