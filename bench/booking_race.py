"""Race N clients (threads, each with its own connection) for the last K of a resource.

Three races, one line each:

    booking_race resource=seats clients=N k=K confirmed=C refused=R oversold=O errors=E p95_ms=P
    booking_race resource=rooms ...       (the last K rooms of a hotel allotment, two nights)
    booking_race resource=host_slots ...  (a host's last K delegations of one day)

`confirmed` counts clients whose request succeeded (seats held by `booking_start`, rooms
held by `booking_set_accommodation`, a request sent to the host by `site_visit_send`);
`refused` the clean refusals (the resource is gone); `errors` every other exception.
`oversold` is how far the resource went past its capacity, read back from the database
afterwards. Runs against the ORM on a PostgreSQL database of its own (BENCH_DATABASE_URL).
"""

from __future__ import annotations

import argparse
import datetime
import sys
import threading
import time
from collections.abc import Callable

from _setup import django_on_bench_database, p95

RESOURCES = ("seats", "rooms", "host_slots")
TAKEN_BEFORE = 10  # seats / rooms already sold before the race; host slots: 2


def race(
    fn: Callable[[int], object], clients: int, refusals: tuple[type[BaseException], ...]
) -> tuple[list[str], list[float]]:
    """Run fn(0..clients-1) at once, one thread each; outcomes and latencies (ms)."""
    from django.db import connections

    barrier = threading.Barrier(clients)
    latencies: list[float] = []
    results: list[str] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            fn(i)
            outcome = "ok"
        except refusals:
            outcome = "refused"
        except Exception as error:  # noqa: BLE001 - counted as an error
            outcome = "error"
            print(f"# booking_race error: {type(error).__name__}: {error}", file=sys.stderr)
        finally:
            connections.close_all()
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)
            results.append(outcome)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results, latencies


def seats(clients: int, k: int) -> tuple[list[str], list[float], int]:
    from bookings.enums import BookingStatus
    from bookings.errors import NoLongerAvailable
    from bookings.models import Booking
    from bookings.services import booking_start
    from tests.bookings.factories import make_delegation, make_departure

    departure = make_departure(seats=k + TAKEN_BEFORE)
    organisation, contact = make_delegation()
    first = booking_start(
        departure=departure,
        organisation=organisation,
        contact=contact,
        participants_count=TAKEN_BEFORE,
    )
    Booking.objects.filter(pk=first.pk).update(status=BookingStatus.CONFIRMED)

    results, latencies = race(
        lambda _i: booking_start(
            departure=departure, organisation=organisation, contact=contact, participants_count=1
        ),
        clients,
        (NoLongerAvailable,),
    )
    sold = Booking.objects.filter(departure=departure).exclude(pk=first.pk).count()
    return results, latencies, max(sold - k, 0)


def rooms(clients: int, k: int) -> tuple[list[str], list[float], int]:
    """Each client holds a booking and asks for one single room for two nights."""
    from django.db.models import Sum

    from bookings.errors import NoLongerAvailable
    from bookings.models import Allotment, RoomReservation
    from bookings.services import RoomRequest, booking_set_accommodation, booking_start
    from tests.bookings.factories import make_delegation, make_departure, make_room_type

    departure = make_departure(seats=clients + TAKEN_BEFORE + 10)
    nights = [departure.start_date + datetime.timedelta(days=n) for n in range(2)]
    room_type = make_room_type(nights=nights, rooms=k + TAKEN_BEFORE)
    organisation, contact = make_delegation()

    def hold(participants: int):
        return booking_start(
            departure=departure,
            organisation=organisation,
            contact=contact,
            participants_count=participants,
        )

    def ask(booking, count: int):
        return booking_set_accommodation(
            booking=booking,
            requests=[RoomRequest(room_type=room_type, occupancy="single", rooms=count)],
            arrival=nights[0],
            departure=nights[-1] + datetime.timedelta(days=1),
        )

    ask(hold(TAKEN_BEFORE), TAKEN_BEFORE)
    bookings = [hold(1) for _ in range(clients)]

    results, latencies = race(lambda i: ask(bookings[i], 1), clients, (NoLongerAvailable,))
    oversold = 0
    for allotment in Allotment.objects.filter(room_type=room_type):
        taken = (
            RoomReservation.objects.filter(allotment=allotment).aggregate(n=Sum("rooms"))["n"] or 0
        )
        oversold = max(oversold, taken - allotment.rooms)
    return results, latencies, oversold


def host_slots(clients: int, k: int) -> tuple[list[str], list[float], int]:
    """Each client sends a different delegation's request to the same host for one day."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from tests.visits.factories import make_programme_with_hosts, make_visit, open_all_week
    from visits.enums import SLOT_HOLDING_STATES
    from visits.errors import ConflictError, SlotTaken
    from visits.models import SiteVisit
    from visits.services import site_visit_send
    from visits.timeutil import HELSINKI

    before = 2  # the host's day already has two delegations
    programme, hosts = make_programme_with_hosts(days=1, items_per_day=1)
    host = hosts[0]
    open_all_week(host, delegations_per_day=k + before)
    day = timezone.localdate() + datetime.timedelta(days=60)
    requests = []
    for i in range(clients + before):
        visit = make_visit(programme=programme, start=day)
        site_visit = SiteVisit.objects.select_related("item").get(item__visit=visit)
        # Each delegation at its own time of the day (08:00-16:50): only the daily limit binds.
        item = site_visit.item
        item.starts_at = datetime.datetime.combine(day, datetime.time(8), tzinfo=HELSINKI)
        item.starts_at += datetime.timedelta(minutes=10 * i)
        item.ends_at = item.starts_at + datetime.timedelta(minutes=8)
        item.save()
        requests.append(site_visit)
    manager = get_user_model().objects.create_user(
        email=f"race-{time.time_ns()}@bench.invalid", password=None
    )
    for site_visit in requests[:before]:
        site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
    racing = requests[before:]

    results, latencies = race(
        lambda i: site_visit_send(site_visit=racing[i], actor=manager, accept_warnings=True),
        clients,
        (SlotTaken, ConflictError),
    )
    holding = (
        SiteVisit.objects.filter(host=host, status__in=SLOT_HOLDING_STATES, item__removed=False)
        .values("item__visit_id")
        .distinct()
        .count()
    )
    return results, latencies, max(holding - (k + before), 0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--k", type=int, default=5, help="what is left of each resource")
    parser.add_argument("--resource", choices=RESOURCES, nargs="+", default=list(RESOURCES))
    args = parser.parse_args()
    django_on_bench_database()

    races = {"seats": seats, "rooms": rooms, "host_slots": host_slots}
    for resource in args.resource:
        results, latencies, oversold = races[resource](args.clients, args.k)
        # A client still running after the join's time limit counts as an error too.
        errors = results.count("error") + args.clients - len(results)
        print(
            f"booking_race resource={resource} clients={args.clients} k={args.k} "
            f"confirmed={results.count('ok')} refused={results.count('refused')} "
            f"oversold={oversold} errors={errors} "
            f"p95_ms={p95(latencies):.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
