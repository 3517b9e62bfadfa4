"""The back office's departure actions: add, change seats, move dates, cancel, delete.

The programme page editor shows a programme's departures (programmes.panels) and, through
the DEPARTURE_ADMIN_HOOK answered below, links to these views. Each view is a form (GET)
and one call of a service of bookings.departures (POST); a refusal (DepartureError) is
shown on the form with nothing changed. Only a user who may edit the programme page and
change bookings may act.
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import IntegerField, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import AdminDateInput
from wagtail.models import Page
from wagtail.permissions import policy_registry

from core.forms import DATE_BOUNDS
from programmes.enums import DepartureStatus, ProgrammeLanguage
from programmes.models import Departure, ProgrammePage
from programmes.panels import DEPARTURE_ADMIN_HOOK, AdminLink, DepartureAdmin

from ..departures import (
    MAX_SEATS,
    DepartureError,
    departure_add,
    departure_bookings_open,
    departure_cancel,
    departure_change_seats,
    departure_delete,
    departure_move,
    original_programme,
)
from ..models import Booking
from ..selectors import capacity_holding_q

NS = "booking_departures"
SEATS_BOUNDS = [MinValueValidator(1), MaxValueValidator(MAX_SEATS)]


def may_manage_departures(user, page: ProgrammePage) -> bool:
    """Edit rights on the programme page and the right to change bookings."""
    if not user.is_authenticated:
        return False
    if not policy_registry.get_by_type(Booking).user_has_permission(user, "change"):
        return False
    return page.permissions_for_user(user).can_edit()


# --------------------------------------------------------------------------- forms


class DepartureSeatsForm(forms.Form):
    seats = forms.IntegerField(
        label=gettext_lazy("Seats"), min_value=1, max_value=MAX_SEATS, validators=SEATS_BOUNDS
    )


class DepartureMoveForm(forms.Form):
    start_date = forms.DateField(
        label=gettext_lazy("New start date"), widget=AdminDateInput, validators=DATE_BOUNDS
    )


class DepartureCancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (for the record)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DepartureAddForm(forms.Form):
    start_date = forms.DateField(
        label=gettext_lazy("Start date"), widget=AdminDateInput, validators=DATE_BOUNDS
    )
    seats = forms.IntegerField(
        label=gettext_lazy("Seats"), min_value=1, max_value=MAX_SEATS, validators=SEATS_BOUNDS
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Programme language"),
        choices=ProgrammeLanguage.choices,
        initial=ProgrammeLanguage.ENGLISH,
    )


# --------------------------------------------------------------------------- views


def seats_taken_by_departure(departure_ids) -> dict[int, int]:
    rows = (
        Departure.objects.filter(pk__in=departure_ids)
        .annotate(
            taken=Coalesce(
                Sum("bookings__participants_count", filter=capacity_holding_q("bookings__")),
                Value(0),
                output_field=IntegerField(),
            )
        )
        .values_list("pk", "taken")
    )
    return dict(rows)


class DepartureActionView(WagtailAdminTemplateMixin, TemplateView):
    """A form about one departure (GET) and its service call (POST), then back to the
    programme page's editor."""

    template_name = "bookings/admin/confirm_action.html"
    summary_template = "bookings/admin/actions/departure_summary.html"
    form_class: type[forms.Form] | None = None
    submit_label = gettext_lazy("Save")
    submit_classname = "button"
    action_title = ""
    header_icon = "date"

    @cached_property
    def departure(self) -> Departure:
        return get_object_or_404(Departure.objects.select_related("page"), pk=self.kwargs["pk"])

    @cached_property
    def programme(self) -> ProgrammePage:
        return self.departure.page

    def dispatch(self, request, *args, **kwargs):
        if not may_manage_departures(request.user, self.programme):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def back_url(self) -> str:
        return reverse("wagtailadmin_pages:edit", args=(self.programme.pk,))

    def get_page_title(self):
        return self.action_title

    def get_page_subtitle(self):
        if "pk" in self.kwargs:
            return str(self.departure)
        return self.programme.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.back_url(), "label": self.programme.title},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    def initial(self) -> dict:
        return {}

    def get_form(self):
        if self.form_class is None:
            return None
        if self.request.method == "POST":
            return self.form_class(self.request.POST)
        return self.form_class(initial=self.initial())

    def summary(self) -> dict:
        departure = self.departure
        return {
            "departure": departure,
            "taken": seats_taken_by_departure([departure.pk]).get(departure.pk, 0),
            "open_bookings": departure_bookings_open(departure),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                **self.summary(),
                "form": kwargs["form"] if "form" in kwargs else self.get_form(),
                "summary_template": self.summary_template,
                "submit_label": self.submit_label,
                "submit_classname": self.submit_classname,
                "cancel_url": self.back_url(),
                "action_url": self.request.path,
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        if form is not None and not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            message = self.perform(form)
        except DepartureError as error:
            if form is None:
                messages.error(request, str(error.message))
                return redirect(self.back_url())
            form.add_error(None, str(error.message))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, message)
        return redirect(self.back_url())

    def perform(self, form) -> str:
        raise NotImplementedError


class DepartureSeatsView(DepartureActionView):
    form_class = DepartureSeatsForm
    action_title = gettext_lazy("Change seats")

    def initial(self):
        return {"seats": self.departure.seats}

    def perform(self, form):
        departure = departure_change_seats(
            departure=self.departure, seats=form.cleaned_data["seats"], actor=self.request.user
        )
        return _("%(departure)s now has %(seats)s seats.") % {
            "departure": departure,
            "seats": departure.seats,
        }


class DepartureMoveView(DepartureActionView):
    form_class = DepartureMoveForm
    action_title = gettext_lazy("Move dates")

    def initial(self):
        return {"start_date": self.departure.start_date}

    def perform(self, form):
        count = len(departure_bookings_open(self.departure))
        departure = departure_move(
            departure=self.departure,
            start_date=form.cleaned_data["start_date"],
            actor=self.request.user,
        )
        return _(
            "The departure now starts on %(date)s; %(count)s bookings and their visits moved "
            "with it."
        ) % {"date": departure.start_date.strftime("%d.%m.%Y"), "count": count}


class DepartureCancelView(DepartureActionView):
    form_class = DepartureCancelForm
    action_title = gettext_lazy("Cancel departure")
    submit_label = gettext_lazy("Cancel departure")
    submit_classname = "button no"

    def perform(self, form):
        open_bookings = departure_bookings_open(self.departure)
        departure_cancel(
            departure=self.departure, actor=self.request.user, reason=form.cleaned_data["reason"]
        )
        if open_bookings:
            return _(
                "The departure is cancelled and no longer sold. Its %(count)s bookings still "
                "stand: cancel or move each from its booking page."
            ) % {"count": len(open_bookings)}
        return _("The departure is cancelled and no longer sold.")


class DepartureDeleteView(DepartureActionView):
    action_title = gettext_lazy("Delete departure")
    submit_label = gettext_lazy("Delete departure")
    submit_classname = "button no"

    def perform(self, form):
        label = str(self.departure)
        departure_delete(departure=self.departure, actor=self.request.user)
        return _("%(departure)s was deleted.") % {"departure": label}


class DepartureAddView(DepartureActionView):
    form_class = DepartureAddForm
    action_title = gettext_lazy("Add departure")
    summary_template = None

    @cached_property
    def programme(self) -> ProgrammePage:
        page = get_object_or_404(ProgrammePage, pk=self.kwargs["page_pk"])
        return original_programme(page)

    def summary(self):
        return {}

    def perform(self, form):
        departure = departure_add(
            page=self.programme,
            start_date=form.cleaned_data["start_date"],
            seats=form.cleaned_data["seats"],
            language=form.cleaned_data["language"],
            actor=self.request.user,
        )
        return _("%(departure)s was added.") % {"departure": departure}


class DepartureViewSet(ViewSet):
    """The departure actions' URLs (no menu item: they are reached from the page editor)."""

    name = NS
    url_prefix = "departures"
    icon = "date"

    def get_urlpatterns(self):
        return [
            path("programme/<int:page_pk>/add/", DepartureAddView.as_view(), name="add"),
            path("<int:pk>/seats/", DepartureSeatsView.as_view(), name="seats"),
            path("<int:pk>/move/", DepartureMoveView.as_view(), name="move"),
            path("<int:pk>/cancel/", DepartureCancelView.as_view(), name="cancel"),
            path("<int:pk>/delete/", DepartureDeleteView.as_view(), name="delete"),
        ]


@hooks.register("register_admin_viewset")
def register_departure_viewset():
    return DepartureViewSet()


@hooks.register(DEPARTURE_ADMIN_HOOK)
def departure_admin_links(*, page, departures, request) -> DepartureAdmin | None:
    """The page editor's departures tab: seats sold or held, and the actions."""
    original = original_programme(page) if page.pk else page
    taken = seats_taken_by_departure([d.pk for d in departures])
    admin = DepartureAdmin(
        notes={
            d.pk: _("%(taken)s of %(seats)s seats sold or held")
            % {"taken": taken.get(d.pk, 0), "seats": d.seats}
            for d in departures
        }
    )
    if not page.pk or not may_manage_departures(request.user, original):
        return admin
    admin.links.append(AdminLink(_("Add departure"), reverse(f"{NS}:add", args=(original.pk,))))
    today = timezone.localdate()
    booked = set(
        Booking.objects.filter(departure__in=departures).values_list("departure_id", flat=True)
    )
    for d in departures:
        links = [AdminLink(_("Change seats"), reverse(f"{NS}:seats", args=(d.pk,)))]
        if d.status == DepartureStatus.SCHEDULED and d.start_date > today:
            links.append(AdminLink(_("Move dates"), reverse(f"{NS}:move", args=(d.pk,))))
        if d.status == DepartureStatus.SCHEDULED:
            links.append(AdminLink(_("Cancel departure"), reverse(f"{NS}:cancel", args=(d.pk,))))
        if d.pk not in booked:
            links.append(AdminLink(_("Delete departure"), reverse(f"{NS}:delete", args=(d.pk,))))
        admin.actions[d.pk] = links
    return admin


def _booked_page_refusal(request, page) -> bool:
    """Whether `page` (or a page below it) has bookings; if so, say why it stays."""
    if not Booking.objects.filter(programme__path__startswith=page.path).exists():
        return False
    messages.error(
        request,
        _(
            "%(page)s has bookings and cannot be deleted. Unpublish it to stop selling it; "
            "its departures can be cancelled from its Departures tab."
        )
        % {"page": page.get_admin_display_title()},
    )
    return True


@hooks.register("before_delete_page")
def refuse_deleting_a_booked_programme(request, page):
    """A programme page (or a page above programmes) with bookings cannot be deleted:
    its bookings and departures must stay. Said plainly, instead of the ProtectedError
    (a 500) deleting would raise; unpublishing it stops new sales."""
    if _booked_page_refusal(request, page):
        return redirect(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_booked_programmes(request, action_type, objects, action_class_instance):
    """The same for the page explorer's bulk delete."""
    if action_type != "delete" or not all(isinstance(o, Page) for o in objects):
        return None
    refused = [page for page in objects if _booked_page_refusal(request, page)]
    if refused:
        parent = refused[0].get_parent()
        return redirect(reverse("wagtailadmin_explore", args=(parent.pk,)))
    return None
