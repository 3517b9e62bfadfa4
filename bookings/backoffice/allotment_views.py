"""The back office's allotments: hotel rooms per night and room type (a wing of bookings).

Listing with rooms booked or held, the edit of one night (through
bookings.allotments.allotment_update: locked, checked, audited) and the bulk form that
creates or updates a run of nights. The viewset is in bookings.wagtail_hooks.
"""

from __future__ import annotations

import datetime

from django import forms
from django.db import transaction
from django.db.models import IntegerField, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.forms.models import WagtailAdminModelForm
from wagtail.admin.views.generic import EditView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import HeaderButton

from core.forms import DATE_BOUNDS

from ..allotments import AllotmentError, allotment_refusal, allotment_update
from ..models import Allotment, RoomType
from ..selectors import allotment_rooms_taken, capacity_holding_q
from .catalogue import SelectRelatedIndexView


class AllotmentIndexView(SelectRelatedIndexView):
    list_select_related = ("room_type__hotel",)
    bulk_url_name = None

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .annotate(
                rooms_taken=Coalesce(
                    Sum(
                        "reservations__rooms", filter=capacity_holding_q("reservations__booking__")
                    ),
                    Value(0),
                    output_field=IntegerField(),
                )
            )
        )

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.bulk_url_name and self.user_has_permission("add"):
            buttons = [
                *buttons,
                HeaderButton(
                    _("Add nights in bulk"),
                    url=reverse(self.bulk_url_name),
                    icon_name="calendar-alt",
                ),
            ]
        return buttons


class AllotmentForm(WagtailAdminModelForm):
    """Says early what the service refuses (bookings.allotments): a night with rooms
    booked or held keeps its night and room type, and at least those rooms."""

    def clean(self):
        cleaned = super().clean()
        room_type, night, rooms = (cleaned.get(k) for k in ("room_type", "night", "rooms"))
        if self.instance.pk and None not in (room_type, night, rooms):
            current = Allotment.objects.get(pk=self.instance.pk)
            refusal = allotment_refusal(
                current,
                room_type_id=room_type.pk,
                night=night,
                rooms=rooms,
                taken=allotment_rooms_taken(allotment_id=current.pk),
            )
            if refusal is not None:
                self.add_error(*refusal)
        return cleaned


class AllotmentEditView(EditView):
    """Saves through `allotment_update`, which locks the allotment night, checks what is
    booked or held and writes the audit entry.

    The lock is taken before the form is checked too (a checkout locks the same row
    before it counts rooms, bookings.services), so the form's message and the service's
    check see the same rooms.
    """

    def post(self, request, *args, **kwargs):
        with transaction.atomic():
            list(Allotment.objects.select_for_update().filter(pk=self.object_pk))
            return super().post(request, *args, **kwargs)

    def save_instance(self):
        data = self.form.cleaned_data
        return allotment_update(
            allotment=self.object,
            room_type=data["room_type"],
            night=data["night"],
            rooms=data["rooms"],
            release_date=data["release_date"],
            actor=self.request.user,
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except AllotmentError as error:
            form.add_error(None, str(error.message))
            return self.form_invalid(form)


class BulkAllotmentForm(forms.Form):
    room_type = forms.ModelChoiceField(
        label=gettext_lazy("Room type"),
        queryset=RoomType.objects.select_related("hotel").order_by("hotel__name", "name"),
    )
    first_night = forms.DateField(
        label=gettext_lazy("First night"), widget=AdminDateInput, validators=DATE_BOUNDS
    )
    last_night = forms.DateField(
        label=gettext_lazy("Last night"), widget=AdminDateInput, validators=DATE_BOUNDS
    )
    rooms = forms.IntegerField(label=gettext_lazy("Rooms per night"), min_value=0, max_value=10000)
    release_days = forms.IntegerField(
        label=gettext_lazy("Release (days before the night)"),
        min_value=0,
        max_value=365,
        initial=30,
        help_text=gettext_lazy("Unused rooms go back to the hotel this many days before."),
    )

    MAX_NIGHTS = 366

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first_night"), cleaned.get("last_night")
        if first and last:
            if last < first:
                self.add_error("last_night", _("The last night cannot be before the first."))
            elif (last - first).days >= self.MAX_NIGHTS:
                self.add_error(
                    "last_night", _("At most %(n)s nights at a time.") % {"n": self.MAX_NIGHTS}
                )
        return cleaned

    def nights(self) -> list[datetime.date]:
        first, last = self.cleaned_data["first_night"], self.cleaned_data["last_night"]
        return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


class BulkAllotmentView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Create or update one room type's allotment for a run of nights in one go."""

    model = Allotment
    permission_required = "add"
    template_name = "bookings/admin/allotment_bulk.html"
    page_title = gettext_lazy("Add allotment nights in bulk")
    header_icon = "calendar-alt"
    index_url_name = None

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse(self.index_url_name),
                "label": capfirst(Allotment._meta.verbose_name_plural),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", BulkAllotmentForm())
        context["index_url"] = reverse(self.index_url_name)
        return context

    def post(self, request, *args, **kwargs):
        form = BulkAllotmentForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if not self.user_has_permission("change"):
            messages.error(request, _("You may not change existing allotments."))
            return self.render_to_response(self.get_context_data(form=form))
        room_type = form.cleaned_data["room_type"]
        rooms = form.cleaned_data["rooms"]
        release = datetime.timedelta(days=form.cleaned_data["release_days"])
        nights = form.nights()
        with transaction.atomic():
            existing = {
                allotment.night: allotment
                for allotment in Allotment.objects.select_for_update()
                .filter(room_type=room_type, night__in=nights)
                .order_by("pk")
            }
            too_few = [
                (night, taken)
                for night, allotment in sorted(existing.items())
                if (taken := allotment_rooms_taken(allotment_id=allotment.pk)) > rooms
            ]
            if too_few:
                form.add_error(
                    "rooms",
                    _("Some nights have more rooms booked or held than that: %(nights)s.")
                    % {
                        "nights": ", ".join(
                            f"{night:%d.%m.%Y} ({taken})" for night, taken in too_few
                        )
                    },
                )
                transaction.set_rollback(True)
                return self.render_to_response(self.get_context_data(form=form))
            created = updated = 0
            for night in nights:
                allotment = existing.get(night)
                if allotment is None:
                    Allotment.objects.create(
                        room_type=room_type, night=night, rooms=rooms, release_date=night - release
                    )
                    created += 1
                elif allotment.rooms != rooms or allotment.release_date != night - release:
                    allotment_update(
                        allotment=allotment,
                        room_type=room_type,
                        night=night,
                        rooms=rooms,
                        release_date=night - release,
                        actor=request.user,
                    )
                    updated += 1
        messages.success(
            request,
            _("%(room)s: %(created)s nights added, %(updated)s updated.")
            % {"room": room_type, "created": created, "updated": updated},
        )
        return redirect(reverse(self.index_url_name) + f"?room_type={room_type.pk}")
