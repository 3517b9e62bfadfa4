"""Anonymous visitors get public pages from the cache; nobody else, and never stale ones.

The test settings turn the page cache off (tests never commit, so nothing would invalidate
it between tests); these tests turn it on and run the commit callbacks where a real
request would commit.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programmes.cache import HEADER
from tests.accounts.factories import make_user

from .factories import build_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.PAAMAJA_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def catalogue(page_cache):
    return build_catalogue(translate=False)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_second_anonymous_request_is_served_from_the_cache_without_queries(client, catalogue):
    url = catalogue.programmes[0].url
    first = _get(client, url)
    assert first[HEADER] == "miss"

    with CaptureQueriesContext(connection) as queries:
        second = _get(client, url)

    assert second[HEADER] == "hit"
    assert len(queries) == 0
    # The language cookie the page set is set again for a visitor who lacks it.
    client.cookies.clear()
    third = _get(client, url)
    assert third[HEADER] == "hit"
    assert third.cookies["django_language"].value == "en"
    assert second.content == first.content
    assert "Comprehensive security in everyday life" in second.content.decode()
    # The headers the inner middleware set are stored with the page.
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["Content-Language"] == "en"


@pytest.mark.parametrize("page", ["home", "programme_index", "host_page", "theme"])
def test_every_public_page_kind_is_cached(client, catalogue, page):
    url = {
        "home": catalogue.home.url,
        "programme_index": catalogue.programme_index.url + "?theme=" + catalogue.themes[0].slug,
        "host_page": catalogue.host_index.url + "college/",
        "theme": catalogue.themes[0].url,
    }[page]
    _get(client, url)
    assert _get(client, url)[HEADER] == "hit"


def test_a_logged_in_user_is_never_served_from_the_cache(client, catalogue):
    url = catalogue.programmes[0].url
    _get(client, url)
    assert _get(client, url)[HEADER] == "hit"  # cached for anonymous visitors

    client.force_login(make_user("visitor@example.com"))
    with CaptureQueriesContext(connection) as queries:
        response = _get(client, url)
    assert HEADER not in response
    assert len(queries) > 0  # rendered for them


def test_a_logged_in_users_page_is_never_stored(client, catalogue):
    url = catalogue.home.url
    client.force_login(make_user("visitor@example.com"))
    _get(client, url)
    client.logout()
    client.cookies.clear()
    assert _get(client, url)[HEADER] == "miss"


def test_a_visitor_with_pending_messages_is_not_served_from_the_cache(client, catalogue):
    url = catalogue.home.url
    _get(client, url)
    client.cookies["messages"] = "anything"
    assert HEADER not in _get(client, url)


def test_the_enquiry_form_is_never_cached(client, catalogue):
    url = catalogue.enquiry.url
    first = _get(client, url)
    assert "csrfmiddlewaretoken" in first.content.decode()
    second = _get(client, url)
    assert HEADER not in second
    assert "csrftoken" in second.cookies


def test_publishing_a_page_makes_its_cached_copy_stale(
    client, catalogue, django_capture_on_commit_callbacks
):
    page = catalogue.programmes[0]
    _get(client, page.url)
    assert _get(client, page.url)[HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        page.title = "Comprehensive security, renewed"
        page.save_revision().publish()

    response = _get(client, page.url)
    assert response[HEADER] == "miss"
    assert "Comprehensive security, renewed" in response.content.decode()


def test_unpublishing_removes_the_page_for_visitors(
    client, catalogue, django_capture_on_commit_callbacks
):
    page = catalogue.programmes[1]
    _get(client, page.url)
    _get(client, catalogue.home.url)
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get(page.url).status_code == 404
    assert "Hybrid and cyber resilience" not in _get(client, catalogue.home.url).content.decode()


def test_a_seat_change_on_a_departure_shows_at_once(
    client, catalogue, django_capture_on_commit_callbacks
):
    page = catalogue.programmes[0]
    departure = page.departures.get()
    _get(client, page.url)
    assert _get(client, page.url)[HEADER] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        departure.seats = 7
        departure.save(update_fields=["seats"])

    response = _get(client, page.url)
    assert response[HEADER] == "miss"
    assert '<td class="numeric">7</td>' in response.content.decode()


def test_a_booking_that_holds_seats_makes_cached_pages_stale(
    client, catalogue, django_capture_on_commit_callbacks
):
    from bookings.services import booking_start
    from tests.bookings.factories import make_delegation

    page = catalogue.programmes[0]
    _get(client, page.url)
    assert _get(client, page.url)[HEADER] == "hit"

    organisation, contact = make_delegation()
    with django_capture_on_commit_callbacks(execute=True):
        booking_start(
            departure=page.departures.get(),
            organisation=organisation,
            contact=contact,
            participants_count=6,
        )

    assert _get(client, page.url)[HEADER] == "miss"


def test_a_host_snippet_change_shows_on_its_page(
    client, catalogue, django_capture_on_commit_callbacks
):
    url = catalogue.host_index.url + "college/"
    _get(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        host = catalogue.hosts[0]
        host.summary = "Now with a new training ground."
        host.save()
    assert "Now with a new training ground." in _get(client, url).content.decode()


def test_each_language_has_its_own_cached_page(client, page_cache):
    build_catalogue(translate=True)
    english, finnish, swedish = "/en/", "/fi/", "/sv/"
    for url in (english, finnish, swedish):
        _get(client, url)
    responses = {url: _get(client, url) for url in (english, finnish, swedish)}

    assert all(r[HEADER] == "hit" for r in responses.values())
    assert responses[english]["Content-Language"] == "en"
    assert responses[finnish]["Content-Language"] == "fi"
    assert '<html lang="fi"' in responses[finnish].content.decode()
    assert '<html lang="sv"' in responses[swedish].content.decode()
    assert responses[english].content != responses[finnish].content


def test_the_cache_expires_on_its_own(client, catalogue, settings, monkeypatch):
    """Dates move with the clock ("upcoming departures"): an entry lives a bounded time."""
    settings.PAAMAJA_PAGE_CACHE_SECONDS = 1
    url = catalogue.home.url
    _get(client, url)
    later = timezone.now() + datetime.timedelta(seconds=5)
    import time

    monkeypatch.setattr(time, "time", lambda: later.timestamp())
    assert _get(client, url)[HEADER] == "miss"
