"""Charts as inline SVG, drawn on the server: no JavaScript, no outside assets.

Each chart carries role="img", a <title> (its accessible name) and a <desc> that lists
every figure it draws (its accessible description, by aria-describedby), so a screen
reader gets the data and not only the title; the same markup prints in WeasyPrint's PDF.
Labels and values arrive already formatted for the reader's language.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _

NAVY = "#0b3a63"
BLUE = "#2f6fa8"
GREEN = "#2e7d32"
AMBER = "#c77700"
RED = "#b3261e"
GREY = "#9ca3af"
LIGHT = "#e5e7eb"
SCALE_COLOURS = {1: RED, 2: "#e07b39", 3: "#d4b106", 4: "#7cb342", 5: GREEN}
DARK_TEXT = "#111827"


def _luminance(colour: str) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def text_on(fill: str) -> str:
    """White or near-black, whichever has the higher contrast on the fill (WCAG 1.4.3:
    white on the amber, yellow, light-green and grey bars was 2.1-3.0:1)."""
    lum = _luminance(fill)
    on_white = 1.05 / (lum + 0.05)
    on_dark = (lum + 0.05) / (_luminance(DARK_TEXT) + 0.05)
    return "#ffffff" if on_white >= on_dark else DARK_TEXT


FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'
# Bar charts are 480 units wide: on a phone they keep that size in CSS pixels (1:1, 12 px
# labels) and scroll sideways in their own box; the label column is 170 units.
WIDTH, LABEL_W, LABEL_CHARS = 480, 170, 24


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def chart_id(title: str, desc: str = "") -> str:
    """A stable id for the <title>/<desc> of a chart: unique per title on one page."""
    digest = hashlib.sha1(f"{title}|{desc}".encode(), usedforsecurity=False).hexdigest()[:6]
    return f"chart-{slugify(title)[:40]}-{digest}"


def _svg(
    width: int, height: int, title: str, body: str, *, desc: str = "", small: bool = False
) -> SafeString:
    # Every label and value in `body` and `desc` went through escape(); the rest is ours.
    ident = chart_id(title, desc)
    described = f' aria-describedby="{ident}-desc"' if desc else ""
    desc_el = f'<desc id="{ident}-desc">{escape(desc)}</desc>' if desc else ""
    css = "chart chart--small" if small else "chart"
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" class="{css}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{ident}-title"{described}>'
        f'<title id="{ident}-title">{escape(title)}</title>{desc_el}{body}</svg>'
    )


def _join(items: Sequence[str]) -> str:
    return "; ".join(items) + ("." if items else "")


def _num(value) -> float:
    return float(Decimal(str(value))) if value not in (None, "") else 0.0


def hbar_chart(
    rows: Sequence[tuple[str, float | Decimal | str | None, str]],
    *,
    title: str,
    maximum: float,
    width: int = WIDTH,
    unit: str = "",
) -> SafeString:
    """Horizontal bars: (label, value, value text). A None value draws "–"."""
    label_w, bar_w, row_h = LABEL_W, width - LABEL_W - 50, 26
    height = max(1, len(rows)) * row_h + 8
    parts = []
    for i, (label, value, text) in enumerate(rows):
        y = 4 + i * row_h
        short = _short(label)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="12" {FONT} '
            f'fill="#1f2937">{escape(short)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="16" fill="{LIGHT}"/>'
        )
        if value is not None:
            w = bar_w * max(0.0, min(1.0, _num(value) / maximum)) if maximum else 0
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="16" fill="{BLUE}"/>'
            )
        parts.append(
            f'<text x="{label_w + bar_w + 6}" y="{y + 17}" font-size="12" {FONT} '
            f'fill="#1f2937">{escape(text if value is not None else "–")}{escape(unit)}</text>'
        )
    desc = _join(
        [f"{label}: {text if value is not None else '–'}{unit}" for label, value, text in rows]
    )
    return _svg(width, height, title, "".join(parts), desc=desc)


def distribution_chart(
    rows: Sequence[tuple[str, dict[str, int]]],
    *,
    title: str,
    scale: Sequence[int] = (1, 2, 3, 4, 5),
    legend: dict[int, str] | None = None,
    width: int = WIDTH,
) -> SafeString:
    """100 % stacked bars of answers per scale point, one row per label."""
    colours = SCALE_COLOURS if len(scale) == 5 else {1: RED, 2: AMBER, 3: "#7cb342", 4: GREEN}
    legend = legend or {}
    # Tooltips and the description name each scale point; the legend under the bars
    # shows the bare number when there is no legend text.
    names = {k: legend.get(k) or _("Rating %(value)s") % {"value": k} for k in scale}
    described = []
    no_answers = _("no answers")
    label_w, bar_w, row_h = LABEL_W, width - LABEL_W - 20, 26
    # The legend wraps onto as many lines as its names need (long Finnish ones).
    entries, lx, line = [], 10.0, 0
    for k in scale:
        name = legend.get(k) or str(k)
        step = 14 + 7.5 * len(name) + 14
        if lx > 10 and lx + step - 14 > width:
            lx, line = 10.0, line + 1
        entries.append((k, name, lx, line))
        lx += step
    legend_h = 20 * (line + 1) + 4
    height = max(1, len(rows)) * row_h + legend_h + 8
    parts = []
    for i, (label, distribution) in enumerate(rows):
        y = 4 + i * row_h
        total = sum(int(distribution.get(str(k), 0)) for k in scale)
        counts = ", ".join(f"{names[k]}: {int(distribution.get(str(k), 0))}" for k in scale)
        described.append(f"{label}: {counts}" if total else f"{label}: {no_answers}")
        short = _short(label)
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="12" {FONT} '
            f'fill="#1f2937">{escape(short)}</text>'
        )
        x = float(label_w)
        if not total:
            parts.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{bar_w}" height="16" fill="{LIGHT}"/>'
            )
            continue
        for k in scale:
            count = int(distribution.get(str(k), 0))
            if not count:
                continue
            w = bar_w * count / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="16" fill="{colours[k]}">'
                f"<title>{escape(names[k])}: {count}</title></rect>"
            )
            if w > 18:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 16}" text-anchor="middle" font-size="11" '
                    f'{FONT} fill="{text_on(colours[k])}">{count}</text>'
                )
            x += w
    for k, name, lx, line in entries:
        ly = height - legend_h + 6 + 20 * line
        parts.append(
            f'<rect x="{lx:.1f}" y="{ly}" width="10" height="10" fill="{colours[k]}"/>'
            f'<text x="{lx + 14:.1f}" y="{ly + 9}" font-size="11" {FONT} fill="#374151">'
            f"{escape(name)}</text>"
        )
    return _svg(width, height, title, "".join(parts), desc=_join(described))


def nps_chart(nps: dict, *, title: str, width: int = 360) -> SafeString:
    """Detractors / passives / promoters as one bar, with the score beside it."""
    n = nps.get("n") or 0
    parts = []
    bar_x, bar_w = 10, width - 150
    groups = (
        ("detractors", RED, _("Detractors (0–6)")),
        ("passives", GREY, _("Passives (7–8)")),
        ("promoters", GREEN, _("Promoters (9–10)")),
    )
    if n:
        x = float(bar_x)
        for key, colour, label in groups:
            count = nps.get(key, 0)
            w = bar_w * count / n
            if w:
                parts.append(
                    f'<rect x="{x:.1f}" y="10" width="{w:.1f}" height="28" fill="{colour}">'
                    f"<title>{escape(label)}: {count}</title></rect>"
                )
                if w > 24:
                    parts.append(
                        f'<text x="{x + w / 2:.1f}" y="29" text-anchor="middle" font-size="12" '
                        f'{FONT} fill="{text_on(colour)}">{count}</text>'
                    )
            x += w
    else:
        parts.append(f'<rect x="{bar_x}" y="10" width="{bar_w}" height="28" fill="{LIGHT}"/>')
    score = "–" if nps.get("score") is None else f"{nps['score']:+d}"
    parts.append(
        f'<text x="{bar_x + bar_w + 16}" y="34" font-size="24" font-weight="bold" {FONT} '
        f'fill="{NAVY}">{escape(score)}</text>'
    )
    desc = _join(
        [f"{label}: {nps.get(key, 0)}" for key, _colour, label in groups]
        + [_("Score: %(score)s") % {"score": score}]
    )
    return _svg(width, 48, title, "".join(parts), desc=desc, small=True)


def trend_chart(
    points: Sequence[tuple[str, float | Decimal | None]],
    *,
    title: str,
    low: float,
    high: float,
    width: int = 640,
    height: int = 200,
) -> SafeString:
    """A line through the points (label, value); None values leave a gap."""
    left, right, top, bottom = 40, 10, 10, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    parts = []
    for tick in (low, (low + high) / 2, high):
        y = top + plot_h * (1 - (tick - low) / (high - low))
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LIGHT}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="10" {FONT} '
            f'fill="#4b5563">{tick:g}</text>'
        )
    count = len(points)
    step = plot_w / max(1, count - 1) if count > 1 else 0
    coords = []
    for i, (label, value) in enumerate(points):
        x = left + (step * i if count > 1 else plot_w / 2)
        if i % max(1, count // 8) == 0:
            parts.append(
                f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="10" '
                f'{FONT} fill="#4b5563">{escape(label)}</text>'
            )
        if value is None:
            coords.append(None)
            continue
        v = max(low, min(high, _num(value)))
        y = top + plot_h * (1 - (v - low) / (high - low))
        coords.append((x, y, value, label))
    segment: list[str] = []
    for c in [*coords, None]:
        if c is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{BLUE}" '
                    'stroke-width="2"/>'
                )
            segment = []
            continue
        segment.append(f"{c[0]:.1f},{c[1]:.1f}")
    for c in coords:
        if c is not None:
            parts.append(
                f'<circle cx="{c[0]:.1f}" cy="{c[1]:.1f}" r="3.5" fill="{NAVY}">'
                f"<title>{escape(c[3])}: {escape(str(c[2]))}</title></circle>"
            )
    desc = _join([f"{label}: {'–' if value is None else value}" for label, value in points])
    return _svg(width, height, title, "".join(parts), desc=desc)
