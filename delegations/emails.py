"""The rooming list e-mail to a hotel: PDF and CSV attached, changes marked."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from .models import RoomingListSending
from .pdf import letterhead
from .rooming import last_sending, sending_documents


def rooming_list_email_send(*, sending_id: int) -> int:
    sending = RoomingListSending.objects.select_related("booking", "hotel").get(pk=sending_id)

    pdf, csv_text = sending_documents(sending)
    resent = last_sending(sending.booking, sending.hotel, before=sending) is not None
    with translation.override(sending.language):
        subject = (
            _("Rooming list, updated: %(reference)s")
            if resent
            else _("Rooming list: %(reference)s")
        ) % {"reference": sending.booking.reference}
        body = "\n\n".join(
            [
                _("Hello,"),
                _("Attached is the rooming list of delegation %(reference)s for %(hotel)s.")
                % {"reference": sending.booking.reference, "hotel": sending.hotel.name},
                _("Changes since the list we sent last are marked.") if resent else "",
                letterhead()["name"],
            ]
        )
    message = EmailMessage(
        subject=subject,
        body=body.replace("\n\n\n\n", "\n\n"),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[sending.recipient],
    )
    name = f"rooming-{sending.booking.reference}"
    message.attach(f"{name}.pdf", pdf, "application/pdf")
    message.attach(f"{name}.csv", csv_text, "text/csv")
    return message.send()
