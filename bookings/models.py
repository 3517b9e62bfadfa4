"""Bookings: delegation organisations, bookings and their lines, capacity, money.

Money is Decimal EUR with two places, on lines that carry their VAT rate. Totals are
derived from the lines (bookings.pricing), never stored a second time. Status fields
are written only by the service functions in bookings.services.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .enums import (
    BookingKind,
    BookingStatus,
    ExtraKind,
    ExtraUnit,
    InvoiceKind,
    LineKind,
    Occupancy,
    OrganisationType,
    PaymentKind,
    PaymentMethod,
    PaymentStatus,
    QuoteStatus,
    RefundStatus,
    RequestStatus,
    WaitingStatus,
)

MONEY = {"max_digits": 13, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}


def _join_code() -> str:
    return secrets.token_urlsafe(16)


def _reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read out on the phone
    return "PMJ-" + "".join(secrets.choice(alphabet) for _ in range(8))


@register_setting(icon="cog")
class BookingPolicy(BaseGenericSetting):
    """How checkout and payment work, editable by programme managers."""

    hold_minutes = models.PositiveIntegerField(
        _("hold during checkout (minutes)"), default=20, validators=[MinValueValidator(1)]
    )
    deposit_percent = models.DecimalField(
        _("deposit (%)"),
        default=Decimal("30.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        **PERCENT,
    )
    balance_due_days = models.PositiveIntegerField(
        _("balance due (days before arrival)"), default=45
    )
    balance_min_days = models.PositiveIntegerField(
        _("balance due no sooner than (days after booking)"),
        default=14,
        help_text=_(
            "When the balance would fall due sooner than this after booking, the whole "
            "amount is due at once."
        ),
    )
    invoice_payment_days = models.PositiveIntegerField(
        _("invoice payment term (days)"),
        default=14,
        validators=[MinValueValidator(1)],
        help_text=_("Days from the invoice date to its due date: at least one."),
    )
    participant_details_days = models.PositiveIntegerField(
        _("participant details due (days before arrival)"), default=21
    )
    waiting_list_offer_hours = models.PositiveIntegerField(
        _("waiting-list offer valid (hours)"), default=48
    )

    class Meta:
        verbose_name = _("booking policy")
        verbose_name_plural = _("booking policies")


class VatRate(models.Model):
    """A VAT rate as data (Finland 2026: 25.5 % general, 14 % accommodation)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    rate = models.DecimalField(
        _("rate (%)"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        **PERCENT,
    )

    class Meta:
        verbose_name = _("VAT rate")
        verbose_name_plural = _("VAT rates")
        ordering = ["-rate"]

    def __str__(self) -> str:
        return f"{self.name} ({self.rate} %)"


class Organisation(models.Model):
    """The delegation's organisation: a ministry, city, agency, police, company..."""

    name = models.CharField(_("name"), max_length=200)
    country = models.CharField(_("country"), max_length=2, help_text=_("ISO 3166 code"))
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    vat_id = models.CharField(_("VAT id"), max_length=40, blank=True)
    billing_address = models.TextField(_("billing address"))
    billing_email = models.EmailField(_("billing e-mail"), blank=True)
    purchase_order_reference = models.CharField(
        _("purchase-order reference"), max_length=100, blank=True
    )
    join_code = models.CharField(
        _("join code"),
        max_length=32,
        unique=True,
        default=_join_code,
        help_text=_("Colleagues join the organisation with this code."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="delegation_organisations", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delegation organisation")
        verbose_name_plural = _("delegation organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.country})"


class CancellationPolicy(models.Model):
    name = models.CharField(_("name"), max_length=100)
    is_default = models.BooleanField(_("default policy"), default=False)

    class Meta:
        verbose_name = _("cancellation policy")
        verbose_name_plural = _("cancellation policies")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_policy"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CancellationRule(models.Model):
    """Cancelling at least `days_before` arrival refunds `refund_percent` of what was paid."""

    policy = models.ForeignKey(CancellationPolicy, on_delete=models.CASCADE, related_name="rules")
    days_before = models.PositiveIntegerField(_("at least days before arrival"))
    refund_percent = models.DecimalField(
        _("refund (%)"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        **PERCENT,
    )

    class Meta:
        verbose_name = _("cancellation rule")
        verbose_name_plural = _("cancellation rules")
        ordering = ["-days_before"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "days_before"], name="unique_rule_days")
        ]

    def __str__(self) -> str:
        return f"≥ {self.days_before} d: {self.refund_percent} %"


class Hotel(models.Model):
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    city = models.CharField(_("city"), max_length=100)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("partner hotel")
        verbose_name_plural = _("partner hotels")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoomType(models.Model):
    hotel = models.ForeignKey(Hotel, on_delete=models.CASCADE, related_name="room_types")
    name = models.CharField(_("name"), max_length=100)
    price_single = models.DecimalField(_("price per night, single"), **MONEY)
    price_double = models.DecimalField(_("price per night, double"), **MONEY)
    vat_rate = models.ForeignKey(VatRate, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("room type")
        verbose_name_plural = _("room types")
        ordering = ["hotel__name", "name"]

    def __str__(self) -> str:
        return f"{self.hotel.name} — {self.name}"

    def price_for(self, occupancy: str) -> Decimal:
        return self.price_double if occupancy == Occupancy.DOUBLE else self.price_single


class Allotment(models.Model):
    """Rooms of one type held for us by a hotel for one night, until the release date."""

    room_type = models.ForeignKey(RoomType, on_delete=models.CASCADE, related_name="allotments")
    night = models.DateField(_("night of"), db_index=True)
    rooms = models.PositiveIntegerField(_("rooms"))
    release_date = models.DateField(
        _("release date"), help_text=_("After this date unused rooms go back to the hotel.")
    )

    class Meta:
        verbose_name = _("allotment")
        verbose_name_plural = _("allotments")
        ordering = ["night", "room_type"]
        constraints = [
            models.UniqueConstraint(fields=["room_type", "night"], name="unique_allotment_night")
        ]

    def __str__(self) -> str:
        return f"{self.room_type} {self.night:%Y-%m-%d}: {self.rooms}"


class Extra(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ExtraKind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("For interpreters.")
    )
    unit = models.CharField(_("priced"), max_length=10, choices=ExtraUnit.choices)
    price = models.DecimalField(_("price"), **MONEY)
    vat_rate = models.ForeignKey(VatRate, on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("extra")
        verbose_name_plural = _("extras")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Booking(models.Model):
    reference = models.CharField(_("reference"), max_length=16, unique=True, default=_reference)
    kind = models.CharField(
        _("kind"), max_length=12, choices=BookingKind.choices, default=BookingKind.DEPARTURE
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=BookingStatus.choices,
        default=BookingStatus.DRAFT,
        db_index=True,
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="bookings"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bookings"
    )
    programme = models.ForeignKey(
        "programmes.ProgrammePage", on_delete=models.PROTECT, related_name="+"
    )
    departure = models.ForeignKey(
        "programmes.Departure",
        on_delete=models.PROTECT,
        related_name="bookings",
        null=True,
        blank=True,
    )
    participants_count = models.PositiveIntegerField(
        _("participants"), validators=[MinValueValidator(1)]
    )
    start_date = models.DateField(_("programme starts"))
    end_date = models.DateField(_("programme ends"))
    payment_method = models.CharField(
        _("payment method"), max_length=10, choices=PaymentMethod.choices, blank=True
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="en"
    )
    hold_expires_at = models.DateTimeField(_("hold expires"), null=True, blank=True, db_index=True)
    participant_deadline = models.DateField(_("participant details due"), null=True, blank=True)
    cancellation_policy = models.ForeignKey(
        CancellationPolicy, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    needs_attention = models.CharField(
        _("needs attention"),
        max_length=200,
        blank=True,
        help_text=_("Set when a manager must look, e.g. a payment after the hold expired."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["departure", "status"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def hold_is_active(self) -> bool:
        return self.hold_expires_at is not None and self.hold_expires_at > timezone.now()


class BookingLine(models.Model):
    """One priced line. Its net, VAT and gross are computed (bookings.pricing)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="lines")
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=9, decimal_places=2)
    unit_price = models.DecimalField(_("unit price (incl. VAT)"), **MONEY)
    vat_rate = models.DecimalField(_("VAT (%)"), **PERCENT)
    extra = models.ForeignKey(Extra, null=True, blank=True, on_delete=models.PROTECT)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("booking line")
        verbose_name_plural = _("booking lines")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description


class RoomReservation(models.Model):
    """Rooms of one allotment night taken by a booking (held or for good, as the booking)."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="rooms")
    allotment = models.ForeignKey(Allotment, on_delete=models.PROTECT, related_name="reservations")
    occupancy = models.CharField(max_length=10, choices=Occupancy.choices)
    rooms = models.PositiveIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("room reservation")
        verbose_name_plural = _("room reservations")
        ordering = ["allotment__night"]


class BookingExtra(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="extras")
    extra = models.ForeignKey(Extra, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("extra on a booking")
        verbose_name_plural = _("extras on bookings")
        constraints = [
            models.UniqueConstraint(fields=["booking", "extra"], name="unique_booking_extra")
        ]


class Participant(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="participants")
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True)
    id_document_type = models.CharField(_("ID document type"), max_length=30, blank=True)
    id_document_number = models.CharField(_("ID document number"), max_length=50, blank=True)
    id_document_expiry = models.DateField(_("ID document expiry"), null=True, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=300, blank=True)
    accessibility_needs = models.CharField(_("accessibility needs"), max_length=300, blank=True)
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=150, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact phone"), max_length=50, blank=True
    )
    consent_named_in_reports = models.BooleanField(_("may be named in reports"), default=False)
    invite_version = models.PositiveIntegerField(
        default=0, help_text=_("Raised to revoke the participant's private link.")
    )
    invited_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or str(_("Participant"))


class Payment(models.Model):
    """An amount due and how it was paid. Card payments are facts from Stripe."""

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(max_length=10, choices=PaymentKind.choices)
    method = models.CharField(max_length=10, choices=PaymentMethod.choices)
    amount = models.DecimalField(**MONEY)
    currency = models.CharField(max_length=3, default="EUR")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=PaymentStatus.choices, default=PaymentStatus.PENDING, db_index=True
    )
    stripe_payment_intent_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True, null=True, blank=True)
    failure_message = models.CharField(max_length=300, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When `status` last changed (set by save()): reconciliation keeps asking Stripe
    # about a failed or cancelled intent for a while after it became so (issue 12.6).
    status_changed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When reconciliation last asked Stripe about this payment: the oldest-checked are
    # asked first, so no payment waits behind others for ever.
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.booking.reference} {self.get_kind_display()} {self.amount} {self.currency}"

    def save(self, *args, **kwargs):
        """Stamps `status_changed_at` whenever the status saved differs from the one read."""
        update_fields = kwargs.get("update_fields")
        writes_status = update_fields is None or "status" in update_fields
        if writes_status and (
            self._state.adding or getattr(self, "_saved_status", None) != self.status
        ):
            self.status_changed_at = timezone.now()
            if update_fields is not None:
                kwargs["update_fields"] = [*update_fields, "status_changed_at"]
        super().save(*args, **kwargs)
        self._saved_status = self.status

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        instance = super().from_db(db, field_names, values, **kwargs)
        instance._saved_status = instance.__dict__.get("status")
        return instance


class Refund(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.DecimalField(**MONEY)
    status = models.CharField(
        max_length=12, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    stripe_refund_id = models.CharField(max_length=100, unique=True, null=True, blank=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")


class Dispute(models.Model):
    """A cardholder disputed a card payment at their bank (Stripe's charge.dispute.*).

    Recorded from Stripe's webhooks, once per dispute (its Stripe id): the booking is
    flagged for the programme manager, who answers the dispute in Stripe's dashboard.
    """

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="disputes")
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="disputes"
    )
    stripe_dispute_id = models.CharField(max_length=100, unique=True)
    amount = models.DecimalField(**MONEY)
    reason = models.CharField(_("reason"), max_length=60, blank=True)
    stripe_status = models.CharField(_("status at Stripe"), max_length=40, blank=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["opened_at", "pk"]

    def __str__(self) -> str:
        return f"{self.stripe_dispute_id} ({self.stripe_status})"


class StripeEvent(models.Model):
    """Every webhook event, stored by id: a duplicate delivery is recognised and skipped."""

    event_id = models.CharField(max_length=100, unique=True)
    type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=100, blank=True, db_index=True)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")
        ordering = ["received_at"]


class InvoiceSequence(models.Model):
    """Last number used per year and kind; locked while a number is taken, so no gaps."""

    year = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=InvoiceKind.choices)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("invoice number sequence")
        verbose_name_plural = _("invoice number sequences")
        constraints = [models.UniqueConstraint(fields=["year", "kind"], name="unique_sequence")]


class Invoice(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="invoices")
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="invoice"
    )
    kind = models.CharField(max_length=12, choices=InvoiceKind.choices)
    number = models.CharField(max_length=20, unique=True)
    reference = models.CharField(_("creditor reference (RF)"), max_length=30)
    issued_on = models.DateField()
    due_date = models.DateField(null=True, blank=True)
    credited_invoice = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="credit_notes"
    )
    buyer = models.JSONField(help_text=_("The buyer as invoiced (name, address, VAT id, PO)."))
    paid_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_on", "-number"]

    def __str__(self) -> str:
        return self.number


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=9, decimal_places=2)
    unit_price = models.DecimalField(**MONEY)
    vat_rate = models.DecimalField(**PERCENT)

    class Meta:
        verbose_name = _("invoice line")
        verbose_name_plural = _("invoice lines")
        ordering = ["pk"]


class TailoredRequest(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="requests"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    programme = models.ForeignKey(
        "programmes.ProgrammePage",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The package the request starts from, if any."),
    )
    preferred_start = models.DateField(_("preferred start"))
    preferred_end = models.DateField(_("preferred end"))
    group_size = models.PositiveIntegerField(_("group size"), validators=[MinValueValidator(1)])
    themes = models.ManyToManyField("programmes.ThemePage", blank=True, related_name="+")
    hosts = models.ManyToManyField("programmes.HostOrganisation", blank=True, related_name="+")
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW, db_index=True
    )
    booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tailored programme request")
        verbose_name_plural = _("tailored programme requests")
        ordering = ["-created_at"]


class Quote(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="quotes")
    valid_until = models.DateField(_("valid until"))
    # The payment terms the quote offers (copied from BookingPolicy when not given):
    # what accepting it by card or invoice asks for (quotes.quote_terms).
    deposit_percent = models.DecimalField(
        _("deposit (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        **PERCENT,
    )
    balance_due_days = models.PositiveIntegerField(
        _("balance due (days before arrival)"), null=True, blank=True
    )
    invoice_payment_days = models.PositiveIntegerField(
        _("invoice payment term (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
    )
    status = models.CharField(
        max_length=12, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT, db_index=True
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_ip = models.GenericIPAddressField(null=True, blank=True)
    accepted_user_agent = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at"]


class QuoteLine(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=9, decimal_places=2)
    unit_price = models.DecimalField(**MONEY)
    vat_rate = models.DecimalField(**PERCENT)

    class Meta:
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        ordering = ["pk"]


class WaitingListEntry(models.Model):
    departure = models.ForeignKey(
        "programmes.Departure", on_delete=models.CASCADE, related_name="waiting_list"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    participants_count = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    status = models.CharField(
        max_length=12, choices=WaitingStatus.choices, default=WaitingStatus.WAITING, db_index=True
    )
    offered_booking = models.OneToOneField(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="waiting_entry"
    )
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        ordering = ["created_at", "pk"]
