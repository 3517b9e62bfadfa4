"""Calm abstract images for the demo, drawn locally with Pillow (nothing is downloaded).

Every image is 1600×900, deterministic for its key, and described for people who cannot see
it: the description becomes the Wagtail image's `description`, which templates use as alt
text.
"""

from __future__ import annotations

import hashlib
import io
import math
import os
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont
from wagtail.images import get_image_model

from .text import T

WIDTH, HEIGHT = 1600, 900
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
TITLE_PREFIX = "Päämaja demo · "

RGB = tuple[int, int, int]

# (top of the gradient, bottom of the gradient, accent)
PALETTES: dict[str, tuple[RGB, RGB, RGB]] = {
    "home": ((18, 32, 64), (204, 132, 96), (250, 226, 190)),
    "rescue": ((70, 22, 30), (190, 100, 58), (255, 214, 160)),
    "defence": ((24, 38, 52), (92, 110, 88), (222, 214, 180)),
    "water": ((10, 44, 82), (60, 140, 164), (210, 240, 245)),
    "cbrn": ((20, 38, 34), (110, 142, 80), (236, 240, 170)),
    "cyber": ((14, 18, 48), (74, 62, 156), (170, 220, 255)),
    "public": ((58, 48, 72), (186, 142, 108), (255, 232, 200)),
    "travel": ((16, 58, 70), (186, 164, 112), (250, 240, 210)),
    "food": ((46, 60, 30), (196, 162, 80), (250, 236, 180)),
}

# What each motif shows, for alt texts in the three languages.
MOTIFS: dict[str, T] = {
    "waves": T(
        "layered wave bands in lake blues",
        "kerroksellisia aaltokaistoja järven sinisissä sävyissä",
        "skiktade vågband i sjöblå toner",
    ),
    "rings": T(
        "concentric rings spreading from a bright point",
        "kirkkaasta pisteestä leviäviä samankeskisiä renkaita",
        "koncentriska ringar som sprider sig från en ljus punkt",
    ),
    "network": T(
        "connected points on a dark background, like a map of a network",
        "toisiinsa yhdistettyjä pisteitä tummalla pohjalla kuin verkoston kartta",
        "sammankopplade punkter på mörk botten, som en karta över ett nätverk",
    ),
    "shield": T(
        "overlapping arches that form a shield",
        "päällekkäisiä kaaria, jotka muodostavat kilven",
        "överlappande valv som bildar en sköld",
    ),
    "beacon": T(
        "beams of light fanning out from a beacon",
        "majakasta viuhkamaisesti leviäviä valonsäteitä",
        "ljusstrålar som sprider sig solfjäderlikt från en fyr",
    ),
    "grid": T(
        "a city plan of blocks around open squares",
        "kaupunkikartta kortteleineen ja avoimine aukioineen",
        "en stadsplan med kvarter kring öppna torg",
    ),
    "route": T(
        "a dotted route linking waypoints",
        "pisteviiva, joka yhdistää reittipisteitä",
        "en prickad rutt som förbinder etapper",
    ),
    "forest": T(
        "spruce silhouettes on a lakeshore at dusk",
        "kuusten siluetteja järven rannalla iltahämärässä",
        "granssiluetter vid en sjöstrand i skymningen",
    ),
    "fields": T(
        "soft horizontal stripes like fields and a shoreline",
        "pehmeitä vaakaraitoja kuin peltoja ja rantaviiva",
        "mjuka vågräta ränder som åkrar och en strandlinje",
    ),
}

ABSTRACT = T("Abstract illustration", "Abstrakti kuvitus", "Abstrakt illustration")


@dataclass(frozen=True)
class ImageSpec:
    key: str
    title: str
    description: str
    motif: str
    palette: str
    label: str | None = None

    @property
    def full_title(self) -> str:
        return TITLE_PREFIX + self.title


def alt_text(motif: str, subject: T, lang: str) -> str:
    """Alt text of a gallery image in `lang`: what it shows and what it stands for."""
    what = getattr(MOTIFS[motif], lang)
    about = getattr(subject, lang)
    return f"{getattr(ABSTRACT, lang)}: {what} – {about[:1].lower()}{about[1:]}"


# ---------------------------------------------------------------------------- drawing


def _font(size: int, *, bold: bool = False):
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(FONT_DIR / name), size)
    except OSError:
        return ImageFont.load_default(size=size)


def _gradient(top: RGB, bottom: RGB) -> Image.Image:
    vertical = Image.linear_gradient("L").resize((WIDTH, HEIGHT))
    horizontal = Image.linear_gradient("L").rotate(90).resize((WIDTH, HEIGHT))
    mask = ImageChops.add(
        vertical.point(lambda v: int(v * 0.75)), horizontal.point(lambda v: int(v * 0.25))
    )
    return Image.composite(
        Image.new("RGB", (WIDTH, HEIGHT), bottom), Image.new("RGB", (WIDTH, HEIGHT), top), mask
    )


def _layer() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    layer = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    return layer, ImageDraw.Draw(layer)


def _blurred(layer: Image.Image, radius: int) -> Image.Image:
    """Blur only the part of `layer` that has something on it (much faster than the whole)."""
    box = layer.getbbox()
    if box is None:
        return layer
    pad = radius * 3
    box = (
        max(0, box[0] - pad),
        max(0, box[1] - pad),
        min(WIDTH, box[2] + pad),
        min(HEIGHT, box[3] + pad),
    )
    result = Image.new("RGBA", layer.size, (0, 0, 0, 0))
    result.paste(layer.crop(box).filter(ImageFilter.GaussianBlur(radius)), box[:2])
    return result


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    return tuple(int(a[i] + (b[i] - a[i]) * t) for i in range(3))  # type: ignore[return-value]


def _waves(rng: random.Random, accent: RGB, base: RGB) -> list[Image.Image]:
    layers = []
    for band in range(6):
        layer, draw = _layer()
        y0 = HEIGHT * (0.38 + band * 0.1)
        amplitude = rng.uniform(18, 46)
        frequency = rng.uniform(0.003, 0.007)
        phase = rng.uniform(0, math.tau)
        points = [
            (x, y0 + amplitude * math.sin(x * frequency + phase)) for x in range(0, WIDTH + 20, 20)
        ]
        colour = _mix(accent, base, band / 7)
        draw.polygon([*points, (WIDTH, HEIGHT), (0, HEIGHT)], fill=(*colour, 34 + band * 6))
        layers.append(layer)
    return layers


def _rings(rng: random.Random, accent: RGB, base: RGB) -> list[Image.Image]:
    layer, draw = _layer()
    cx, cy = rng.uniform(0.6, 0.8) * WIDTH, rng.uniform(0.3, 0.55) * HEIGHT
    for step, radius in enumerate(range(40, 1500, 64)):
        alpha = max(14, 150 - step * 7)
        draw.ellipse(
            (cx - radius, cy - radius, cx + radius, cy + radius),
            outline=(*accent, alpha),
            width=3 if step % 3 else 6,
        )
    glow, glow_draw = _layer()
    glow_draw.ellipse((cx - 70, cy - 70, cx + 70, cy + 70), fill=(*accent, 150))
    return [layer, _blurred(glow, 30)]


def _network(rng: random.Random, accent: RGB, base: RGB) -> list[Image.Image]:
    nodes = [(rng.uniform(0.3, 0.98) * WIDTH, rng.uniform(0.08, 0.92) * HEIGHT) for _ in range(46)]
    lines, line_draw = _layer()
    for i, (x1, y1) in enumerate(nodes):
        for x2, y2 in nodes[i + 1 :]:
            distance = math.hypot(x2 - x1, y2 - y1)
            if distance < 240:
                line_draw.line((x1, y1, x2, y2), fill=(*accent, int(120 - distance / 3)), width=2)
    dots, dot_draw = _layer()
    for x, y in nodes:
        r = rng.choice((4, 6, 6, 9, 12))
        dot_draw.ellipse((x - r, y - r, x + r, y + r), fill=(*accent, 210))
    return [lines, dots]


def _shield(rng: random.Random, accent: RGB, base: RGB) -> list[Image.Image]:
    layers = []
    cx, cy = WIDTH * rng.uniform(0.66, 0.76), HEIGHT * 1.05
    for k in range(6):
        layer, draw = _layer()
        rx, ry = 760 - k * 105, 900 - k * 120
        draw.chord((cx - rx, cy - ry, cx + rx, cy + ry), 180, 360, fill=(*accent, 30))
        draw.arc((cx - rx, cy - ry, cx + rx, cy + ry), 180, 360, fill=(*accent, 120), width=3)
        layers.append(layer)
    return layers


def _beacon(rng: random.Random, accent: RGB, base: RGB) -> list[Image.Image]:
    rays, draw = _layer()
    cx, cy = WIDTH * rng.uniform(0.68, 0.8), HEIGHT * 0.78
    angles = [math.radians(a) for a in range(190, 352, 9)]
    for i, (a1, a2) in enumerate(zip(angles, angles[1:], strict=False)):
        if i % 2:
            continue
        far = 2200
        draw.polygon(
            [
                (cx, cy),
                (cx + far * math.cos(a1), cy + far * math.sin(a1)),
                (cx + far * math.cos(a2), cy + far * math.sin(a2)),
            ],
            fill=(*accent, 26 + (i % 4) * 8),
        )
    glow, glow_draw = _layer()
    glow_draw.ellipse((cx - 120, cy - 120, cx + 120, cy + 120), fill=(*accent, 170))
    return [rays, _blurred(glow, 40)]


def _grid(rng: random.Random, accent: RGB, base: RGB) -> list[Image.Image]:
    layer, draw = _layer()
    size, gap = 110, 26
    for row in range(-1, HEIGHT // (size + gap) + 1):
        for column in range(5, WIDTH // (size + gap) + 1):
            x = column * (size + gap) + (row % 2) * 20
            y = row * (size + gap) + 30
            roll = rng.random()
            box = (x, y, x + size, y + size)
            if roll < 0.18:
                draw.ellipse(box, outline=(*accent, 150), width=3)  # an open square
            elif roll < 0.7:
                draw.rectangle(box, fill=(*accent, rng.randint(30, 90)))
            else:
                draw.rectangle(box, outline=(*accent, 70), width=2)
    return [layer]


def _route(rng: random.Random, accent: RGB, base: RGB) -> list[Image.Image]:
    layer, draw = _layer()
    waypoints = [
        (WIDTH * 0.28, HEIGHT * rng.uniform(0.6, 0.8)),
        (WIDTH * 0.46, HEIGHT * rng.uniform(0.25, 0.45)),
        (WIDTH * 0.64, HEIGHT * rng.uniform(0.55, 0.75)),
        (WIDTH * 0.8, HEIGHT * rng.uniform(0.2, 0.4)),
        (WIDTH * 0.95, HEIGHT * rng.uniform(0.45, 0.65)),
    ]
    for (x1, y1), (x2, y2) in zip(waypoints, waypoints[1:], strict=False):
        steps = int(math.hypot(x2 - x1, y2 - y1) / 22)
        for s in range(steps):
            t = s / steps
            bend = math.sin(t * math.pi) * 60
            x, y = x1 + (x2 - x1) * t, y1 + (y2 - y1) * t - bend
            draw.ellipse((x - 4, y - 4, x + 4, y + 4), fill=(*accent, 190))
    for x, y in waypoints:
        draw.ellipse((x - 26, y - 26, x + 26, y + 26), outline=(*accent, 220), width=4)
        draw.ellipse((x - 10, y - 10, x + 10, y + 10), fill=(*accent, 230))
    return [layer]


def _forest(rng: random.Random, accent: RGB, base: RGB) -> list[Image.Image]:
    horizon = HEIGHT * 0.64
    water, water_draw = _layer()
    water_draw.rectangle((0, horizon, WIDTH, HEIGHT), fill=(10, 20, 40, 90))
    for i in range(14):
        y = horizon + 14 + i * 17
        water_draw.line(
            (rng.uniform(0, 600), y, rng.uniform(900, WIDTH), y), fill=(*accent, 40), width=2
        )
    trees, tree_draw = _layer()
    reflections, reflection_draw = _layer()
    x = -20.0
    while x < WIDTH + 40:
        height = rng.uniform(90, 260)
        width = height * 0.5
        for tier in range(4):
            top = horizon - height + tier * height * 0.18
            bottom = horizon - height * 0.45 + tier * height * 0.15
            half = width * (0.35 + tier * 0.22) / 2
            tree_draw.polygon(
                [(x, top), (x - half, bottom), (x + half, bottom)], fill=(8, 16, 24, 235)
            )
            mirror = [
                (x, 2 * horizon - top),
                (x - half, 2 * horizon - bottom),
                (x + half, 2 * horizon - bottom),
            ]
            reflection_draw.polygon(mirror, fill=(8, 16, 24, 70))
        x += rng.uniform(28, 70)
    return [water, reflections, trees]


def _fields(rng: random.Random, accent: RGB, base: RGB) -> list[Image.Image]:
    layers = []
    y = HEIGHT * 0.35
    band = 0
    while y < HEIGHT:
        layer, draw = _layer()
        thickness = rng.uniform(40, 110)
        tilt = rng.uniform(-40, 40)
        colour = _mix(accent, base, rng.uniform(0.1, 0.7))
        draw.polygon(
            [(0, y), (WIDTH, y + tilt), (WIDTH, y + tilt + thickness), (0, y + thickness)],
            fill=(*colour, 44 + (band % 3) * 14),
        )
        layers.append(layer)
        y += thickness * 0.8
        band += 1
    return layers


MOTIF_DRAWERS: dict[str, Callable[[random.Random, RGB, RGB], list[Image.Image]]] = {
    "waves": _waves,
    "rings": _rings,
    "network": _network,
    "shield": _shield,
    "beacon": _beacon,
    "grid": _grid,
    "route": _route,
    "forest": _forest,
    "fields": _fields,
}


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and draw.textlength(candidate, font=font) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    return lines


def _text(image: Image.Image, label: str | None) -> Image.Image:
    """Set the title (and a small wordmark) over the picture; pictures without a title stay
    free of text, because pages crop them freely."""
    if not label:
        return image
    shadow, shadow_draw = _layer()
    text, text_draw = _layer()
    mark_font = _font(26)
    mark = "PÄÄMAJA  ·  MIKKELI  ·  SOUTH SAVO"
    shadow_draw.text((82, 72), mark, font=mark_font, fill=(0, 0, 0, 140))
    text_draw.text((80, 70), mark, font=mark_font, fill=(255, 255, 255, 215))
    font = _font(86, bold=True)
    lines = _wrap(text_draw, label, font, 1050)
    line_height = 104
    y = HEIGHT - 90 - line_height * len(lines)
    for line in lines:
        shadow_draw.text((84, y + 5), line, font=font, fill=(0, 0, 0, 150))
        text_draw.text((80, y), line, font=font, fill=(255, 255, 255, 255))
        y += line_height
    image = Image.alpha_composite(image, _blurred(shadow, 6))
    return Image.alpha_composite(image, text)


def render(spec: ImageSpec) -> bytes:
    """Draw the image of `spec` and return it as JPEG bytes."""
    top, bottom, accent = PALETTES[spec.palette]
    rng = random.Random(spec.key)
    image = _gradient(top, bottom).convert("RGBA")
    for layer in MOTIF_DRAWERS[spec.motif](rng, accent, bottom):
        image = Image.alpha_composite(image, layer)
    image = _text(image, spec.label)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="JPEG", quality=86)
    return buffer.getvalue()


def _file_name(key: str) -> str:
    """A short, stable file name (Wagtail shortens long names with a random suffix)."""
    if len(key) > 48:
        key = f"{key[:39]}-{hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:8]}"
    return f"demo-{key}.jpg"


def ensure_images(specs: list[ImageSpec]) -> dict[str, tuple[object, bool]]:
    """key -> (Wagtail image, created?): existing images are looked up by title; the
    missing ones are drawn in parallel (Pillow releases the GIL while it works) and stored."""
    Image_ = get_image_model()
    existing: dict[str, object] = {}
    for image in Image_.objects.filter(title__in=[s.full_title for s in specs]).order_by("-pk"):
        existing[image.title] = image  # the oldest wins when a title is duplicated
    missing = [spec for spec in specs if spec.full_title not in existing]
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        drawn = dict(zip([s.key for s in missing], pool.map(render, missing), strict=True))
    result: dict[str, tuple[object, bool]] = {}
    for spec in specs:
        if spec.full_title in existing:
            result[spec.key] = (existing[spec.full_title], False)
            continue
        image = Image_(
            title=spec.full_title,
            description=spec.description[:255],
            file=ImageFile(io.BytesIO(drawn[spec.key]), name=_file_name(spec.key)),
        )
        image.save()
        existing[spec.full_title] = image
        result[spec.key] = (image, True)
    return result
