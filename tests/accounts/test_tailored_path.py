"""Tailored programmes from the contact's side: the home page's "Ask for a tailored
programme" opens the structured request, and My bookings shows each quote with its state,
validity and the link to accept it."""

import re

import pytest
from django.urls import reverse

from tests.bookings.factories import make_delegation
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


def _links(html: str, text: str) -> list[str]:
    return re.findall(rf'<a [^>]*href="([^"]+)"[^>]*>{re.escape(text)}</a>', html)


def _header(html: str) -> str:
    return html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_the_header_asks_for_a_tailored_programme_through_the_structured_request(client):
    """The header's entry used to be the enquiry form's menu item (a plain submission that
    no manager can turn into a quote); the enquiry form stays for general questions."""
    catalogue = build_catalogue(translate=False)
    for url in ("/en/", catalogue.programme_index.url, catalogue.programmes[0].url):
        header = _header(client.get(url).content.decode())
        assert _links(header, "Ask for a tailored programme") == ["/en/bookings/tailored/"], url
        assert catalogue.enquiry.url not in _links(header, "Ask for a tailored programme")


def test_the_programme_page_offers_a_tailored_version_of_itself(client):
    catalogue = build_catalogue(translate=False)
    programme = catalogue.programmes[0]
    html = client.get(programme.url).content.decode()
    links = _links(html, "Ask for a tailored version of this programme")
    assert links == [f"{reverse('bookings:tailored_request')}?programme={programme.pk}"]
    # The request form starts from that programme.
    client.force_login(make_delegation()[1])
    form = client.get(links[0].replace("&amp;", "&")).content.decode()
    assert re.search(rf'<option value="{programme.pk}" selected>', form), form


def test_signing_in_from_the_header_link_comes_back_to_the_request(client):
    build_catalogue(translate=False)
    html = client.get("/en/").content.decode()
    header = html.split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    (link,) = _links(header, "Ask for a tailored programme")
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={link}"
    client.force_login(make_delegation()[1])
    assert client.get(link).status_code == 200
