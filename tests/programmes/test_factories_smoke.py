import pytest

from programmes.models import ProgrammePage

from .factories import build_catalogue


@pytest.mark.django_db
def test_catalogue_builds_in_three_languages():
    catalogue = build_catalogue()
    assert ProgrammePage.objects.live().count() == 6
    fi_programme = catalogue.translations["fi"]["comprehensive-security"]
    assert fi_programme.locale.language_code == "fi"
    assert fi_programme.url.startswith("/fi/programmes/")


@pytest.mark.django_db
def test_translating_a_programme_shares_its_departures_instead_of_copying_them():
    from programmes.models import Departure
    from programmes.selectors import programme_page_context

    catalogue = build_catalogue()
    original = catalogue.programmes[0]
    assert Departure.objects.filter(page__translation_key=original.translation_key).count() == 1
    fi_page = catalogue.translations["fi"]["comprehensive-security"]
    departures = programme_page_context(page=fi_page)["departures"]
    assert [d.page_id for d in departures] == [original.pk]
