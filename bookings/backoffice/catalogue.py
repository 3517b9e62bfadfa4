"""What the bookings sell, edited with Wagtail's generic model views: hotels with their
room types, cancellation policies with their rules; deletes of what bookings still
point at are refused with a message."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    ProtectedError,
    RestrictedError,
)
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages
from wagtail.admin.views.generic import DeleteView, IndexView

from core.forms import GuardedInlineFormSet
from core.panels import inline_formset_form

from ..models import (
    CancellationPolicy,
    CancellationRule,
    Hotel,
    RoomReservation,
    RoomType,
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
