"""Time one calendar feed of N events, end to end through the view (Django test client).

Prints: ics_feed events=N ms=T queries=Q   (for N = 100 and 1000 by default)
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    django_on_bench_database()

    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from tests.visits.factories import make_visit
    from visits.enums import FeedKind, ItemKind
    from visits.models import CalendarFeed, ItineraryItem
    from visits.timeutil import HELSINKI

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    for count in args.events:
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
        feed = CalendarFeed.objects.create(kind=FeedKind.VISIT, visit=visit)
        url = reverse("visits_feed", args=[feed.token])
        timings = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            events = response.content.count(b"BEGIN:VEVENT")
            assert events == count, (events, count)
        print(
            f"ics_feed events={count} ms={statistics.median(timings):.0f} "
            f"queries={len(queries.captured_queries)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
