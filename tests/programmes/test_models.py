"""Catalogue models: prices, validation, departures and host organisations."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.blocks import StructBlockValidationError

from programmes.blocks import ItineraryItemBlock
from programmes.enums import ItineraryItemKind
from programmes.models import (
    Departure,
    HostOrganisation,
    PriceTier,
    ProgrammeLanguageOffered,
    ProgrammePage,
)

from .factories import add_programme, build_catalogue, make_host

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_catalogue(django_db_setup, django_db_blocker):
    """The catalogue, built once for this module inside a transaction that is
    rolled back after the module; every test runs in a savepoint within it (`db`)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_catalogue(translate=False)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def catalogue(shared_catalogue, db):
    return shared_catalogue


@pytest.fixture
def programme(catalogue) -> ProgrammePage:
    """Comprehensive security: tiers 6–12 at 2800.00 and 13–20 at 2300.00, 4 days.

    Read afresh for each test: tests change it in memory."""
    return ProgrammePage.objects.get(pk=catalogue.programmes[0].pk)


# --------------------------------------------------------------------------- prices


def test_price_from_is_the_lowest_tier_as_a_decimal(programme):
    assert programme.price_from == Decimal("2300.00")
    assert isinstance(programme.price_from, Decimal)


def test_price_from_is_none_without_tiers(catalogue):
    page = add_programme(
        catalogue.programme_index, title="Free", slug="free", themes=[], hosts=[], prices=[]
    )
    page.price_tiers.all().delete()
    page = ProgrammePage.objects.get(pk=page.pk)
    assert page.price_from is None
    assert page.price_for_group(10) is None


@pytest.mark.parametrize(
    ("size", "price"),
    [
        (6, Decimal("2800.00")),
        (12, Decimal("2800.00")),
        (13, Decimal("2300.00")),
        (20, Decimal("2300.00")),
        (5, None),
        (21, None),
    ],
)
def test_price_for_group_follows_the_tiers_and_their_bounds(programme, size, price):
    assert programme.price_for_group(size) == price


def test_prices_keep_cents_exactly(catalogue):
    page = add_programme(
        catalogue.programme_index,
        title="Cents",
        slug="cents",
        themes=[],
        hosts=[],
        prices=[(1, 10, "1999.99")],
    )
    page = ProgrammePage.objects.get(pk=page.pk)
    assert page.price_for_group(3) == Decimal("1999.99")
    assert page.price_for_group(3) * 3 == Decimal("5999.97")


# --------------------------------------------------------------------------- validation


def test_a_group_minimum_above_the_maximum_is_refused(programme):
    programme.group_size_min = 30
    programme.group_size_max = 10
    with pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert "group_size_max" in error.value.message_dict


def test_an_equal_group_minimum_and_maximum_is_accepted(programme):
    programme.group_size_min = programme.group_size_max = 12
    programme.full_clean()


@pytest.mark.parametrize("field", ["duration_days", "group_size_min", "group_size_max"])
def test_durations_and_group_sizes_start_at_one(programme, field):
    setattr(programme, field, 0)
    with pytest.raises(ValidationError) as error:
        programme.full_clean()
    assert field in error.value.message_dict


def test_a_price_tier_with_its_bounds_reversed_is_refused(programme):
    tier = PriceTier(
        page=programme, min_participants=12, max_participants=6, price_per_person=Decimal("1")
    )
    with pytest.raises(ValidationError) as error:
        tier.full_clean()
    assert "max_participants" in error.value.message_dict


def test_a_price_tier_with_one_participant_is_accepted(programme):
    PriceTier(
        page=programme, min_participants=1, max_participants=1, price_per_person=Decimal("0")
    ).full_clean()


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"min_participants": 0}, "min_participants"),
        ({"max_participants": 0}, "max_participants"),
        ({"price_per_person": Decimal("-1.00")}, "price_per_person"),
        ({"price_per_person": Decimal("1.005")}, "price_per_person"),
        ({"price_per_person": Decimal("100000000000.00")}, "price_per_person"),
    ],
    ids=["no-min", "no-max", "negative-price", "sub-cent", "too-large"],
)
def test_price_tier_bounds_and_amounts_are_validated(programme, values, field):
    data = {"min_participants": 1, "max_participants": 10, "price_per_person": Decimal("100")}
    data.update(values)
    with pytest.raises(ValidationError) as error:
        PriceTier(page=programme, **data).full_clean()
    assert field in error.value.message_dict


def _item(**values):
    item = {
        "kind": ItineraryItemKind.SITE_VISIT,
        "start_time": datetime.time(9, 0),
        "duration_minutes": 90,
        "title": "Visit",
        "place": "Mikkeli",
        "host": None,
        "description": "",
    }
    item.update(values)
    block = ItineraryItemBlock()
    return block, block.to_python(
        {**item, "start_time": item["start_time"].isoformat(), "host": item["host"]}
    )


def test_a_site_visit_without_a_host_is_refused_by_the_block():
    block, value = _item(kind=ItineraryItemKind.SITE_VISIT, host=None)
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(value)
    assert "host" in error.value.block_errors


def test_a_site_visit_with_a_host_is_accepted(catalogue):
    block, value = _item(kind=ItineraryItemKind.SITE_VISIT, host=catalogue.hosts[0].pk)
    cleaned = block.clean(value)
    assert cleaned["host"] == catalogue.hosts[0]


@pytest.mark.parametrize(
    "kind", [k for k in ItineraryItemKind.values if k != ItineraryItemKind.SITE_VISIT]
)
def test_other_itinerary_items_need_no_host(kind):
    block, value = _item(kind=kind, host=None)
    assert block.clean(value)["kind"] == kind


@pytest.mark.parametrize("minutes", [0, 4, 24 * 60 + 1])
def test_an_itinerary_item_duration_is_bounded(minutes):
    block, value = _item(kind=ItineraryItemKind.BRIEFING, duration_minutes=minutes)
    with pytest.raises(StructBlockValidationError):
        block.clean(value)


def test_a_saved_itinerary_reads_back_with_its_hosts(programme, catalogue):
    days = list(programme.itinerary)
    assert len(days) == 1
    items = days[0].value["items"]
    assert [item["host"] for item in items] == [catalogue.hosts[0], catalogue.hosts[2]]
    assert all(item["kind"] == ItineraryItemKind.SITE_VISIT for item in items)


# --------------------------------------------------------------------------- departures


def test_a_departure_ends_after_the_programme_duration(programme):
    departure = Departure(page=programme, start_date=datetime.date(2027, 3, 1), seats=10)
    assert departure.end_date == datetime.date(2027, 3, 4)  # four days: 1st to 4th


def test_a_departure_is_upcoming_from_its_start_date(programme):
    today = timezone.localdate()
    assert Departure(page=programme, start_date=today, seats=1).is_upcoming
    past = today - datetime.timedelta(days=1)
    assert not Departure(page=programme, start_date=past, seats=1).is_upcoming


def test_a_departure_needs_at_least_one_seat(programme):
    with pytest.raises(ValidationError):
        Departure(page=programme, start_date=timezone.localdate(), seats=0).full_clean()


def test_a_departure_names_its_programme_and_date(programme):
    departure = programme.departures.first()
    assert str(departure) == f"{programme.title} — {departure.start_date:%Y-%m-%d}"


# --------------------------------------------------------------------------- programme page


def test_learning_objectives_are_one_per_line(programme):
    programme.learning_objectives = "First\n\n  Second  \n"
    assert programme.learning_objectives_list == ["First", "Second"]


def test_programme_urls_follow_the_language_and_index(programme):
    assert programme.url == "/en/programmes/comprehensive-security/"


def test_a_programme_can_only_live_under_the_programme_index():
    assert ProgrammePage.parent_page_types == ["programmes.ProgrammeIndexPage"]
    assert ProgrammePage.subpage_types == []


def test_the_languages_offered_are_unique_per_programme(programme):
    with transaction.atomic(), pytest.raises(IntegrityError):
        ProgrammeLanguageOffered.objects.create(page=programme, language="en")


# --------------------------------------------------------------------------- hosts


def test_host_expertise_address_and_name(catalogue):
    host = HostOrganisation.objects.get(pk=catalogue.hosts[0].pk)
    host.expertise = "Rescue services\n\n Preparedness \n"
    assert host.expertise_list == ["Rescue services", "Preparedness"]
    assert host.address == "Sotilaankatu 1, 50100 Mikkeli"
    assert str(host) == "Emergency Services College"


def test_host_url_is_under_the_host_index(catalogue):
    assert catalogue.hosts[0].get_url() == "/en/hosts/college/"


def test_host_slugs_are_unique_per_language(catalogue):
    with transaction.atomic(), pytest.raises(IntegrityError):
        make_host("Another College", slug="college")


def test_a_host_receives_at_least_one_visitor(catalogue):
    host = HostOrganisation.objects.get(pk=catalogue.hosts[0].pk)
    host.max_group_size = 0
    with pytest.raises(ValidationError) as error:
        host.full_clean()
    assert "max_group_size" in error.value.message_dict
