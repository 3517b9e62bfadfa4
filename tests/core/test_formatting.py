"""core/formatting.py: money, numbers and times per language, one Babel locale map (issue 12).

The template filters, the documents' helpers and the reports' figures delegate here, so
each writes the same amount the same way in a language."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from core import formatting

NBSP = "\xa0"


@pytest.mark.parametrize(
    ("language", "money", "number", "percent", "time"),
    [
        ("en", "€1,234.50", "3.67", "66.7%", "09:00"),
        ("fi", f"1{NBSP}234,50{NBSP}€", "3,67", f"66,7{NBSP}%", "9.00"),
        ("sv", f"1{NBSP}234,50{NBSP}€", "3,67", f"66,7{NBSP}%", "09:00"),
    ],
)
def test_each_language_writes_money_numbers_and_times_its_own_way(
    language, money, number, percent, time
):
    assert formatting.format_money(Decimal("1234.5"), language) == money
    assert formatting.format_number("3.67", language=language) == number
    assert formatting.format_percent("66.7", language) == percent
    assert formatting.format_time(datetime.time(9, 0), language) == time
    with translation.override(language):  # the active language is the default
        assert formatting.format_money("1234.50") == money


def test_money_is_rounded_to_cents_half_up_and_empty_for_nothing():
    assert formatting.format_money(Decimal("0.005"), "en") == "€0.01"
    assert formatting.format_amount(Decimal("1234.5"), "fi") == f"1{NBSP}234,50"
    assert formatting.format_money(None) == formatting.format_money("x") == ""
    assert formatting.format_number(None) == formatting.format_percent("") == ""


def test_quantities_rates_and_dates():
    assert formatting.format_quantity(Decimal("3.00"), "fi") == "3"
    assert formatting.format_quantity(Decimal("1.5"), "fi") == "1,5"
    assert formatting.format_rate(Decimal("25.50"), "fi") == "25,5 %"
    assert formatting.format_date(datetime.date(2027, 3, 4)) == "04.03.2027"
    assert formatting.format_date(None) == ""


def test_one_locale_map_serves_every_caller():
    from learning_reports import formats
    from programmes.templatetags import paamaja_tags

    assert formatting.babel_locale("fi") == "fi_FI" and formatting.babel_locale("en-gb") == "en_IE"
    assert formatting.babel_locale("de") == "en_IE"  # the site's default language
    assert paamaja_tags.babel_locale is formatting.babel_locale
    with translation.override("fi"):
        assert paamaja_tags.money(Decimal("5670")) == formatting.format_money(Decimal("5670"))
        assert formats.number("4.38") == "4,38"
