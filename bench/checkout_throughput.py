"""Complete checkouts per minute through HTTP: N clients, each its own signed-in person of
its own organisation, walk the checkout as a browser would, without a pause:

    GET start → POST the group size (the hold) → GET/POST accommodation (no rooms) →
    GET/POST extras (none) → GET/POST participants (every name filled in) →
    GET/POST review (invoice, terms accepted) → GET the confirmation

on one departure (every client on the same one, whose row lock serialises the holds) and
on as many departures as clients. Prints, per case, one line

    checkout_throughput departures=D clients=N per_min=P completed=C errors=E seconds=S

Run by bench/run.py against a gunicorn server on 127.0.0.1 (settings
config.settings.bench_checkout); the people, organisations and departures are made here,
in the benchmark database, with sessions in it as a sign-in makes them.

    python bench/checkout_throughput.py --url http://127.0.0.1:8613 --seconds 30
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import re
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# --------------------------------------------------------------------------- setup


def prepare(clients: int, departures: int) -> tuple[list[str], list[int], int]:
    """Session cookies of `clients` new people, `departures` new departures, group size."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench_checkout")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    from accounts.roles import DELEGATION_CONTACTS
    from bookings.models import Organisation
    from programmes.models import Departure, ProgrammePage

    programme = ProgrammePage.objects.get(slug="volume-programme-0", locale__language_code="en")
    stamp = time.time_ns()
    start = timezone.localdate() + datetime.timedelta(days=240)
    made = [
        Departure.objects.create(page=programme, start_date=start, seats=30000)
        for _ in range(departures)
    ]
    from django.contrib.auth.models import Group

    group = Group.objects.filter(name=DELEGATION_CONTACTS).first()
    cookies = []
    for n in range(clients):
        user = get_user_model().objects.create_user(
            email=f"checkout-{stamp}-{n}@bench.invalid", password=None
        )
        if group is not None:
            user.groups.add(group)
        organisation = Organisation.objects.create(
            name=f"Checkout bench {stamp} {n}",
            country="DE",
            type="ministry",
            billing_address="Benchstrasse 1\n10115 Berlin",
            billing_email=f"billing-{stamp}-{n}@bench.invalid",
        )
        organisation.members.add(user)
        client = Client()
        client.force_login(user)
        cookies.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    size = programme.group_size_min or 1
    connections.close_all()
    return cookies, [d.pk for d in made], size


# --------------------------------------------------------------------------- a browser


class _Form(HTMLParser):
    """The fields of the page's POST forms: [(action, {name: value}, submit)]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = []
        self._in = False
        self._select: str | None = None
        self._first_option: str | None = None
        self._selected = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append((a.get("action") or "", [], []))
            self._in = True
        elif not self._in:
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            name = a.get("name")
            if not name:
                return
            if kind in ("submit", "button", "image"):
                self.forms[-1][2].append((name, a.get("value") or ""))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.forms[-1][1].append((name, a.get("value") or "on"))
            elif kind != "file":
                self.forms[-1][1].append((name, a.get("value") or ""))
        elif tag == "button" and a.get("name"):
            self.forms[-1][2].append((a["name"], a.get("value") or ""))
        elif tag == "textarea" and a.get("name"):
            self.forms[-1][1].append((a["name"], ""))
        elif tag == "select":
            self._select, self._first_option, self._selected = a.get("name"), None, False
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a.get("value", "")
            if "selected" in a and not self._selected:
                self.forms[-1][1].append((self._select, a.get("value", "")))
                self._selected = True

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            if not self._selected and self._first_option is not None:
                self.forms[-1][1].append((self._select, self._first_option))
            self._select = None
        elif tag == "form":
            self._in = False


class Browser:
    def __init__(self, base: str, session: str):
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {"sessionid": session}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method: str, path: str, body: str | None = None):
        headers = {
            "Host": f"{self.host}:{self.port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "Accept-Language": "en",
        }
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", data.decode()

    def get(self, path: str) -> str:
        status, location, text = self.request("GET", path)
        if status != 200:
            raise RuntimeError(f"GET {path}: {status} {location}")
        return text

    def submit(self, path: str, fill=None) -> str:
        """GET the page, POST its form (the one with the CSRF token) with `fill` applied;
        the path it redirects to."""
        parser = _Form()
        parser.feed(self.get(path))
        # The step's own form (it posts to the page itself), not the header's sign-out.
        form = next(f for f in parser.forms if f[0] in ("", path))
        fields = dict(form[1])
        for name, value in form[1]:
            fields.setdefault(name, value)
        if fill:
            fill(fields)
        pairs = list(fields.items())
        submits = [s for s in form[2] if s[0] not in ("skip",)]
        if submits:
            pairs.append(submits[0])
        target = form[0] or path
        status, location, text = self.request("POST", target, urlencode(pairs))
        if status != 302:
            errors = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', text)[:3]
            raise RuntimeError(f"POST {target}: {status} {errors}")
        return urlsplit(location).path


def checkout(browser: Browser, departure_id: int, size: int) -> None:
    def group(fields):
        fields["participants_count"] = str(size)

    def names(fields):
        for name in list(fields):
            if name.endswith("-first_name"):
                fields[name] = "Bench"
            elif name.endswith("-last_name"):
                fields[name] = "Person " + name.split("-")[1]
            elif name.endswith("-invite"):
                fields.pop(name)

    def invoice(fields):
        fields["payment_method"] = "invoice"
        fields["accept_terms"] = "on"

    path = browser.submit(f"/en/bookings/start/{departure_id}/", group)  # the hold
    assert path.endswith("/accommodation/"), path
    path = browser.submit(path)
    assert path.endswith("/extras/"), path
    path = browser.submit(path)
    assert path.endswith("/participants/"), path
    path = browser.submit(path, names)
    assert path.endswith("/review/"), path
    path = browser.submit(path, invoice)
    assert path.endswith("/confirmation/"), path
    browser.get(path)


def run_case(base: str, cookies: list[str], departures: list[int], size: int, seconds: float):
    barrier = threading.Barrier(len(cookies))
    done = [0] * len(cookies)
    errors = [0] * len(cookies)
    first_error: list[str] = []

    def client(i: int) -> None:
        browser = Browser(base, cookies[i])
        departure = departures[i % len(departures)]
        browser.get("/en/bookings/mine/")  # the session works
        barrier.wait()
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            try:
                checkout(browser, departure, size)
                done[i] += 1
            except Exception as error:  # noqa: BLE001 - counted
                errors[i] += 1
                if not first_error:
                    first_error.append(f"{type(error).__name__}: {error}"[:300])
                time.sleep(0.05)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(len(cookies))]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    elapsed = time.monotonic() - started
    if first_error:
        print(f"# checkout_throughput first error: {first_error[0]}", file=sys.stderr)
    return sum(done), sum(errors), elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    for departures in (1, args.clients):
        cookies, departure_ids, size = prepare(args.clients, departures)
        completed, errors, elapsed = run_case(args.url, cookies, departure_ids, size, args.seconds)
        print(
            f"checkout_throughput departures={departures} clients={args.clients} "
            f"per_min={completed * 60 / args.seconds:.0f} completed={completed} "
            f"errors={errors} group_size={size} seconds={args.seconds:.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
