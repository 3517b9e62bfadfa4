"""The SVG charts: readable numbers on every bar colour, translated labels."""

from __future__ import annotations

import re

from django.utils import translation

from learning_reports.charts import _luminance, distribution_chart, nps_chart


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def numbers_on_bars(svg: str) -> list[tuple[str, str]]:
    """(bar fill, text fill) for every count drawn on a bar, in drawing order."""
    pairs, bar = [], None
    for match in re.finditer(
        r'<rect [^>]*fill="(#[0-9a-f]{6})"'
        r'|<text [^>]*text-anchor="middle"[^>]*fill="(#[0-9a-f]{6})">\d+</text>',
        svg,
    ):
        if match.group(1):
            bar = match.group(1)
        elif bar:
            pairs.append((bar, match.group(2)))
    return pairs


def test_counts_on_every_bar_colour_meet_wcag_contrast():
    svg = str(
        distribution_chart(
            [("Rescue College", {str(k): 10 for k in range(1, 6)})],
            scale=[1, 2, 3, 4, 5],
            title="Ratings",
        )
    ) + str(
        nps_chart(
            {"n": 30, "detractors": 10, "passives": 10, "promoters": 10, "score": 0}, title="NPS"
        )
    )
    pairs = numbers_on_bars(svg)
    assert len(pairs) == 8  # five scale bars and three NPS groups carry their count
    for bar, text in pairs:
        assert contrast(bar, text) >= 4.5, (bar, text, round(contrast(bar, text), 2))


def test_nps_groups_are_named_in_the_readers_language():
    with translation.override("fi"):
        svg = str(
            nps_chart(
                {"n": 4, "detractors": 1, "passives": 1, "promoters": 2, "score": 25}, title="NPS"
            )
        )
    assert "Suosittelijat (9–10): 2" in svg and "promoters" not in svg
