"""Journey 4 -- a host: sign in, answer two requests, subscribe, debrief after the visit.

The host signs in from the site root and lands on its site-visit requests; accepts
the first, proposes another time for the second; takes its calendar address; and after
the visit (completed by the programme manager -- done through the service between the
steps, the manager's own journey walks the admin) writes the debrief.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.accounts.factories import activate_totp
from tests.journeys.conftest import html_lang, sign_in
from tests.programmes.factories import build_catalogue
from tests.visits.factories import make_host_user, make_manager, make_visit, open_all_week
from visits.enums import SiteVisitStatus
from visits.models import SiteVisit
from visits.services import site_visit_send, visit_complete

HELSINKI = ZoneInfo("Europe/Helsinki")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(site):
    build_catalogue(translate=False)
    visit = make_visit(start=timezone.localdate() + datetime.timedelta(days=10), participants=6)
    manager = make_manager()
    first, second = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at")[:2]
    host_user = make_host_user(first.host, email="host@rescue.example")
    if second.host_id != first.host_id:
        from visits.models import HostMembership

        HostMembership.objects.create(user=host_user, host=second.host)
    for site_visit in (first, second):
        open_all_week(site_visit.host)
        site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
    return {
        "visit": visit,
        "manager": manager,
        "host": host_user,
        "secret": activate_totp(host_user),
        "first": first,
        "second": second,
    }


def test_host_journey(world, site, page, shot):
    first, second = world["first"], world["second"]

    # Sign in from the root (which brings the host back to the root it came from);
    # the header's "Site-visit requests" leads to its requests.
    sign_in(page, site, world["host"].email, secret=world["secret"])
    page.get_by_role("link", name="Site-visit requests", exact=True).click()
    expect(page.get_by_role("heading", name="Site-visit requests", level=1)).to_be_visible()
    assert html_lang(page) == "en"
    waiting = page.get_by_role("region", name="Waiting for your answer")
    expect(waiting.get_by_role("row")).to_have_count(3)  # the header and two requests
    shot(page, "requests")

    # The first: its details, then accept.
    waiting.get_by_role("link").first.click()
    expect(page.get_by_text(first.host.name).first).to_be_visible()
    starts = timezone.localtime(first.item.starts_at, HELSINKI)
    expect(
        page.get_by_text(f"{starts.day}.{starts.month}.{starts.year} {starts:%H:%M}")
    ).to_be_visible()
    page.get_by_role("button", name="Accept").click()
    expect(page.get_by_text("Accepted", exact=True).first).to_be_visible()
    shot(page, "accepted")

    # The second: another time, the next day 13:00-14:00.
    page.get_by_role("link", name="All requests").click()
    page.get_by_role("region", name="Waiting for your answer").get_by_role("link").first.click()
    other_day = timezone.localtime(second.item.starts_at, HELSINKI).date() + datetime.timedelta(
        days=1
    )
    page.get_by_label("Date").fill(other_day.isoformat())
    page.get_by_label("Starts").fill("13:00")
    page.get_by_label("Ends").fill("14:00")
    page.get_by_role("button", name="Propose this time").click()
    expect(page.get_by_text("Another time proposed", exact=True).first).to_be_visible()
    expect(
        page.get_by_text(f"{other_day.day}.{other_day.month}.{other_day.year} 13:00")
    ).to_be_visible()
    shot(page, "proposed")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (SiteVisitStatus.ACCEPTED, SiteVisitStatus.PROPOSED)

    # The calendar address: made on the subscription page, shown to copy.
    page.get_by_role("link", name="All requests").click()
    page.get_by_role("link", name="Calendar subscription").click()
    page.get_by_role("button", name="Make a calendar address").first.click()
    address = page.get_by_label("Address").first
    value = address.input_value()
    assert value.startswith(site) and value.endswith(".ics"), value
    expect(page.get_by_role("link", name="Subscribe (webcal)").first).to_have_attribute(
        "href", value.replace("http://", "webcal://", 1).replace("https://", "webcal://", 1)
    )
    shot(page, "calendar")
    feed = page.context.request.get(value)
    assert feed.ok and "BEGIN:VCALENDAR" in feed.text()
    assert first.item.title in feed.text()

    # After the visit (the manager completes it: the service, between the steps).
    visit_complete(visit=world["visit"], actor=world["manager"])
    page.get_by_role("link", name="Site-visit requests", exact=True).click()
    answered = page.get_by_role("region", name="Answered and past")
    answered.get_by_role("row", name="Accepted").get_by_role("link").click()
    page.get_by_role("link", name="Write the debrief of this visit").click()
    expect(page.get_by_role("heading", name="Debrief of the site visit")).to_be_visible()
    page.get_by_label("How did the visit go?").fill("Good questions on flood rescue drills.")
    page.get_by_label("What did the delegation ask about?").fill("Volunteer training hours.")
    page.get_by_label("Cooperation has been agreed or has started").check()
    page.get_by_role("button", name="Save the debrief").click()
    expect(page.get_by_text("Thank you: your debrief was saved.")).to_be_visible()
    expect(page.get_by_label("How did the visit go?")).to_have_value(
        "Good questions on flood rescue drills."
    )
    shot(page, "debrief")
