"""Measurements made inside Django, against one benchmark database; prints one JSON object.

    python bench/inprocess.py pages|admin|search|locks

Run by bench/run.py once against the large database and once against the small one (the
ratios are computed there). Settings: config.settings.bench_uncached (production settings,
page cache off: these are the costs of rendering). Every measurement stops by itself.
"""

from __future__ import annotations

import datetime
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench_uncached")
    import django

    django.setup()


def public_urls() -> dict[str, str]:
    """The four public pages the suite measures, the same ones in every data set."""
    from wagtail.models import Locale

    from programmes.models import ThemePage

    english = Locale.objects.get(language_code="en")
    theme = ThemePage.objects.live().filter(locale=english).order_by("path").first()
    return {
        "home": "/en/",
        "index": f"/en/programmes/?theme={theme.slug}&duration=1-3",
        "programme": "/en/programmes/volume-programme-0/",
        "host": "/en/hosts/volume-host-0/",
    }


def _client():
    from django.test import Client

    return Client(HTTP_HOST="127.0.0.1")


def _timed(client, url: str, repeat: int) -> tuple[float, int]:
    """Median seconds of `repeat` requests after one warm-up, and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    count = len(queries)  # now: the next request's request_started clears the log
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - started)
    return statistics.median(times), count


def pages() -> dict:
    client = _client()
    result = {}
    for name, url in public_urls().items():
        seconds, queries = _timed(client, url, repeat=5)
        result[name] = {"queries": queries, "ms": round(seconds * 1000, 1)}
    return result


def admin() -> dict:
    """The bookings list in the Wagtail admin, as a superuser."""
    from django.test import override_settings

    from bookings.models import Booking

    User = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
    user, _ = User.objects.get_or_create(
        email="bench-admin@bench.invalid",
        defaults={"username": "bench-admin@bench.invalid", "is_staff": True, "is_superuser": True},
    )
    client = _client()
    client.force_login(user)
    # The TOTP requirement redirects a staff user without a device; it is a check on the
    # session, not on the list, so it is off for this measurement only.
    with override_settings(STAFF_MFA_REQUIRED=False):
        seconds, queries = _timed(client, "/admin/bookings/", repeat=7)
    return {"bookings": Booking.objects.count(), "queries": queries, "ms": seconds * 1000}


def search() -> dict:
    client = _client()
    times = []
    for q in ("rescue training", "cyber", "crisis coordination", "water"):
        seconds, _ = _timed(client, f"/en/programmes/?q={q.replace(' ', '+')}", repeat=3)
        times.append(seconds)
    from programmes.models import ProgrammePage

    return {"programmes": ProgrammePage.objects.live().count(), "ms": sum(times) * 1000}


PAUSE = 0.1


def locks(seconds: float = 5.0, clients: int = 20) -> dict:
    """Booking throughput: `clients` processes on as many departures, then on one.

    Measured twice: with a pause of PAUSE (0.1 s) inside the critical section (the
    bookings app's own test switch, BOOKINGS_TEST_RACE_WINDOW_SECONDS) standing in for
    the round trips to a database on another host, and as is. On two cores, 20 processes are bound
    by the CPU long before the lock of one departure matters; with the pause, a global
    lock would make both cases equally slow, a lock per departure only the second.
    """
    import multiprocessing as mp

    from django.db import connections
    from django.utils import timezone

    from bookings.models import Organisation
    from programmes.models import Departure, ProgrammePage

    programme = ProgrammePage.objects.get(slug="volume-programme-0", locale__language_code="en")
    User = __import__("django.contrib.auth", fromlist=["get_user_model"]).get_user_model()
    stamp = str(time.time_ns())
    organisation = Organisation.objects.create(
        name="Lock scaling", country="DE", type="ministry", billing_address="-"
    )
    contact = User.objects.create_user(email=f"locks-{stamp}@bench.invalid", password=None)
    organisation.members.add(contact)
    many = [
        Departure.objects.create(
            page=programme, start_date=timezone.localdate() + datetime.timedelta(120), seats=30000
        )
        for _ in range(clients)
    ]
    connections.close_all()
    result = {}
    cases = [
        (f"{label}{suffix}", departures, pause)
        for suffix, pause in (("", PAUSE), ("_no_pause", 0.0))
        for label, departures in (("many", many), ("one", [many[0]] * clients))
    ]
    for label, departures, pause in cases:
        queue: mp.Queue = mp.Queue()
        barrier = mp.Barrier(clients)
        workers = [
            mp.Process(
                target=_book_for,
                args=(d.pk, organisation.pk, contact.pk, programme.group_size_min, seconds, pause),
                kwargs={"barrier": barrier, "queue": queue},
            )
            for d in departures
        ]
        for worker in workers:
            worker.start()
        counts = [queue.get(timeout=seconds + 60) for _ in workers]
        for worker in workers:
            worker.join(30)
        done = sum(c for c, _ in counts)
        errors = sum(e for _, e in counts)
        result[label] = {"bookings": done, "errors": errors, "per_s": done / seconds}
    return result


def _book_for(departure_id, organisation_id, contact_id, size, seconds, pause, *, barrier, queue):
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connections

    from bookings.errors import BookingError
    from bookings.models import Organisation
    from bookings.services import booking_start
    from programmes.models import Departure

    connections.close_all()  # never share the parent's connection
    settings.BOOKINGS_TEST_RACE_WINDOW_SECONDS = pause
    departure = Departure.objects.get(pk=departure_id)
    organisation = Organisation.objects.get(pk=organisation_id)
    contact = get_user_model().objects.get(pk=contact_id)
    barrier.wait()
    until = time.monotonic() + seconds
    done = errors = 0
    while time.monotonic() < until:
        try:
            booking_start(
                departure=departure,
                organisation=organisation,
                contact=contact,
                participants_count=size,
            )
            done += 1
        except BookingError:
            errors += 1
    connections.close_all()
    queue.put((done, errors))


# --------------------------------------------------------------------------- render CPU


def render_cpu(repeat: int = 200, warmup: int = 20) -> dict:
    """CPU ms (time.process_time) per request through the test client, median of `repeat`
    after `warmup`: the baseline view and each public page, rendered (page cache off).
    The database's own time is not in it (another process); the ORM's Python is."""
    client = _client()
    result = {}
    for name, url in {"baseline": "/bench/baseline", **public_urls()}.items():
        for _ in range(warmup):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
        times = []
        for _ in range(repeat):
            started = time.process_time()
            client.get(url)
            times.append(time.process_time() - started)
        result[name] = round(statistics.median(times) * 1000, 2)
    return result


def profile(name: str = "programme", repeat: int = 50) -> None:
    """cProfile of `repeat` renders of one public page, to stderr (not run by run.py)."""
    import cProfile
    import pstats

    client = _client()
    url = {"baseline": "/bench/baseline", **public_urls()}[name]
    for _ in range(10):
        client.get(url)
    profiler = cProfile.Profile(time.process_time)  # CPU: the database waits are not in it
    profiler.enable()
    for _ in range(repeat):
        client.get(url)
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative")
    stats.print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


# --------------------------------------------------------------------------- signed in

BENCH_MARK = "@bench.invalid"


def _totp(user) -> None:
    """A TOTP device on the user, as a staff role must have (the portal checks it)."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "JBSWY3DPEHPK3PXP"}}
    )


def _app_demos() -> None:
    """The apps' demo content (as `load_demo` adds it after the catalogue: the demo host's
    membership and requests, the demo delegation's bookings and visits, reports), once.
    load_volume builds on the catalogue's demo only."""
    from django.utils import timezone

    from demo.loading import demo_context, load_app_demos
    from visits.models import HostMembership

    if not HostMembership.objects.filter(user__email="host@paamaja.example").exists():
        load_app_demos(demo_context(today=timezone.localdate()))


def signed_in_pages() -> dict[str, tuple[object, str]]:
    """The signed-in pages the suite measures: name -> (user, path), the same in every data
    set. My bookings is the volume's first organisation's contact's (the list grows with
    the data set); a booking's page and the "today" view those of the demo's visit in
    progress, for its delegation's contact; the host's pages the demo host's; the impact dashboard the demo regional
    developer's (it counts every visit in the database)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from visits.models import Visit

    _app_demos()
    User = get_user_model()
    contact = User.objects.get(email="contact0@volume.example")
    host = User.objects.get(email="host@paamaja.example")
    developer = User.objects.get(email="developer@paamaja.example")
    for user in (host, developer):
        _totp(user)
    today = timezone.localdate()
    visit = (  # the demo's visit in progress today (started yesterday)
        Visit.objects.filter(starts_on__lte=today, ends_on__gte=today)
        .select_related("booking__contact")
        .order_by("pk")
        .first()
    )
    delegation = visit.booking.contact
    return {
        "mine": (contact, "/en/bookings/mine/"),
        "booking": (delegation, f"/en/bookings/{visit.booking.reference}/"),
        "host_requests": (host, "/en/visits/host/"),
        "host_calendar": (host, "/en/visits/host/calendar/"),
        "dashboard": (developer, "/en/developer/dashboard/"),
        "today": (delegation, f"/en/visits/{visit.pk}/today/"),
    }


def signed_in() -> dict:
    """Per signed-in page: its path, a session cookie for wrk (a session in this database,
    as a sign-in makes one) and the queries of one request."""
    from django.conf import settings

    result = {}
    for name, (user, path) in signed_in_pages().items():
        client = _client()
        client.force_login(user)
        _seconds, queries = _timed(client, path, repeat=3)
        result[name] = {
            "path": path,
            "cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
            "queries": queries,
        }
    return result


# --------------------------------------------------------------------------- admin at scale

MANIFEST_PARTICIPANTS = 200


def manifest_departure():
    """A departure with MANIFEST_PARTICIPANTS participants in 10 confirmed bookings, made
    once per database (bookings M0000000-M0000009)."""
    from bookings.enums import BookingStatus, PaymentMethod
    from bookings.models import Booking, Organisation, Participant
    from programmes.models import Departure, ProgrammePage

    existing = Booking.objects.filter(reference="M0000000").select_related("departure").first()
    if existing:
        return existing.departure
    programme = ProgrammePage.objects.get(slug="volume-programme-0", locale__language_code="en")
    from django.utils import timezone

    start = timezone.localdate() + datetime.timedelta(days=150)
    departure = Departure.objects.create(
        page=programme, start_date=start, seats=MANIFEST_PARTICIPANTS + 50
    )
    organisations = list(
        Organisation.objects.filter(join_code__startswith="VOL").order_by("pk")[:10]
    )
    per = MANIFEST_PARTICIPANTS // 10
    bookings = Booking.objects.bulk_create(
        [
            Booking(
                reference=f"M{n:07d}",
                status=BookingStatus.CONFIRMED,
                organisation=organisation,
                contact=organisation.members.first(),
                programme=programme,
                departure=departure,
                participants_count=per,
                start_date=start,
                end_date=start + datetime.timedelta(days=programme.duration_days - 1),
                payment_method=PaymentMethod.INVOICE,
                language="en",
            )
            for n, organisation in enumerate(organisations)
        ]
    )
    Participant.objects.bulk_create(
        [
            Participant(
                booking=booking,
                first_name="Manifest",
                last_name=f"Person-{n}-{k}",
                organisation=booking.organisation.name,
                email=f"m{booking.pk}-{k}@volume.example",
                nationality=booking.organisation.country,
            )
            for n, booking in enumerate(bookings)
            for k in range(per)
        ]
    )
    return departure


def admin_scale() -> dict:
    """Four back-office pages as a superuser: queries of one request, median ms of 5."""
    from django.contrib.auth import get_user_model
    from django.test import override_settings

    from bookings.models import Booking, Participant

    User = get_user_model()
    user, _ = User.objects.get_or_create(
        email="bench-admin@bench.invalid",
        defaults={"username": "bench-admin@bench.invalid", "is_staff": True, "is_superuser": True},
    )
    departure = manifest_departure()
    urls = {
        "bookings": "/admin/bookings/",
        "manifest": f"/admin/booking-manifests/{departure.pk}/",
        "visits": "/admin/visits/",
        "situation": "/admin/visits/situation/",
    }
    client = _client()
    client.force_login(user)
    result = {
        "bookings_in_db": Booking.objects.count(),
        "manifest_participants": Participant.objects.filter(booking__departure=departure).count(),
    }
    # The TOTP requirement is a check on the session, not on the pages (as admin()).
    with override_settings(STAFF_MFA_REQUIRED=False):
        for name, url in urls.items():
            seconds, queries = _timed(client, url, repeat=5)
            result[name] = {"queries": queries, "ms": round(seconds * 1000, 1)}
    return result


if __name__ == "__main__":
    _setup()
    measure = sys.argv[1]
    if measure == "profile":
        profile(*sys.argv[2:3])
        sys.exit(0)
    measures = {
        "pages": pages,
        "admin": admin,
        "search": search,
        "locks": locks,
        "render_cpu": render_cpu,
        "signed_in": signed_in,
        "admin_scale": admin_scale,
    }
    print(json.dumps(measures[measure]()))
