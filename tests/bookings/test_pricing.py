"""Money properties (hypothesis), checked against an independent exact-fraction computation:
totals are the sum of the lines, VAT per rate is right to the cent, deposit + balance is
the total, refunds never exceed what was paid."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from bookings.pricing import (
    from_minor_units,
    line_gross,
    refund_for,
    split_deposit,
    to_minor_units,
    totals,
    vat_of_gross,
)


@dataclass
class Line:
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal


def _round_cents(value: Fraction) -> Fraction:
    """Half-up (away from zero) to the cent, with integers only: the oracle."""
    sign = -1 if value < 0 else 1
    hundredths = abs(value) * 100
    whole = hundredths.numerator // hundredths.denominator
    if hundredths - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(sign * whole, 100)


def _exact(value: Decimal) -> Fraction:
    return Fraction(value)


def money(min_value="0", max_value="100000"):
    return st.decimals(
        min_value=min_value, max_value=max_value, places=2, allow_nan=False, allow_infinity=False
    )


quantities = st.decimals(
    min_value="0.01", max_value="500", places=2, allow_nan=False, allow_infinity=False
)
rates = st.one_of(
    st.sampled_from([Decimal("25.5"), Decimal("14"), Decimal("10"), Decimal("0"), Decimal("24")]),
    st.decimals(min_value="0", max_value="100", places=2, allow_nan=False, allow_infinity=False),
)
lines = st.lists(
    st.builds(Line, quantity=quantities, unit_price=money(), vat_rate=rates), max_size=25
)
percents = st.decimals(
    min_value="0", max_value="100", places=2, allow_nan=False, allow_infinity=False
)


@given(lines)
def test_total_is_the_sum_of_the_lines(items):
    result = totals(items)
    assert result.gross == sum((line_gross(line) for line in items), Decimal("0"))
    assert result.gross == sum((row.gross for row in result.rows), Decimal("0"))
    assert result.vat == sum((row.vat for row in result.rows), Decimal("0"))
    assert result.net + result.vat == result.gross
    expected = sum(
        (_round_cents(_exact(line.quantity) * _exact(line.unit_price)) for line in items),
        Fraction(0),
    )
    assert _exact(result.gross) == expected


@given(lines)
def test_vat_per_rate_is_right_to_the_cent(items):
    result = totals(items)
    by_rate: dict[Fraction, Fraction] = {}
    for line in items:
        rate = _exact(line.vat_rate)
        by_rate[rate] = by_rate.get(rate, Fraction(0)) + _round_cents(
            _exact(line.quantity) * _exact(line.unit_price)
        )
    assert {_exact(row.rate) for row in result.rows} == set(by_rate)
    for row in result.rows:
        gross = by_rate[_exact(row.rate)]
        assert _exact(row.gross) == gross
        vat = _round_cents(gross * _exact(row.rate) / (100 + _exact(row.rate)))
        assert _exact(row.vat) == vat, (row.rate, row.gross, row.vat, vat)
        assert Decimal(0) <= row.vat <= row.gross
        assert row.vat.as_tuple().exponent >= -2


@given(lines)
def test_rates_written_differently_share_a_row(items):
    doubled = items + [
        Line(line.quantity, line.unit_price, Decimal(line.vat_rate).quantize(Decimal("0.01")))
        for line in items
    ]
    rates_seen = {Decimal(line.vat_rate).normalize() for line in items}
    assert len(totals(doubled).rows) == len(rates_seen)


@given(money("0", "10000000"), percents)
def test_deposit_plus_balance_is_the_total(total, percent):
    deposit, balance = split_deposit(total, percent)
    assert deposit + balance == total
    assert Decimal(0) <= deposit <= total
    assert Decimal(0) <= balance <= total
    assert _exact(deposit) == _round_cents(_exact(total) * _exact(percent) / 100)


@given(
    money("0", "10000000"),
    st.decimals(min_value="-50", max_value="250", places=2, allow_nan=False, allow_infinity=False),
)
def test_a_refund_never_exceeds_what_was_paid(paid, percent):
    refund = refund_for(paid=paid, refund_percent=percent)
    assert Decimal(0) <= refund <= paid
    assert refund.as_tuple().exponent >= -2
    if Decimal(0) <= percent <= 100:
        assert _exact(refund) == _round_cents(_exact(paid) * _exact(percent) / 100)


@given(st.lists(money("0", "100000"), min_size=1, max_size=5), percents)
def test_refunds_over_several_payments_never_exceed_them(payments, percent):
    """The refund of a cancellation, spread over the payments latest first, as
    bookings.cancellation does: each payment gets back at most what it brought in."""
    paid = sum(payments, Decimal("0"))
    remaining = refund_for(paid=paid, refund_percent=percent)
    given_back = []
    for amount in reversed(payments):
        share = min(remaining, amount)
        given_back.append(share)
        remaining -= share
    assert remaining == 0
    assert all(
        Decimal(0) <= back <= amount
        for back, amount in zip(given_back, reversed(payments), strict=True)
    )
    assert sum(given_back, Decimal("0")) <= paid


@settings(max_examples=300)
@given(money("0", "99999999"))
def test_minor_units_round_trip(amount):
    assert from_minor_units(to_minor_units(amount)) == amount
    assert to_minor_units(amount) == int(_exact(amount) * 100)


def test_known_values():
    # 25.5 % VAT in a gross of 125.50 is 25.50; 14 % in 114.00 is 14.00.
    assert vat_of_gross(Decimal("125.50"), Decimal("25.5")) == Decimal("25.50")
    assert vat_of_gross(Decimal("114.00"), Decimal("14")) == Decimal("14.00")
    result = totals(
        [
            Line(Decimal("12"), Decimal("2300.00"), Decimal("25.5")),
            Line(Decimal("24"), Decimal("120.00"), Decimal("14")),
            Line(Decimal("1"), Decimal("0.01"), Decimal("25.5")),
        ]
    )
    assert result.gross == Decimal("30480.01")
    assert [(r.rate, r.gross, r.vat) for r in result.rows] == [
        (Decimal("25.5"), Decimal("27600.01"), Decimal("5607.97")),
        (Decimal("14"), Decimal("2880.00"), Decimal("353.68")),
    ]
    assert split_deposit(Decimal("100.01"), Decimal("30")) == (Decimal("30.00"), Decimal("70.01"))
    assert refund_for(paid=Decimal("0.03"), refund_percent=Decimal("50")) == Decimal("0.02")
