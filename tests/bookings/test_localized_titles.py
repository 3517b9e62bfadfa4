"""Finnish pages name the programme by its Finnish page: booking lines, review, the pay
page and documents (issue 11 item 5), and the pay page's summary reads like the others."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from bookings.invoicing.pdf import render_invoice_html
from bookings.services import booking_checkout, booking_start
from tests.programmes.factories import ensure_locales

from .factories import make_delegation, make_departure

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def finnish_booking():
    departure = make_departure()
    programme = departure.page
    locales = ensure_locales()
    finnish = programme.copy_for_translation(locales["fi"], copy_parents=True, alias=False)
    finnish.title = "Kyberturvallisuuden ohjelma"
    finnish.save_revision().publish()
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=departure, organisation=organisation, contact=contact, participants_count=3
    )
    return booking, programme, contact


def test_finnish_pages_show_the_finnish_programme_title(client):
    booking, programme, contact = finnish_booking()
    assert booking.lines.get(kind="programme").description.startswith(programme.title)
    client.force_login(contact)
    with translation.override("fi"):
        detail = reverse("bookings:detail", args=[booking.reference])
        pay = reverse("bookings:pay", kwargs={"reference": booking.reference})

    page = client.get(detail).content.decode()
    assert "Kyberturvallisuuden ohjelma (" in page  # the price line
    assert f"{programme.title} (" not in page

    pay_page = client.get(pay).content.decode()
    assert "Kyberturvallisuuden ohjelma" in pay_page
    assert 'class="facts pay-summary"' in pay_page
    with translation.override("fi"):
        assert date_format(booking.start_date, "DATE_FORMAT") in pay_page


def test_the_invoice_of_a_finnish_booking_names_the_finnish_programme():
    booking, programme, _contact = finnish_booking()
    booking.language = "fi"
    booking.save(update_fields=["language"])
    booking_checkout(booking=booking, payment_method="invoice")
    invoice = booking.invoices.get()
    html = render_invoice_html(invoice)
    assert "Kyberturvallisuuden ohjelma" in html
    assert f"<strong>{programme.title}</strong>" not in html
