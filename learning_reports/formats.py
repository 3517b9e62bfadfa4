"""Numbers of a report in the reader's language: "66.7%" (en), "66,7 %" (fi, sv).

The report stores its figures as strings ("3.67", "66.7"), so the page, the PDF and the
shared link format them at render time, with Babel and the site's locales.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal, format_percent

from programmes.templatetags.paamaja_tags import babel_locale


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def number(value, places: int = 2) -> str:
    """A decimal figure with `places` decimals: "3.67" (en), "3,67" (fi); "" if none."""
    amount = _decimal(value)
    if amount is None:
        return ""
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(amount, format=pattern, locale=babel_locale())


def percent(value) -> str:
    """A share in per cent as stored ("66.7"): "66.7%" (en), "66,7 %" (fi, sv)."""
    amount = _decimal(value)
    if amount is None:
        return ""
    return format_percent(amount / 100, locale=babel_locale(), decimal_quantization=False)
