"""A booking's e-mails name the programme in the e-mail's language (found walking
journey 7): the booking keeps the page it was booked on, and the Finnish cancellation
e-mail named the English page's title."""

from __future__ import annotations

import pytest
from django.core import mail

from bookings.emails import booking_email_send
from tests.programmes.factories import ensure_locales

from .test_admin import make_booking

pytestmark = pytest.mark.django_db

FINNISH = "Kokonaisturvallisuus arjessa"


@pytest.mark.parametrize("template", ["cancellation", "confirmation", "hold_expired"])
def test_the_e_mail_names_the_programme_in_its_own_language(template):
    booking = make_booking()
    english = booking.programme.title
    finnish = booking.programme.copy_for_translation(
        ensure_locales()["fi"], copy_parents=True, alias=False
    )
    finnish.title = FINNISH
    finnish.save_revision().publish()
    booking.language = "fi"
    booking.save(update_fields=["language"])

    booking_email_send(booking_id=booking.pk, template=template)

    message = mail.outbox[-1]
    html = message.alternatives[0][0] if message.alternatives else ""
    assert FINNISH in message.body
    assert english not in message.body
    assert not html or (FINNISH in html and english not in html)
