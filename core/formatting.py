"""Money, numbers, times and dates as each of the site's languages writes them.

One Babel locale per language: euros are formatted the way Finland does, and English
follows Ireland (a euro country) rather than the United States. Every page, e-mail,
document and report formats through here; the template filters (`money`, `clock` in
programmes/templatetags/paamaja_tags.py), the documents' helpers (bookings/invoicing/pdf.py) and
the learning reports' figures (learning_reports/formats.py) delegate to these functions.

    format_money(Decimal("1234.5"), "fi")  -> "1 234,50 €"
    format_number("3.67", language="fi")   -> "3,67"
    format_time(datetime.time(9), "fi")    -> "9.00"

`language` defaults to the active language (django.utils.translation).
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.conf import settings
from django.utils import translation

BABEL_LOCALES = {"en": "en_IE", "fi": "fi_FI", "sv": "sv_FI"}
CENT = Decimal("0.01")


def babel_locale(language: str | None = None) -> str:
    """The Babel locale of a language code ("fi" -> "fi_FI"); the site's default else."""
    code = (language or translation.get_language() or settings.LANGUAGE_CODE).lower()
    return BABEL_LOCALES.get(
        code.split("-")[0].split("_")[0], BABEL_LOCALES[settings.LANGUAGE_CODE]
    )


def to_decimal(value) -> Decimal | None:
    """`value` as a Decimal, or None when it is empty or not a number."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value)) if not isinstance(value, Decimal) else value
    except (InvalidOperation, TypeError, ValueError):
        return None


def _cents(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def format_money(value, language: str | None = None, *, currency: str = "EUR") -> str:
    """An amount with its currency sign: "€1,234.50" (en), "1 234,50 €" (fi); "" if none."""
    amount = to_decimal(value)
    if amount is None:
        return ""
    return babel_numbers.format_currency(
        _cents(amount), currency or "EUR", locale=babel_locale(language)
    )


def format_amount(value, language: str | None = None) -> str:
    """An amount without the currency sign, always with cents: "1,234.50", "1 234,50"."""
    return babel_numbers.format_decimal(
        _cents(value), format="#,##0.00", locale=babel_locale(language)
    )


def format_quantity(value, language: str | None = None) -> str:
    """A quantity: whole numbers plainly ("3"), others in the language ("1,5")."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return babel_numbers.format_decimal(value.normalize(), locale=babel_locale(language))


def format_rate(value, language: str | None = None) -> str:
    """A rate given in per cent ("25.5"): "25.5 %" (en), "25,5 %" (fi), as on invoices."""
    return (
        babel_numbers.format_decimal(Decimal(value).normalize(), locale=babel_locale(language))
        + " %"
    )


def format_number(value, places: int = 2, *, language: str | None = None) -> str:
    """A figure with `places` decimals: "3.67" (en), "3,67" (fi); "" if none."""
    amount = to_decimal(value)
    if amount is None:
        return ""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return babel_numbers.format_decimal(amount, format=pattern, locale=babel_locale(language))


def format_percent(value, language: str | None = None) -> str:
    """A share stored in per cent ("66.7"): "66.7%" (en), "66,7 %" (fi, sv); "" if none."""
    amount = to_decimal(value)
    if amount is None:
        return ""
    return babel_numbers.format_percent(
        amount / 100, locale=babel_locale(language), decimal_quantization=False
    )


def format_time(value, language: str | None = None) -> str:
    """A time of day: "09:00" (en), "9.00" (fi); "" if none."""
    if not value:
        return ""
    return babel_dates.format_time(value, "short", locale=babel_locale(language))


def format_date(value: datetime.date | None) -> str:
    """A date on documents: "24.03.2027" in every language (the Finnish invoice style)."""
    return f"{value:%d.%m.%Y}" if value else ""
