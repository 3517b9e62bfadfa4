"""The catalogue's pages cost a fixed number of queries, whatever they show.

Each page is requested once first so that its image renditions exist, then measured.
The counts are pinned: a change that adds a query per item (a host, a day, a gallery
image, a programme card) makes the large page differ from the small one, and a change
that adds a fixed query moves the constant, which should then be a deliberate edit here.

Where the programme page's 16 queries go (measured on PostgreSQL, anonymous visitor,
page cache off: these are the queries of a page that is rendered, not served from cache):

- 8 in Wagtail's routing before the page's own code runs: the site, the active locale,
  the root page and its specific home page, the child by slug below home and its specific
  page, the programme itself (`ProgrammeIndexPage.route` fetches it specific in one
  query), and two for view restrictions on the page and its ancestors;
- 8 in `selectors.programme_page_context`: price tiers, languages, gallery, renditions
  with their images, the itinerary's hosts in the page's language (one query from the
  raw block data), themes, departures, and the seats sold or held per departure (one
  grouped sum for all of them, so the page can say how many seats are left).

The site's structure that every page repeats (menu, section pages such as the enquiry
page and the host index, breadcrumbs, language links) comes from `programmes.cache.memo`,
which the page cache's version invalidates: 0 queries once warm.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from .factories import add_programme, build_catalogue, make_host, make_image

PROGRAMME_PAGE_QUERIES = 16
HOME_PAGE_QUERIES = 11
PROGRAMME_INDEX_QUERIES = 14
PROGRAMME_INDEX_FILTERED_QUERIES = 15
HOST_PAGE_QUERIES = 11

pytestmark = pytest.mark.django_db


def _measure(client, url: str) -> tuple[int, list[str]]:
    """Warm the page (renditions, caches), then count the queries of a second request."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries]


def _explain(label: str, queries: list[str]) -> str:
    return f"{label}: {len(queries)} queries\n" + "\n".join(f"  {q[:200]}" for q in queries)


def test_programme_page_queries_do_not_grow_with_its_content(client):
    catalogue = build_catalogue(translate=False)
    hosts = [*catalogue.hosts, *(make_host(f"Host {n}", slug=f"extra-host-{n}") for n in range(3))]
    today = timezone.localdate()
    small = add_programme(
        catalogue.programme_index,
        title="Small programme",
        slug="small",
        themes=[catalogue.themes[0]],
        hosts=hosts[:1],
        days=1,
        items_per_day=1,
        departures=[(today + datetime.timedelta(days=30), 10)],
    )
    large = add_programme(
        catalogue.programme_index,
        title="Large programme",
        slug="large",
        themes=catalogue.themes,
        hosts=hosts,
        duration_days=5,
        days=5,
        items_per_day=6,
        gallery=8,
        hero=True,
        languages=("en", "fi", "sv"),
        departures=[(today + datetime.timedelta(days=30 * n), 15) for n in range(1, 5)],
    )
    assert len(hosts) == 6

    small_count, small_queries = _measure(client, small.url)
    large_count, large_queries = _measure(client, large.url)

    assert small_count == large_count, (
        _explain("small", small_queries) + "\n" + _explain("large", large_queries)
    )
    assert large_count == PROGRAMME_PAGE_QUERIES, _explain("large", large_queries)


def _add_programmes(catalogue, count: int) -> None:
    for n in range(count):
        add_programme(
            catalogue.programme_index,
            title=f"Extra programme {n}",
            slug=f"extra-{n}",
            themes=[catalogue.themes[n % len(catalogue.themes)]],
            hosts=catalogue.hosts[: 1 + n % 3],
            hero=n % 2 == 0,
            departures=[(timezone.localdate() + datetime.timedelta(days=20 + n), 10)],
        )


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/en/", HOME_PAGE_QUERIES), ("/en/programmes/", PROGRAMME_INDEX_QUERIES)],
    ids=["home", "programme-index"],
)
def test_listing_queries_do_not_grow_with_the_number_of_programmes(client, path, expected):
    catalogue = build_catalogue(translate=False)
    # Cards show the programme's photo: give one of the two a photo so that both
    # measurements include the (fixed) image and rendition queries.
    first = catalogue.programmes[0]
    first.hero_image = make_image("Hero")
    first.save_revision().publish()

    two_count, two_queries = _measure(client, path)
    _add_programmes(catalogue, 8)
    ten_count, ten_queries = _measure(client, path)

    assert two_count == ten_count, (
        _explain("2 programmes", two_queries) + "\n" + _explain("10 programmes", ten_queries)
    )
    assert ten_count == expected, _explain("10 programmes", ten_queries)


def test_programme_index_lists_ten_programmes(client):
    """The listing measured above really shows the ten programmes."""
    catalogue = build_catalogue(translate=False)
    _add_programmes(catalogue, 8)
    response = client.get("/en/programmes/")
    assert response.status_code == 200
    assert len(response.context["programmes"]) == 10


def test_filtered_programme_index_queries_do_not_grow(client):
    catalogue = build_catalogue(translate=False)
    theme = catalogue.themes[0]
    path = f"/en/programmes/?theme={theme.slug}&language=en"

    few_count, few_queries = _measure(client, path)
    _add_programmes(catalogue, 9)
    many_count, many_queries = _measure(client, path)

    response = client.get(path)
    assert len(response.context["programmes"]) == 4
    assert not response.context["filter_form"].errors
    assert few_count == many_count, (
        _explain("few", few_queries) + "\n" + _explain("many", many_queries)
    )
    assert many_count == PROGRAMME_INDEX_FILTERED_QUERIES, _explain("many", many_queries)


def test_host_page_queries_do_not_grow_with_the_programmes_that_visit_it(client):
    catalogue = build_catalogue(translate=False)
    host = catalogue.hosts[0]
    path = f"/en/hosts/{host.slug}/"

    one_count, one_queries = _measure(client, path)
    _add_programmes(catalogue, 9)  # every one of them visits hosts[0]
    many_count, many_queries = _measure(client, path)

    assert len(client.get(path).context["programmes"]) >= 10
    assert one_count == many_count, (
        _explain("one", one_queries) + "\n" + _explain("many", many_queries)
    )
    assert many_count == HOST_PAGE_QUERIES, _explain("many", many_queries)
