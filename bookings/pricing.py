"""Money arithmetic: Decimal euros, rounded half-up to the cent, derived from lines.

Unit prices include VAT (the price a delegation sees). A line's VAT is the part of its
gross that the rate accounts for; the VAT breakdown is computed per rate on the sum of
that rate's lines, as an invoice states it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
ZERO = Decimal("0.00")


def cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


class PricedLine(Protocol):
    quantity: Decimal
    unit_price: Decimal
    vat_rate: Decimal


def line_gross(line: PricedLine) -> Decimal:
    return cents(Decimal(line.quantity) * Decimal(line.unit_price))


def vat_of_gross(gross: Decimal, rate: Decimal) -> Decimal:
    rate = Decimal(rate)
    return cents(Decimal(gross) * rate / (HUNDRED + rate))


@dataclass(frozen=True)
class VatRow:
    rate: Decimal
    gross: Decimal
    vat: Decimal

    @property
    def net(self) -> Decimal:
        return self.gross - self.vat


@dataclass(frozen=True)
class Totals:
    gross: Decimal
    vat: Decimal
    rows: tuple[VatRow, ...]

    @property
    def net(self) -> Decimal:
        return self.gross - self.vat


def totals(lines: Iterable[PricedLine]) -> Totals:
    by_rate: dict[Decimal, Decimal] = {}
    for line in lines:
        rate = Decimal(line.vat_rate).normalize()
        by_rate[rate] = by_rate.get(rate, ZERO) + line_gross(line)
    rows = tuple(
        VatRow(rate=rate, gross=gross, vat=vat_of_gross(gross, rate))
        for rate, gross in sorted(by_rate.items(), reverse=True)
    )
    return Totals(
        gross=sum((row.gross for row in rows), ZERO),
        vat=sum((row.vat for row in rows), ZERO),
        rows=rows,
    )


def split_deposit(total: Decimal, deposit_percent: Decimal) -> tuple[Decimal, Decimal]:
    """(deposit, balance) that add up to the total exactly."""
    deposit = cents(Decimal(total) * Decimal(deposit_percent) / HUNDRED)
    deposit = min(max(deposit, ZERO), Decimal(total))
    return deposit, Decimal(total) - deposit


def refund_for(*, paid: Decimal, refund_percent: Decimal) -> Decimal:
    """What to give back of `paid`: never negative, never more than was paid."""
    amount = cents(Decimal(paid) * Decimal(refund_percent) / HUNDRED)
    return min(max(amount, ZERO), Decimal(paid))


def to_minor_units(amount: Decimal) -> int:
    """Euros to Stripe's cents, at the boundary only."""
    return int((cents(amount) * 100).to_integral_value(rounding=ROUND_HALF_UP))


def from_minor_units(value: int) -> Decimal:
    return cents(Decimal(value) / 100)
