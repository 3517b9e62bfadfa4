"""Hosts answer site-visit requests in Chromium; the manager and the delegation see it.

A host user (password + TOTP) accepts one request and proposes another time for a
second; the programme manager (password + TOTP) sees both answers in the admin; the
delegation contact's phone "today" view shows the confirmed item.
"""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Locale

from accounts.roles import HOSTS, PROGRAMME_MANAGERS
from tests.accounts.factories import PASSWORD, activate_totp, make_user
from tests.e2e.test_booking_browser import AxeScan
from tests.visits.factories import make_visit, open_all_week
from visits.enums import SiteVisitStatus
from visits.models import HostMembership, SiteVisit
from visits.services import site_visit_send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def _login(page, live_server, user, secret=None) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    if secret:
        page.locator("input[name=code]").fill(_code(secret))
        page.get_by_role("button", name="Sign In").click()
        page.wait_for_load_state()


@pytest.fixture
def world(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.BASE_URL = live_server.url
    settings.STAFF_MFA_REQUIRED = True
    Locale.objects.get_or_create(language_code="en")
    visit = make_visit(start=timezone.localdate(), participants=6)
    manager = make_user("pm@paamaja.example", role=PROGRAMME_MANAGERS)
    host_user = make_user("host@rescue.example", role=HOSTS)
    secrets = {"manager": activate_totp(manager), "host": activate_totp(host_user)}
    first, second = SiteVisit.objects.filter(item__visit=visit).order_by("item__starts_at")[:2]
    for site_visit in (first, second):
        open_all_week(site_visit.host)
        HostMembership.objects.get_or_create(user=host_user, host=site_visit.host)
        site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
    contact = visit.booking.contact
    contact.set_password(PASSWORD)
    contact.save()
    EmailAddress.objects.create(user=contact, email=contact.email, verified=True, primary=True)
    return {
        "visit": visit,
        "manager": manager,
        "host": host_user,
        "secrets": secrets,
        "first": first,
        "second": second,
        "contact": contact,
    }


def test_host_answers_manager_sees_delegation_today(
    world, live_server, page, browser, artifacts_dir
):
    first, second = world["first"], world["second"]
    scan = AxeScan()

    # The host signs in and sees both requests waiting.
    _login(page, live_server, world["host"], world["secrets"]["host"])
    page.goto(f"{live_server.url}/en/visits/host/")
    expect(page.get_by_role("heading", name="Site-visit requests")).to_be_visible()
    scan(page, "host index")
    page.locator(f"a[href$='/visits/host/requests/{first.pk}/']").click()
    scan(page, "host request")
    page.get_by_role("button", name="Accept").click()
    expect(page.locator("#request-status")).to_have_text("Accepted")

    page.goto(f"{live_server.url}/en/visits/host/requests/{second.pk}/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Date").fill(tomorrow.isoformat())
    page.get_by_label("Starts").fill("13:00")
    page.get_by_label("Ends").fill("14:00")
    page.get_by_role("button", name="Propose this time").click()
    expect(page.locator("#request-status")).to_have_text("Another time proposed")
    page.screenshot(path=artifacts_dir / "visits-host-proposed.png", full_page=True)
    page.goto(f"{live_server.url}/en/visits/host/{first.host_id}/availability/")
    scan(page, "host availability")
    page.goto(f"{live_server.url}/en/visits/host/calendar/")
    scan(page, "host calendar")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == SiteVisitStatus.ACCEPTED
    assert second.status == SiteVisitStatus.PROPOSED

    # The programme manager sees both answers on the visit's admin page.
    manager_context = browser.new_context()
    manager_page = manager_context.new_page()
    _login(manager_page, live_server, world["manager"], world["secrets"]["manager"])
    manager_page.goto(f"{live_server.url}/admin/visits/{world['visit'].pk}/")
    first_row = manager_page.locator(f"tr[data-item='{first.item_id}'] [data-request-status]")
    second_row = manager_page.locator(f"tr[data-item='{second.item_id}'] [data-request-status]")
    expect(first_row).to_contain_text("Accepted")
    expect(second_row).to_contain_text("Another time proposed")
    expect(second_row).to_contain_text("13:00")
    manager_page.screenshot(path=artifacts_dir / "visits-manager-answers.png", full_page=True)
    # The situational picture refreshes itself from its JSON endpoint (CSP allows the
    # static script: no console errors).
    errors = []
    manager_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    manager_page.goto(f"{live_server.url}/admin/visits/situation/")
    expect(manager_page.locator("[data-updated]")).to_have_text(re.compile(r"\d\d:\d\d:\d\d"))
    expect(manager_page.locator("[data-rows]")).to_contain_text(world["visit"].booking.reference)
    assert not [e for e in errors if "Content Security Policy" in e], errors
    manager_context.close()

    # The delegation's phone view shows the confirmed item today.
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    phone_page = phone.new_page()
    _login(phone_page, live_server, world["contact"])
    phone_page.goto(f"{live_server.url}/en/visits/{world['visit'].pk}/today/")
    confirmed = phone_page.locator(".visits-item", has_text=first.item.title)
    expect(confirmed).to_contain_text("Confirmed")
    expect(phone_page.get_by_role("link", name="112")).to_be_visible()
    phone_page.screenshot(path=artifacts_dir / "visits-today-phone.png", full_page=True)
    scan(phone_page, "today")
    for name in ("itinerary", "briefing"):
        phone_page.goto(f"{live_server.url}/en/visits/{world['visit'].pk}/{name}/")
        scan(phone_page, name)
    phone.close()
    assert not scan.reports, "\n\n".join(scan.reports)
