"""Bookings test data: a programme with a departure, a delegation, hotels and extras."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Locale, Page

from accounts.models import User
from bookings.models import (
    Allotment,
    CancellationPolicy,
    CancellationRule,
    Extra,
    Hotel,
    Organisation,
    RoomType,
    VatRate,
)
from programmes.models import Departure, HomePage, ProgrammeIndexPage, ProgrammePage
from tests.programmes.factories import add_programme, add_root_after_flush, make_host

_n = itertools.count(1)


def vat_rates() -> dict[str, VatRate]:
    general, _ = VatRate.objects.get_or_create(
        code="general", defaults={"name": "General", "rate": Decimal("25.5")}
    )
    accommodation, _ = VatRate.objects.get_or_create(
        code="accommodation", defaults={"name": "Accommodation", "rate": Decimal("14")}
    )
    return {"general": general, "accommodation": accommodation}


def default_policy() -> CancellationPolicy:
    policy, created = CancellationPolicy.objects.get_or_create(
        is_default=True, defaults={"name": "Standard"}
    )
    if created:
        for days, percent in [(60, "100"), (30, "50"), (0, "0")]:
            CancellationRule.objects.create(
                policy=policy, days_before=days, refund_percent=Decimal(percent)
            )
    return policy


def programme_index() -> ProgrammeIndexPage:
    index = ProgrammeIndexPage.objects.first()
    if index:
        return index
    root = Page.get_first_root_node()
    if root is None:  # transactional tests flush the tree that migrations made
        locale, _ = Locale.objects.get_or_create(language_code="en")
        root = add_root_after_flush(locale)
    home = HomePage.objects.first()
    if home is None:
        home = HomePage(title="Home", slug=f"home-{next(_n)}", hero_heading="Home")
        root.add_child(instance=home)
    index = ProgrammeIndexPage(title="Programmes", slug="programmes")
    home.add_child(instance=index)
    return index


def make_programme(*, group=(1, 30), prices=None, duration_days=3) -> ProgrammePage:
    n = next(_n)
    return add_programme(
        programme_index(),
        title=f"Programme {n}",
        slug=f"programme-{n}",
        themes=[],
        hosts=[make_host(f"Host {n}", slug=f"host-b{n}")],
        duration_days=duration_days,
        group=group,
        prices=prices or [(1, 30, "1000.00")],
    )


def make_departure(*, seats: int = 20, days_ahead: int = 90, programme=None) -> Departure:
    programme = programme or make_programme()
    return Departure.objects.create(
        page=programme,
        start_date=timezone.localdate() + datetime.timedelta(days=days_ahead),
        seats=seats,
    )


def make_delegation(*, country: str = "DE") -> tuple[Organisation, User]:
    n = next(_n)
    user = User.objects.create_user(email=f"contact{n}@ministry.example", password="pw-123456789")
    organisation = Organisation.objects.create(
        name=f"Ministry {n}",
        country=country,
        type="ministry",
        billing_address="Wilhelmstraße 1\n10117 Berlin",
        purchase_order_reference=f"PO-{n}",
    )
    organisation.members.add(user)
    return organisation, user


def make_room_type(*, nights: list[datetime.date], rooms: int = 10, release_days: int = 30):
    rates = vat_rates()
    hotel = Hotel.objects.create(name=f"Hotel {next(_n)}", address="Street 1", city="Mikkeli")
    room_type = RoomType.objects.create(
        hotel=hotel,
        name="Standard",
        price_single=Decimal("120.00"),
        price_double=Decimal("150.00"),
        vat_rate=rates["accommodation"],
    )
    for night in nights:
        Allotment.objects.create(
            room_type=room_type,
            night=night,
            rooms=rooms,
            release_date=night - datetime.timedelta(days=release_days),
        )
    return room_type


def make_extra(*, unit: str = "person", price: str = "45.00", kind: str = "dinner") -> Extra:
    return Extra.objects.create(
        kind=kind,
        name=f"Extra {next(_n)}",
        unit=unit,
        price=Decimal(price),
        vat_rate=vat_rates()["general"],
    )
