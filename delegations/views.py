"""The delegation's side: invitation letters from the booking page, and the public page
where an embassy verifies a letter by its code."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.params import BIGINT_MAX, parse_int

from .enums import LetterStatus
from .errors import DelegationError
from .forms import LetterRequestForm
from .letters import letter_request, normalise_code
from .pdf import letter_pdf_response, letterhead
from .selectors import delegation_booking_or_404, issued_letter_by_code, letters_of_booking


@login_required
def letters(request, reference: str):
    """The booking's letters and the request form."""
    booking = delegation_booking_or_404(request.user, reference)
    form = LetterRequestForm(request.POST or None, booking=booking)
    if request.method == "POST" and form.is_valid():
        try:
            letter_request(
                booking=booking,
                participant=form.cleaned_data.get("participant"),
                actor=request.user,
                data=form.service_data(),
            )
        except DelegationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your request for a letter for %(name)s was sent to the programme manager.")
                % {"name": form.cleaned_data["full_name"]},
            )
            return redirect("delegations:letters", booking.reference)
    return render(
        request,
        "delegations/letters.html",
        {
            "booking": booking,
            "programme": booking.programme.localized,
            "letters": letters_of_booking(booking),
            "form": form,
        },
    )


@login_required
@require_GET
def letter_pdf(request, reference: str, letter_id: str):
    booking = delegation_booking_or_404(request.user, reference)
    letter = get_object_or_404(
        booking.invitation_letters.select_related("booking__programme", "booking__organisation"),
        pk=parse_int(letter_id, "letter", max_value=BIGINT_MAX),
        status=LetterStatus.ISSUED,
    )
    return letter_pdf_response(letter)


@require_GET
def letter_verify(request, token: str | None = None):
    """Public: is this a letter we issued? Shows only what the letter prints about its
    holder (the name and the stay), never passport data, the booking or anything else."""
    typed = token if token is not None else request.GET.get("code", "")
    letter = None
    normalised = normalise_code(typed) if typed else ""
    if typed and normalised and normalised != typed:
        return redirect("delegations:letter_verify", normalised)
    if normalised:
        letter = issued_letter_by_code(normalised)
    response = render(
        request,
        "delegations/letter_verify.html",
        {"typed": typed, "letter": letter, "head": letterhead()},
        status=200 if letter or not typed else 404,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
