"""Participants: the contact's list (checkout step 4 and later), and the private link.

The services live in bookings.participants (slots, signed links, updates, what is
missing); these views only validate and call them.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.signing import BadSignature, TimestampSigner
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from ..enums import COMMITTED_STATES, BookingStatus
from ..errors import BookingError
from ..forms import ParticipantDetailsForm, ParticipantRowFormSet
from ..models import Booking, Participant
from ..participants import (
    TOKEN_SALT,
    id_check_required,
    participant_field_label,
    participant_from_token,
    participant_invite,
    participant_slots_ensure,
    participant_update,
    participants_missing,
)
from ._common import booking_for_user_or_404, hold_context, hold_lapsed, in_checkout, step_context
from .checkout import hold_expired_response

# Where a contact may still edit participants after checkout.
EDITABLE_AFTER_CHECKOUT = (BookingStatus.AWAITING_PAYMENT, *COMMITTED_STATES)


def participants_editable(booking: Booking) -> bool:
    return in_checkout(booking) or booking.status in EDITABLE_AFTER_CHECKOUT


def is_started(person) -> bool:
    return bool(person.first_name or person.last_name or person.email or person.invited_at)


def missing_by_participant(booking: Booking) -> dict[int, list[str]]:
    """participant id → labels (in the active language) of what is still missing."""

    return {
        participant.pk: [participant_field_label(name) for name in fields]
        for participant, fields in participants_missing(booking=booking)
    }


def _apply_service_errors(form, error: BookingError) -> None:
    """Put a refusal on the form: per field when the service says which, else on top."""
    field_errors = getattr(error, "errors", None) or {}
    placed = False
    for name, messages_ in field_errors.items():
        if name in form.fields:
            for message in messages_:
                form.add_error(name, message)
            placed = True
        else:
            for message in messages_:
                form.add_error(None, message)
    if not placed:
        form.add_error(None, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def participants(request, reference: str):
    booking = booking_for_user_or_404(request, reference)
    checkout = in_checkout(booking)
    if not checkout:
        if hold_lapsed(booking):
            return hold_expired_response(request, booking)
        if booking.status not in EDITABLE_AFTER_CHECKOUT:
            return redirect("bookings:detail", booking.reference)
    people = participant_slots_ensure(booking=booking)
    missing = missing_by_participant(booking)
    for person in people:
        # A seat nobody has named yet is not an error: the fields are optional until
        # the deadline. Only a started participant lists what is still missing.
        person.missing_labels = missing.get(person.pk, []) if is_started(person) else []
    formset = ParticipantRowFormSet(request.POST or None, participants=people, prefix="p")
    next_url = "bookings:review" if checkout else "bookings:detail"
    if request.method == "POST":
        if "skip" in request.POST:
            return redirect(next_url, booking.reference)
        if formset.is_valid():
            invited = 0
            current = None
            try:
                # One save for the whole list: a refusal for one row changes no row.
                with transaction.atomic():
                    for participant, form in formset.rows():
                        current = form
                        data = {
                            k: current.cleaned_data[k] for k in ("first_name", "last_name", "email")
                        }
                        if any(data[k] != getattr(participant, k) for k in data):
                            participant_update(
                                participant=participant, data=data, actor=request.user
                            )
                        if current.cleaned_data["invite"]:
                            participant_invite(
                                participant=participant, email=data["email"], actor=request.user
                            )
                            invited += 1
            except BookingError as error:
                if current is None:
                    formset._non_form_errors = formset.error_class([error.message])
                else:
                    _apply_service_errors(current, error)
            else:
                if invited:
                    messages.success(
                        request,
                        ngettext(
                            "Private link sent to %(count)s participant.",
                            "Private links sent to %(count)s participants.",
                            invited,
                        )
                        % {"count": invited},
                    )
                else:
                    messages.success(request, _("Participants saved."))
                return redirect(next_url, booking.reference)
    context = {
        "booking": booking,
        "programme": booking.programme.localized,
        "formset": formset,
        "checkout": checkout,
        "id_required": _id_required(booking),
    }
    if checkout:
        context.update(step_context("participants", booking))
        context.update(hold_context(booking))
    return render(request, "bookings/participants.html", context)


def _id_required(booking: Booking) -> bool:
    return id_check_required(booking=booking)


@login_required
@require_http_methods(["GET", "POST"])
def participant_edit(request, reference: str, participant_id: int):
    """The contact fills in every detail of one participant (each may stay empty)."""

    booking = booking_for_user_or_404(request, reference)
    participant = get_object_or_404(Participant, pk=participant_id, booking=booking)
    if not participants_editable(booking):
        return redirect("bookings:detail", booking.reference)
    form = ParticipantDetailsForm(
        request.POST or None,
        instance=participant,
        id_required=_id_required(booking),
        require_all=False,
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant_update(
                participant=participant, data=form.service_data(), actor=request.user
            )
        except BookingError as error:
            _apply_service_errors(form, error)
        else:
            participant.refresh_from_db()
            messages.success(request, _("Details of %(name)s saved.") % {"name": participant})
            return redirect("bookings:participants", booking.reference)
    return render(
        request,
        "bookings/participant_edit.html",
        {
            "booking": booking,
            "programme": booking.programme.localized,
            "participant": participant,
            "form": form,
        },
    )


# --------------------------------------------------------------------------- private link


@never_cache
@require_http_methods(["GET", "POST"])
def participant_details(request, token: str):
    """A participant's own form, reached by the signed link the contact sent. No login.

    A link that never was valid answers 404; one that was (expired, withdrawn, or its
    booking closed) answers 410 Gone. Both with a page that says what to do.
    """

    try:
        participant = participant_from_token(token)
    except BookingError as error:
        status = 410 if _signed_by_us(token) else 404
        return render(
            request,
            "bookings/participant_link_invalid.html",
            {"message": error.message, "gone": status == 410},
            status=status,
        )
    booking = participant.booking
    form = ParticipantDetailsForm(
        request.POST or None,
        instance=participant,
        id_required=_id_required(booking),
        require_all=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            participant_update(participant=participant, data=form.service_data(), actor=None)
        except BookingError as error:
            _apply_service_errors(form, error)
        else:
            return render(
                request,
                "bookings/participant_thanks.html",
                {"participant": participant, "booking": booking},
            )
    return render(
        request,
        "bookings/participant_form.html",
        {
            "participant": participant,
            "booking": booking,
            "programme": booking.programme.localized,
            "form": form,
        },
    )


def _signed_by_us(token: str) -> bool:
    """True when the token carries our signature (so it was issued, whatever its fate)."""

    try:
        payload = TimestampSigner(salt=TOKEN_SALT).unsign_object(token)
        return Participant.objects.filter(pk=int(payload["p"])).exists()
    except (BadSignature, KeyError, TypeError, ValueError):
        return False
