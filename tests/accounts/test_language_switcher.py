"""The language switcher outside the Wagtail tree goes to the same page in the other
language (it went to that language's home page)."""

import re

import pytest

from accounts.roles import DELEGATION_CONTACTS
from tests.programmes.factories import build_catalogue

from .factories import make_user

pytestmark = pytest.mark.django_db


def switcher(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return {
        code: href.replace("&amp;", "&")
        for href, code in re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav)
    }


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "/{lang}/bookings/mine/",
        "/{lang}/bookings/tailored/?programme=1",
        "/{lang}/bookings/organisation/new/",
    ],
)
def test_the_switcher_keeps_the_page_outside_the_wagtail_tree(client, language, path):
    build_catalogue(translate=False)
    client.force_login(make_user("contact@paamaja.example", role=DELEGATION_CONTACTS))
    here = path.format(lang=language)
    response = client.get(here, follow=True)
    assert response.status_code == 200
    # Where the page ended up (a contact without an organisation is sent to create one).
    final = response.request["PATH_INFO"]
    if response.request.get("QUERY_STRING"):
        final += "?" + response.request["QUERY_STRING"]
    assert final.startswith(f"/{language}/bookings/")
    links = switcher(response.content.decode())
    assert links == {code: f"/{code}/" + final.split("/", 2)[2] for code in ("en", "fi", "sv")}


def test_the_switcher_on_a_booking_step_for_a_visitor(client):
    build_catalogue(translate=False)
    response = client.get("/fi/bookings/participant/not-a-token/")
    links = switcher(response.content.decode())
    assert links["sv"] == "/sv/bookings/participant/not-a-token/"
    assert links["en"] == "/en/bookings/participant/not-a-token/"
