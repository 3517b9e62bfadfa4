"""Journey 3 -- a tailored programme: request, quote, acceptance, card deposit, visit.

The delegation contact signs in from the site root and follows the header's "Ask for a
tailored programme" to the structured request. The programme manager signs in (TOTP) in
a browser of their own, lands in the admin, opens the request from "Tailored requests",
builds the quote (lines, validity, payment terms), previews its totals with VAT and
sends it. The contact opens the link in the quote e-mail, reads the quote PDF (totals,
VAT), accepts it for card payment, pays the deposit on localstripe, gets the receipt,
and finds the visit's itinerary on the booking page.
"""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from bookings.enums import BookingStatus, PaymentKind, PaymentStatus, QuoteStatus
from bookings.models import Booking, Organisation, Quote, TailoredRequest
from tests.accounts.factories import activate_totp, make_user
from tests.bookings.factories import default_policy, vat_rates
from tests.bookings.localstripe_server import (  # noqa: F401  (fixtures)
    localstripe,
    stripe_settings,
    stripe_webhooks,
)
from tests.journeys.conftest import html_lang, mail_link, pdf_text, sign_in
from tests.journeys.test_programme_manager import sign_in_to_admin
from tests.programmes.factories import build_catalogue
from tests.visits.factories import make_manager
from visits.models import Visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CARD = "4242424242424242"
CONTACT = "ingrid.berg@msb.example"
MANAGER = "manager@paamaja.example"
# 8 × €1,500.00 at 25.5 % and 16 × €120.00 at 14 %.
TOTAL = "€13,920.00"
VAT_GENERAL = "2,438.25"  # in €12,000.00 at 25.5 %
VAT_ROOMS = "235.79"  # in €1,920.00 at 14 %
DEPOSIT = "€5,568.00"  # 40 %


@pytest.fixture
def world(site, stripe_webhooks, localstripe, settings):
    # The CSP names the Stripe origins read at start-up; this test's localstripe port is
    # chosen later (as in the delegation's card journey).
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        **{
            directive: [*settings.SECURE_CSP[directive], localstripe.url]
            for directive in ("script-src", "connect-src", "frame-src")
        },
    }
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    catalogue = build_catalogue(translate=False)
    vat_rates()
    default_policy()
    contact = make_user(CONTACT)
    organisation = Organisation.objects.create(
        name="Swedish Civil Contingencies Agency",
        country="SE",
        type="agency",
        billing_address="Fleminggatan 7\n112 26 Stockholm",
    )
    organisation.members.add(contact)
    manager = make_manager(email=MANAGER)
    return {
        "programme": catalogue.programmes[0],
        "contact": contact,
        "manager": manager,
        "secret": activate_totp(manager),
    }


def test_tailored_programme_journey(world, site, page, shot, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    manager_context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    admin = manager_context.new_page()
    try:
        _walk(page, admin, site, shot, tmp_path, world)
    except Exception:
        for each in (page, admin):
            print(each.url)
            print(each.locator("body").inner_text()[:3000])
        shot(page, "failure contact")
        shot(admin, "failure manager")
        raise
    finally:
        manager_context.close()


def _request_step(page: Page, site: str, shot, world) -> None:
    programme = world["programme"]
    sign_in(page, site, CONTACT)
    assert html_lang(page) == "en"
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Ask for a tailored programme"
    ).click()
    expect(
        page.get_by_role("heading", name="Ask for a tailored programme", level=1)
    ).to_be_visible()
    shot(page, "request form")
    start = timezone.localdate() + datetime.timedelta(days=120)
    page.get_by_label("Programme to start from").select_option(label=programme.title)
    page.get_by_label("Preferred start").fill(start.isoformat())
    page.get_by_label("Preferred end").fill((start + datetime.timedelta(days=2)).isoformat())
    page.get_by_label("Group size").fill("8")
    page.get_by_label("What would you like to learn?").fill(
        "Flood preparedness for our regional rescue chiefs."
    )
    shot(page, "request filled")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_text("We prepare a quote and e-mail you when it is ready.")).to_be_visible()
    expect(page.get_by_role("heading", name="My bookings", level=1)).to_be_visible()
    shot(page, "request sent")
    assert TailoredRequest.objects.get().group_size == 8


def _quote_step(admin: Page, site: str, shot, world) -> None:
    sign_in_to_admin(admin, site, MANAGER, secret=world["secret"])
    shot(admin, "admin")
    menu = admin.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Bookings").click()
    menu.get_by_role("link", name="Tailored requests").click()
    expect(admin.get_by_role("heading", name="Tailored programme requests").first).to_be_visible()
    row = admin.get_by_role("row").filter(has_text="Swedish Civil Contingencies Agency")
    expect(row).to_contain_text("New")
    shot(admin, "requests")
    row.get_by_role("link", name="Swedish Civil Contingencies Agency").click()
    expect(admin.get_by_text("Flood preparedness for our regional rescue chiefs.")).to_be_visible()
    expect(admin.get_by_text(CONTACT).first).to_be_visible()
    shot(admin, "request")

    admin.get_by_role("link", name="Prepare the quote").click()
    expect(admin.get_by_role("heading", name="Prepare the quote").first).to_be_visible()
    # The first line starts from the request: its programme, one per participant.
    expect(admin.get_by_label("Description, line 1")).to_have_value(world["programme"].title)
    expect(admin.get_by_label("Quantity, line 1")).to_have_value("8")
    admin.get_by_label("Unit price (EUR, incl. VAT), line 1").fill("1500.00")
    admin.get_by_label("Description, line 2").fill("Hotel, single rooms, 2 nights")
    admin.get_by_label("Quantity, line 2").fill("16")
    admin.get_by_label("Unit price (EUR, incl. VAT), line 2").fill("120.00")
    admin.get_by_label("VAT rate, line 2").select_option(value="14.00")
    admin.get_by_label("Deposit (%)").fill("40")
    admin.get_by_role("button", name="Preview totals").click()
    breakdown = admin.get_by_role("table", name="VAT breakdown")
    expect(breakdown).to_contain_text(TOTAL)
    expect(breakdown).to_contain_text("€" + VAT_GENERAL)
    expect(breakdown).to_contain_text("€" + VAT_ROOMS)
    expect(admin.get_by_text(f"a deposit of {DEPOSIT}")).to_be_visible()
    assert not Quote.objects.exists()  # a preview saves nothing
    shot(admin, "quote preview")
    admin.get_by_role("button", name="Save the quote").click()
    expect(admin.get_by_text("Quote version 1 is saved as a draft.")).to_be_visible()
    shot(admin, "quote saved")
    admin.get_by_role("link", name="Send version 1").click()
    expect(admin.get_by_text(f"Send this quote to {CONTACT}?")).to_be_visible()
    shot(admin, "send quote")
    admin.get_by_role("button", name="Yes, send the quote").click()
    expect(admin.get_by_text(f"The quote is sent to {CONTACT}.")).to_be_visible()
    expect(admin.get_by_role("table").filter(has_text="Version")).to_contain_text("Sent")
    shot(admin, "quote sent")


def _walk(page: Page, admin: Page, site: str, shot, tmp_path, world) -> None:
    _request_step(page, site, shot, world)
    _quote_step(admin, site, shot, world)

    # The contact opens the link in the quote e-mail.
    link = mail_link(CONTACT, contains="/quote/")
    page.goto(link)
    expect(page.get_by_role("heading", name="Your quote", level=1)).to_be_visible()
    expect(page.get_by_text("Version 1")).to_be_visible()
    expect(page.get_by_text(TOTAL).first).to_be_visible()
    expect(page.get_by_text(f"By card: a deposit of {DEPOSIT} when you accept")).to_be_visible()
    shot(page, "quote")

    # The quote PDF: its lines, the total and the VAT per rate.
    text = pdf_text(page, page.get_by_role("link", name="Download the quote (PDF)"), tmp_path)
    booking = Booking.objects.get()
    assert "QUOTE" in text.upper() and f"{booking.reference}-Q1" in text, text
    assert "Hotel, single rooms, 2 nights" in text
    assert TOTAL.strip("€") in text and VAT_GENERAL in text and VAT_ROOMS in text, text
    assert "25.5 %" in text and "14 %" in text

    # Accept for card payment; pay the deposit on localstripe.
    # The choice says the quote's own terms: the deposit now, the balance by its date.
    page.get_by_label(
        re.compile(rf"^Card: a deposit of {re.escape(DEPOSIT)} now, the balance")
    ).check()
    page.get_by_label(re.compile("I accept this quote")).check()
    shot(page, "accept")
    page.get_by_role("button", name="Accept quote").click()
    expect(page.get_by_role("heading", name="Pay by card")).to_be_visible()
    expect(page.get_by_text(DEPOSIT).first).to_be_visible()
    quote = Quote.objects.get()
    assert quote.status == QuoteStatus.ACCEPTED and quote.accepted_by == world["contact"]
    shot(page, "pay")
    card = page.get_by_role("group", name="Card details")
    card.get_by_placeholder("number").fill(CARD)
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("30")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill("11226")
    page.get_by_role("button", name=f"Pay {DEPOSIT}").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_text(f"Your booking {booking.reference} is confirmed")).to_be_visible()
    shot(page, "paid")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    deposit = booking.payments.get(kind=PaymentKind.DEPOSIT)
    assert (deposit.status, deposit.amount) == (PaymentStatus.SUCCEEDED, Decimal("5568.00"))

    # The receipt: the deposit and the VAT in it.
    receipt = pdf_text(page, page.get_by_role("link", name=re.compile("Receipt for")), tmp_path)
    assert "Receipt" in receipt and booking.reference in receipt, receipt
    assert "5,568.00" in receipt and "25.5 %" in receipt and "14 %" in receipt, receipt

    # My bookings -> the booking: the quote, the documents and the visit.
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="My bookings"
    ).click()
    item = page.get_by_role("listitem").filter(
        has_text=f"booking {booking.reference}", has_not_text="8 people"
    )
    expect(item).to_contain_text("Confirmed")
    request_item = page.get_by_role("listitem").filter(has_text="8 people")
    expect(request_item).to_contain_text("Accepted")
    shot(page, "my bookings")
    item.get_by_role("link", name=re.compile(booking.reference)).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world["programme"].title)
    documents = page.get_by_role("complementary")
    expect(documents.get_by_role("link", name="Quote (PDF)")).to_be_visible()
    expect(documents.get_by_role("link", name=re.compile("Receipt for"))).to_be_visible()
    visit = Visit.objects.get(booking=booking)
    expect(page.get_by_role("heading", name="Your visit")).to_be_visible()
    shot(page, "booking")
    page.get_by_role("link", name="Itinerary", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Itinerary")
    first_item = visit.items.order_by("starts_at").first()
    if first_item is not None:
        expect(page.get_by_text(first_item.title).first).to_be_visible()
    shot(page, "itinerary")
