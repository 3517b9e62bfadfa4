"""Tailored programmes from the contact's side: the home page's "Ask for a tailored
programme" opens the structured request, and My bookings shows each quote with its state,
validity and the link to accept it."""

import re

import pytest
from django.urls import reverse

from tests.bookings.test_quotes import _sent_quote
from tests.programmes.factories import build_catalogue

pytestmark = pytest.mark.django_db


def test_the_home_page_asks_for_a_tailored_programme_through_the_structured_request(client):
    build_catalogue(translate=False)
    html = client.get("/en/").content.decode()
    link = re.search(r'<a [^>]*href="([^"]+)"[^>]*>Ask for a tailored programme</a>', html)
    assert link and link.group(1) == "/en/bookings/tailored/"


def test_my_bookings_shows_a_sent_quote_with_its_validity_and_accept_link(client):
    quote = _sent_quote(language="en")
    client.force_login(quote.booking.contact)
    html = client.get(reverse("bookings:mine")).content.decode()
    reference = quote.booking.reference
    assert "Quote: Sent, valid until" in html
    accept = reverse("bookings:quote_detail", args=[reference])
    assert f'<a href="{accept}">View and accept the quote for {reference}</a>' in html
