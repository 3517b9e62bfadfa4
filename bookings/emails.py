"""E-mails about a booking, in the booking's language, text and HTML."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop

from .models import Booking, TailoredRequest

# Marked with gettext_noop so that makemessages finds them; translated when sent, in the
# booking's language.
SUBJECTS = {
    "confirmation": gettext_noop("Booking confirmed: {reference}"),
    "hold_expired": gettext_noop("Your hold has expired: {reference}"),
    "receipt": gettext_noop("Payment received: {reference}"),
    "invoice": gettext_noop("Invoice for booking {reference}"),
    "balance_reminder": gettext_noop("Balance due: {reference}"),
    "participant_invitation": gettext_noop("Your details for the visit: {reference}"),
    "missing_details": gettext_noop("Participant details missing: {reference}"),
    "waiting_list_offer": gettext_noop("Seats are available: {reference}"),
    "cancellation": gettext_noop("Booking cancelled: {reference}"),
    "late_payment": gettext_noop("Payment received after the hold expired: {reference}"),
    "quote": gettext_noop("Your quote: {reference}"),
    "tailored_declined": gettext_noop("Your request for a tailored programme"),
}


def booking_email_send(
    *, booking_id: int | None, template: str, request_id: int | None = None, **extra
) -> int:
    """The e-mail `template` about a booking, to its contact, in its language. A tailored
    request declined before any quote has no booking: it names the request instead
    (`request_id`, with booking_id None), and goes to the requester in their language."""
    tailored_request = (
        TailoredRequest.objects.select_related("contact", "organisation", "programme").get(
            pk=request_id
        )
        if request_id is not None
        else None
    )
    booking = (
        Booking.objects.select_related("contact", "organisation", "programme").get(pk=booking_id)
        if booking_id is not None
        else None
    )
    owner = booking or tailored_request
    recipient = extra.pop("to", None) or owner.contact.email
    with translation.override(owner.language):
        context = {
            "booking": booking,
            "tailored_request": tailored_request,
            "contact": owner.contact,
            # The programme in the e-mail's language (the booking keeps the page it was
            # booked on, which may be another language's).
            "programme_title": booking.programme.localized.title
            if booking and booking.programme
            else "",
            "base_url": settings.BASE_URL,
            **extra,
        }
        subject = translation.gettext(SUBJECTS[template]).format(
            reference=booking.reference if booking else ""
        )
        text = render_to_string(f"bookings/email/{template}.txt", context)
        try:
            html = render_to_string(f"bookings/email/{template}.html", context)
        except Exception:  # noqa: BLE001 - the text part alone is a complete e-mail
            html = None
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[recipient]
    )
    if html:
        message.attach_alternative(html, "text/html")
    return message.send()
