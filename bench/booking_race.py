"""Race N clients (threads, each with its own connection) for the last K seats.

Prints: booking_race clients=N seats=K confirmed=C oversold=O errors=E p95_ms=P
Runs against the ORM on a PostgreSQL database of its own (BENCH_DATABASE_URL).
"""

from __future__ import annotations

import argparse
import threading
import time

from _setup import django_on_bench_database, p95


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seats", type=int, default=5)
    args = parser.parse_args()
    django_on_bench_database()

    from django.db import connections

    from bookings.enums import BookingStatus
    from bookings.errors import NoLongerAvailable
    from bookings.models import Booking
    from bookings.services import booking_start
    from tests.bookings.factories import make_delegation, make_departure

    departure = make_departure(seats=args.seats + 10)
    organisation, contact = make_delegation()
    first = booking_start(
        departure=departure, organisation=organisation, contact=contact, participants_count=10
    )
    Booking.objects.filter(pk=first.pk).update(status=BookingStatus.CONFIRMED)

    barrier = threading.Barrier(args.clients)
    latencies: list[float] = []
    results: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        barrier.wait()
        started = time.perf_counter()
        try:
            booking_start(
                departure=departure,
                organisation=organisation,
                contact=contact,
                participants_count=1,
            )
            outcome = "ok"
        except NoLongerAvailable:
            outcome = "refused"
        except Exception:  # noqa: BLE001 - counted as an error
            outcome = "error"
        finally:
            connections.close_all()
        with lock:
            latencies.append((time.perf_counter() - started) * 1000)
            results.append(outcome)

    threads = [threading.Thread(target=client) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    sold = Booking.objects.filter(departure=departure).exclude(pk=first.pk).count()
    print(
        f"booking_race clients={args.clients} seats={args.seats} "
        f"confirmed={results.count('ok')} oversold={max(sold - args.seats, 0)} "
        f"errors={results.count('error')} p95_ms={p95(latencies):.1f}"
    )


if __name__ == "__main__":
    main()
