"""When there is no room for a deposit, review and pay say plainly that the whole amount
is due now (issue 11, items 6 and 14): the card option read "deposit now, the balance
later" and then took everything."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bookings.selectors import booking_payment_plan
from bookings.services import booking_checkout, booking_start
from programmes.templatetags.paamaja_tags import money
from tests.bookings.factories import default_policy, make_delegation, make_departure, vat_rates

pytestmark = pytest.mark.django_db


def _booking(days_ahead: int):
    vat_rates()
    default_policy()
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=make_departure(days_ahead=days_ahead),
        organisation=organisation,
        contact=contact,
        participants_count=4,
    )
    return booking, contact


def test_review_says_the_whole_amount_is_due_now_when_the_programme_is_near(client):
    booking, contact = _booking(days_ahead=20)
    plan = booking_payment_plan(booking)
    assert plan.whole_due_now
    client.force_login(contact)

    page = client.get(reverse("bookings:review", args=[booking.reference])).content.decode()

    assert "Card: pay the whole amount now" in page
    assert "deposit now" not in page
    assert f"The whole amount, {money(plan.total)}, is due now" in page


def test_review_offers_the_deposit_when_there_is_room_for_one(client):
    booking, contact = _booking(days_ahead=120)
    plan = booking_payment_plan(booking)
    assert not plan.whole_due_now
    client.force_login(contact)

    page = client.get(reverse("bookings:review", args=[booking.reference])).content.decode()

    assert "Card: pay the deposit now, the balance later" in page
    assert "The whole amount" not in page


def test_the_pay_page_says_nothing_is_left_for_later(client):
    booking, contact = _booking(days_ahead=20)
    booking = booking_checkout(booking=booking, payment_method="card", actor=contact)
    client.force_login(contact)

    page = client.get(reverse("bookings:pay", args=[booking.reference])).content.decode()

    assert "This is the whole amount: there is no balance to pay later." in page
