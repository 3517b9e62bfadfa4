"""Time calendar feeds of N events, end to end through the view (Django test client).

Prints, for N = 100 and 1000 by default:

    ics_feed feed=visit events=N ms=T queries=Q   (a delegation's feed: one visit)
    ics_feed feed=host events=N ms=T queries=Q    (a host organisation's feed: N site
                                                   visits across N/10 visits)

T is the median of 5 requests; Q is the number of SQL queries of one request, which
must not grow with N. Creates its own data on a PostgreSQL database of its own
(BENCH_DATABASE_URL, default paamaja_bench).
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time

from _setup import django_on_bench_database

FEEDS = ("visit", "host")


def delegation_feed(count: int):
    """A visit's feed (FeedKind.VISIT): one visit with `count` items."""
    from tests.visits.factories import make_visit
    from visits.enums import FeedKind, ItemKind
    from visits.models import CalendarFeed, ItineraryItem
    from visits.timeutil import HELSINKI

    visit = make_visit()
    base = datetime.datetime.combine(visit.starts_on, datetime.time(7), tzinfo=HELSINKI)
    ItineraryItem.objects.bulk_create(
        [
            ItineraryItem(
                visit=visit,
                kind=ItemKind.BRIEFING,
                title=f"Item {n}",
                starts_at=base + datetime.timedelta(minutes=10 * n),
                ends_at=base + datetime.timedelta(minutes=10 * n + 30),
                place="Mikkeli",
            )
            for n in range(count - visit.items.count())
        ]
    )
    return CalendarFeed.objects.create(kind=FeedKind.VISIT, visit=visit)


def host_feed(count: int):
    """A host organisation's feed (FeedKind.HOST): `count` site visits over count/10 visits.

    The visits are of different delegations (every third confidential, every other one
    with a programme manager); the requests are requested, accepted, proposed or
    cancelled, all of which the host's feed shows. The visits' own template site visits
    stay drafts, which it does not show.
    """
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tests.visits.factories import make_programme_with_hosts, make_visit
    from visits.enums import FeedKind, ItemKind, SiteVisitStatus
    from visits.models import CalendarFeed, ItineraryItem, SiteVisit, Visit
    from visits.timeutil import HELSINKI

    programme, hosts = make_programme_with_hosts(days=1, items_per_day=1)
    host = hosts[0]
    manager = get_user_model().objects.create_user(
        email=f"ics-{time.time_ns()}@bench.invalid", password=None
    )
    visits = []
    for n in range(max(count // 10, 1)):
        visit = make_visit(
            programme=programme,
            start=timezone.localdate() + datetime.timedelta(days=30 + n),
            confidential=n % 3 == 0,
        )
        if n % 2:
            Visit.objects.filter(pk=visit.pk).update(manager=manager)
        visits.append(visit)
    items = ItineraryItem.objects.bulk_create(
        [
            ItineraryItem(
                visit=visit,
                kind=ItemKind.SITE_VISIT,
                title=f"Site visit {n}",
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=45),
                host=host,
                notes="Bring passports.",
            )
            for n in range(count)
            for visit in [visits[n % len(visits)]]
            for start in [
                datetime.datetime.combine(visit.starts_on, datetime.time(8), tzinfo=HELSINKI)
                + datetime.timedelta(minutes=50 * (n // len(visits)))
            ]
        ]
    )
    statuses = [
        SiteVisitStatus.REQUESTED,
        SiteVisitStatus.ACCEPTED,
        SiteVisitStatus.PROPOSED,
        SiteVisitStatus.CANCELLED,
    ]
    SiteVisit.objects.bulk_create(
        [
            SiteVisit(item=item, host=host, status=statuses[n % len(statuses)])
            for n, item in enumerate(items)
        ]
    )
    return CalendarFeed.objects.create(kind=FeedKind.HOST, host=host)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--feed", choices=FEEDS, nargs="+", default=list(FEEDS))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    django_on_bench_database()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    makers = {"visit": delegation_feed, "host": host_feed}
    for kind in args.feed:
        for count in args.events:
            feed = makers[kind](count)
            url = reverse("visits_feed", args=[feed.token])
            timings = []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
                events = response.content.count(b"BEGIN:VEVENT")
                assert events == count, (kind, events, count)
            print(
                f"ics_feed feed={kind} events={count} ms={statistics.median(timings):.0f} "
                f"queries={len(queries.captured_queries)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
