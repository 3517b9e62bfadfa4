"""A crawler-based fuzz test (issue 13): for each role, crawl the pages it reaches,
collect forms and query-parameterised links, and send hostile variants of them.

Roles: anonymous, a delegation contact with bookings at several steps and a quote, a
host user with a site-visit request to answer, a regional developer with a report to
review, and a programme manager with a visit in the admin. One world is built for the
module (inside a transaction rolled back at its end); each role's test runs in its own
savepoint, so one role's accepted posts never reach another's crawl.

For every role it asserts:
- no 5xx and no exception escaping a view (the test client re-raises it);
- nothing changed on a refused request: before and after each POST that is refused (a
  4xx, a redirect to sign in, or the form shown again with errors) a digest of every row
  of our apps' tables (and of Wagtail's pages and revisions, allauth's addresses and the
  group memberships) must be the same;
- injected markup is escaped when shown back: never the raw markup in a response, and
  each form is also sent once with the markup in every field it shows, so the escaped
  form must come back on some page (else the check proves nothing).

Bounded: PAGES pages crawled, one markup probe per form (at most PROBES) and REQUESTS
random hostile requests per role, and TIME_BUDGET seconds per role. Deterministic:
random.Random(SEED), and the crawl follows links in page order. A failure prints the
role, the case number and a line to paste into a test to reproduce it. Runs on
PostgreSQL (default) and on SQLite (DATABASE_URL=sqlite:///... : the Makefile's test
target runs this file again on SQLite).
"""

from __future__ import annotations

import hashlib
import random
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest
from django.apps import apps
from django.db import connection
from django.forms import BaseForm, BaseFormSet
from django.test.utils import override_settings
from django.utils.html import escape

pytestmark = pytest.mark.django_db

SEED = 13
PAGES = 25
PROBES = 30
REQUESTS = 80
TIME_BUDGET = 20.0  # seconds per role; on an idle machine the counts above bound it first
MARKUP = '"><script>alert(13)</script>'
ESCAPED = escape(MARKUP).encode()
HOSTILE = [
    "99999999999999999999",
    "-99999999999999999999",
    "-1",
    "0",
    "²",
    "٣",
    "\x00",
    "A" * 10_000,
    "\u202eevil 😀",
    "0001-01-01",
    "9999-12-31",
    "0001-01-01T00:00",
    'a"b',
    '">',
    "AND OR NOT *",
    MARKUP,
    "",
]
# Wagtail's own views are not ours to patch (README, Security): its page editor answers a
# POST without a StreamField's "body-count" with MultiValueDictKeyError; its users and
# workflow views 500 on SQLite for a huge group id or an FTS operator.
SKIP = ("/admin/pages/", "/admin/users/", "/admin/workflows/")
SKIP = SKIP + ("/logout", "/accounts/logout", "/static/", "/media/", "/stripe/", "/admin/logout")
SIGN_IN = ("/accounts/login/", "/admin/login/")
# The tables a request could write: every model of ours and the few of the libraries our
# views write through.
WATCHED_APPS = {
    "accounts",
    "bookings",
    "core",
    "delegations",
    "learning_reports",
    "programmes",
    "visits",
}
WATCHED_MODELS = {
    "wagtailcore.Page",
    "wagtailcore.Revision",
    "wagtailforms.FormSubmission",
    "account.EmailAddress",
    "auth.Group",
}
# Written on every request, refused or not: the language of the path a signed-in user
# browses in is their preferred language (accounts.middleware), and signing in stamps
# last_login.
IGNORED_COLUMNS = {"accounts.User": {"preferred_language", "last_login"}}
STRIPE_OFF = {  # card payments through a stand-in that is never reached (no keys)
    "STRIPE_API_BASE": "http://127.0.0.1:9",
    "STRIPE_SECRET_KEY": "",
    "STRIPE_PUBLISHABLE_KEY": "",
}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._form: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "action": a.get("action") or "",
                "method": (a.get("method") or "get").lower(),
                "fields": {},
                "shown": [],  # fields a person types into: where the markup probe goes
            }
            self.forms.append(self._form)
        elif tag in ("input", "select", "textarea") and self._form is not None and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form["fields"].setdefault(a["name"], "")
            else:
                self._form["fields"][a["name"]] = a.get("value") or ""
            if tag == "textarea" or kind in ("text", "search", "email", "url", "tel"):
                self._form["shown"].append(a["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _local(base: str, href: str) -> str | None:
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    path = parts.path
    if any(s in path for s in SKIP) or path.endswith((".pdf", ".ics", ".csv", ".zip", ".json")):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _watched_models():
    return sorted(
        (
            m
            for m in apps.get_models()
            if m._meta.app_label in WATCHED_APPS or m._meta.label in WATCHED_MODELS
        ),
        key=lambda m: m._meta.label,
    )


def _columns(model) -> list[str]:
    ignored = IGNORED_COLUMNS.get(model._meta.label, set())
    quote = connection.ops.quote_name
    return [quote(f.column) for f in model._meta.local_concrete_fields if f.name not in ignored]


def snapshot(models) -> dict[str, tuple[int, str]]:
    """Each table's row count and a digest of all its rows: every column as the database
    holds it (read raw, so a StreamField or JSON value compares by its stored text).

    On PostgreSQL the database digests every table in one query; elsewhere (SQLite, in
    the same process) the rows are read and digested here."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            template = (
                "SELECT %s, count(*), md5(coalesce(string_agg(ROW({row})::text, '|'"
                " ORDER BY {pk}), '')) FROM {table}"
            )
            parts = [
                template.format(
                    row=", ".join(_columns(m)),
                    pk=quote(m._meta.pk.column),
                    table=quote(m._meta.db_table),
                )
                for m in models
            ]
            cursor.execute(" UNION ALL ".join(parts), [m._meta.label for m in models])
            return {label: (count, digest) for label, count, digest in cursor.fetchall()}
        digest = {}
        for model in models:
            table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
            cursor.execute(f"SELECT {', '.join(_columns(model))} FROM {table} ORDER BY {pk}")  # noqa: S608
            rows = cursor.fetchall()
            digest[model._meta.label] = (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())
        return digest


def _form_refused(response) -> bool:
    """The page shows a bound form or formset again with its errors."""
    contexts = response.context
    if contexts is None:
        return False
    for context in contexts if isinstance(contexts, list) else [contexts]:
        for value in context.flatten().values():
            if isinstance(value, BaseForm) and value.is_bound and value.errors:
                return True
            if isinstance(value, BaseFormSet) and value.is_bound and not value.is_valid():
                return True
    return False


def refused(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    if response.status_code in (301, 302, 303):
        return response.get("Location", "").split("?")[0].endswith(SIGN_IN)
    return response.status_code == 200 and _form_refused(response)


def _literal(value) -> str:
    """repr() that writes a long run of one character as 'A' * 10000."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str) and len(value) > 50 and len(set(value)) == 1:
        return f"{value[0]!r} * {len(value)}"
    return repr(value)


@dataclass
class Report:
    role: str
    failures: list[str] = field(default_factory=list)
    requests: int = 0
    probes: int = 0
    refused_posts: int = 0
    escaped_echoes: int = 0
    pages: int = 0
    stopped_by_time: bool = False
    snapshot_seconds: float = 0.0

    def fail(self, case: int, method: str, path: str, data: dict, problem: str):
        call = f"client.{method}({path!r}, {_literal(data)})"
        self.failures.append(f"[{self.role} seed={SEED} case={case}] {call} -> {problem}"[:900])


def crawl(client, starts: list[str], report: Report) -> list[tuple[str, str, dict, list[str]]]:
    seen, queue, targets, keys = set(), list(starts), [], set()
    while queue and len(seen) < PAGES:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url, follow=True)
        if response.status_code >= 500:
            report.failures.append(f"[{report.role}] client.get({url!r}) -> {response.status_code}")
        if "html" not in response.get("Content-Type", ""):
            continue
        collector = _Collector()
        collector.feed(response.content.decode(errors="replace"))
        page = response.request["PATH_INFO"]
        found = []
        for href in collector.links:
            local = _local(page, href)
            if local and local not in seen:
                queue.append(local)
                if "?" in local:
                    path, query = local.split("?", 1)
                    found.append(("get", path, dict(parse_qsl(query)), []))
        for form in collector.forms:
            action = _local(page, form["action"] or page)
            if action:
                found.append((form["method"], action.split("?")[0], form["fields"], form["shown"]))
        for target in found:
            key = (target[0], target[1], tuple(sorted(target[2])))
            if key not in keys:
                keys.add(key)
                targets.append(target)
    report.pages = len(seen)
    return targets


def send(client, models, report: Report, case: int, method: str, path: str, data: dict) -> None:
    clock = time.monotonic()
    before = snapshot(models) if method == "post" else None
    report.snapshot_seconds += time.monotonic() - clock
    try:
        if method == "post":
            response = client.post(path, data)
        else:
            response = client.get(path + "?" + urlencode(data))
    except Exception as exc:  # the client re-raises a view's exception: a 500
        report.fail(case, method, path, data, f"{type(exc).__name__}: {exc}")
        return
    report.requests += 1
    if response.status_code >= 500:
        report.fail(case, method, path, data, f"{response.status_code}")
        return
    if MARKUP.encode() in response.content:
        report.fail(case, method, path, data, "markup echoed unescaped")
    if ESCAPED in response.content:
        report.escaped_echoes += 1
    if before is not None and refused(response):
        report.refused_posts += 1
        clock = time.monotonic()
        after = snapshot(models)
        report.snapshot_seconds += time.monotonic() - clock
        changed = sorted(label for label in after if after[label] != before.get(label))
        if changed:
            report.fail(
                case, method, path, data, f"refused ({response.status_code}) but changed {changed}"
            )


def crawl_and_fuzz(client, starts: list[str], role: str) -> Report:
    report = Report(role)
    rng = random.Random(SEED)
    models = _watched_models()
    started = time.monotonic()
    deadline = started + TIME_BUDGET
    targets = crawl(client, starts, report)
    crawled = time.monotonic() - started
    case = 0
    # One probe per form: the markup in every field a person types into.
    for method, path, fields, shown in [t for t in targets if t[3]][:PROBES]:
        if time.monotonic() > deadline:
            report.stopped_by_time = True
            break
        case += 1
        report.probes += 1
        send(client, models, report, case, method, path, {**fields, **dict.fromkeys(shown, MARKUP)})
    # Then random hostile variants: values, missing fields, tampered formset counters.
    while targets and report.requests < report.probes + REQUESTS:
        if time.monotonic() > deadline:
            report.stopped_by_time = True
            break
        method, path, fields, _shown = rng.choice(targets)
        data = dict(fields)
        names = list(data) or ["q", "id", "programme"]
        for name in rng.sample(names, k=min(len(names), rng.randint(1, 3))):
            data[name] = rng.choice(HOSTILE)
        if rng.random() < 0.2 and data:
            data.pop(rng.choice(list(data)))
        for counter in [k for k in data if k.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS"))]:
            if rng.random() < 0.5:
                data[counter] = rng.choice(["-1", "99999999", "1000", ""])
        case += 1
        send(client, models, report, case, method, path, data)
    print(
        f"\n[{role}] {report.pages} pages, {len(targets)} targets, {report.probes} markup probes,"
        f" {report.requests} requests, {report.refused_posts} refused posts checked unchanged,"
        f" {report.escaped_echoes} escaped echoes; crawl {crawled:.1f}s,"
        f" all {time.monotonic() - started:.1f}s (snapshots {report.snapshot_seconds:.1f}s)"
        + (" (stopped by the time budget)" if report.stopped_by_time else ""),
        file=sys.stderr,
    )
    return report


def _build_world() -> dict:
    from bookings.participants import participant_slots_ensure
    from tests.bookings.factories import make_delegation
    from tests.bookings.test_admin import manager as make_manager_user
    from tests.bookings.test_views import (
        confirmed_booking,
        held_booking,
        journey_world,
        sent_quote,
    )
    from tests.programmes.factories import build_catalogue
    from tests.security.worlds import _report_world
    from tests.visits.factories import make_host_user, make_visit, open_all_week
    from visits.models import SiteVisit
    from visits.services import site_visit_send

    build_catalogue()
    # A delegation contact with a held booking, a confirmed one with participants to name,
    # and a quote to answer.
    departure = journey_world()["departure"]
    organisation, contact = make_delegation()
    held_booking(departure, organisation=organisation, contact=contact)
    confirmed = confirmed_booking(departure, organisation=organisation, contact=contact)
    participant_slots_ensure(booking=confirmed)
    sent_quote(organisation=organisation, contact=contact)
    # A visit whose first site-visit request was sent to a host with a user.
    manager = make_manager_user()
    visit = make_visit()
    site_visit = SiteVisit.objects.filter(item__visit=visit).select_related("host").first()
    open_all_week(site_visit.host)
    site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
    host_user = make_host_user(site_visit.host, totp=True)
    # A submitted learning report and its reviewer.
    reports = _report_world(status="submitted")
    return {
        "contact": contact,
        "manager": manager,
        "visit": visit,
        "host_user": host_user,
        "developer": reports["developer"],
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module in a transaction rolled back at its end; each test's own
    transaction is a savepoint inside it."""
    from django.db import transaction

    with django_db_blocker.unblock(), override_settings(**STRIPE_OFF):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = _build_world()
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def _settings(settings):
    for name, value in STRIPE_OFF.items():
        setattr(settings, name, value)
    settings.STAFF_MFA_REQUIRED = False  # the MFA gate is tested in tests/accounts


def _check(report: Report, *, escaped_echoes: bool = True):
    assert report.failures == [], "\n".join(report.failures)
    assert report.requests > report.probes > 0
    assert report.refused_posts > 0  # the "nothing changed" check ran
    if escaped_echoes:
        assert report.escaped_echoes > 0, "no form showed the markup back: the check is idle"


def test_anonymous(client, world):
    _check(crawl_and_fuzz(client, ["/en/"], "anonymous"))


def test_delegation_contact(client, world):
    client.force_login(world["contact"])
    _check(crawl_and_fuzz(client, ["/en/bookings/"], "delegation contact"))


def test_host(client, world):
    client.force_login(world["host_user"])
    _check(crawl_and_fuzz(client, ["/en/visits/host/"], "host"))


def test_regional_developer(client, world):
    client.force_login(world["developer"])
    starts = ["/en/developer/reports/", "/en/developer/dashboard/"]
    _check(crawl_and_fuzz(client, starts, "regional developer"))


def test_programme_manager(client, world):
    client.force_login(world["manager"])
    starts = ["/admin/bookings/", f"/admin/visits/{world['visit'].pk}/", "/admin/allotments/bulk/"]
    _check(crawl_and_fuzz(client, starts, "programme manager"))


def test_the_snapshot_sees_a_changed_and_an_added_row(world):
    """The "nothing changed" check is not idle: one column of one row changes the digest."""
    from bookings.models import Booking, Hotel

    models = _watched_models()
    before = snapshot(models)
    assert snapshot(models) == before
    booking = Booking.objects.order_by("pk").first()
    Booking.objects.filter(pk=booking.pk).update(notes=booking.notes + " ")
    after = snapshot(models)
    assert [label for label in after if after[label] != before[label]] == ["bookings.Booking"]
    Hotel.objects.create(name="Hotel Fuzz")
    assert snapshot(models)["bookings.Hotel"][0] == after["bookings.Hotel"][0] + 1
