"""Two app nodes, one PostgreSQL, one Redis: nothing process-local that they disagree on.

Two gunicorn servers (separate process groups, ports --ports A B, production settings
config.settings.bench, the same database and Redis) answer:

1. a booking race across both: 2×N clients, half on each node, each from a loopback
   address of its own (127.0.0.x, as each person has one behind the proxy), each holding
   a group of the programme's minimum size on one departure that has room for K groups,
   through the checkout's start page; afterwards the database is read: oversold is how far
   the held and confirmed participants went past the departure's seats;
2. the page cache: the programme page is cached on node B (X-Page-Cache: hit), a new
   revision is published by a Django process with the nodes' settings (what node A's
   admin does on publish: the same signals, the same Redis), and node B is polled until
   it serves the new title; invalidated_ms is how long after the publish returned
   (publish_ms: the publish itself);
3. the login rate limit (10 attempts in 5 minutes per address): 14 wrong sign-ins from
   one address, alternating between the nodes; shared when the 11th and later are 429 on
   both nodes, whichever served the earlier ones;
4. reminders: two Celery workers and one beat on one Redis broker; ten card balances
   fall due, both workers run the reminder task at the same moment, and the e-mails both
   wrote (console backend) are counted: one per due reminder, none twice.

Prints one line:

    two_nodes oversold=O confirmed=C k=K invalidated_ms=T rate_limit_shared=yes ...

Every process it starts is stopped before it ends; traffic is on 127.0.0.1/8 only.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from checkout_throughput import Browser, _Form  # noqa: E402


class Node:
    def __init__(self, port: int):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "3",
                "--no-control-socket",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=os.environ,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.url + "/bench/baseline", timeout=5).read()  # noqa: S310
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"node on {port} did not answer")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


class FromAddress(Browser):
    """A browser whose connections come from a loopback address of its own."""

    def __init__(self, base: str, session: str | None, address: str):
        super().__init__(base, session or "")
        if not session:
            self.cookies = {}
        self.address = address
        self.conn = self._connect()

    def _connect(self):
        return http.client.HTTPConnection(
            self.host, self.port, timeout=60, source_address=(self.address, 0)
        )

    def request(self, method, path, body=None):
        self.conn.close()
        self.conn = self._connect()
        return super().request(method, path, body)


# --------------------------------------------------------------------------- 1. race


def race(nodes: list[Node], clients: int, k: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.db.models import Sum
    from django.test import Client
    from django.utils import timezone

    from bookings.enums import BookingStatus
    from bookings.models import Booking, Organisation
    from programmes.models import Departure, ProgrammePage

    programme = ProgrammePage.objects.get(slug="volume-programme-0", locale__language_code="en")
    size = programme.group_size_min or 1
    departure = Departure.objects.create(
        page=programme,
        start_date=timezone.localdate() + datetime.timedelta(days=260),
        seats=k * size,
    )
    stamp = time.time_ns()
    cookies = []
    for n in range(2 * clients):
        user = get_user_model().objects.create_user(
            email=f"nodes-{stamp}-{n}@bench.invalid", password=None
        )
        organisation = Organisation.objects.create(
            name=f"Two nodes {stamp} {n}", country="SE", type="ministry", billing_address="-"
        )
        organisation.members.add(user)
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies["sessionid"].value)
    connections.close_all()
    barrier = threading.Barrier(2 * clients)
    outcomes: list[str] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        browser = FromAddress(nodes[i % 2].url, cookies[i], f"127.0.0.{10 + i}")
        path = f"/en/bookings/start/{departure.pk}/"
        try:
            parser = _Form()
            parser.feed(browser.get(path))
            form = next(f for f in parser.forms if f[0] in ("", path))
            fields = dict(form[1]) | {"participants_count": str(size)}
            barrier.wait(60)
            status, location, _ = browser.request("POST", path, urlencode(fields))
            outcome = "held" if status == 302 and "/accommodation/" in location else "refused"
        except Exception as error:  # noqa: BLE001 - counted
            outcome = "error"
            print(f"# two_nodes race: {type(error).__name__}: {error}", file=sys.stderr)
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(2 * clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    taken = (
        Booking.objects.filter(departure=departure)
        .exclude(status__in=(BookingStatus.CANCELLED, BookingStatus.EXPIRED))
        .aggregate(n=Sum("participants_count"))["n"]
        or 0
    )
    connections.close_all()
    return {
        "race_clients": 2 * clients,
        "k": k,
        "held": outcomes.count("held"),
        "refused": outcomes.count("refused"),
        "race_errors": outcomes.count("error") + 2 * clients - len(outcomes),
        "oversold": max(taken - departure.seats, 0),
    }


# --------------------------------------------------------------------------- 2. page cache


def _get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        return response.headers.get("X-Page-Cache", ""), response.read().decode()


def invalidation(nodes: list[Node]) -> dict:
    from django.db import connections

    from programmes.models import ProgrammePage

    path = "/en/programmes/volume-programme-0/"
    b = nodes[1].url + path
    _get(b)
    state, _ = _get(b)
    page = ProgrammePage.objects.get(slug="volume-programme-0", locale__language_code="en")
    marker = f"Two nodes {time.time_ns()}"
    page.title = marker
    started = time.monotonic()
    page.save_revision().publish()
    published = time.monotonic()
    seen_ms = None
    while time.monotonic() - started < 10:
        _, body = _get(b)
        if marker in body:
            seen_ms = (time.monotonic() - published) * 1000
            break
        time.sleep(0.02)
    connections.close_all()
    return {
        "publish_ms": f"{(published - started) * 1000:.0f}",
        "cached_on_b_before": state or "none",
        "invalidated_ms": f"{seen_ms:.0f}" if seen_ms is not None else "never",
    }


# --------------------------------------------------------------------------- 3. rate limit


def rate_limit(nodes: list[Node], attempts: int = 14) -> dict:
    statuses = []
    for n in range(attempts):
        browser = FromAddress(nodes[n % 2].url, None, "127.0.0.250")
        parser = _Form()
        parser.feed(_login_page(browser))
        form = next(f for f in parser.forms if "login" in dict(f[1]))
        fields = dict(form[1]) | {"login": "nobody@bench.invalid", "password": "wrong-wrong"}
        status, _, _ = browser.request("POST", "/accounts/login/", urlencode(fields))
        statuses.append(status)
    limited = [s == 429 for s in statuses]
    shared = not any(limited[:10]) and all(limited[10:])
    return {
        "login_statuses": "".join("L" if s == 429 else "." for s in statuses),
        "rate_limit_shared": "yes" if shared else "NO",
    }


def _login_page(browser: Browser) -> str:
    status, location, text = browser.request("GET", "/accounts/login/")
    if status in (301, 302):
        status, location, text = browser.request("GET", location)
    return text


# --------------------------------------------------------------------------- 4. reminders

BROKER = "redis://127.0.0.1:6379/13"  # the benchmark's own Redis database for Celery


class Celery:
    """`celery worker` (one process each) or `celery beat`, its output in a file."""

    def __init__(self, kind: str, name: str, directory: Path):
        self.log = directory / f"{name}.log"
        args = ["-A", "config.celery_app", kind, "--loglevel", "WARNING"]
        if kind == "worker":
            args += ["-n", f"{name}@bench", "--concurrency", "1", "--without-mingle"]
        else:
            args += ["--schedule", str(directory / "beat-schedule")]
        self.handle = self.log.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
            [str(Path(sys.executable).parent / "celery"), *args],
            cwd=ROOT,
            env=os.environ,
            stdout=self.handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.handle.close()


def reminders(directory: Path, due: int = 10) -> dict:
    """`due` card balances fall due within the reminder window; two workers each run the
    reminder task at once (as two beats, or a redelivered message, would); the e-mails
    both workers wrote (console backend) are counted per reminder."""
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.utils import timezone

    from bookings.enums import BookingStatus, PaymentKind, PaymentMethod, PaymentStatus
    from bookings.models import Booking, Payment
    from bookings.tasks import send_balance_reminders

    stamp = time.time_ns()
    bookings = list(Booking.objects.filter(status=BookingStatus.CONFIRMED).order_by("pk")[:due])
    addresses = []
    for n, booking in enumerate(bookings):
        contact = get_user_model().objects.create_user(
            email=f"remind-{stamp}-{n}@bench.invalid", password=None
        )
        booking.organisation.members.add(contact)
        Booking.objects.filter(pk=booking.pk).update(contact=contact)
        Payment.objects.create(
            booking=booking,
            kind=PaymentKind.BALANCE,
            method=PaymentMethod.CARD,
            amount="100.00",
            due_date=timezone.localdate() + datetime.timedelta(days=3),
            status=PaymentStatus.PENDING,
        )
        addresses.append(contact.email)
    connections.close_all()
    workers = [Celery("worker", name, directory) for name in ("w1", "w2")]
    beat = Celery("beat", "beat", directory)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            logs = "".join(w.log.read_text() for w in workers)
            if logs.count("ready.") >= 2 or _pinged():
                break
            time.sleep(1)
        for _ in workers:
            send_balance_reminders.apply_async()
        deadline = time.monotonic() + 60
        counts: dict[str, int] = {}
        while time.monotonic() < deadline:
            text = "".join(w.log.read_text() for w in workers)
            counts = {a: len(re.findall(rf"^To: .*{re.escape(a)}", text, re.M)) for a in addresses}
            if all(counts.values()):
                time.sleep(5)  # a second copy would come within this
                text = "".join(w.log.read_text() for w in workers)
                counts = {
                    a: len(re.findall(rf"^To: .*{re.escape(a)}", text, re.M)) for a in addresses
                }
                break
            time.sleep(1)
    finally:
        for process in (*workers, beat):
            process.stop()
    beat_alive = "beat: Starting" in beat.log.read_text() or beat.process.returncode in (0, -15)
    return {
        "reminders_due": due,
        "reminder_emails": sum(counts.values()),
        "reminders_twice": sum(1 for c in counts.values() if c > 1),
        "reminders_missing": sum(1 for c in counts.values() if c == 0),
        "workers": 2,
        "beat": "ran" if beat_alive else "failed",
    }


def _pinged() -> bool:
    from config.celery_app import app

    try:
        return len(app.control.ping(timeout=1) or []) >= 2
    except Exception:  # noqa: BLE001 - not up yet
        return False


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ports", type=int, nargs=2, default=(8614, 8615))
    parser.add_argument("--clients", type=int, default=20, help="per node")
    parser.add_argument("--k", type=int, default=5, help="groups the departure has room for")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    # One broker for the nodes, the workers and the beat; e-mails to the workers' output.
    os.environ["CELERY_BROKER_URL"] = BROKER
    os.environ["EMAIL_URL"] = "consolemail://"
    subprocess.run(  # noqa: S603 - no stale messages from an earlier run
        ["redis-cli", "-n", BROKER.rsplit("/", 1)[1], "FLUSHDB"],  # noqa: S607
        check=False,
        stdout=subprocess.DEVNULL,
    )
    directory = ROOT / "bench" / "results" / "two_nodes"
    directory.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    nodes = []
    try:
        for port in args.ports:
            nodes.append(Node(port))
        values = race(nodes, args.clients, args.k)
        values |= invalidation(nodes)
        values |= rate_limit(nodes)
        values |= reminders(directory)
    finally:
        for node in nodes:
            node.stop()
    ok = (
        values["oversold"] == 0
        and values["held"] == args.k
        and values["invalidated_ms"] != "never"
        and float(values["invalidated_ms"]) <= 1000
        and values["rate_limit_shared"] == "yes"
        and values["reminder_emails"] == values["reminders_due"]
        and values["reminders_twice"] == 0
    )
    values |= {
        "target": "oversold=0,invalidated<=1000ms,rate_limit_shared,one_email_per_reminder",
        "ok": "yes" if ok else "NO",
    }
    print("two_nodes " + " ".join(f"{key}={value}" for key, value in values.items()), flush=True)


if __name__ == "__main__":
    main()
