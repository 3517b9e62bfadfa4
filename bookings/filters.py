"""Filters for the programme managers' booking listings in the Wagtail admin.

The payment state of a booking is derived, never stored: it is computed in the same
query as the listing (an annotation over the booking's payments), so that it can be
shown, filtered and sorted on without a query per row.
"""

from __future__ import annotations

import datetime

import django_filters
from babel import Locale as BabelLocale
from django import forms
from django.db import models
from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

from core.formatting import babel_locale
from core.params import BIGINT_MAX, BadParameter, parse_int
from programmes.models import Departure, ProgrammePage

from .enums import BookingKind, BookingStatus, PaymentStatus
from .models import Allotment, Booking, Hotel, Organisation, Payment, RoomType

# Payments that still ask for money: not paid, not called off.
OUTSTANDING_PAYMENT_STATES = (
    PaymentStatus.PENDING,
    PaymentStatus.PROCESSING,
    PaymentStatus.FAILED,
)


class PaymentState(models.TextChoices):
    """What a booking's payments say, derived from them (see payment_state_expression)."""

    NONE = "none", _("Nothing due yet")
    DUE = "due", _("Due")
    OVERDUE = "overdue", _("Overdue")
    PAID = "paid", _("Paid")


def payment_state_expression(today: datetime.date | None = None) -> Case:
    """A per-booking SQL expression: overdue > due > paid > none.

    Overdue: an outstanding payment whose due date has passed. Due: an outstanding
    payment not yet late. Paid: at least one payment succeeded and nothing is
    outstanding. Cancelled payments (an expired hold) ask for nothing.
    """
    today = today or timezone.localdate()
    outstanding = Payment.objects.filter(
        booking=OuterRef("pk"), status__in=OUTSTANDING_PAYMENT_STATES
    )
    succeeded = Payment.objects.filter(booking=OuterRef("pk"), status=PaymentStatus.SUCCEEDED)
    return Case(
        When(Exists(outstanding.filter(due_date__lt=today)), then=Value(PaymentState.OVERDUE)),
        When(Exists(outstanding), then=Value(PaymentState.DUE)),
        When(Exists(succeeded), then=Value(PaymentState.PAID)),
        default=Value(PaymentState.NONE),
        output_field=CharField(),
    )


def country_name(code: str) -> str:
    """'DE' -> 'Germany' in the active language (falls back to the code)."""
    if not code:
        return ""
    territories = BabelLocale.parse(babel_locale()).territories
    return territories.get(code.upper(), code.upper())


def _countries() -> list[tuple[str, str]]:
    codes = (
        Organisation.objects.filter(bookings__isnull=False)
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )
    return sorted(((code, f"{country_name(code)} ({code})") for code in codes), key=lambda c: c[1])


def _programmes(request) -> QuerySet[ProgrammePage]:
    return ProgrammePage.objects.filter(pk__in=Booking.objects.values("programme_id")).order_by(
        "title"
    )


# The departure filter offers the departures of the last months and ahead: years of past
# departures would make a list nobody can scroll, and the page slower with every season
# (bench/, admin_list). Older ones are found by programme and date; a link that names an
# older departure still filters by it.
DEPARTURE_CHOICES_PAST_DAYS = 180


def _departures(request) -> QuerySet[Departure]:
    since = timezone.localdate() - datetime.timedelta(days=DEPARTURE_CHOICES_PAST_DAYS)
    recent = Q(start_date__gte=since)
    selected = request.GET.get("departure", "") if request is not None else ""
    selected_id = parse_id_or_none(selected)
    if selected_id is not None:
        recent |= Q(pk=selected_id)
    return (
        Departure.objects.filter(recent, pk__in=Booking.objects.values("departure_id"))
        .select_related("page")
        .only("pk", "start_date", "page__title")
        .order_by("start_date", "pk")
    )


def parse_id_or_none(value) -> int | None:
    try:
        return parse_int(value, "id", max_value=BIGINT_MAX)
    except BadParameter:
        return None


class SafeModelChoiceField(django_filters.fields.ModelChoiceField):
    """A ModelChoiceField whose pk is parsed first: "²" or a huge number is "not a choice"."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_id_or_none(str(value)) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SafeModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SafeModelChoiceField


class DepartureChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj: Departure) -> str:
        return f"{obj.page.title} — {obj.start_date:%d.%m.%Y}"


class DepartureFilter(django_filters.ModelChoiceFilter):
    field_class = DepartureChoiceField


class BookingFilterSet(WagtailFilterSet):
    programme = SafeModelChoiceFilter(
        label=_("Programme"), queryset=_programmes, empty_label=_("All programmes")
    )
    departure = DepartureFilter(
        label=_("Departure"), queryset=_departures, empty_label=_("All departures")
    )
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=BookingStatus.choices, widget=forms.CheckboxSelectMultiple
    )
    payment_state = django_filters.ChoiceFilter(
        label=_("Payment"),
        choices=PaymentState.choices,
        method="filter_payment_state",
        widget=forms.RadioSelect,
        empty_label=_("All"),
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        field_name="organisation__country",
        choices=_countries,
        empty_label=_("All countries"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=BookingKind.choices, widget=forms.RadioSelect, empty_label=_("All")
    )
    created_at = django_filters.DateFromToRangeFilter(
        label=_("Created"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Booking
        fields: list[str] = []

    def filter_payment_state(self, queryset, name, value):
        # The listing's queryset carries the annotation; add it if a caller did not.
        if "payment_state" not in queryset.query.annotations:
            queryset = queryset.annotate(payment_state=payment_state_expression())
        return queryset.filter(payment_state=value)


class AllotmentFilterSet(WagtailFilterSet):
    hotel = django_filters.ModelChoiceFilter(
        label=_("Hotel"),
        field_name="room_type__hotel",
        queryset=Hotel.objects.order_by("name"),
        empty_label=_("All hotels"),
    )
    room_type = django_filters.ModelChoiceFilter(
        label=_("Room type"),
        queryset=RoomType.objects.select_related("hotel").order_by("hotel__name", "name"),
        empty_label=_("All room types"),
    )
    night = django_filters.DateFromToRangeFilter(label=_("Night"), widget=DateRangePickerWidget)
    release_date = django_filters.DateFromToRangeFilter(
        label=_("Release date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = Allotment
        fields: list[str] = []
