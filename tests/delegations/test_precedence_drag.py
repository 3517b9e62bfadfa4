"""The order of precedence in the admin, in Chromium: a manager drags a row to another
place (delegations-precedence.js posts the new order) and the page comes back in it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from delegations.protocol import protocol_update
from delegations.selectors import participants_in_precedence
from tests.visits.factories import make_manager

from .factories import make_delegation_booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dragging_a_row_changes_the_order_of_precedence(live_server, browser, settings):
    settings.STAFF_MFA_REQUIRED = False
    booking = make_delegation_booking()
    manager = make_manager()
    for rank, last_name in enumerate(("Berg", "Menon", "Klein"), start=1):
        protocol_update(
            participant=booking.participants.get(last_name=last_name),
            data={"rank": rank},
            actor=manager,
        )
    client = Client()
    client.force_login(manager)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("delegations_admin:booking", args=[booking.pk]))
        table = page.get_by_role("table").filter(has_text="Move up").first
        klein = table.get_by_role("row").filter(has_text="Jonas Klein")
        berg = table.get_by_role("row").filter(has_text="Anna Berg")
        with page.expect_navigation():
            klein.drag_to(berg)
        expect(page.get_by_text("The order of precedence was changed.")).to_be_visible()
        assert [p.last_name for p in participants_in_precedence(booking)] == [
            "Klein",
            "Berg",
            "Menon",
        ]
        # The page shows the new order: Klein's row is first, its Move up disabled.
        rows = page.get_by_role("table").filter(has_text="Move up").first.get_by_role("row")
        expect(rows.nth(1)).to_contain_text("Jonas Klein")
        expect(rows.nth(1).get_by_role("button", name="Move up")).to_be_disabled()
    finally:
        context.close()
