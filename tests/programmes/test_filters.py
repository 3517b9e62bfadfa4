"""The programme index's filters, through real GET requests.

build_catalogue() gives two programmes:

| programme                | theme  | days | group | languages | lowest price | departs in |
|--------------------------|--------|------|-------|-----------|--------------|------------|
| Comprehensive security…  | rescue | 4    | 6–20  | en, fi    | 2300.00      | 40 days    |
| Hybrid and cyber…        | cyber  | 2    | 4–12  | en, de    | 1200.00      | 200 days   |
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from programmes.enums import DepartureStatus
from programmes.models import Departure, ProgrammePage

from .factories import add_programme, build_catalogue

pytestmark = pytest.mark.django_db

COMPREHENSIVE = "Comprehensive security in everyday life"
HYBRID = "Hybrid and cyber resilience"
BOTH = [COMPREHENSIVE, HYBRID]
INDEX = "/en/programmes/"


@pytest.fixture(scope="module")
def shared_catalogue(django_db_setup, django_db_blocker):
    """The catalogue, built once for this module (with its Finnish and Swedish copies) inside a transaction that is
    rolled back after the module; every test runs in a savepoint within it (`db`)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_catalogue(translate=True)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def catalogue(shared_catalogue, db):
    return shared_catalogue


def titles(response) -> list[str]:
    assert response.status_code == 200
    return sorted(card.page.title for card in response.context["programmes"])


def get_titles(client, params: dict, url: str = INDEX) -> list[str]:
    return titles(client.get(url, params))


def test_without_filters_every_live_programme_is_listed(client, catalogue):
    response = client.get(INDEX)
    assert titles(response) == BOTH
    assert response.context["filters_active"] is False


def test_an_unpublished_programme_is_not_listed(client, catalogue):
    ProgrammePage.objects.get(pk=catalogue.programmes[1].pk).unpublish()
    assert get_titles(client, {}) == [COMPREHENSIVE]


@pytest.mark.parametrize(
    ("theme", "expected"),
    [("rescue", [COMPREHENSIVE]), ("cyber", [HYBRID]), ("water", [])],
)
def test_filter_by_theme(client, catalogue, theme, expected):
    response = client.get(INDEX, {"theme": theme})
    assert titles(response) == expected
    assert response.context["filters_active"] is True


@pytest.mark.parametrize(
    ("duration", "expected"),
    [("1-3", [HYBRID]), ("4-5", [COMPREHENSIVE]), ("6+", [])],
)
def test_filter_by_duration_band(client, catalogue, duration, expected):
    assert get_titles(client, {"duration": duration}) == expected


def test_a_long_programme_is_in_the_six_days_or_more_band(client, catalogue):
    add_programme(
        catalogue.programme_index, title="Week", slug="week", themes=[], hosts=[], duration_days=7
    )
    assert get_titles(client, {"duration": "6+"}) == ["Week"]
    assert "Week" not in get_titles(client, {"duration": "4-5"})


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", BOTH), ("fi", [COMPREHENSIVE]), ("de", [HYBRID]), ("sv", [])],
)
def test_filter_by_language_offered(client, catalogue, language, expected):
    assert get_titles(client, {"language": language}) == expected


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (4, [HYBRID]),
        (5, [HYBRID]),
        (6, BOTH),
        (12, BOTH),
        (13, [COMPREHENSIVE]),
        (20, [COMPREHENSIVE]),
        (21, []),
    ],
)
def test_filter_by_group_size_within_the_programme_limits(client, catalogue, size, expected):
    assert get_titles(client, {"group_size": size}) == expected


@pytest.mark.parametrize(
    ("band", "expected"),
    [("under-1500", [HYBRID]), ("1500-3000", [COMPREHENSIVE]), ("over-3000", [])],
)
def test_filter_by_price_band_on_the_lowest_price(client, catalogue, band, expected):
    assert get_titles(client, {"price_band": band}) == expected


@pytest.mark.parametrize(
    ("price", "band", "other_band"),
    [
        ("1500.00", "1500-3000", "under-1500"),
        ("1499.99", "under-1500", "1500-3000"),
        ("3000.00", "1500-3000", "over-3000"),
        ("3000.01", "over-3000", "1500-3000"),
    ],
)
def test_price_band_boundaries(client, catalogue, price, band, other_band):
    add_programme(
        catalogue.programme_index,
        title="Edge",
        slug="edge",
        themes=[],
        hosts=[],
        prices=[(1, 30, price)],
    )
    assert "Edge" in get_titles(client, {"price_band": band})
    assert "Edge" not in get_titles(client, {"price_band": other_band})


@pytest.mark.parametrize(
    ("window", "expected"),
    [("90", [COMPREHENSIVE]), ("180", [COMPREHENSIVE]), ("365", BOTH)],
)
def test_filter_by_next_departure_window(client, catalogue, window, expected):
    assert get_titles(client, {"departure_within": window}) == expected


def test_a_cancelled_departure_does_not_count(client, catalogue):
    Departure.objects.filter(page=catalogue.programmes[0]).update(status=DepartureStatus.CANCELLED)
    assert get_titles(client, {"departure_within": "90"}) == []


def test_a_past_departure_does_not_count(client, catalogue):
    Departure.objects.filter(page=catalogue.programmes[0]).update(
        start_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert get_titles(client, {"departure_within": "365"}) == [HYBRID]


def test_filters_combine(client, catalogue):
    assert get_titles(client, {"theme": "rescue", "language": "fi", "group_size": 15}) == [
        COMPREHENSIVE
    ]
    assert get_titles(client, {"theme": "rescue", "language": "de"}) == []
    assert get_titles(client, {"language": "en", "price_band": "under-1500"}) == [HYBRID]


def test_a_programme_in_two_themes_is_listed_once(client, catalogue):
    page = ProgrammePage.objects.get(pk=catalogue.programmes[0].pk)
    page.themes.set(catalogue.themes)
    page.save_revision().publish()
    assert get_titles(client, {}) == BOTH
    assert get_titles(client, {"theme": "cyber"}) == BOTH


def test_the_theme_choices_are_the_live_themes_of_the_language(client, catalogue):
    response = client.get(INDEX)
    slugs = [t.slug for t in response.context["filter_form"].fields["theme"].queryset]
    assert slugs == ["cyber", "rescue", "water"]  # ordered by title


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "params",
    [
        {"theme": "no-such-theme"},
        {"theme": "\x00"},
        {"theme": "x" * 5000},
        {"duration": "7-9"},
        {"duration": "abc"},
        {"duration": "-"},
        {"language": "xx"},
        {"group_size": "abc"},
        {"group_size": "-3"},
        {"group_size": "0"},
        {"group_size": "1e9"},
        {"group_size": "99999999999999999999999"},
        {"price_band": "free"},
        {"departure_within": "abc"},
        {"departure_within": "-30"},
        {"departure_within": "99999999999"},
        {"q": "x" * 101},
        {"q": "\x00"},
        {"page": "abc"},
        {"unknown": "value"},
    ],
    ids=lambda params: "-".join(f"{k}={v[:12]!r}" for k, v in params.items()),
)
def test_invalid_filter_values_are_ignored_never_an_error(client, catalogue, params):
    assert get_titles(client, params) == BOTH


def test_repeated_parameters_do_not_break_the_page(client, catalogue):
    response = client.get(INDEX + "?theme=rescue&theme=cyber&group_size=5&group_size=x")
    assert response.status_code == 200


def test_an_invalid_value_shows_the_field_error(client, catalogue):
    response = client.get(INDEX, {"group_size": "abc"})
    assert response.status_code == 200
    assert "group_size" in response.context["filter_form"].errors


def test_an_invalid_filter_does_not_drop_the_valid_ones(client, catalogue):
    # The visitor chose a theme and mistyped the group size: the theme still applies.
    assert get_titles(client, {"theme": "rescue", "group_size": "abc"}) == [COMPREHENSIVE]


# --------------------------------------------------------------------------- languages


def test_filters_in_finnish_list_finnish_pages_only(client, catalogue):
    response = client.get("/fi/programmes/", {"theme": "rescue"})
    cards = response.context["programmes"]
    assert [card.page.title for card in cards] == [f"[fi] {COMPREHENSIVE}"]
    assert all(card.page.locale.language_code == "fi" for card in cards)


def test_departures_of_the_original_count_for_its_translations(client, catalogue):
    # Departures hang off the English page; the Finnish copy departs with it.
    assert get_titles(client, {"departure_within": "90"}, url="/sv/programmes/") == [
        f"[sv] {COMPREHENSIVE}"
    ]
