"""{% load report_format %}: a report's decimals and percentages in the active language."""

from __future__ import annotations

from django import template

from learning_reports import formats

register = template.Library()


@register.filter
def number(value, places: int = 2) -> str:
    return formats.number(value, int(places))


@register.filter
def percent(value) -> str:
    return formats.percent(value)
