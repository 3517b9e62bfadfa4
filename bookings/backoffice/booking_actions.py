"""The programme manager's actions on a booking: confirm, cancel, resend an e-mail, mark
an invoice paid, send a draft quote, download an invoice.

Views stay thin: each calls one service function and turns a domain refusal
(BookingError) into an error message, with nothing changed.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import AdminDateInput

from core.audit import audit_record
from core.formatting import format_money, format_quantity
from core.formatting import format_rate as format_percent
from core.forms import DATE_BOUNDS
from core.models import OutboxMessage
from core.outbox import outbox_enqueue

from ..cancellation import booking_cancel, cancellation_terms
from ..enums import (
    COMMITTED_STATES,
    FINAL_STATES,
    BookingKind,
    InvoiceKind,
    QuoteStatus,
)
from ..errors import BookingError
from ..invoicing.pdf import format_reference, invoice_pdf_response
from ..invoicing.services import invoice_mark_paid
from ..models import (
    Booking,
    Invoice,
    Quote,
)
from ..pricing import line_gross, totals
from ..quotes import quote_send
from ..services import booking_confirm
from .booking_views import (
    EMAIL_LABELS,
    EMAIL_TASK,
    BookingViewMixin,
    booking_total,
    cancellation_rule,
)

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
        quote_send(quote=self.quote, actor=self.request.user)
        return _("The quote is sent to %(to)s.") % {"to": self.booking.contact.email}


class InvoicePdfAdminView(BookingViewMixin, PermissionCheckedMixin, TemplateView):
    """A manager downloads any invoice or credit note of a booking."""

    any_permission_required = ["view", "change"]

    def get(self, request, *args, **kwargs):
        invoice = get_object_or_404(Invoice, pk=kwargs["invoice_pk"], booking=self.booking)
        return invoice_pdf_response(invoice)
