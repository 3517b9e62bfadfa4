"""Calendar feeds parsed back with icalendar: times, zones, UIDs, SEQUENCE, STATUS."""

import datetime
import http.server
import threading
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from visits.busy import UnsafeCalendarURL, busy_calendar_refresh
from visits.enums import FeedKind, ItemKind, SiteVisitStatus
from visits.models import CalendarFeed, HostBusyTime, SiteVisit, Visit
from visits.services import item_add, item_move, item_remove, site_visit_send
from visits.timeutil import HELSINKI

from .factories import (
    make_host_user,
    make_manager,
    make_programme_with_hosts,
    make_visit,
    open_all_week,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def _parse(response) -> Calendar:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar.get("prodid")
    return calendar


def test_visit_feed_round_trip(client):
    visit = make_visit()
    manager = make_manager()
    items = list(visit.items.order_by("starts_at"))
    moved = item_move(
        item=items[1],
        starts_at=items[1].starts_at + datetime.timedelta(hours=2),
        ends_at=items[1].ends_at + datetime.timedelta(hours=2),
        actor=manager,
    )
    removed = item_remove(item=items[2], actor=manager)
    feed = CalendarFeed.objects.create(kind=FeedKind.VISIT, visit=visit)

    calendar = _parse(client.get(reverse("visits_feed", args=[feed.token])))
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/Helsinki"]
    events = {str(e["uid"]): e for e in calendar.events}
    assert set(events) == {f"visit-item-{i.pk}@paamaja" for i in items}
    first = events[items[0].uid]
    assert first.start == items[0].starts_at
    assert first.start.tzinfo.key == "Europe/Helsinki"
    assert first.start.astimezone(HELSINKI).hour == 9
    assert first.end - first.start == datetime.timedelta(hours=1)
    assert first["sequence"] == 0
    assert events[moved.uid]["sequence"] == 1
    assert events[moved.uid].start == moved.starts_at
    assert events[removed.uid]["status"] == "CANCELLED"
    assert events[removed.uid]["sequence"] == 1
    # Host site visits: LOCATION, GEO, ORGANIZER, URL.
    assert str(first["location"]).startswith(items[0].host.name)
    assert first["geo"].latitude == pytest.approx(float(items[0].host.latitude))
    assert str(first["organizer"]).startswith("mailto:")
    assert str(first["url"]).startswith("http")
    # Not yet confirmed by the host: TENTATIVE.
    assert first["status"] == "TENTATIVE"
    assert Calendar.from_ical(client.get(reverse("visits_feed", args=[feed.token])).content)

    # The UID survives a move; a revoked token is gone.
    feed.revoked_at = datetime.datetime.now(tz=HELSINKI)
    feed.save()
    assert client.get(reverse("visits_feed", args=[feed.token])).status_code == 404


def test_host_and_manager_feeds_and_single_item(client, django_capture_on_commit_callbacks):
    visit = make_visit()
    manager = make_manager()
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    open_all_week(site_visit.host)
    site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
    host_user = make_host_user(site_visit.host)
    host_feed = CalendarFeed.objects.create(kind=FeedKind.HOST, host=site_visit.host)
    user_feed = CalendarFeed.objects.create(kind=FeedKind.HOST_USER, user=host_user)
    manager_feed = CalendarFeed.objects.create(kind=FeedKind.MANAGER, user=manager)
    for token in (host_feed.token, user_feed.token):
        events = _parse(client.get(reverse("visits_feed", args=[token]))).events
        assert [str(e["uid"]) for e in events] == [site_visit.item.uid]
    manager_events = _parse(client.get(reverse("visits_feed", args=[manager_feed.token]))).events
    assert len(manager_events) == visit.items.count()

    client.force_login(visit.booking.contact)
    single = _parse(client.get(reverse("visits:item_ics", args=[site_visit.item_id])))
    assert [str(e["uid"]) for e in single.events] == [site_visit.item.uid]

    # Host pages offer webcal:// links after making an address.
    client.force_login(host_user)
    client.post(reverse("visits:host_calendar"), {"feed": "me"})
    page = client.get(reverse("visits:host_calendar")).content.decode()
    assert "webcal://" in page


@pytest.mark.parametrize("count", [5, 60])
def test_feed_queries_do_not_grow_with_events(client, django_assert_num_queries, count):
    visit = make_visit()
    manager = make_manager()
    base = datetime.datetime.combine(visit.starts_on, datetime.time(7), tzinfo=HELSINKI)
    for n in range(count):
        item_add(
            visit=visit,
            kind=ItemKind.BRIEFING,
            title=f"Briefing {n}",
            starts_at=base + datetime.timedelta(minutes=n),
            ends_at=base + datetime.timedelta(minutes=n + 30),
            actor=manager,
        )
    feed = CalendarFeed.objects.create(kind=FeedKind.VISIT, visit=visit)
    url = reverse("visits_feed", args=[feed.token])
    with django_assert_num_queries(2):  # the feed row, then every item with its relations
        response = client.get(url)
    assert len(Calendar.from_ical(response.content).events) == count + 4


@pytest.mark.parametrize(("count", "visits"), [(5, 2), (60, 12)])
def test_host_feed_queries_do_not_grow_with_events(
    client, django_assert_num_queries, count, visits
):
    # A host's site visits across many visits of different delegations, some confidential,
    # some with a programme manager, in every status the host's feed shows.
    programme, hosts = make_programme_with_hosts(days=1, items_per_day=1)
    host = hosts[0]
    manager = make_manager()
    start = timezone.localdate() + datetime.timedelta(days=60)
    made = []
    for n in range(visits):
        visit = make_visit(
            programme=programme, start=start + datetime.timedelta(days=n), confidential=n % 3 == 0
        )
        if n % 2:
            Visit.objects.filter(pk=visit.pk).update(manager=manager)
        made.append(visit)
    statuses = [
        SiteVisitStatus.REQUESTED,
        SiteVisitStatus.ACCEPTED,
        SiteVisitStatus.PROPOSED,
        SiteVisitStatus.CANCELLED,
    ]
    for n in range(count):
        visit = made[n % visits]
        starts_at = datetime.datetime.combine(visit.starts_on, datetime.time(8), tzinfo=HELSINKI)
        starts_at += datetime.timedelta(minutes=50 * (n // visits))
        item = item_add(
            visit=visit,
            kind=ItemKind.SITE_VISIT,
            title=f"Site visit {n}",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=45),
            host=host,
            actor=manager,
        )
        SiteVisit.objects.filter(item=item).update(status=statuses[n % len(statuses)])
    feed = CalendarFeed.objects.create(kind=FeedKind.HOST, host=host)
    url = reverse("visits_feed", args=[feed.token])
    with django_assert_num_queries(2):  # the feed row, then every item with its relations
        response = client.get(url)
    # The visits' own template site visits are drafts, which a host's feed leaves out.
    assert len(Calendar.from_ical(response.content).events) == count


BUSY_ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//busy//EN
BEGIN:VEVENT
UID:weekly-meeting@host
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Helsinki:{first}T090000
DTEND;TZID=Europe/Helsinki:{first}T103000
RRULE:FREQ=WEEKLY;COUNT=10
EXDATE;TZID=Europe/Helsinki:{second}T090000
SUMMARY:Weekly staff meeting
END:VEVENT
BEGIN:VEVENT
UID:free@host
DTSTAMP:20260101T000000Z
DTSTART;TZID=Europe/Helsinki:{first}T120000
DTEND;TZID=Europe/Helsinki:{first}T130000
TRANSP:TRANSPARENT
SUMMARY:Lunch (free)
END:VEVENT
END:VCALENDAR
"""


def test_host_busy_calendar_is_read_from_a_url_with_recurrences(tmp_path: Path, settings):
    # The calendar is served on loopback, which the server otherwise refuses to fetch.
    settings.VISITS_BUSY_CALENDAR_ALLOW_PRIVATE = True
    visit = make_visit()
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    day = visit.starts_on
    second = day + datetime.timedelta(days=7)
    (tmp_path / "busy.ics").write_text(
        BUSY_ICS.format(first=day.strftime("%Y%m%d"), second=second.strftime("%Y%m%d"))
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        availability = open_all_week(
            site_visit.host, busy_calendar_url=f"http://127.0.0.1:{server.server_port}/busy.ics"
        )
        count = busy_calendar_refresh(availability=availability)
    finally:
        server.shutdown()
    assert count == 9  # ten weekly meetings, one excluded; the free lunch is not busy
    starts = [b.starts_at.astimezone(HELSINKI) for b in HostBusyTime.objects.order_by("starts_at")]
    assert starts[0].date() == day and starts[0].hour == 9
    assert second not in [s.date() for s in starts]
    # The 09:00 site visit on the first day now conflicts with the meeting.
    with pytest.raises(Exception) as refused:
        site_visit_send(site_visit=site_visit, actor=make_manager(), accept_warnings=True)
    assert "calendar is busy" in str(refused.value)
    site_visit.refresh_from_db()
    assert site_visit.status == SiteVisitStatus.DRAFT


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:5432/busy.ics",
        "http://localhost/busy.ics",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/busy.ics",
        "http://[::1]/busy.ics",
        "file:///etc/passwd",
        "ftp://example.org/busy.ics",
    ],
)
def test_busy_calendar_urls_inside_the_network_are_never_fetched(url):
    """Server-side request forgery: a host's calendar URL must not reach the server's own
    services or network. Nothing is fetched and the busy times stay as they were."""
    visit = make_visit()
    site_visit = SiteVisit.objects.filter(item__visit=visit).first()
    availability = open_all_week(site_visit.host, busy_calendar_url=url)
    with pytest.raises(UnsafeCalendarURL):
        busy_calendar_refresh(availability=availability)
    assert not HostBusyTime.objects.exists()
    availability.refresh_from_db()
    assert availability.busy_fetched_at is None


def test_a_redirect_to_a_private_address_is_refused(settings):
    """A public calendar address that answers with a redirect into the network: the
    redirect's target is checked like the first address."""
    import urllib.request

    from visits import busy

    handler = busy._PublicOnlyRedirects()
    request = urllib.request.Request("http://calendar.example/busy.ics")
    with pytest.raises(UnsafeCalendarURL):
        handler.redirect_request(
            request, None, 302, "Found", {}, "http://169.254.169.254/latest/meta-data/"
        )


def test_a_confidential_visit_is_named_in_no_feed_or_invitation(
    client, django_capture_on_commit_callbacks
):
    from django.core import mail

    from bookings.models import Participant

    visit = make_visit(participants=3, confidential=True)
    booking = visit.booking
    booking.organisation.name = "Ruritanian Ministry of Defence"
    booking.organisation.save(update_fields=["name"])
    contact = booking.contact
    contact.first_name, contact.last_name = "Casimir", "Vondrakova"
    contact.save()
    names = ["Aurelia Quenby", "Bartholomew Ixworth"]
    for name in names:
        first, last = name.split()
        Participant.objects.create(
            booking=booking, first_name=first, last_name=last, email=f"{first}@x.example"
        )
    secrets = ["Ruritanian", "Ministry of Defence", "Casimir", "Vondrakova"]
    secrets += [part for name in names for part in name.split()]
    # Every free text of the itinerary names the delegation, as a manager might write it.
    visit.items.update(
        title="Ruritanian Ministry of Defence with Aurelia Quenby",
        notes="Bartholomew Ixworth gives a speech",
        place="Ruritanian embassy",
    )
    manager = make_manager()
    item_add(
        visit=visit,
        kind=ItemKind.MEAL,
        title="Dinner of the Ruritanian Ministry of Defence",
        starts_at=visit.items.order_by("-ends_at").first().ends_at + datetime.timedelta(hours=1),
        ends_at=visit.items.order_by("-ends_at").first().ends_at + datetime.timedelta(hours=3),
        place="Residence of Casimir Vondrakova",
        notes="Aurelia Quenby's table",
        actor=manager,
    )
    site_visit = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at").first()
    open_all_week(site_visit.host)
    host_user = make_host_user(site_visit.host)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)

    texts = []
    invitations = [
        body.decode() if isinstance(body, bytes) else body
        for message in mail.outbox
        for _name, body, _type in message.attachments
    ]
    assert invitations  # the host's iTIP REQUEST
    texts += invitations
    for kind, subject in [
        (FeedKind.VISIT, {"visit": visit}),
        (FeedKind.HOST, {"host": site_visit.host}),
        (FeedKind.HOST_USER, {"user": host_user}),
        (FeedKind.MANAGER, {"user": manager}),
    ]:
        feed = CalendarFeed.objects.create(kind=kind, **subject)
        response = client.get(reverse("visits_feed", args=[feed.token]))
        assert _parse(response).events
        texts.append(response.content.decode())
    for user in (booking.contact, host_user, manager):
        client.force_login(user)
        response = client.get(reverse("visits:item_ics", args=[site_visit.item_id]))
        assert _parse(response).events
        texts.append(response.content.decode())
    for text in texts:
        unfolded = text.replace("\r\n ", "").replace("\\,", ",")
        assert "X-WR-CALNAME" in unfolded or "METHOD:REQUEST" in unfolded
        for secret in secrets:
            assert secret not in unfolded, (secret, unfolded)
    # Still useful: what kind of item it is, and where a host visit takes place.
    delegation_feed = texts[len(invitations)]
    assert "(confidential visit)" in delegation_feed
    assert site_visit.host.street_address in delegation_feed.replace("\r\n ", "")
