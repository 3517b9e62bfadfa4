"""The programme managers' back office for bookings, inside the Wagtail admin.

Views stay thin: they read through the querysets below, call one service function per
action and turn a domain refusal (BookingError) into an error message, with nothing
changed. The services of sibling modules (cancellation, quotes, participants) are
imported inside the views that use them.

Listing reads are built so that the number of queries does not grow with the number
of rows: relations are joined, lines prefetched, and the payment state is a SQL
expression (bookings.filters.payment_state_expression).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Count,
    IntegerField,
    Prefetch,
    ProtectedError,
    Q,
    QuerySet,
    RestrictedError,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.forms.models import inlineformset_factory
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst, slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.panels import Panel
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import DeleteView, IndexView, InspectView
from wagtail.admin.views.generic.base import BaseListingView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.permissions import policy_registry

from core.audit import audit_record, audit_trail
from core.formatting import format_money, format_quantity
from core.formatting import format_rate as format_percent
from core.forms import DATE_BOUNDS, GuardedInlineFormSet
from core.models import AuditEntry, OutboxMessage
from core.outbox import outbox_enqueue
from programmes.models import Departure

from .enums import (
    COMMITTED_STATES,
    FINAL_STATES,
    HOLDING_STATES,
    BookingKind,
    InvoiceKind,
    PaymentStatus,
    QuoteStatus,
    RefundStatus,
)
from .errors import BookingError
from .extensions import admin_links_for
from .filters import (
    OUTSTANDING_PAYMENT_STATES,
    PaymentState,
    country_name,
    payment_state_expression,
)
from .invoicing.pdf import format_reference, invoice_pdf_response
from .models import (
    Booking,
    BookingLine,
    CancellationPolicy,
    CancellationRule,
    Hotel,
    Invoice,
    Participant,
    Quote,
    RoomReservation,
    RoomType,
)
from .pricing import ZERO, line_gross, totals
from .selectors import capacity_holding_q

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
    from .participants import participant_field_label, participants_missing

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


# --------------------------------------------------------------------------- actions


class BookingActionView(
    BookingViewMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView
):
    """A confirmation page (GET) and the action itself (POST), then back to the booking.

    Subclasses set `form_class` (optional), `perform(form)` returning the success
    message, and `summary_template` for what the manager confirms.
    """

    permission_required = "change"
    template_name = "bookings/admin/confirm_action.html"
    summary_template = None
    form_class = None
    submit_label = gettext_lazy("Confirm")
    submit_classname = "button"
    action_title = ""

    def get_page_title(self):
        return self.action_title

    def get_page_subtitle(self):
        return self.booking.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Booking._meta.verbose_name_plural),
            },
            {"url": self.detail_url(), "label": self.booking.reference},
            {"url": "", "label": self.get_page_title(), "sublabel": self.booking.reference},
        ]

    def is_available(self) -> str | None:
        """None when the action makes sense now, else why not (shown as an error)."""
        return None

    def get_form(self):
        if self.form_class is None:
            return None
        data = self.request.POST if self.request.method == "POST" else None
        return self.form_class(data, **self.get_form_kwargs())

    def get_form_kwargs(self):
        return {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "booking": self.booking,
                "form": kwargs["form"] if "form" in kwargs else self.get_form(),
                "summary_template": self.summary_template,
                "submit_label": self.submit_label,
                "submit_classname": self.submit_classname,
                "cancel_url": self.detail_url(),
                "action_url": self.request.path,
            }
        )
        return context

    def get(self, request, *args, **kwargs):
        reason = self.is_available()
        if reason:
            messages.error(request, reason)
            return redirect(self.detail_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        reason = self.is_available()
        if reason:
            messages.error(request, reason)
            return redirect(self.detail_url())
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            message = self.perform(form)
        except BookingError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, message)
        return redirect(self.detail_url())

    def perform(self, form) -> str:
        raise NotImplementedError


class NoteForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Note for the audit log"),
        required=False,
        max_length=200,
        widget=forms.TextInput,
    )


class ConfirmBookingView(BookingActionView):
    action_title = gettext_lazy("Confirm booking")
    summary_template = "bookings/admin/actions/confirm_summary.html"
    form_class = NoteForm
    submit_label = gettext_lazy("Yes, confirm the booking")

    def is_available(self):
        if self.booking.kind != BookingKind.TAILORED:
            return _("Only tailored bookings are confirmed by hand.")
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["total"] = format_money(booking_total(self.booking))
        return context

    def perform(self, form) -> str:
        from .services import booking_confirm

        booking_confirm(
            booking=self.booking,
            actor=self.request.user,
            reason=form.cleaned_data["reason"] or "Confirmed by a programme manager",
        )
        return _("Booking %(reference)s is confirmed.") % {"reference": self.booking.reference}


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        max_length=200,
        help_text=gettext_lazy("Kept in the audit log and shown on a credit note."),
    )


class CancelBookingView(BookingActionView):
    action_title = gettext_lazy("Cancel booking")
    summary_template = "bookings/admin/actions/cancel_summary.html"
    form_class = CancelForm
    submit_label = gettext_lazy("Yes, cancel the booking")
    submit_classname = "button serious"

    def is_available(self):
        if self.booking.status in FINAL_STATES:
            return _("This booking is already %(status)s.") % {
                "status": self.booking.get_status_display().lower()
            }
        return None

    def get_context_data(self, **kwargs):
        from .cancellation import cancellation_terms

        context = super().get_context_data(**kwargs)
        terms = cancellation_terms(booking=self.booking)
        context.update(
            {
                "terms": terms,
                "policy": self.booking.cancellation_policy,
                "rule": cancellation_rule(self.booking, terms.days_before),
                "percent": format_percent(terms.percent).removesuffix(" %"),
                "total": format_money(booking_total(self.booking)),
                "paid": format_money(terms.paid),
                "refund": format_money(terms.refund),
                "retained": format_money(terms.retained),
                "unpaid": format_money(terms.unpaid),
            }
        )
        return context

    def perform(self, form) -> str:
        from .cancellation import booking_cancel

        booking_cancel(
            booking=self.booking, actor=self.request.user, reason=form.cleaned_data["reason"]
        )
        return _("Booking %(reference)s is cancelled.") % {"reference": self.booking.reference}


def sent_emails(booking: Booking) -> list[OutboxMessage]:
    """The latest e-mail of each kind the system sent (or queued) about this booking."""
    latest: dict[str, OutboxMessage] = {}
    for message in OutboxMessage.objects.filter(
        task=EMAIL_TASK, kwargs__booking_id=booking.pk
    ).order_by("-created_at", "-pk"):
        latest.setdefault(message.kwargs.get("template", ""), message)
    # New participant links come from the participants' page, never from an old e-mail.
    return [
        message
        for template, message in latest.items()
        if template and template != "participant_invitation"
    ]


def email_label(template: str) -> str:
    return str(EMAIL_LABELS.get(template, template.replace("_", " ").capitalize()))


class ResendEmailForm(forms.Form):
    """Choose one of the booking's e-mails; it goes out again exactly as first sent."""

    CONFIRMATION = "confirmation"

    email = forms.ChoiceField(label=gettext_lazy("E-mail"), widget=forms.RadioSelect)

    def __init__(self, *args, booking: Booking, **kwargs):
        super().__init__(*args, **kwargs)
        self.messages = {str(m.pk): m for m in sent_emails(booking)}
        choices = [
            (
                pk,
                _("%(email)s, first queued %(when)s")
                % {
                    "email": email_label(m.kwargs["template"]),
                    "when": timezone.localtime(m.created_at).strftime("%d.%m.%Y %H:%M"),
                },
            )
            for pk, m in self.messages.items()
        ]
        # The confirmation needs nothing but the booking: it can always be sent again.
        has_confirmation = any(
            m.kwargs["template"] == self.CONFIRMATION for m in self.messages.values()
        )
        if booking.status in COMMITTED_STATES and not has_confirmation:
            choices.append((self.CONFIRMATION, email_label(self.CONFIRMATION)))
        self.fields["email"].choices = choices

    def kwargs_to_send(self) -> dict:
        value = self.cleaned_data["email"]
        if value == self.CONFIRMATION:
            return {"template": self.CONFIRMATION}
        return {k: v for k, v in self.messages[value].kwargs.items() if k != "booking_id"}


class ResendEmailView(BookingActionView):
    action_title = gettext_lazy("Resend an e-mail")
    summary_template = "bookings/admin/actions/resend_summary.html"
    form_class = ResendEmailForm
    submit_label = gettext_lazy("Send again")

    def get_form_kwargs(self):
        return {"booking": self.booking}

    def is_available(self):
        if not ResendEmailForm(booking=self.booking).fields["email"].choices:
            return _("No e-mail has been sent about this booking yet.")
        return None

    def perform(self, form) -> str:
        kwargs = form.kwargs_to_send()
        with transaction.atomic():
            outbox_enqueue(task=EMAIL_TASK, booking_id=self.booking.pk, **kwargs)
            audit_record(
                subject=self.booking,
                action="email_resend",
                actor=self.request.user,
                data={"template": kwargs["template"]},
            )
        return _("The e-mail “%(email)s” will be sent again to %(to)s.") % {
            "email": email_label(kwargs["template"]),
            "to": kwargs.get("to") or self.booking.contact.email,
        }


class MarkPaidForm(forms.Form):
    paid_on = forms.DateField(
        label=gettext_lazy("Payment received on"),
        widget=AdminDateInput,
        required=True,
        validators=DATE_BOUNDS,
    )

    def clean_paid_on(self):
        value = self.cleaned_data["paid_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return value


class MarkInvoicePaidView(BookingActionView):
    action_title = gettext_lazy("Mark invoice paid")
    summary_template = "bookings/admin/actions/invoice_summary.html"
    form_class = MarkPaidForm
    submit_label = gettext_lazy("Yes, mark it paid")

    @cached_property
    def invoice(self) -> Invoice:
        return get_object_or_404(
            Invoice.objects.prefetch_related("lines"),
            pk=self.kwargs["invoice_pk"],
            booking=self.booking,
        )

    def get_form(self):
        if self.request.method == "POST":
            return MarkPaidForm(self.request.POST)
        return MarkPaidForm(initial={"paid_on": timezone.localdate()})

    def is_available(self):
        if self.invoice.kind != InvoiceKind.INVOICE:
            return _("A credit note is not paid.")
        if self.invoice.paid_at:
            return _("Invoice %(number)s is already paid.") % {"number": self.invoice.number}
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "invoice": self.invoice,
                "reference": format_reference(self.invoice.reference),
                "total": format_money(totals(self.invoice.lines.all()).gross),
            }
        )
        return context

    def perform(self, form) -> str:
        from .invoicing.services import invoice_mark_paid

        invoice_mark_paid(
            invoice=self.invoice, actor=self.request.user, paid_on=form.cleaned_data["paid_on"]
        )
        return _("Invoice %(number)s is marked paid.") % {"number": self.invoice.number}


class SendQuoteView(BookingActionView):
    action_title = gettext_lazy("Send quote")
    summary_template = "bookings/admin/actions/quote_summary.html"
    submit_label = gettext_lazy("Yes, send the quote")

    @cached_property
    def quote(self) -> Quote:
        return get_object_or_404(
            Quote.objects.prefetch_related("lines"),
            pk=self.kwargs["quote_pk"],
            booking=self.booking,
        )

    def is_available(self):
        if self.quote.status != QuoteStatus.DRAFT:
            return _("This quote has already been sent.")
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        lines = list(self.quote.lines.all())
        context.update(
            {
                "quote": self.quote,
                "quote_lines": [
                    {
                        "line": line,
                        "vat_rate": format_percent(line.vat_rate),
                        "quantity": format_quantity(line.quantity),
                        "gross": format_money(line_gross(line)),
                    }
                    for line in lines
                ],
                "total": format_money(totals(lines).gross),
            }
        )
        return context

    def perform(self, form) -> str:
        from .quotes import quote_send

        quote_send(quote=self.quote, actor=self.request.user)
        return _("The quote is sent to %(to)s.") % {"to": self.booking.contact.email}


class InvoicePdfAdminView(BookingViewMixin, PermissionCheckedMixin, TemplateView):
    """A manager downloads any invoice or credit note of a booking."""

    any_permission_required = ["view", "change"]

    def get(self, request, *args, **kwargs):
        invoice = get_object_or_404(Invoice, pk=kwargs["invoice_pk"], booking=self.booking)
        return invoice_pdf_response(invoice)


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
        from .participants import manifest_rows

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


# --------------------------------------------------------------------------- catalogue


class InlineFormsetPanel(Panel):
    """Edits the children of a plain foreign key (not a ParentalKey) as rows of a table."""

    def __init__(self, formset_name: str = "inline", **kwargs):
        super().__init__(**kwargs)
        self.formset_name = formset_name

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "formset_name": self.formset_name}

    class BoundPanel(Panel.BoundPanel):
        template_name = "bookings/admin/panels/inline_formset.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["formset"] = getattr(self.form, self.panel.formset_name)
            return context


class InlineFormsetForm(WagtailAdminModelForm):
    """A model form that also edits a formset of children (see inline_formset_form)."""

    inline_formset_class = None
    inline_prefix = "inline"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.inline = self.inline_formset_class(
            data=self.data if self.is_bound else None,
            files=self.files if self.is_bound else None,
            instance=self.instance,
            prefix=self.inline_prefix,
        )

    def is_valid(self):
        form_valid = super().is_valid()
        inline_valid = self.inline.is_valid()
        return form_valid and inline_valid

    def has_changed(self):
        return super().has_changed() or self.inline.has_changed()

    @property
    def media(self):
        return super().media + self.inline.media

    def save(self, commit=True):
        instance = super().save(commit=commit)
        if commit:
            self.inline.instance = instance
            self.inline.save()
        return instance


def inline_formset_form(
    *, parent, child, fields, prefix, formset=GuardedInlineFormSet, extra=2, min_num=0, labels=None
) -> type[InlineFormsetForm]:
    formset_class = inlineformset_factory(
        parent,
        child,
        fields=fields,
        labels=labels,
        formset=formset,
        extra=extra,
        min_num=min_num,
        validate_min=bool(min_num),
        can_delete=True,
    )
    return type(
        f"{parent.__name__}Form",
        (InlineFormsetForm,),
        {"inline_formset_class": formset_class, "inline_prefix": prefix},
    )


class RoomTypeFormSet(GuardedInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            room_type = form.instance
            if (
                room_type.pk
                and RoomReservation.objects.filter(allotment__room_type=room_type).exists()
            ):
                raise ValidationError(
                    _("%(room)s has rooms booked and cannot be removed.") % {"room": room_type.name}
                )


CancellationPolicyForm = inline_formset_form(
    parent=CancellationPolicy,
    child=CancellationRule,
    fields=["days_before", "refund_percent"],
    prefix="rules",
    extra=3,
    min_num=1,
)
HotelForm = inline_formset_form(
    parent=Hotel,
    child=RoomType,
    fields=["name", "price_single", "price_double", "vat_rate"],
    prefix="room_types",
    formset=RoomTypeFormSet,
    labels={"vat_rate": gettext_lazy("VAT rate")},
    extra=2,
)


class ProtectedAwareDeleteView(DeleteView):
    """Deleting something bookings still point at is refused with a message, not a 500."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except (ProtectedError, RestrictedError):
            messages.error(
                self.request,
                _("%(object)s is still used by bookings and cannot be deleted.")
                % {"object": self.object},
            )
            return redirect(self.get_success_url())


class SelectRelatedIndexView(IndexView):
    """An index view whose rows need related objects: joined, not fetched per row."""

    list_select_related: tuple[str, ...] = ()
    list_prefetch_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset
