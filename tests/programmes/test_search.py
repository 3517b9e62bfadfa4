"""Search on the programme index (`q=`), through the Wagtail database search backend.

The backend indexes a page when it is saved: modelsearch's post_save handler enqueues
an index task, and django-tasks' default immediate backend runs it at once, inside the
test's transaction. So publishing a page in a test is enough to make it findable; a
test below checks that assumption, so that a change of task backend shows up here.
"""

import pytest
from django.db import transaction

from programmes.models import ProgrammePage

from .factories import build_catalogue

pytestmark = pytest.mark.django_db

COMPREHENSIVE = "Comprehensive security in everyday life"
HYBRID = "Hybrid and cyber resilience"
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


def search(client, q: str, url: str = INDEX, **params) -> list[str]:
    response = client.get(url, {"q": q, **params})
    assert response.status_code == 200
    return [card.page.title for card in response.context["programmes"]]


def republish(page: ProgrammePage, **changes) -> ProgrammePage:
    page = ProgrammePage.objects.get(pk=page.pk)
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return page


def test_publishing_indexes_the_page_at_once(catalogue):
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    english = ProgrammePage.objects.live().filter(locale=catalogue.home.locale)
    results = backend.search("resilience", english)
    assert [page.title for page in results] == [HYBRID]


def test_search_finds_a_programme_by_a_word_of_its_title(client, catalogue):
    assert search(client, "resilience") == [HYBRID]


def test_search_finds_a_programme_by_a_word_of_its_summary(client, catalogue):
    republish(
        catalogue.programmes[0],
        summary="Delegations follow a municipal orienteering exercise with rescue crews.",
    )
    assert search(client, "orienteering") == [COMPREHENSIVE]


def test_search_finds_a_programme_by_a_word_of_its_itinerary(client, catalogue):
    page = ProgrammePage.objects.get(pk=catalogue.programmes[1].pk)
    itinerary = page.itinerary.raw_data
    itinerary[0]["value"]["items"][0]["title"] = "Decontamination demonstration"
    itinerary[0]["value"]["items"][0]["description"] = "Watch the CBRN unit at work."
    page.itinerary = itinerary
    page.save_revision().publish()
    assert search(client, "decontamination") == [HYBRID]
    assert search(client, "CBRN") == [HYBRID]


def test_search_finds_a_programme_by_its_learning_objectives(client, catalogue):
    republish(catalogue.programmes[1], learning_objectives="Apply tabletop methodology")
    assert search(client, "tabletop") == [HYBRID]


def test_search_finds_a_programme_by_its_theme(client, catalogue):
    assert search(client, "preparedness") == [COMPREHENSIVE]


def test_search_with_no_match_lists_nothing(client, catalogue):
    assert search(client, "zeppelin") == []


def test_a_word_only_in_an_unpublished_draft_is_not_found(client, catalogue):
    page = ProgrammePage.objects.get(pk=catalogue.programmes[0].pk)
    page.summary = "A draft that mentions the word quokka."
    page.save_revision()  # saved, not published
    assert search(client, "quokka") == []


def test_an_unpublished_programme_is_not_found(client, catalogue):
    ProgrammePage.objects.get(pk=catalogue.programmes[1].pk).unpublish()
    assert search(client, "resilience") == []


def test_search_combines_with_the_filters(client, catalogue):
    assert search(client, "resilience", theme="cyber") == [HYBRID]
    assert search(client, "resilience", theme="rescue") == []
    assert search(client, "resilience", group_size="15") == []


def test_a_blank_search_lists_everything(client, catalogue):
    assert sorted(search(client, "   ")) == [COMPREHENSIVE, HYBRID]


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "'",
        "&&& || !!",
        "(:*",
        "a:* & !b",
        "<script>alert(1)</script>",
        "ä ö å",
        "—",
        "%",
        "\\",
    ],
)
def test_odd_search_input_is_never_an_error(client, catalogue, q):
    response = client.get(INDEX, {"q": q})
    assert response.status_code == 200


def test_the_search_term_is_escaped_in_the_page(client, catalogue):
    response = client.get(INDEX, {"q": "<script>alert(1)</script>"})
    assert b"<script>alert(1)</script>" not in response.content


# --------------------------------------------------------------------------- languages


def test_search_in_finnish_returns_finnish_pages_only(client, catalogue):
    response = client.get("/fi/programmes/", {"q": "resilience"})
    cards = response.context["programmes"]
    assert [card.page.title for card in cards] == [f"[fi] {HYBRID}"]
    assert all(card.page.locale.language_code == "fi" for card in cards)


def test_search_in_english_does_not_return_translations(client, catalogue):
    response = client.get(INDEX, {"q": "summary"})
    cards = response.context["programmes"]
    assert sorted(card.page.title for card in cards) == [COMPREHENSIVE, HYBRID]
    assert {card.page.locale.language_code for card in cards} == {"en"}


def test_a_word_of_the_finnish_translation_is_found_in_finnish_only(client, catalogue):
    fi_page = catalogue.translations["fi"]["hybrid-cyber"]
    republish(fi_page, summary="Kyberturvallisuus ja hybridiuhat julkishallinnossa.")
    assert search(client, "kyberturvallisuus", url="/fi/programmes/") == [f"[fi] {HYBRID}"]
    assert search(client, "kyberturvallisuus") == []
    assert search(client, "kyberturvallisuus", url="/sv/programmes/") == []
