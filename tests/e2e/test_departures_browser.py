"""Issue 12.1 in Chromium: a programme manager changes a departure's seats from the
programme page editor's Departures tab; too few seats are refused on the form with the
reason, and the tab shows the new seats afterwards. Screenshots in
test-artifacts/departures/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import Locale

from accounts.roles import PROGRAMME_MANAGERS
from programmes.models import Departure
from tests.accounts.factories import activate_totp, make_user
from tests.bookings.factories import make_departure
from tests.bookings.test_admin import make_booking
from tests.e2e.test_visits_browser import _login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_changes_seats_from_the_programme_editor(
    live_server, settings, page, artifacts_dir
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    Locale.objects.get_or_create(language_code="en")
    departure = make_departure(seats=20)
    make_booking(departure=departure, participants=8)
    manager = make_user("pm@paamaja.example", role=PROGRAMME_MANAGERS)
    secret = activate_totp(manager)
    shots = artifacts_dir / "departures"
    shots.mkdir(exist_ok=True)
    when = departure.start_date.strftime("%d.%m.%Y")

    _login(page, live_server, manager, secret)
    page.goto(f"{live_server.url}/admin/pages/{departure.page_id}/edit/")
    page.get_by_role("tab", name="Departures").click()
    table = page.get_by_role("table")
    expect(table).to_contain_text("8 of 20 seats sold or held")
    page.screenshot(path=shots / "01-editor-departures-tab.png", full_page=True)

    page.get_by_role("link", name=re.compile(f"^Change seats.*{re.escape(when)}")).click()
    page.get_by_label("Seats").fill("6")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("8 seats of this departure are sold or held")).to_be_visible()
    page.screenshot(path=shots / "02-too-few-seats-refused.png", full_page=True)
    assert Departure.objects.get(pk=departure.pk).seats == 20

    page.get_by_label("Seats").fill("12")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(re.compile("now has 12 seats"))).to_be_visible()
    page.get_by_role("tab", name="Departures").click()
    expect(page.get_by_role("table")).to_contain_text("8 of 12 seats sold or held")
    page.screenshot(path=shots / "03-seats-changed.png", full_page=True)
    assert Departure.objects.get(pk=departure.pk).seats == 12
