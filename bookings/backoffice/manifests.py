"""Departures and their manifests: who comes, what they need, which rooms they sleep
in, on a page and as CSV (with cells that a spreadsheet never runs as formulas)."""

from __future__ import annotations

import csv
import datetime
from collections import Counter, defaultdict

from django.db.models import (
    Count,
    IntegerField,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import policy_registry

from programmes.models import Departure

from ..enums import (
    COMMITTED_STATES,
    HOLDING_STATES,
)
from ..models import (
    Booking,
    RoomReservation,
)
from ..participants import manifest_rows
from ..selectors import capacity_holding_q
from .booking_views import BOOKING_NS, booking_missing

# --------------------------------------------------------------------------- manifests


class BookingPermissionMixin(PermissionCheckedMixin):
    """Manifests are about bookings: whoever may see bookings may see them."""

    any_permission_required = ["view", "change"]

    @cached_property
    def permission_policy(self):
        return policy_registry.get_by_type(Booking)


class DepartureListView(BookingPermissionMixin, BaseListingView):
    """Departures with their seats sold, each linking to its manifest."""

    page_title = gettext_lazy("Departure manifests")
    header_icon = "list-ul"
    paginate_by = 50
    index_url_name = None
    index_results_url_name = None
    manifest_url_name = None
    is_searchable = False
    default_ordering = "start_date"
    results_template_name = "wagtailadmin/generic/listing_results.html"

    def get_base_queryset(self):
        today = timezone.localdate()
        queryset = Departure.objects.select_related("page").annotate(
            seats_sold=Coalesce(
                Sum(
                    "bookings__participants_count",
                    filter=Q(bookings__status__in=COMMITTED_STATES),
                ),
                Value(0),
                output_field=IntegerField(),
            ),
            delegations=Count("bookings", filter=Q(bookings__status__in=COMMITTED_STATES)),
        )
        if self.request.GET.get("past") != "1":
            queryset = queryset.filter(start_date__gte=today - datetime.timedelta(days=14))
        return queryset

    @cached_property
    def columns(self):
        return [
            TitleColumn(
                "title",
                label=_("Departure"),
                accessor=lambda d: f"{d.page.title} — {d.start_date:%d.%m.%Y}",
                get_url=lambda d: reverse(self.manifest_url_name, args=(d.pk,)),
            ),
            DateColumn("start_date", label=_("Starts"), sort_key="start_date"),
            Column("get_status_display", label=_("Status")),
            Column("delegations", label=_("Delegations"), sort_key="delegations"),
            Column(
                "seats",
                label=_("Seats sold"),
                accessor=lambda d: f"{d.seats_sold} / {d.seats}",
                sort_key="seats_sold",
            ),
        ]

    @cached_property
    def header_buttons(self):
        if self.request.GET.get("past") == "1":
            return [HeaderButton(_("Upcoming departures only"), url="?", icon_name="calendar")]
        return [HeaderButton(_("Include past departures"), url="?past=1", icon_name="history")]


# The manifest's columns: keys of bookings.participants.manifest_rows, with labels.
MANIFEST_COLUMNS = [
    ("booking_reference", gettext_lazy("Booking")),
    ("organisation", gettext_lazy("Delegation")),
    ("country", gettext_lazy("Country")),
    ("first_name", gettext_lazy("First name")),
    ("last_name", gettext_lazy("Last name")),
    ("title", gettext_lazy("Title")),
    ("participant_organisation", gettext_lazy("Organisation")),
    ("email", gettext_lazy("E-mail")),
    ("nationality", gettext_lazy("Nationality")),
    ("dietary_needs", gettext_lazy("Dietary needs")),
    ("accessibility_needs", gettext_lazy("Accessibility needs")),
    ("emergency_contact_name", gettext_lazy("Emergency contact")),
    ("emergency_contact_phone", gettext_lazy("Emergency phone")),
    ("consent_named_in_reports", gettext_lazy("May be named in reports")),
    ("rooms", gettext_lazy("Rooms")),
    ("missing_labels", gettext_lazy("Missing")),
]
# Identity data goes into the CSV only when a host of the programme vets visitors.
MANIFEST_ID_COLUMNS = [
    ("date_of_birth", gettext_lazy("Date of birth")),
    ("id_document_type", gettext_lazy("ID document type")),
    ("id_document_number", gettext_lazy("ID document number")),
    ("id_document_expiry", gettext_lazy("ID document expiry")),
]


def manifest_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


class ManifestMixin(BookingPermissionMixin):
    manifest_url_name = None
    csv_url_name = None
    index_url_name = None
    header_icon = "list-ul"

    @cached_property
    def departure(self) -> Departure:
        return get_object_or_404(Departure.objects.select_related("page"), pk=self.kwargs["pk"])

    @cached_property
    def bookings(self) -> list[Booking]:
        return list(
            Booking.objects.filter(departure=self.departure, status__in=COMMITTED_STATES)
            .select_related("organisation", "contact", "programme")
            .prefetch_related("participants")
            .order_by("organisation__name", "reference")
        )

    @cached_property
    def rows(self) -> list[dict]:
        return manifest_rows(departure=self.departure)

    def columns(self, *, for_csv: bool = False) -> list[tuple[str, str]]:
        """The CSV has everything; the page leaves rooms to their own table below."""
        if not for_csv:
            return [c for c in MANIFEST_COLUMNS if c[0] != "rooms"]
        columns = list(MANIFEST_COLUMNS)
        if any(row.get("id_check_required") for row in self.rows):
            columns[-2:-2] = MANIFEST_ID_COLUMNS
        return columns

    def table(self, *, for_csv: bool = False) -> tuple[list[str], list[list[str]]]:
        columns = self.columns(for_csv=for_csv)
        headers = [str(label) for _key, label in columns]
        rows = [[manifest_value(row.get(key)) for key, _label in columns] for row in self.rows]
        return headers, rows

    @cached_property
    def rooms(self) -> list[RoomReservation]:
        return list(
            RoomReservation.objects.filter(
                booking__departure=self.departure, booking__status__in=COMMITTED_STATES
            )
            .select_related("allotment__room_type__hotel", "booking__organisation")
            .order_by(
                "allotment__night",
                "allotment__room_type__hotel__name",
                "allotment__room_type__name",
                "booking__reference",
            )
        )


class ManifestView(ManifestMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "bookings/admin/manifest.html"
    page_title = gettext_lazy("Manifest")

    def get_page_subtitle(self):
        return str(self.departure)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Departure manifests")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Download CSV"),
                url=reverse(self.csv_url_name, args=(self.departure.pk,)),
                icon_name="download",
            )
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nights: dict[datetime.date, list[RoomReservation]] = defaultdict(list)
        for reservation in self.rooms:
            nights[reservation.allotment.night].append(reservation)
        delegations = []
        for booking in self.bookings:
            participants = list(booking.participants.all())
            delegations.append(
                {
                    "booking": booking,
                    "url": reverse(f"{BOOKING_NS}:inspect", args=(booking.pk,)),
                    "entered": len([p for p in participants if not p.anonymised_at]),
                    "missing": booking_missing(booking, participants).lines,
                }
            )
        needs = [
            {"booking": booking, "participant": p}
            for booking in self.bookings
            for p in booking.participants.all()
            if not p.anonymised_at and (p.dietary_needs or p.accessibility_needs)
        ]
        held = (
            Booking.objects.filter(departure=self.departure)
            .filter(capacity_holding_q(), status__in=HOLDING_STATES)
            .aggregate(n=Coalesce(Sum("participants_count"), 0))["n"]
        )
        headers, rows = self.table()
        context.update(
            {
                "departure": self.departure,
                "delegations": delegations,
                "participants_total": sum(b.participants_count for b in self.bookings),
                "held": held,
                "headers": headers,
                "rows": rows,
                "nights": [
                    {
                        "night": night,
                        "reservations": reservations,
                        "rooms": sum(r.rooms for r in reservations),
                    }
                    for night, reservations in sorted(nights.items())
                ],
                "needs": needs,
                "dietary_summary": Counter(
                    n["participant"].dietary_needs.strip().lower()
                    for n in needs
                    if n["participant"].dietary_needs
                ).most_common(),
            }
        )
        return context


def _csv_safe(value) -> str:
    """Keep a spreadsheet from reading a participant's text as a formula."""
    text = "" if value is None else str(value)
    if text and text[0] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


class ManifestCsvView(ManifestMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        departure = self.departure
        filename = f"manifest-{slugify(departure.page.title)}-{departure.start_date:%Y-%m-%d}"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Cache-Control"] = "private, no-store"
        writer = csv.writer(response)
        if request.GET.get("section") == "rooms":
            response["Content-Disposition"] = f'attachment; filename="{filename}-rooms.csv"'
            writer.writerow(
                [
                    _("Night"),
                    _("Hotel"),
                    _("Room type"),
                    _("Occupancy"),
                    _("Rooms"),
                    _("Booking"),
                    _("Delegation"),
                ]
            )
            for reservation in self.rooms:
                room_type = reservation.allotment.room_type
                writer.writerow(
                    [
                        reservation.allotment.night.isoformat(),
                        _csv_safe(room_type.hotel.name),
                        _csv_safe(room_type.name),
                        reservation.get_occupancy_display(),
                        reservation.rooms,
                        reservation.booking.reference,
                        _csv_safe(reservation.booking.organisation.name),
                    ]
                )
            return response
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        headers, rows = self.table(for_csv=True)
        writer.writerow([_csv_safe(h) for h in headers])
        for row in rows:
            writer.writerow([_csv_safe(v) for v in row])
        return response
