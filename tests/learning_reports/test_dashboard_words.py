"""The dashboard's details (issue 11, item 14): decimals in the reader's language, and the
best and lowest rated hosts never the same hosts."""

from __future__ import annotations

import pytest

from tests.accounts.factories import make_user

from .test_dashboard import _visits

pytestmark = pytest.mark.django_db


@pytest.fixture
def developer(client):
    user = make_user("dev@region.example", role="Regional developers", totp=True)
    client.force_login(user)
    return user


def test_best_and_lowest_hosts_do_not_overlap(client, developer):
    _visits(2)
    figures = client.get("/en/developer/dashboard/").context["f"]
    best = [h["host"] for h in figures["hosts_best"]]
    worst = [h["host"] for h in figures["hosts_worst"]]
    assert best
    assert not set(best) & set(worst)


def test_finnish_dashboard_writes_decimals_with_a_comma(client, developer):
    _visits(2)
    page = client.get("/fi/developer/dashboard/")
    satisfaction = page.context["f"]["satisfaction"]
    assert "." in str(satisfaction)
    assert str(satisfaction).replace(".", ",") in page.text
    assert f">{satisfaction}<" not in page.text


def test_programme_and_theme_filters_list_each_page_once_in_the_viewers_language(client, developer):
    from programmes.models import ProgrammePage, ThemePage
    from tests.programmes.factories import build_catalogue

    build_catalogue()  # every page in en, fi and sv
    page = client.get("/fi/developer/dashboard/")
    form = page.context["form"]
    for field, model in (("programme", ProgrammePage), ("theme", ThemePage)):
        choices = [pk for pk, _title in form.fields[field].choices if pk]
        keys = set(model.objects.values_list("translation_key", flat=True))
        assert model.objects.count() > len(keys)  # translations exist
        assert len(choices) == len(keys)
        assert set(
            model.objects.filter(pk__in=choices).values_list("locale__language_code", flat=True)
        ) == {"fi"}


def test_a_programme_chosen_in_finnish_counts_its_visits_booked_in_english(client, developer):
    from programmes.models import ProgrammePage

    (world,) = _visits(1)
    programme = world.booking.programme
    assert (
        client.get("/fi/developer/dashboard/", {"programme": programme.pk}).context["f"]["visits"]
        == 1
    )
    other = ProgrammePage.objects.exclude(translation_key=programme.translation_key).first()
    if other is not None:
        assert (
            client.get("/fi/developer/dashboard/", {"programme": other.pk}).context["f"]["visits"]
            == 0
        )
