"""E-mails about a booking, in the booking's language, text and HTML."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_noop

from .models import Booking

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
}


def booking_email_send(*, booking_id: int, template: str, **extra) -> int:
    booking = Booking.objects.select_related("contact", "organisation", "programme").get(
        pk=booking_id
    )
    recipient = extra.pop("to", None) or booking.contact.email
    with translation.override(booking.language):
        context = {"booking": booking, "base_url": settings.BASE_URL, **extra}
        subject = translation.gettext(SUBJECTS[template]).format(reference=booking.reference)
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
