"""The programme index shows a page of results at a time; the home shows the first ones.

A listing that grew with the catalogue would make the page slower every season (the
benchmark's page_rps and search lines); a page of results keeps it the same.
"""

from __future__ import annotations

import pytest
from django.conf import settings

from .factories import build_catalogue
from .test_queries import _add_programmes

pytestmark = pytest.mark.django_db


def test_the_index_lists_a_page_of_programmes_and_links_to_the_others(client):
    catalogue = build_catalogue(translate=False)
    _add_programmes(catalogue, 12)  # 14 programmes in all
    per_page = settings.PAAMAJA_PROGRAMMES_PER_PAGE

    first = client.get("/en/programmes/")
    html = first.content.decode()
    assert len(first.context["programmes"]) == per_page
    assert "14 programmes" in html
    assert 'href="?page=2"' in html

    second = client.get("/en/programmes/?page=2")
    assert len(second.context["programmes"]) == 14 - per_page
    assert 'href="?page=2" aria-current="page"' in second.content.decode()
    titles = {c.page.title for c in first.context["programmes"]} | {
        c.page.title for c in second.context["programmes"]
    }
    assert len(titles) == 14


def test_page_links_keep_the_filters(client, settings):
    settings.PAAMAJA_PROGRAMMES_PER_PAGE = 2
    catalogue = build_catalogue(translate=False)
    _add_programmes(catalogue, 6)
    theme = catalogue.themes[0]
    response = client.get(f"/en/programmes/?theme={theme.slug}")
    assert response.context["programme_count"] == 3  # one original, two added
    assert len(response.context["programmes"]) == 2
    assert f'href="?theme={theme.slug}&amp;page=2"' in response.content.decode()
    second = client.get(f"/en/programmes/?theme={theme.slug}&page=2")
    assert len(second.context["programmes"]) == 1
    assert all(theme in card.themes for card in second.context["programmes"])


def test_a_page_number_out_of_range_shows_the_last_page(client):
    catalogue = build_catalogue(translate=False)
    _add_programmes(catalogue, 12)
    response = client.get("/en/programmes/?page=99")
    assert response.status_code == 200
    assert len(response.context["programmes"]) == 14 - settings.PAAMAJA_PROGRAMMES_PER_PAGE
    assert client.get("/en/programmes/?page=abc").status_code == 200


def test_the_home_shows_the_first_programmes_only(client):
    catalogue = build_catalogue(translate=False)
    _add_programmes(catalogue, 12)
    response = client.get("/en/")
    assert len(response.context["programmes"]) == settings.PAAMAJA_PROGRAMMES_PER_PAGE
