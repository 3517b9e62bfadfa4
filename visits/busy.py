"""Reading a host's own busy-time calendar (ICS URL) as unavailability.

Recurring events are expanded (RRULE, RDATE, EXDATE and moved occurrences with
RECURRENCE-ID) over a window of the coming days; the host's HostBusyTime rows are
replaced by what the calendar says now. Events marked TRANSPARENT (free) are ignored.
"""

from __future__ import annotations

import datetime
import ipaddress
import logging
import socket
import urllib.parse
import urllib.request

from dateutil.rrule import rruleset, rrulestr
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from icalendar import Calendar

from .models import HostAvailability, HostBusyTime
from .timeutil import HELSINKI

logger = logging.getLogger(__name__)
WINDOW_DAYS = 400
MAX_BYTES = 2_000_000


def _aware(value) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=HELSINKI)
    return datetime.datetime.combine(value, datetime.time.min, tzinfo=HELSINKI)


def busy_intervals(
    ics: bytes, *, start: datetime.datetime, end: datetime.datetime
) -> list[tuple[datetime.datetime, datetime.datetime, str]]:
    calendar = Calendar.from_ical(ics)
    overrides: dict[str, set] = {}
    for event in calendar.walk("VEVENT"):
        if event.get("recurrence-id") is not None:
            overrides.setdefault(str(event.get("uid")), set()).add(
                _aware(event.decoded("recurrence-id"))
            )
    found = []
    for event in calendar.walk("VEVENT"):
        if str(event.get("transp", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("status", "")).upper() == "CANCELLED":
            continue
        dtstart = _aware(event.decoded("dtstart"))
        if event.get("dtend") is not None:
            duration = _aware(event.decoded("dtend")) - dtstart
        elif event.get("duration") is not None:
            duration = event.decoded("duration")
        else:
            duration = datetime.timedelta(days=1)
        summary = str(event.get("summary", ""))[:200]
        rrule = event.get("rrule")
        if rrule is None or event.get("recurrence-id") is not None:
            starts = [dtstart]
        else:
            rules = rruleset()
            rules.rrule(
                rrulestr(rrule.to_ical().decode(), dtstart=dtstart, ignoretz=False, forceset=False)
            )
            for rdate in _dates(event, "rdate"):
                rules.rdate(rdate)
            for exdate in _dates(event, "exdate"):
                rules.exdate(exdate)
            moved = overrides.get(str(event.get("uid")), set())
            starts = [s for s in rules.between(start - duration, end, inc=True) if s not in moved]
        for s in starts:
            e = s + duration
            if e > start and s < end:
                found.append((s, e, summary))
    return sorted(found)


def _dates(event, name) -> list[datetime.datetime]:
    values = event.get(name)
    if values is None:
        return []
    if not isinstance(values, list):
        values = [values]
    return [_aware(d.dt) for value in values for d in value.dts]


class UnsafeCalendarURL(ValueError):
    """The URL is not a public http(s) address, so the server will not fetch it."""


def check_public_url(url: str) -> None:
    """Refuse URLs that would make the server fetch from itself or its network.

    A host types the busy-calendar URL and the server fetches it: without this check a
    host account could read loopback services, the cloud metadata address or the
    internal network (server-side request forgery). Every address the name resolves to
    must be public; redirects are checked again (_PublicOnlyRedirects). Tests that serve
    a calendar on 127.0.0.1 switch the check off with VISITS_BUSY_CALENDAR_ALLOW_PRIVATE.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeCalendarURL("only http and https calendar addresses can be read")
    if getattr(settings, "VISITS_BUSY_CALENDAR_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeCalendarURL("the calendar's host name does not resolve") from exc
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            raise UnsafeCalendarURL("the calendar's address is not a public internet address")


class _PublicOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_public_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_PublicOnlyRedirects)


def busy_calendar_refresh(*, availability: HostAvailability) -> int:
    url = availability.busy_calendar_url
    if not url:
        return 0
    check_public_url(url)
    with _opener.open(url, timeout=10) as response:
        body = response.read(MAX_BYTES + 1)
    if len(body) > MAX_BYTES:
        raise ValueError("calendar too large")
    now = timezone.now()
    intervals = busy_intervals(body, start=now, end=now + datetime.timedelta(days=WINDOW_DAYS))
    with transaction.atomic():
        HostBusyTime.objects.filter(host=availability.host).delete()
        HostBusyTime.objects.bulk_create(
            [
                HostBusyTime(host=availability.host, starts_at=s, ends_at=e, summary=summary)
                for s, e, summary in intervals
            ]
        )
        HostAvailability.objects.filter(pk=availability.pk).update(busy_fetched_at=now)
    return len(intervals)


def busy_calendars_refresh() -> int:
    total = 0
    for availability in HostAvailability.objects.exclude(busy_calendar_url="").select_related(
        "host"
    ):
        try:
            total += busy_calendar_refresh(availability=availability)
        except (OSError, ValueError) as exc:
            logger.warning(
                "visits: busy calendar of host %s unreadable (%s)",
                availability.host_id,
                type(exc).__name__,
            )
    return total
