"""Tailored programme requests in the Wagtail admin: the list, one request, the quote
builder, sending, revising and declining.

A delegation's structured request (bookings.views.account.tailored_request) arrives here
as NEW. The manager reads it, builds a quote with lines, a validity and payment terms,
previews the totals with VAT and saves it as a draft; sending it e-mails the contact a
link. A revision is a new version: quote_prepare withdraws the earlier one, whose link
then says it was superseded. Every change goes through bookings.quotes; the views only
validate, call one service and turn a refusal (BookingError) into a message.

Access: the model permissions of TailoredRequest (programme managers have them, see
migration 0002): "view" to read, "change" to quote, send and decline.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import django_filters
from django import forms
from django.contrib.admin.utils import quote as url_quote
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton

from core.audit import audit_trail
from core.formatting import format_money, format_quantity
from core.formatting import format_rate as format_percent
from core.forms import DATE_BOUNDS, GuardedFormSet
from core.viewsets import InspectOnlyViewSetMixin

from ..enums import QuoteStatus, RequestStatus
from ..errors import BookingError
from ..invoicing.quote_pdf import quote_pdf_response, quote_version
from ..models import BookingPolicy, Quote, TailoredRequest, VatRate
from ..pricing import line_gross, totals
from ..quotes import (
    MAX_PRICE,
    MAX_QUANTITY,
    MAX_TERM_DAYS,
    quote_plan,
    quote_prepare,
    quote_send,
    quote_terms,
    quote_url,
    tailored_request_decline,
)
from ..selectors import payment_plan_for

REQUEST_NS = "tailored_requests"
OPEN_REQUEST_STATES = (RequestStatus.NEW, RequestStatus.QUOTED)
DEFAULT_VALIDITY_DAYS = 14
EMPTY_LINE_ROWS = 3


def request_label(request: TailoredRequest) -> str:
    return f"{request.organisation.name} · {request.preferred_start:%d.%m.%Y}"


def quote_versions(request: TailoredRequest) -> list[Quote]:
    """The request's quotes, oldest first, each with its version number and totals."""
    if not request.booking_id:
        return []
    quotes = list(
        Quote.objects.filter(booking_id=request.booking_id)
        .prefetch_related("lines")
        .order_by("created_at", "pk")
    )
    for number, quote in enumerate(quotes, start=1):
        quote.version = number
        quote.totals = totals(quote.lines.all())
        quote.gross_display = format_money(quote.totals.gross)
        quote.vat_display = format_money(quote.totals.vat)
        quote.superseded = quote.status == QuoteStatus.WITHDRAWN and number < len(quotes)
    return quotes


# --------------------------------------------------------------------------- listing


class TailoredRequestFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label=gettext_lazy("Status"),
        choices=RequestStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = TailoredRequest
        fields = ["status"]


class RequestStatusColumn(StatusTagColumn):
    def __init__(self, **kwargs):
        super().__init__(
            "get_status_display",
            label=gettext_lazy("Status"),
            sort_key="status",
            primary=lambda request: request.status in OPEN_REQUEST_STATES,
            **kwargs,
        )


class TailoredRequestIndexView(IndexView):
    """Every request, newest first; open ones (new, quoted) first by the filter."""

    def get_base_queryset(self):
        return TailoredRequest.objects.select_related(
            "organisation", "contact", "programme", "booking"
        )


class RequestViewMixin:
    """Loads the request of the URL for the detail view and every action."""

    model = TailoredRequest
    index_url_name = None
    inspect_url_name = None
    header_icon = "form"

    @cached_property
    def tailored_request(self) -> TailoredRequest:
        return get_object_or_404(
            TailoredRequest.objects.select_related(
                "organisation", "contact", "programme", "booking"
            ).prefetch_related("themes", "hosts"),
            pk=self.kwargs["pk"],
        )

    def detail_url(self) -> str:
        return reverse(self.inspect_url_name, args=(url_quote(self.tailored_request.pk),))

    def request_url(self, name: str, *args) -> str:
        return reverse(f"{REQUEST_NS}:{name}", args=(self.tailored_request.pk, *args))


class TailoredRequestDetailView(RequestViewMixin, InspectView):
    """One request: what the delegation asked for, its quote versions and the actions."""

    template_name = "bookings/admin/tailored_request_detail.html"

    def get_object(self, queryset=None):
        return self.tailored_request

    def get_page_title(self):
        return _("Tailored programme request")

    def get_page_subtitle(self):
        return request_label(self.tailored_request)

    def get_fields(self):
        return []

    @cached_property
    def can_change(self) -> bool:
        return self.user_has_permission("change")

    def get_header_buttons(self):
        request = self.tailored_request
        buttons = []
        if request.booking_id:
            buttons.append(
                HeaderButton(
                    _("Booking %(reference)s") % {"reference": request.booking.reference},
                    url=reverse("booking:inspect", args=(request.booking_id,)),
                    icon_name="calendar-check",
                )
            )
        return buttons + super().get_header_buttons()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.tailored_request
        versions = quote_versions(request)
        latest = versions[-1] if versions else None
        is_open = request.status in OPEN_REQUEST_STATES
        for quote in versions:
            quote.send_url = (
                self.request_url("quote_send", quote.pk)
                if self.can_change and quote.status == QuoteStatus.DRAFT and is_open
                else None
            )
            quote.pdf_url = self.request_url("quote_pdf", quote.pk)
            quote.link = quote_url(quote) if quote.sent_at else ""
        context.update(
            {
                "tailored_request": request,
                "versions": versions,
                "latest": latest,
                "can_quote": self.can_change and is_open,
                "builder_url": self.request_url("quote_builder"),
                "decline_url": self.request_url("decline") if self.can_change and is_open else None,
                "timeline": list(audit_trail(request).select_related("actor")),
            }
        )
        return context


# --------------------------------------------------------------------------- actions


class RequestActionMixin(RequestViewMixin, PermissionCheckedMixin, WagtailAdminTemplateMixin):
    permission_required = "change"
    action_title = ""

    def get_page_title(self):
        return self.action_title

    def get_page_subtitle(self):
        return request_label(self.tailored_request)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(TailoredRequest._meta.verbose_name_plural),
            },
            {"url": self.detail_url(), "label": request_label(self.tailored_request)},
            {"url": "", "label": self.get_page_title()},
        ]

    def is_available(self) -> str | None:
        if self.tailored_request.status not in OPEN_REQUEST_STATES:
            return _("This request is %(status)s: it can no longer be quoted.") % {
                "status": self.tailored_request.get_status_display().lower()
            }
        return None

    def refuse_if_unavailable(self):
        reason = self.is_available()
        if reason:
            messages.error(self.request, reason)
            return redirect(self.detail_url())
        return None


def _vat_choices() -> list[tuple[str, str]]:
    rates = list(VatRate.objects.order_by("-rate"))
    choices = [(f"{rate.rate:.2f}", f"{rate.name} ({format_percent(rate.rate)})") for rate in rates]
    return choices or [("25.50", "25.5 %")]


class QuoteLineForm(forms.Form):
    description = forms.CharField(label=gettext_lazy("Description"), max_length=300)
    quantity = forms.DecimalField(
        label=gettext_lazy("Quantity"),
        min_value=Decimal("0.01"),
        max_value=MAX_QUANTITY,
        max_digits=9,
        decimal_places=2,
    )
    unit_price = forms.DecimalField(
        label=gettext_lazy("Unit price (EUR, incl. VAT)"),
        min_value=Decimal("0"),
        max_value=MAX_PRICE,
        max_digits=13,
        decimal_places=2,
    )
    vat_rate = forms.TypedChoiceField(label=gettext_lazy("VAT rate"), coerce=Decimal)

    def __init__(self, *args, vat_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vat_rate"].choices = list(vat_choices)

    def has_changed(self):
        # A row counts when it has a description, quantity or price: an empty row keeps
        # its preselected VAT rate, and a row the manager cleared is left out.
        return any(
            str(self[name].value() or "").strip()
            for name in ("description", "quantity", "unit_price")
        )


class GuardedQuoteLineFormSet(GuardedFormSet):
    def _construct_form(self, i, **kwargs):
        # Every row may be left empty, the prefilled ones too (that removes the line).
        form = super()._construct_form(i, **kwargs)
        form.empty_permitted = True
        return form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data for form in self.forms if form.has_changed()):
            raise forms.ValidationError(_("A quote needs at least one line."))

    def lines(self) -> list[dict]:
        return [
            {
                key: form.cleaned_data[key]
                for key in ("description", "quantity", "unit_price", "vat_rate")
            }
            for form in self.forms
            if form.has_changed() and form.cleaned_data
        ]


LineFormSet = forms.formset_factory(
    QuoteLineForm,
    formset=GuardedQuoteLineFormSet,
    extra=EMPTY_LINE_ROWS,
    max_num=50,
    validate_max=True,
)


class QuoteTermsForm(forms.Form):
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"), widget=AdminDateInput, validators=DATE_BOUNDS
    )
    deposit_percent = forms.DecimalField(
        label=gettext_lazy("Deposit (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
        help_text=gettext_lazy("Paid by card when the quote is accepted."),
    )
    balance_due_days = forms.IntegerField(
        label=gettext_lazy("Balance due (days before arrival)"),
        min_value=0,
        max_value=MAX_TERM_DAYS,
        help_text=gettext_lazy(
            "When the balance would fall due too soon after acceptance, the whole amount is "
            "due at once."
        ),
    )
    invoice_payment_days = forms.IntegerField(
        label=gettext_lazy("Invoice payment term (days net)"),
        min_value=1,
        max_value=MAX_TERM_DAYS,
    )

    def clean_valid_until(self):
        value = self.cleaned_data["valid_until"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The quote must be valid until today or later."))
        return value


class _PreviewLine:
    def __init__(self, *, description, quantity, unit_price, vat_rate):
        self.description = description
        self.quantity = quantity
        self.unit_price = unit_price
        self.vat_rate = vat_rate


class QuoteBuilderView(RequestActionMixin, TemplateView):
    """Build a quote (or its next version) with lines, a validity and payment terms.

    "Preview totals" shows the totals with VAT and the payment plan without saving;
    "Save the quote" calls quotes.quote_prepare (a draft; sending is a separate step).
    """

    template_name = "bookings/admin/quote_builder.html"

    @property
    def action_title(self):
        return _("Revise the quote") if self.latest_quote else _("Prepare the quote")

    @cached_property
    def latest_quote(self) -> Quote | None:
        versions = quote_versions(self.tailored_request)
        return versions[-1] if versions else None

    def initial(self) -> tuple[dict, list[dict]]:
        today = timezone.localdate()
        validity = today + datetime.timedelta(days=DEFAULT_VALIDITY_DAYS)
        latest = self.latest_quote
        if latest is not None:
            terms = quote_terms(latest)
            lines = [
                {
                    "description": line.description,
                    "quantity": line.quantity,
                    "unit_price": line.unit_price,
                    "vat_rate": f"{line.vat_rate:.2f}",
                }
                for line in latest.lines.all()
            ]
            valid_until = max(latest.valid_until, validity)
        else:
            terms = BookingPolicy.load()
            request = self.tailored_request
            programme = request.programme
            lines = [
                {
                    "description": programme.title if programme else _("Tailored programme"),
                    "quantity": request.group_size,
                }
            ]
            valid_until = validity
        return (
            {
                "valid_until": valid_until,
                "deposit_percent": terms.deposit_percent,
                "balance_due_days": terms.balance_due_days,
                "invoice_payment_days": terms.invoice_payment_days,
            },
            lines,
        )

    def get_forms(self):
        vat_choices = _vat_choices()
        terms_initial, lines_initial = self.initial()
        data = self.request.POST if self.request.method == "POST" else None
        terms_form = QuoteTermsForm(data, initial=terms_initial, prefix="terms")
        formset = LineFormSet(
            data,
            initial=lines_initial,
            prefix="lines",
            form_kwargs={"vat_choices": vat_choices},
        )
        return terms_form, formset

    def get(self, request, *args, **kwargs):
        refused = self.refuse_if_unavailable()
        if refused:
            return refused
        terms_form, formset = self.get_forms()
        return self.render_to_response(
            self.get_context_data(terms_form=terms_form, formset=formset)
        )

    def post(self, request, *args, **kwargs):
        refused = self.refuse_if_unavailable()
        if refused:
            return refused
        terms_form, formset = self.get_forms()
        valid = terms_form.is_valid() and formset.is_valid()
        preview = None
        if valid:
            lines = formset.lines()
            terms = terms_form.cleaned_data
            if request.POST.get("action") == "save":
                try:
                    quote = quote_prepare(
                        request=self.tailored_request,
                        lines=lines,
                        valid_until=terms["valid_until"],
                        deposit_percent=terms["deposit_percent"],
                        balance_due_days=terms["balance_due_days"],
                        invoice_payment_days=terms["invoice_payment_days"],
                        actor=request.user,
                    )
                except BookingError as error:
                    messages.error(request, str(error.message))
                else:
                    # The request's booking may be new: count from the quote's.
                    version = quote_version(quote)
                    messages.success(
                        request,
                        _(
                            "Quote version %(version)s is saved as a draft. Check it, then "
                            "send it to the contact."
                        )
                        % {"version": version},
                    )
                    return redirect(self.detail_url())
            preview = self.preview(lines, terms)
        return self.render_to_response(
            self.get_context_data(terms_form=terms_form, formset=formset, preview=preview)
        )

    def preview(self, lines: list[dict], terms: dict) -> dict:
        rows = [_PreviewLine(**line) for line in lines]
        total = totals(rows)
        policy = BookingPolicy.load()
        plan = payment_plan_for(
            total=total.gross,
            start_date=self.tailored_request.preferred_start,
            policy=BookingPolicy(
                deposit_percent=terms["deposit_percent"],
                balance_due_days=terms["balance_due_days"],
                balance_min_days=policy.balance_min_days,
                invoice_payment_days=terms["invoice_payment_days"],
            ),
        )
        return {
            "lines": [
                {
                    "description": row.description,
                    "quantity": format_quantity(row.quantity),
                    "unit_price": format_money(row.unit_price),
                    "vat_rate": format_percent(row.vat_rate),
                    "gross": format_money(line_gross(row)),
                }
                for row in rows
            ],
            "vat_rows": [
                {
                    "rate": format_percent(row.rate),
                    "net": format_money(row.net),
                    "vat": format_money(row.vat),
                    "gross": format_money(row.gross),
                }
                for row in total.rows
            ],
            "net": format_money(total.net),
            "vat": format_money(total.vat),
            "gross": format_money(total.gross),
            "plan": plan,
            "deposit": format_money(plan.deposit),
            "balance": format_money(plan.balance),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "tailored_request": self.tailored_request,
                "latest": self.latest_quote,
                "cancel_url": self.detail_url(),
                "action_url": self.request.path,
            }
        )
        return context


class RequestQuoteSendView(RequestActionMixin, TemplateView):
    """Confirm, then e-mail the contact the quote's link (quotes.quote_send)."""

    template_name = "bookings/admin/tailored_quote_send.html"
    action_title = gettext_lazy("Send the quote")

    @cached_property
    def quote(self) -> Quote:
        request = self.tailored_request
        return get_object_or_404(
            Quote.objects.prefetch_related("lines"),
            pk=self.kwargs["quote_pk"],
            booking_id=request.booking_id or -1,
        )

    def is_available(self):
        reason = super().is_available()
        if reason:
            return reason
        if self.quote.status != QuoteStatus.DRAFT:
            return _("This quote has already been sent.")
        return None

    def get(self, request, *args, **kwargs):
        refused = self.refuse_if_unavailable()
        if refused:
            return refused
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        refused = self.refuse_if_unavailable()
        if refused:
            return refused
        try:
            quote_send(quote=self.quote, actor=request.user)
        except BookingError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("The quote is sent to %(to)s.") % {"to": self.tailored_request.contact.email},
            )
        return redirect(self.detail_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        quote = self.quote
        lines = list(quote.lines.all())
        plan = quote_plan(quote)
        context.update(
            {
                "tailored_request": self.tailored_request,
                "quote": quote,
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
                "plan": plan,
                "deposit": format_money(plan.deposit),
                "terms": quote_terms(quote),
                "cancel_url": self.detail_url(),
                "action_url": self.request.path,
            }
        )
        return context


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (optional)"),
        help_text=gettext_lazy("Sent to the requester by e-mail, and kept in the audit log."),
        required=False,
        max_length=200,
    )


class DeclineRequestView(RequestActionMixin, TemplateView):
    template_name = "bookings/admin/confirm_action.html"
    action_title = gettext_lazy("Decline the request")

    def get(self, request, *args, **kwargs):
        refused = self.refuse_if_unavailable()
        if refused:
            return refused
        return self.render_to_response(self.get_context_data(form=DeclineForm()))

    def post(self, request, *args, **kwargs):
        refused = self.refuse_if_unavailable()
        if refused:
            return refused
        form = DeclineForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            tailored_request_decline(
                request=self.tailored_request,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except BookingError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("The request is declined."))
        return redirect(self.detail_url())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "submit_label": _("Yes, decline the request"),
                "submit_classname": "button serious",
                "cancel_url": self.detail_url(),
                "action_url": self.request.path,
            }
        )
        return context


class QuotePdfAdminView(RequestViewMixin, PermissionCheckedMixin, TemplateView):
    """A manager downloads any version of a request's quote."""

    any_permission_required = ["view", "change"]

    def get(self, request, *args, **kwargs):
        quote = get_object_or_404(
            Quote, pk=kwargs["quote_pk"], booking_id=self.tailored_request.booking_id or -1
        )
        return quote_pdf_response(quote)


# --------------------------------------------------------------------------- viewset


class TailoredRequestViewSet(InspectOnlyViewSetMixin, ModelViewSet):
    # Requests come from delegations and change only through the quote services.
    model = TailoredRequest
    name = REQUEST_NS
    url_prefix = "tailored-requests"
    icon = "form"
    menu_label = gettext_lazy("Tailored requests")
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = TailoredRequestIndexView
    inspect_view_class = TailoredRequestDetailView
    filterset_class = TailoredRequestFilterSet
    search_fields = ["organisation__name", "contact__email", "message"]
    search_backend_name = None
    ordering = "-created_at"
    list_per_page = 50

    @cached_property
    def list_display(self):
        return [
            TitleColumn(
                "organisation",
                label=_("Organisation"),
                accessor="organisation.name",
                sort_key="organisation__name",
                get_url=lambda r: reverse(self.get_url_name("inspect"), args=(r.pk,)),
            ),
            Column("contact", label=_("Contact"), accessor="contact.email"),
            Column(
                "programme",
                label=_("Programme"),
                accessor=lambda r: r.programme.title if r.programme_id else "—",
            ),
            Column(
                "dates",
                label=_("Preferred dates"),
                accessor=lambda r: f"{r.preferred_start:%d.%m.%Y} – {r.preferred_end:%d.%m.%Y}",
                sort_key="preferred_start",
            ),
            Column("group_size", label=_("Group size"), sort_key="group_size"),
            RequestStatusColumn(),
            DateColumn("created_at", label=_("Received"), sort_key="created_at"),
        ]

    def get_urlpatterns(self):
        action = self.construct_view
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", self.inspect_view, name="inspect"),
            path("<int:pk>/quote/", action(QuoteBuilderView), name="quote_builder"),
            path(
                "<int:pk>/quotes/<int:quote_pk>/send/",
                action(RequestQuoteSendView),
                name="quote_send",
            ),
            path(
                "<int:pk>/quotes/<int:quote_pk>/pdf/",
                action(QuotePdfAdminView),
                name="quote_pdf",
            ),
            path("<int:pk>/decline/", action(DeclineRequestView), name="decline"),
        ]
