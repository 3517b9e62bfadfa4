"""The programme managers' side, inside the Wagtail admin: the register of invitation
letters (approve or refuse each request), and per booking the delegation's page --
its letters, the order of precedence with its printable lists, badges and the rooming
lists sent to hotels. Every view is for programme managers only; actions are POSTs,
one service each, and a DelegationError becomes an error message that changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.roles import PROGRAMME_MANAGERS, user_has_role
from bookings.models import Booking, Hotel
from core.params import BIGINT_MAX, BadParameter, parse_int

from . import documents, letters, protocol, rooming
from .countries import country_name
from .enums import LetterStatus, PrintList
from .errors import DelegationError
from .forms import LetterDecisionForm, ProtocolForm, RoomAssignmentForm, RoomingSendForm
from .models import InvitationLetter
from .pdf import letter_pdf_response
from .selectors import letter_register, letters_of_booking, participants_in_precedence

NS = "delegations_admin"
BOOKING_NS = "booking"  # bookings.admin_views.BOOKING_NS: the admin booking page


def is_manager(user) -> bool:
    return user.is_active and (user.is_superuser or user_has_role(user, PROGRAMME_MANAGERS))


class ManagerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AdminPage(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "mail"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(f"{NS}:index"), "label": _("Invitation letters")},
            {"url": "", "label": self.get_page_title()},
        ]


class LetterRegisterView(AdminPage):
    """Every request and every issued letter, newest first (the register)."""

    template_name = "delegations/admin/register.html"
    page_title = gettext_lazy("Invitation letters")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = list(letter_register()[:500])
        context["waiting"] = [r for r in rows if r.status == LetterStatus.REQUESTED]
        context["issued"] = [r for r in rows if r.status == LetterStatus.ISSUED]
        context["refused"] = [r for r in rows if r.status == LetterStatus.REFUSED]
        return context


class LetterDetailView(AdminPage):
    template_name = "delegations/admin/letter.html"
    page_title = gettext_lazy("Invitation letter")

    def get_letter(self) -> InvitationLetter:
        return get_object_or_404(
            InvitationLetter.objects.select_related(
                "booking__organisation", "booking__programme", "participant", "decided_by"
            ),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.letter.full_name

    def get(self, request, *args, **kwargs):
        self.letter = self.get_letter()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        letter = self.letter
        context["letter"] = letter
        context["nationality"] = country_name(letter.nationality)
        context["entry_state"] = country_name(letter.entry_state)
        context["form"] = kwargs.get("form") or LetterDecisionForm(
            initial={
                "accommodation": letter.accommodation
                or rooming.booking_hotels_text(letter.booking),
                "costs_paid_by": letter.costs_paid_by,
            }
        )
        context["booking_url"] = reverse(f"{NS}:booking", args=[letter.booking_id])
        return context

    def post(self, request, *args, **kwargs):
        self.letter = letter = self.get_letter()
        form = LetterDecisionForm(request.POST)
        action = request.POST.get("action")
        if not form.is_valid():
            return self.get(request, *args, form=form)
        try:
            if action == "issue":
                InvitationLetter.objects.filter(pk=letter.pk, status=LetterStatus.REQUESTED).update(
                    accommodation=form.cleaned_data["accommodation"],
                    costs_paid_by=form.cleaned_data["costs_paid_by"],
                )
                letters.letter_issue(letter=letter, actor=request.user)
                messages.success(request, _("The letter was issued."))
            elif action == "refuse":
                reason = form.cleaned_data["reason"].strip()
                if not reason:
                    messages.error(request, _("Say why the letter is refused."))
                    return redirect(f"{NS}:letter", letter.pk)
                letters.letter_refuse(letter=letter, actor=request.user, reason=reason)
                messages.success(request, _("The request was refused."))
        except DelegationError as error:
            messages.error(request, str(error))
        return redirect(f"{NS}:letter", letter.pk)


class LetterPdfView(ManagerRequiredMixin, View):
    def get(self, request, pk):
        letter = get_object_or_404(
            InvitationLetter.objects.select_related("booking__programme", "booking__organisation"),
            pk=pk,
            status=LetterStatus.ISSUED,
        )
        return letter_pdf_response(letter)


class BookingDelegationView(AdminPage):
    """One booking's delegation: letters, precedence, lists, badges, rooming."""

    template_name = "delegations/admin/booking.html"
    page_title = gettext_lazy("Delegation")
    header_icon = "group"

    def get_booking(self) -> Booking:
        return get_object_or_404(
            Booking.objects.select_related("organisation", "programme"), pk=self.kwargs["pk"]
        )

    def get_page_subtitle(self):
        return f"{self.booking.reference} · {self.booking.organisation.name}"

    def get(self, request, *args, **kwargs):
        self.booking = self.get_booking()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        booking = self.booking
        people = participants_in_precedence(booking)
        rows = []
        for place, participant in enumerate(people, start=1):
            rows.append(
                {
                    "place": place,
                    "participant": participant,
                    "protocol": protocol.protocol_of(participant),
                    "name": protocol.addressed_name(participant),
                }
            )
        context.update(
            booking=booking,
            booking_admin_url=reverse(f"{BOOKING_NS}:inspect", args=[booking.pk]),
            letters=letters_of_booking(booking),
            rows=rows,
            order_value=",".join(str(p.pk) for p in people),
            lists=[
                (kind.label, reverse(f"{NS}:print", args=[booking.pk, kind.value]))
                for kind in PrintList
            ],
            badges_url=reverse(f"{NS}:badges", args=[booking.pk]),
            protocol_form=kwargs.get("protocol_form"),
            stays=self._stays(booking, kwargs.get("room_form"), kwargs.get("room_hotel")),
        )
        return context

    def post(self, request, *args, **kwargs):
        self.booking = booking = self.get_booking()
        action = request.POST.get("action", "")
        here = reverse(f"{NS}:booking", args=[booking.pk])
        try:
            if action in ("up", "down"):
                participant_id = parse_int(
                    request.POST.get("participant"), "participant", max_value=BIGINT_MAX
                )
                protocol.precedence_move(
                    booking=booking,
                    participant_id=participant_id,
                    step=-1 if action == "up" else 1,
                    actor=request.user,
                )
                messages.success(request, _("The order of precedence was changed."))
                return redirect(f"{here}#precedence")
            if action == "reorder":
                order = [
                    parse_int(x, "order", max_value=BIGINT_MAX)
                    for x in request.POST.get("order", "").split(",")
                    if x.strip()
                ]
                protocol.precedence_set(booking=booking, order=order, actor=request.user)
                messages.success(request, _("The order of precedence was changed."))
                return redirect(f"{here}#precedence")
            if action == "reset":
                protocol.precedence_reset(booking=booking, actor=request.user)
                messages.success(request, _("The order of precedence follows rank again."))
                return redirect(f"{here}#precedence")
            if action == "protocol":
                return self._protocol(request, booking, here)
            if action == "room":
                hotel = self._hotel(request)
                form = RoomAssignmentForm(request.POST, booking=booking, prefix=room_prefix(hotel))
                if not form.is_valid():
                    return self.get(request, *args, room_form=form, room_hotel=hotel)
                rooming.room_assign(
                    booking=booking,
                    data=form.cleaned_data,
                    actor=request.user,
                    hotel=hotel,
                )
                messages.success(request, _("The room was saved."))
                return redirect(f"{here}#rooming")
            if action == "room_remove":
                rooming.room_unassign(
                    booking=booking,
                    assignment_id=parse_int(
                        request.POST.get("assignment"), "assignment", max_value=BIGINT_MAX
                    ),
                    actor=request.user,
                )
                messages.success(request, _("The room was removed."))
                return redirect(f"{here}#rooming")
            if action == "send":
                hotel = self._hotel(request)
                form = RoomingSendForm(request.POST, prefix=send_prefix(hotel))
                if not form.is_valid():
                    messages.error(request, _("Enter the hotel's e-mail address."))
                    return redirect(f"{here}#rooming")
                sending = rooming.rooming_list_send(
                    booking=booking,
                    hotel=hotel,
                    recipient=form.cleaned_data["recipient"],
                    actor=request.user,
                )
                messages.success(
                    request,
                    _("The rooming list was sent to %(email)s.") % {"email": sending.recipient},
                )
                return redirect(f"{here}#rooming")
        except BadParameter:
            raise
        except DelegationError as error:
            messages.error(request, str(error))
            return redirect(here)
        messages.error(request, _("Nothing was changed."))
        return redirect(here)

    def _stays(self, booking, bound_room_form=None, hotel=None) -> list[dict]:
        """Each hotel's stay with its own forms (prefixed by the hotel: one page may show
        several hotels, and every field's id must be unique on it)."""
        stays = rooming.stays_by_hotel(booking, also=hotel)
        for stay in stays:
            hotel = stay["hotel"]
            prefix = room_prefix(hotel)
            stay["room_form"] = (
                bound_room_form
                if bound_room_form is not None and bound_room_form.prefix == prefix
                else RoomAssignmentForm(booking=booking, prefix=prefix)
            )
            stay["send_form"] = RoomingSendForm(
                prefix=send_prefix(hotel),
                initial={"recipient": stay["last_sent"].recipient if stay["last_sent"] else ""},
            )
        return stays

    def _hotel(self, request) -> Hotel:
        hotel_id = parse_int(request.POST.get("hotel"), "hotel", max_value=BIGINT_MAX)
        return get_object_or_404(Hotel, pk=hotel_id)

    def _protocol(self, request, booking, here):
        participant = get_object_or_404(
            booking.participants,
            pk=parse_int(request.POST.get("participant"), "participant", max_value=BIGINT_MAX),
        )
        form = ProtocolForm(request.POST, prefix=f"p{participant.pk}")
        if not form.is_valid():
            messages.error(
                request, _("Check the protocol details of %(name)s.") % {"name": participant}
            )
            return redirect(f"{here}#precedence")
        protocol.protocol_update(
            participant=participant, data=form.cleaned_data, actor=request.user
        )
        messages.success(request, _("Protocol of %(name)s saved.") % {"name": participant})
        return redirect(f"{here}#precedence")


def room_prefix(hotel: Hotel) -> str:
    return f"room{hotel.pk}"


def send_prefix(hotel: Hotel) -> str:
    return f"send{hotel.pk}"


class PrintListView(ManagerRequiredMixin, View):
    def get(self, request, pk, kind):
        booking = get_object_or_404(
            Booking.objects.select_related("organisation", "programme"), pk=pk
        )
        if kind not in PrintList.values:
            raise BadParameter("kind")
        return documents.print_list_response(booking, PrintList(kind))


class BadgesView(ManagerRequiredMixin, View):
    def get(self, request, pk):
        booking = get_object_or_404(
            Booking.objects.select_related("organisation", "programme"), pk=pk
        )
        return documents.badges_response(booking)


class RoomingDocumentView(ManagerRequiredMixin, View):
    def get(self, request, pk, hotel_id, fmt):
        booking = get_object_or_404(
            Booking.objects.select_related("organisation", "programme"), pk=pk
        )
        hotel = get_object_or_404(Hotel, pk=hotel_id)
        if fmt == "csv":
            return rooming.rooming_csv_response(booking, hotel)
        return rooming.rooming_pdf_response(booking, hotel)
