"""Numbers of a report in the reader's language: "66.7%" (en), "66,7 %" (fi, sv).

The report stores its figures as strings ("3.67", "66.7"), so the page, the PDF and the
shared link format them at render time, through core/formatting.py.
"""

from __future__ import annotations

from core.formatting import format_number, format_percent


def number(value, places: int = 2) -> str:
    """A decimal figure with `places` decimals: "3.67" (en), "3,67" (fi); "" if none."""
    return format_number(value, places)


def percent(value) -> str:
    """A share in per cent as stored ("66.7"): "66.7%" (en), "66,7 %" (fi, sv)."""
    return format_percent(value)
