"""A host's weekly opening hours (HostAvailability.weekly_hours): the one place that
knows their shape.

Stored as JSON: {"0": [["09:00", "16:00"]], ...} — weekday (Monday "0" … Sunday "6") →
opening intervals, each [opens, closes] as "HH:MM" with closes after opens. A weekday
that is missing or has no intervals is closed; an empty dict means "no weekly hours
entered" (every time is open, as before hours were kept).

- `weekly_hours_validate` checks a value before it is saved (the service calls it);
- `weekly_hours_read` reads a stored value whatever it is: the intervals it can read,
  and whether the whole value was readable, so a value written around the service (a
  shell, an old import) shows a message instead of failing the page that reads it;
- `day_parse` / `day_text` convert one weekday to and from "09:00-12:00, 13:00-16:00",
  the text the availability forms edit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEEKDAYS = tuple(str(n) for n in range(7))

Interval = tuple[str, str]


def _interval(value) -> Interval:
    """One [opens, closes] pair, normalised to "HH:MM"; ValueError when it is not one."""
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValueError("not a pair")
    opens, closes = value
    if not isinstance(opens, str) or not isinstance(closes, str):
        raise ValueError("not text")
    o, c = datetime.time.fromisoformat(opens.strip()), datetime.time.fromisoformat(closes.strip())
    if c <= o:
        raise ValueError("closes before it opens")
    return o.strftime("%H:%M"), c.strftime("%H:%M")


@dataclass(frozen=True)
class WeeklyHours:
    days: dict[str, list[Interval]]
    readable: bool

    @property
    def entered(self) -> bool:
        """Whether any weekly hours are kept (no hours at all: every time is open)."""
        return bool(self.days)

    def on(self, weekday: int) -> list[Interval]:
        return self.days.get(str(weekday), [])


def weekly_hours_read(value) -> WeeklyHours:
    """Whatever is stored: the readable intervals, and whether everything was readable."""
    if value in (None, "", {}):
        return WeeklyHours({}, True)
    if not isinstance(value, dict):
        return WeeklyHours({}, False)
    days: dict[str, list[Interval]] = {}
    readable = True
    for key, intervals in value.items():
        if str(key) not in WEEKDAYS or not isinstance(intervals, list | tuple):
            readable = False
            continue
        kept = days.setdefault(str(key), [])
        for item in intervals:
            try:
                kept.append(_interval(item))
            except (ValueError, TypeError):
                readable = False
    return WeeklyHours(days, readable)


def weekly_hours_validate(value) -> dict[str, list[list[str]]]:
    """The value to store, normalised; ValidationError when its shape is wrong."""
    hours = weekly_hours_read(value)
    if not hours.readable:
        raise ValidationError(
            _(
                "Weekly opening hours must give, for each weekday (0 = Monday … 6 = Sunday), "
                "intervals like 09:00–16:00 that close after they open."
            ),
            code="weekly_hours",
        )
    return {day: [list(i) for i in intervals] for day, intervals in hours.days.items()}


def day_parse(raw: str) -> list[list[str]]:
    """ "09:00-12:00, 13:00-16:00" → [["09:00", "12:00"], ["13:00", "16:00"]]; empty =
    closed. ValidationError with the reason otherwise."""
    intervals = []
    for part in (raw or "").split(","):
        part = part.strip()
        if not part:
            continue
        pieces = part.replace("–", "-").split("-")
        try:
            if len(pieces) != 2:
                raise ValueError("not a pair")
            o = datetime.time.fromisoformat(pieces[0].strip())
            c = datetime.time.fromisoformat(pieces[1].strip())
        except ValueError:
            raise ValidationError(_("Write the hours as 09:00-16:00.")) from None
        if c <= o:
            raise ValidationError(_("Closing must be after opening."))
        intervals.append([o.strftime("%H:%M"), c.strftime("%H:%M")])
    return intervals


def day_text(intervals) -> str:
    return ", ".join(f"{o}-{c}" for o, c in intervals)
