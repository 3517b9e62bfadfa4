"""The bookings' list and each booking's page in the Wagtail admin, and the reads and
columns they share with the actions and manifests.

Listing reads are built so that the number of queries does not grow with the number
of rows: relations are joined, lines prefetched, and the payment state is a SQL
expression (bookings.filters.payment_state_expression).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Prefetch,
    Q,
    QuerySet,
)
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.widgets.button import Button, HeaderButton

from core.audit import audit_trail
from core.formatting import format_money, format_quantity
from core.formatting import format_rate as format_percent
from core.models import AuditEntry

from ..enums import (
    COMMITTED_STATES,
    FINAL_STATES,
    BookingKind,
    InvoiceKind,
    PaymentStatus,
    QuoteStatus,
    RefundStatus,
)
from ..extensions import admin_links_for
from ..filters import (
    OUTSTANDING_PAYMENT_STATES,
    PaymentState,
    country_name,
    payment_state_expression,
)
from ..invoicing.pdf import format_reference
from ..models import (
    Booking,
    BookingLine,
    CancellationRule,
    Participant,
)
from ..participants import participant_field_label, participants_missing
from ..pricing import ZERO, line_gross, totals

EMAIL_TASK = "bookings.tasks.send_booking_email"

# URL namespaces of the viewsets (bookings.wagtail_hooks).
BOOKING_NS = "booking"
MANIFEST_NS = "booking_manifests"

# Names of the booking e-mails (bookings.emails.SUBJECTS keys) for the resend form.
EMAIL_LABELS = {
    "confirmation": gettext_lazy("Booking confirmation"),
    "receipt": gettext_lazy("Payment receipt"),
    "invoice": gettext_lazy("Invoice"),
    "balance_reminder": gettext_lazy("Balance reminder"),
    "participant_invitation": gettext_lazy("Participant invitation"),
    "missing_details": gettext_lazy("Missing participant details reminder"),
    "hold_expired": gettext_lazy("Hold expired"),
    "waiting_list_offer": gettext_lazy("Waiting-list offer"),
    "cancellation": gettext_lazy("Cancellation"),
    "late_payment": gettext_lazy("Late payment"),
    "quote": gettext_lazy("Quote"),
}

# --------------------------------------------------------------------------- reads


def bookings_for_admin() -> QuerySet[Booking]:
    """Bookings with everything the listing shows, in a fixed number of queries."""
    return (
        Booking.objects.select_related("organisation", "programme", "departure")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=BookingLine.objects.only(
                    "pk", "booking_id", "quantity", "unit_price", "vat_rate", "position"
                ),
            )
        )
        .annotate(payment_state=payment_state_expression())
    )


def booking_total(booking: Booking) -> Decimal:
    return totals(booking.lines.all()).gross


@dataclasses.dataclass(frozen=True)
class MissingDetails:
    """What a delegation still owes about its participants."""

    lines: list[str]  # one line of text per gap, for the page
    by_participant: dict[int, list[str]]  # participant id -> missing field labels


def is_named(participant: Participant) -> bool:
    return not participant.anonymised_at and bool(participant.first_name or participant.last_name)


def booking_missing(booking: Booking, participants: list[Participant]) -> MissingDetails:
    # A seat slot exists for every participant; only a named one is entered.
    entered = [p for p in participants if is_named(p)]
    lines = []
    if len(entered) < booking.participants_count:
        lines.append(
            _("%(missing)s of %(total)s participants not entered yet")
            % {
                "missing": booking.participants_count - len(entered),
                "total": booking.participants_count,
            }
        )
    number = {p.pk: n for n, p in enumerate(participants, 1)}
    by_participant = {}
    for participant, fields in participants_missing(booking=booking):
        labels = [participant_field_label(name) for name in fields]
        by_participant[participant.pk] = labels
        if participant.first_name or participant.last_name:
            who = str(participant)
        else:
            who = _("Participant %(number)s") % {"number": number.get(participant.pk, "?")}
        lines.append(f"{who}: {', '.join(labels)}")
    return MissingDetails(lines=lines, by_participant=by_participant)


def cancellation_rule(booking: Booking, days_before: int) -> CancellationRule | None:
    """The rule of the booking's policy that decides a cancellation `days_before` arrival."""
    if booking.cancellation_policy_id is None:
        return None
    return (
        booking.cancellation_policy.rules.filter(days_before__lte=days_before)
        .order_by("-days_before")
        .first()
    )


def booking_timeline(booking: Booking, *, related: Iterable = ()) -> list[AuditEntry]:
    """The booking's audit trail, with the entries of its invoices, payments and quotes."""
    entries = list(audit_trail(booking))
    by_type: dict[ContentType, list[str]] = defaultdict(list)
    for obj in related:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        by_type[content_type].append(str(obj.pk))
    condition = Q()
    for content_type, ids in by_type.items():
        condition |= Q(content_type=content_type, object_id__in=ids)
    if by_type:
        entries += list(
            AuditEntry.objects.filter(condition).select_related("actor", "content_type")
        )
    entries.sort(key=lambda entry: (entry.created_at, entry.pk))
    return entries


# --------------------------------------------------------------------------- columns


class MoneyColumn(Column):
    def get_value(self, instance):
        return format_money(super().get_value(instance))


class PaymentStateColumn(StatusTagColumn):
    """Due / paid / overdue, from the payment_state annotation (no query per row)."""

    cell_template_name = "bookings/admin/cells/payment_state.html"
    CLASSNAMES = {
        PaymentState.PAID: "w-status--primary",
        PaymentState.OVERDUE: "w-bg-critical-50 w-text-critical-200",
        PaymentState.DUE: "",
    }

    def __init__(self, **kwargs):
        super().__init__(
            "payment_state",
            label=gettext_lazy("Payment"),
            sort_key="payment_state",
            **kwargs,
        )

    def get_value(self, instance):
        return PaymentState(instance.payment_state).label

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["state"] = instance.payment_state
        context["status_classname"] = self.CLASSNAMES.get(instance.payment_state, "")
        return context


class BookingStatusColumn(StatusTagColumn):
    cell_template_name = "bookings/admin/cells/booking_status.html"

    def __init__(self, **kwargs):
        super().__init__(
            "get_status_display",
            label=gettext_lazy("Status"),
            sort_key="status",
            primary=lambda booking: booking.status in COMMITTED_STATES,
            **kwargs,
        )


class CountryColumn(Column):
    def get_value(self, instance):
        code = instance.organisation.country
        return f"{country_name(code)} ({code})" if code else ""


# --------------------------------------------------------------------------- bookings


class BookingIndexView(IndexView):
    """All bookings, newest first; search by reference or organisation."""

    page_title = gettext_lazy("Bookings")

    def get_base_queryset(self):
        return bookings_for_admin()

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Departure manifests"),
                url=reverse(f"{MANIFEST_NS}:index"),
                icon_name="list-ul",
            )
        ]


class BookingViewMixin:
    """Loads the booking of the URL; used by the detail view and every action."""

    model = Booking
    index_url_name = None
    inspect_url_name = None
    header_icon = "calendar-check"

    def get_booking_queryset(self):
        return Booking.objects.select_related(
            "organisation", "contact", "programme", "departure", "cancellation_policy"
        )

    @cached_property
    def booking(self) -> Booking:
        return get_object_or_404(self.get_booking_queryset(), pk=self.kwargs["pk"])

    def detail_url(self) -> str:
        return reverse(self.inspect_url_name, args=(quote(self.booking.pk),))

    def booking_url(self, name: str, *args) -> str:
        namespace = self.inspect_url_name.split(":")[0]
        return reverse(f"{namespace}:{name}", args=(self.booking.pk, *args))


class BookingDetailView(BookingViewMixin, InspectView):
    """Everything about one booking, its timeline and the actions a manager can take."""

    template_name = "bookings/admin/booking_detail.html"
    page_title = gettext_lazy("Booking")

    def get_object(self, queryset=None):
        return self.booking

    def get_page_subtitle(self):
        return self.booking.reference

    def get_fields(self):
        return []

    @cached_property
    def can_change(self) -> bool:
        return self.user_has_permission("change")

    @cached_property
    def actions(self) -> list[dict]:
        """The actions that make sense for this booking now, for this user."""
        if not self.can_change:
            return []
        booking = self.booking
        actions = []
        if booking.kind == BookingKind.TAILORED and booking.status not in (
            *COMMITTED_STATES,
            *FINAL_STATES,
        ):
            actions.append(
                {
                    "label": _("Confirm booking"),
                    "url": self.booking_url("confirm"),
                    "icon": "success",
                    "classname": "button button-small bicolor button--icon",
                }
            )
        actions.append(
            {
                "label": _("Resend an e-mail"),
                "url": self.booking_url("resend_email"),
                "icon": "mail",
                "classname": "button button-small button-secondary bicolor button--icon",
            }
        )
        if booking.status not in FINAL_STATES:
            actions.append(
                {
                    "label": _("Cancel with refund"),
                    "url": self.booking_url("cancel"),
                    "icon": "cross",
                    "classname": "button button-small serious bicolor button--icon",
                }
            )
        return actions

    @cached_property
    def header_more_buttons(self):
        return [
            Button(action["label"], url=action["url"], icon_name=action["icon"], priority=n)
            for n, action in enumerate(self.actions)
        ]

    def get_header_buttons(self):
        buttons = []
        booking = self.booking
        if booking.departure_id:
            buttons.append(
                HeaderButton(
                    _("Manifest"),
                    url=reverse(f"{MANIFEST_NS}:manifest", args=(booking.departure_id,)),
                    icon_name="list-ul",
                )
            )
        return buttons + super().get_header_buttons()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        booking = self.booking
        lines = list(booking.lines.all())
        booking_totals = totals(lines)
        payments = list(booking.payments.prefetch_related("refunds").order_by("created_at", "pk"))
        invoices = list(
            booking.invoices.select_related("credited_invoice", "payment")
            .prefetch_related("lines")
            .order_by("issued_on", "number")
        )
        quotes = list(booking.quotes.prefetch_related("lines"))
        participants = list(booking.participants.all())
        rooms = list(
            booking.rooms.select_related("allotment__room_type__hotel").order_by(
                "allotment__night",
                "allotment__room_type__hotel__name",
                "allotment__room_type__name",
            )
        )
        paid = sum((p.amount for p in payments if p.status == PaymentStatus.SUCCEEDED), ZERO)
        refunded = sum(
            (
                r.amount
                for p in payments
                for r in p.refunds.all()
                if r.status == RefundStatus.SUCCEEDED
            ),
            ZERO,
        )
        today = timezone.localdate()
        missing = booking_missing(booking, participants)

        context.update(
            {
                "booking": booking,
                "can_change": self.can_change,
                "actions": self.actions,
                "lines": [
                    {
                        "line": line,
                        "vat_rate": format_percent(line.vat_rate),
                        "quantity": format_quantity(line.quantity),
                        "unit_price": format_money(line.unit_price),
                        "gross": format_money(line_gross(line)),
                    }
                    for line in lines
                ],
                "totals": booking_totals,
                "vat_rows": [
                    {
                        "rate": format_percent(row.rate),
                        "net": format_money(row.net),
                        "vat": format_money(row.vat),
                        "gross": format_money(row.gross),
                    }
                    for row in booking_totals.rows
                ],
                "total_net": format_money(booking_totals.net),
                "total_vat": format_money(booking_totals.vat),
                "total_gross": format_money(booking_totals.gross),
                "paid": format_money(paid),
                "refunded": format_money(refunded),
                "outstanding": format_money(
                    sum(
                        (p.amount for p in payments if p.status in OUTSTANDING_PAYMENT_STATES),
                        ZERO,
                    )
                ),
                "payments": [
                    {
                        "payment": payment,
                        "amount": format_money(payment.amount),
                        "overdue": payment.status in OUTSTANDING_PAYMENT_STATES
                        and payment.due_date is not None
                        and payment.due_date < today,
                        "refunds": [
                            {"refund": refund, "amount": format_money(refund.amount)}
                            for refund in payment.refunds.all()
                        ],
                    }
                    for payment in payments
                ],
                "invoices": [
                    {
                        "invoice": invoice,
                        "is_credit_note": invoice.kind == InvoiceKind.CREDIT_NOTE,
                        "total": format_money(totals(invoice.lines.all()).gross),
                        "reference": format_reference(invoice.reference),
                        "pdf_url": self.booking_url("invoice_pdf", invoice.pk),
                        "mark_paid_url": self.booking_url("invoice_mark_paid", invoice.pk)
                        if self.can_change
                        and invoice.kind == InvoiceKind.INVOICE
                        and not invoice.paid_at
                        else None,
                        "overdue": invoice.kind == InvoiceKind.INVOICE
                        and not invoice.paid_at
                        and invoice.due_date is not None
                        and invoice.due_date < today,
                    }
                    for invoice in invoices
                ],
                "quotes": [
                    {
                        "quote": quote_,
                        "total": format_money(totals(quote_.lines.all()).gross),
                        "send_url": self.booking_url("quote_send", quote_.pk)
                        if self.can_change and quote_.status == QuoteStatus.DRAFT
                        else None,
                    }
                    for quote_ in quotes
                ],
                "participants": [
                    {"participant": p, "missing": missing.by_participant.get(p.pk, [])}
                    for p in participants
                ],
                "participants_entered": len([p for p in participants if is_named(p)]),
                "missing": missing.lines,
                "rooms": rooms,
                "extension_links": admin_links_for(booking=booking, user=self.request.user),
                "timeline": booking_timeline(booking, related=[*invoices, *payments, *quotes]),
                "country": country_name(booking.organisation.country),
                "index_url": reverse(self.index_url_name),
            }
        )
        return context
