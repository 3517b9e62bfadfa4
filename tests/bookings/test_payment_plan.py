"""11.6: the payment plan is one computation on the policy's terms (bookings.selectors),
and checkout, quote acceptance and the review page all take it from there."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from bookings.enums import PaymentKind, PaymentMethod
from bookings.models import BookingPolicy
from bookings.selectors import payment_plan_for
from bookings.services import booking_checkout, booking_start
from bookings.views._common import payment_plan

from .factories import make_delegation, make_departure

TODAY = datetime.date(2026, 3, 2)
TOTAL = Decimal("10000.00")


def _policy(**terms) -> BookingPolicy:
    defaults = {
        "deposit_percent": Decimal("30"),
        "balance_due_days": 45,
        "balance_min_days": 14,
        "invoice_payment_days": 14,
    }
    return BookingPolicy(**{**defaults, **terms})


def _plan(days_ahead: int, **terms):
    return payment_plan_for(
        total=TOTAL,
        start_date=TODAY + datetime.timedelta(days=days_ahead),
        policy=_policy(**terms),
        today=TODAY,
    )


def test_a_deposit_now_and_the_balance_before_arrival():
    plan = _plan(90)
    assert (plan.deposit, plan.balance, plan.whole_due_now) == (
        Decimal("3000.00"),
        Decimal("7000.00"),
        False,
    )
    assert plan.balance_due == TODAY + datetime.timedelta(days=45)
    kinds = [(i.kind, i.amount, i.due_date) for i in plan.instalments("card", today=TODAY)]
    assert kinds == [
        (PaymentKind.DEPOSIT, Decimal("3000.00"), TODAY),
        (PaymentKind.BALANCE, Decimal("7000.00"), TODAY + datetime.timedelta(days=45)),
    ]


def test_the_balance_never_falls_due_sooner_than_the_minimum_after_booking():
    # 50 days ahead the balance would be due in 5 days: no room for a deposit.
    plan = _plan(50)
    assert plan.whole_due_now and (plan.deposit, plan.balance) == (TOTAL, Decimal("0.00"))
    assert plan.balance_due is None
    (only,) = plan.instalments("card", today=TODAY)
    assert (only.kind, only.amount, only.due_date) == (PaymentKind.FULL, TOTAL, TODAY)
    # Exactly the minimum leaves room.
    assert not _plan(45 + 14).whole_due_now
    assert _plan(45 + 13).whole_due_now


def test_the_terms_are_data():
    plan = _plan(40, balance_due_days=20, balance_min_days=7, deposit_percent=Decimal("50"))
    assert (plan.deposit, plan.balance_due) == (
        Decimal("5000.00"),
        TODAY + datetime.timedelta(days=20),
    )
    assert _plan(90, deposit_percent=Decimal("0")).whole_due_now


def test_an_invoice_is_never_due_on_the_day_it_arrives():
    assert _plan(90).invoice_due == TODAY + datetime.timedelta(days=14)
    # Close to arrival it keeps its term: it used to fall due on the day it was issued.
    assert _plan(10).invoice_due == TODAY + datetime.timedelta(days=14)
    assert _plan(90, invoice_payment_days=0).invoice_due == TODAY + datetime.timedelta(days=1)


@pytest.mark.django_db
def test_checkout_and_the_review_page_use_the_same_plan():
    organisation, contact = make_delegation()
    booking = booking_start(
        departure=make_departure(days_ahead=50),
        organisation=organisation,
        contact=contact,
        participants_count=4,
    )
    shown = payment_plan(booking)
    assert shown.whole_due_now
    booking = booking_checkout(booking=booking, payment_method=PaymentMethod.CARD)
    (payment,) = booking.payments.all()
    assert (payment.kind, payment.amount) == (PaymentKind.FULL, shown.total)
