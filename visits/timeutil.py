"""The visit's clock: Europe/Helsinki, whatever the server's zone."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

HELSINKI = ZoneInfo("Europe/Helsinki")


def helsinki(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(HELSINKI)


def at(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """`time` on `day` in Helsinki, as an aware datetime (DST handled by zoneinfo)."""
    return datetime.datetime.combine(day, time, tzinfo=HELSINKI)


def local_date(moment: datetime.datetime) -> datetime.date:
    return helsinki(moment).date()


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = at(day, datetime.time.min)
    return start, at(day + datetime.timedelta(days=1), datetime.time.min)
