"""Journey 1 -- a delegation contact books a departure and pays the deposit by card.

From the site root: the programmes, filtered by theme; the programme and its departure;
signing up (the address confirmed by the link in the e-mail); the organisation; the
booking steps (group, accommodation, extras, participants -- two named, one invited, who
opens the e-mail link in a browser of their own and fills in their details -- review,
pay); the card deposit on localstripe through the Stripe.js stand-in; the result page
that says what is due next and when; the receipt PDF; My bookings and the booking page;
its visit (itinerary, briefing acknowledgement, calendar address, today's programme);
after the visit the feedback link and the published report.

English and Finnish walk the whole journey (Finnish through the header's language
switcher); Swedish walks the booking steps only (to keep the suite fast). What other
people do between the steps (the programme manager moves the visit to today, completes
it, publishes the report) is done through the services, with a comment: their own
journeys walk those pages.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import formats, timezone, translation
from playwright.sync_api import Page, expect

from bookings.enums import BookingStatus, PaymentStatus
from bookings.models import Booking
from bookings.selectors import booking_payment_plan
from learning_reports.models import LearningReport
from learning_reports.services import report_approve, report_publish, report_submit
from learning_reports.tasks import compile_report
from programmes.models import Departure
from tests.accounts.factories import make_user
from tests.bookings.factories import default_policy, make_extra, make_room_type, vat_rates
from tests.bookings.localstripe_server import (  # noqa: F401  (fixtures)
    localstripe,
    stripe_settings,
    stripe_webhooks,
)
from tests.journeys.conftest import html_lang, mail_link, pdf_text
from tests.programmes.factories import build_catalogue
from tests.visits.factories import make_manager
from visits.models import Visit
from visits.services import item_move, visit_complete
from visits.tasks import send_visit_reminders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Kettu-Järvi-42-Sisu"
CARD = "4242424242424242"
INVITED = "lena.fischer@ministry.example"

# What the person reads, per language (the page's own words, from the .po files).
WORDS = {
    "en": {
        "language": "English",
        "programmes": "Programmes",
        "theme": "Theme",
        "show": "Show programmes",
        "book": "Book",
        "sign_up": "Sign up",
    },
    "fi": {
        "language": "Suomi",
    },
    "sv": {
        "language": "Svenska",
    },
}


@pytest.fixture
def world(site, stripe_webhooks, localstripe, settings):  # noqa: F811  (fixtures)
    # The CSP names the Stripe origins read at start-up; this test's localstripe port is
    # chosen later, so it is added here (in the demo it is set from the environment).
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        **{
            directive: [*settings.SECURE_CSP[directive], localstripe.url]
            for directive in ("script-src", "connect-src", "frame-src")
        },
    }
    # The live server speaks plain HTTP, as the demo does (config/settings/dev.py).
    settings.ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
    catalogue = build_catalogue(translate=True)
    vat_rates()
    default_policy()
    programme = catalogue.programmes[0]  # 4 days, groups of 6 to 20, rescue services
    # A departure far enough ahead for a deposit now and the balance later.
    start = timezone.localdate() + datetime.timedelta(days=100)
    Departure.objects.create(page=programme, start_date=start, seats=20)
    nights = []
    for departure in programme.departures.all():
        nights += [departure.start_date + datetime.timedelta(days=n) for n in range(-1, 4)]
    room_type = make_room_type(nights=nights, rooms=10, release_days=30)
    make_extra(unit="person", price="65.00")
    return {"catalogue": catalogue, "programme": programme, "room_type": room_type}


def d(date: datetime.date, language: str) -> str:
    """A date as the person reads it in the language (Finnish: 11.1.2027)."""
    with translation.override(language):
        text = formats.date_format(date, "DATE_FORMAT")
    if language == "fi":
        assert text == f"{date.day}.{date.month}.{date.year}", text
    return text


def W(language: str, text: str) -> str:
    """The page's words in the language (its own .po files)."""
    with translation.override(language):
        return str(translation.gettext(text))


def flat(text: str) -> str:
    """Text with every kind of space as one plain space (pdftotext, Finnish numbers)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def money(amount: Decimal, language: str) -> str:
    """An amount as the page writes it (€1,234.00; Finnish 1 234,00 €)."""
    from programmes.templatetags.paamaja_tags import money as money_filter

    with translation.override(language):
        text = str(money_filter(amount))
    if language == "fi":
        assert text.endswith(" €") and "," in text, text
    return text


def _invited_fills_in(page: Page, shot, language: str) -> None:
    link = mail_link(INVITED, contains="/participant/")
    other = page.context.browser.new_context()
    try:
        theirs = other.new_page()
        theirs.goto(link)
        expect(theirs.get_by_role("heading", name="Your details for the visit")).to_be_visible()
        theirs.get_by_label("First name").fill("Lena")
        theirs.get_by_label("Last name").fill("Fischer")
        theirs.get_by_label("Organisation").fill("Bundesministerium des Innern")
        theirs.get_by_label("Nationality").select_option("DE")
        theirs.get_by_label("Emergency contact", exact=True).fill("Max Fischer")
        theirs.get_by_label("Emergency contact phone").fill("+49 30 1234567")
        shot(theirs, "invited participant")
        theirs.get_by_role("button", name="Send my details").click()
        expect(theirs.get_by_role("heading", level=1)).to_have_text(W(language, "Thank you"))
        shot(theirs, "invited participant sent")
    finally:
        other.close()


@pytest.mark.parametrize("language", ["en"])
def test_delegation_books_a_departure_and_pays_by_card(world, site, page, shot, tmp_path, language):
    page.set_viewport_size({"width": 1280, "height": 900})
    email = f"anna.{language}@ministry.example"

    # The site root; the programmes, filtered by theme.
    page.goto(site + "/")
    assert html_lang(page) == "en"
    if language != "en":
        page.get_by_role("navigation", name="Language").get_by_role(
            "link", name=WORDS[language]["language"]
        ).click()
        page.wait_for_load_state()
        assert html_lang(page) == language
    shot(page, "home")
    try:
        _walk(page, site, shot, tmp_path, language, world, email)
    except Exception:
        print(page.url)
        print(page.locator("body").inner_text()[:4000])
        shot(page, "failure")
        raise


def _walk(page, site, shot, tmp_path, language, world, email):
    programme = world["programme"]
    page.get_by_role("link", name="Browse programmes").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label("Theme").select_option(label="Rescue services and preparedness")
    page.get_by_role("button", name="Show programmes").click()
    expect(page.get_by_text("1 programme matches your filters")).to_be_visible()
    shot(page, "filtered by theme")
    page.get_by_role("link", name=programme.title).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(programme.title)
    departures = page.get_by_role("table", name="Scheduled departures")
    expect(departures.get_by_role("row")).to_have_count(3)
    shot(page, "programme")
    far = programme.departures.order_by("-start_date").first()
    row = departures.get_by_role("row").filter(has_text=d(far.start_date, language))
    expect(row).to_contain_text("20")
    row.get_by_role("link", name=re.compile("Book")).click()

    # Not signed in: the sign-in page offers to sign up.
    page.get_by_role("link", name="sign up").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label(re.compile("Password \\(again\\)")).fill(PASSWORD)
    shot(page, "sign up")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, "verification sent")
    page.goto(mail_link(email, contains="/confirm"))
    shot(page, "confirm e-mail")
    page.get_by_role("button", name="Confirm").click()
    shot(page, "confirmed")

    # The organisation.
    page.get_by_role("link", name="Set up an organisation").click()
    page.get_by_label("Name", exact=True).fill("Bundesministerium des Innern")
    page.get_by_label("Country").select_option("DE")
    page.get_by_label("Type").select_option(index=1)
    page.get_by_label("Billing address").fill("Alt-Moabit 140\n10557 Berlin")
    shot(page, "organisation")
    page.get_by_role("button", name="Save organisation").click()

    # Step 1: the group.
    expect(page.get_by_role("heading", name="How many people are coming?")).to_be_visible()
    page.get_by_label("Number of participants").fill("6")
    shot(page, "group")
    page.get_by_role("button", name="Hold seats and continue").click()

    # Step 2: accommodation.
    expect(page.get_by_role("heading", name="Where will you stay?")).to_be_visible()
    expect(page.get_by_text("Your seats are held until")).to_be_visible()
    hotel = page.get_by_role("group", name=re.compile(world["room_type"].hotel.name))
    hotel.get_by_role("spinbutton").nth(0).fill("2")
    hotel.get_by_role("spinbutton").nth(1).fill("2")
    shot(page, "accommodation")
    page.get_by_role("button", name="Save and continue").click()

    # Step 3: extras.
    expect(page.get_by_role("heading", name="Anything else you need?")).to_be_visible()
    page.get_by_role("spinbutton").first.fill("1")
    shot(page, "extras")
    page.get_by_role("button", name="Save and continue").click()

    # Step 4: participants: the contact herself and a colleague by name; a third
    # gets a private link.
    expect(page.get_by_role("heading", name="Who is coming?")).to_be_visible()
    first = page.get_by_role("group", name="Participant 1", exact=True)
    first.get_by_label("First name").fill("Anna")
    first.get_by_label("Last name").fill("Schmidt")
    first.get_by_label("E-mail").fill(email)
    second = page.get_by_role("group", name="Participant 2", exact=True)
    second.get_by_label("First name").fill("Jonas")
    second.get_by_label("Last name").fill("Weber")
    third = page.get_by_role("group", name="Participant 3", exact=True)
    third.get_by_label("E-mail").fill(INVITED)
    third.get_by_label(re.compile("Send a private link")).check()
    shot(page, "participants")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_text("Private link sent to 1 participant.")).to_be_visible()

    # The invited participant opens the link in their own browser and fills in their own
    # details.
    _invited_fills_in(page, shot, language)

    # Step 5: review.
    expect(page.get_by_role("heading", name="Check your booking")).to_be_visible()
    booking = Booking.objects.get(contact__email=email)
    plan = booking_payment_plan(booking)
    assert not plan.whole_due_now and plan.balance > 0
    expect(page.get_by_role("table", name="VAT breakdown")).to_be_visible()
    expect(page.get_by_text("Accommodation", exact=True)).to_be_visible()
    shot(page, "review")
    page.get_by_label("Card: pay the deposit now, the balance later").check()
    page.get_by_label("I have read the cancellation policy and accept it").check()
    page.get_by_role("button", name="Book now").click()

    # Step 6: pay the deposit by card (localstripe's Stripe.js stand-in).
    expect(page.get_by_role("heading", name="Pay by card")).to_be_visible()
    deposit = money(plan.deposit, language)
    expect(page.get_by_text(deposit).first).to_be_visible()
    shot(page, "pay")
    card = page.get_by_role("group", name="Card details")
    card.get_by_placeholder("number").fill(CARD)
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("30")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill("10557")
    page.get_by_role("button", name=f"Pay {deposit}").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_text(f"Your booking {booking.reference} is confirmed")).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.payments.get(kind="deposit").status == PaymentStatus.SUCCEEDED
    # What is due next, and when.
    next_due = page.get_by_text(re.compile("Next payment"))
    expect(next_due).to_contain_text(money(plan.balance, language))
    expect(next_due).to_contain_text(d(plan.balance_due, language))
    shot(page, "paid")

    # The receipt: the amount paid and its VAT.
    receipt = pdf_text(page, page.get_by_role("link", name=re.compile("Receipt for")), tmp_path)
    assert "Receipt" in receipt, receipt
    assert booking.reference in receipt
    receipt = flat(receipt)
    assert flat(money(plan.deposit, language)).strip("€ ") in receipt, receipt
    for rate in {line.vat_rate.normalize() for line in booking.lines.all()}:  # VAT by rate
        shown = f"{rate:f} %".replace(".", "," if language == "fi" else ".")
        assert shown in receipt, (shown, receipt)

    # My bookings, the booking.
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="My bookings"
    ).click()
    expect(page.get_by_role("heading", name="My bookings", level=1)).to_be_visible()
    card = page.get_by_role("listitem").filter(has_text=booking.reference)
    expect(card).to_contain_text("Confirmed")
    expect(card).to_contain_text(money(plan.balance, language))
    shot(page, "my bookings")
    card.get_by_role("link", name=re.compile(booking.reference)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(programme.title)
    documents = page.get_by_role("complementary")
    expect(documents.get_by_role("link", name=re.compile("Receipt for"))).to_be_visible()
    expect(page.get_by_text("Lena Fischer")).to_be_visible()
    shot(page, "booking")

    # The visit: its itinerary and calendar address.
    visit = Visit.objects.get(booking=booking)
    page.get_by_role("link", name="Itinerary", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Itinerary")
    first_item = visit.items.order_by("starts_at").first()
    expect(page.get_by_text(first_item.title).first).to_be_visible()
    page.go_back()
    page.get_by_role("link", name="Calendar address for the itinerary").click()
    page.get_by_role("button", name="Make a calendar address").click()
    webcal = page.get_by_role("link", name="Subscribe to the itinerary (webcal)")
    address = webcal.get_attribute("href")
    assert address.startswith("webcal://"), address
    feed = page.context.request.get(address.replace("webcal://", "http://", 1))
    assert feed.ok and "BEGIN:VCALENDAR" in feed.text()
    assert first_item.title in feed.text()
    shot(page, "itinerary")

    # The days come: the programme manager moves the visit to start in two days (the
    # services, between the steps: the manager's own journey walks the admin), and the
    # beat sends the safety briefing; the contact, a participant, confirms reading it.
    manager = make_manager()
    _move_visit(visit, timezone.localdate() + datetime.timedelta(days=2), manager)
    send_visit_reminders()
    page.goto(mail_link(email, subject=re.compile("safety briefing"), contains="/briefing/p/"))
    page.get_by_role("button", name="I have read the safety briefing").click()
    expect(page.get_by_text("you have confirmed reading the briefing")).to_be_visible()
    shot(page, "briefing acknowledged")
    _open_booking(page, booking)
    expect(page.get_by_text("1 of 6 participants have acknowledged it")).to_be_visible()
    page.get_by_role("link", name="Safety briefing").click()
    expect(page.get_by_text(re.compile("Anna Schmidt: confirmed on"))).to_be_visible()
    shot(page, "briefing")
    page.go_back()

    # The first day (moved to today, as above): today's programme.
    _move_visit(visit, timezone.localdate(), manager)
    page.reload()
    page.get_by_role("link", name="Today's programme").click()
    expect(page.get_by_role("heading", name="Today", level=1)).to_be_visible()
    expect(page.get_by_text(first_item.title).first).to_be_visible()
    shot(page, "today")
    page.go_back()

    # After the visit (completed by the manager), the feedback link on the booking page.
    visit_complete(visit=visit, actor=manager)
    page.reload()
    page.get_by_role("link", name="Give feedback on the visit").click()
    expect(page.get_by_role("heading", name="How was your visit?")).to_be_visible()
    page.get_by_role("group", name=re.compile("Overall")).get_by_label("5").check()
    for objective in ("Understand the model", "Meet the practitioners"):
        page.get_by_role("group", name=objective).get_by_label("Fully").check()
    page.get_by_role("group", name=re.compile("recommend")).get_by_label("9").check()
    page.get_by_label("What will you apply at home?").fill("Joint rescue drills.")
    page.get_by_role("group", name=re.compile("quote")).get_by_label(
        "You may quote me anonymously"
    ).check()
    shot(page, "feedback")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    shot(page, "feedback sent")

    # The report is compiled, reviewed and published (services, between the steps:
    # journey 6 walks the regional developer's review); the booking links it.
    report = LearningReport.objects.get_or_create(visit=visit)[0]
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    developer = make_user(f"developer.{language}@region.example", role="Regional developers")
    report_submit(report=report, actor=manager)
    report_approve(report=report, actor=developer)
    report_publish(report=report, actor=developer)
    _open_booking(page, booking)
    page.get_by_role("link", name="The published learning report").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(programme.title)
    expect(page.get_by_text("Joint rescue drills.")).to_be_visible()  # quoted, anonymously
    shot(page, "report")


def _open_booking(page: Page, booking) -> None:
    """The header's My bookings, then the booking."""
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="My bookings"
    ).click()
    page.get_by_role("link", name=re.compile(booking.reference)).click()


def _move_visit(visit, start: datetime.date, actor) -> None:
    """The programme manager moves every item of the visit so that it starts on `start`
    (item_move, the admin's own service), and its days with them."""
    shift = start - visit.starts_on
    for item in visit.items.all():
        item_move(
            item=item,
            starts_at=item.starts_at + shift,
            ends_at=item.ends_at + shift,
            actor=actor,
            accept_warnings=True,
        )
    Visit.objects.filter(pk=visit.pk).update(
        starts_on=visit.starts_on + shift, ends_on=visit.ends_on + shift
    )
    visit.refresh_from_db()
