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

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from bookings.enums import BookingStatus, PaymentStatus
from bookings.models import Booking, Organisation
from bookings.selectors import PaymentPlan, booking_payment_plan, departure_seats_taken
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
from tests.journeys.conftest import html_lang, mail_link, pdf_text, sign_in
from tests.journeys.words import Words
from tests.programmes.factories import build_catalogue
from tests.visits.factories import make_manager
from visits.models import Visit
from visits.services import item_move, visit_complete
from visits.tasks import send_visit_reminders

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Kettu-Järvi-42-Sisu"
CARD = "4242424242424242"
LANGUAGE_NAMES = {"en": "English", "fi": "Suomi", "sv": "Svenska"}


def flat(text: str) -> str:
    """Text with every kind of space as one plain space (pdftotext, Finnish numbers)."""
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


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
    programme = catalogue.programmes[0]  # 4 days, groups of 6 to 20, in 40 days
    # A departure far enough ahead for a deposit now and the balance later.
    start = timezone.localdate() + datetime.timedelta(days=100)
    Departure.objects.create(page=programme, start_date=start, seats=20)
    nights = []
    for departure in programme.departures.all():
        nights += [departure.start_date + datetime.timedelta(days=n) for n in range(-1, 4)]
    room_type = make_room_type(nights=nights, rooms=10, release_days=30)
    make_extra(unit="person", price="65.00")
    return {"catalogue": catalogue, "programme": programme, "room_type": room_type}


class Walk:
    """One person's walk in one language: the page, the words, the screenshots."""

    def __init__(self, page: Page, site: str, shot, tmp_path, language: str, world):
        self.page, self.site, self.tmp_path, self.world = page, site, tmp_path, world
        self.language = language
        self.t = Words(language)
        self._shot = shot
        self.email = f"anna.{language}@ministry.example"
        self.invited = f"lena.{language}@ministry.example"
        catalogue = world["catalogue"]
        pages = catalogue.translations.get(language, {})
        self.programme = pages.get("comprehensive-security", world["programme"])
        self.theme = pages.get("rescue", catalogue.themes[0])

    def shot(self, step: str, page: Page | None = None) -> None:
        self._shot(page or self.page, f"{self.language}-{step}")

    def open_booking(self, booking) -> None:
        """The header's My bookings, then the booking."""
        t = self.t
        self.page.get_by_role("navigation", name=t("Your account")).get_by_role(
            "link", name=t("My bookings")
        ).click()
        self.page.get_by_role("link", name=re.compile(booking.reference)).click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(self.programme.title)

    # ------------------------------------------------------------------ to the departure

    def to_the_departure(self, departure) -> None:
        """From the site root, in the language (the header's switcher), through the
        programmes filtered by theme, to the departure's Book button."""
        page, t = self.page, self.t
        page.goto(self.site + "/")
        assert html_lang(page) == "en"
        if self.language != "en":
            page.get_by_role("navigation", name="Language").get_by_role(
                "link", name=LANGUAGE_NAMES[self.language]
            ).click()
            page.wait_for_load_state()
            assert html_lang(page) == self.language
        self.shot("home")
        page.get_by_role("link", name=t("Browse programmes")).click()
        page.get_by_label(t("Theme")).select_option(label=self.theme.title)
        page.get_by_role("button", name=t("Show programmes")).click()
        expect(
            page.get_by_text(
                t.n(
                    "%(counter)s programme matches your filters",
                    "%(counter)s programmes match your filters",
                    1,
                    counter=1,
                )
            )
        ).to_be_visible()
        self.shot("filtered by theme")
        page.get_by_role("link", name=self.programme.title).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(self.programme.title)
        assert html_lang(page) == self.language
        departures = page.get_by_role("table", name=t("Scheduled departures"))
        expect(departures.get_by_role("columnheader", name=t("Seats left"))).to_be_visible()
        row = departures.get_by_role("row").filter(has_text=t.date(departure.start_date))
        expect(row.get_by_role("cell").nth(2)).to_have_text(
            str(departure.seats - departure_seats_taken(departure_id=departure.pk))
        )
        self.shot("programme")
        row.get_by_role("link", name=re.compile(t("Book"))).click()

    def sign_up(self) -> None:
        """Not signed in: the sign-in page offers to sign up; the address is confirmed
        by the link in the e-mail."""
        page, t = self.page, self.t
        page.get_by_role("link", name=t.link_in(SIGN_UP_PROMPT)).click()
        page.get_by_label(t("Email"), exact=True).fill(self.email)
        page.get_by_label(t("Password"), exact=True).fill(PASSWORD)
        page.get_by_label(t("Password (again)")).fill(PASSWORD)
        self.shot("sign up")
        page.get_by_role("button", name=t("Sign Up")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Verify Your Email Address"))
        self.shot("verification sent")
        page.goto(mail_link(self.email, contains="/confirm-email/"))
        page.get_by_role("button", name=t("Confirm")).click()
        assert html_lang(page) == self.language

    def organisation(self) -> None:
        page, t = self.page, self.t
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Your organisation"))
        self.shot("signed up")
        page.get_by_role("link", name=t("Set up an organisation")).click()
        page.get_by_label(t.field("name"), exact=True).fill("Bundesministerium des Innern")
        page.get_by_label(t("Country")).select_option("DE")
        page.get_by_label(t.field("type")).select_option(index=1)
        page.get_by_label(t.field("billing address")).fill("Alt-Moabit 140\n10557 Berlin")
        self.shot("organisation")
        page.get_by_role("button", name=t("Save organisation")).click()

    # ------------------------------------------------------------------ the booking steps

    def book(self, *, participants: int, invite: bool):
        """Group, accommodation, extras, participants; returns the booking at review."""
        page, t = self.page, self.t
        expect(page.get_by_role("heading", name=t("How many people are coming?"))).to_be_visible()
        page.get_by_label(t("Number of participants")).fill(str(participants))
        self.shot("group")
        page.get_by_role("button", name=t("Hold seats and continue")).click()

        expect(page.get_by_role("heading", name=t("Where will you stay?"))).to_be_visible()
        expect(page.get_by_text(t.start(HOLD_MESSAGE))).to_be_visible()
        booking = Booking.objects.get(contact__email=self.email)
        # The ISO date inputs hold the programme's dates in every language.
        expect(page.get_by_label(t("Arrival"))).to_have_value(booking.start_date.isoformat())
        expect(page.get_by_label(t("Departure"), exact=True)).to_have_value(
            booking.end_date.isoformat()
        )
        hotel = page.get_by_role("group", name=re.compile(self.world["room_type"].hotel.name))
        hotel.get_by_role("spinbutton").nth(0).fill("2")
        hotel.get_by_role("spinbutton").nth(1).fill(str((participants - 2 + 1) // 2))
        self.shot("accommodation")
        page.get_by_role("button", name=t("Save and continue")).click()

        expect(page.get_by_role("heading", name=t("Anything else you need?"))).to_be_visible()
        page.get_by_role("spinbutton").first.fill("1")
        self.shot("extras")
        page.get_by_role("button", name=t("Save and continue")).click()

        # Participants: the contact herself and a colleague by name; a third gets a
        # private link and fills in their own details.
        expect(page.get_by_role("heading", name=t("Who is coming?"))).to_be_visible()
        first = page.get_by_role("group", name=t("Participant %(number)s", number=1), exact=True)
        first.get_by_label(t("First name")).fill("Anna")
        first.get_by_label(t("Last name")).fill("Schmidt")
        first.get_by_label(t("E-mail")).fill(self.email)
        second = page.get_by_role("group", name=t("Participant %(number)s", number=2), exact=True)
        second.get_by_label(t("First name")).fill("Jonas")
        second.get_by_label(t("Last name")).fill("Weber")
        if invite:
            third = page.get_by_role(
                "group", name=t("Participant %(number)s", number=3), exact=True
            )
            third.get_by_label(t("E-mail")).fill(self.invited)
            third.get_by_label(
                t("Send a private link so that this person fills in their own details")
            ).check()
        self.shot("participants")
        page.get_by_role("button", name=t("Save and continue")).click()
        if invite:
            expect(
                page.get_by_text(
                    t.n(
                        "Private link sent to %(count)s participant.",
                        "Private link sent to %(count)s participants.",
                        1,
                        count=1,
                    )
                )
            ).to_be_visible()
            self.invited_fills_in()
        expect(page.get_by_role("heading", name=t("Check your booking"))).to_be_visible()
        booking.refresh_from_db()
        return booking

    def invited_fills_in(self) -> None:
        """The invited participant opens the e-mail's link in a browser of their own."""
        t = self.t
        link = mail_link(self.invited, contains="/participant/")
        other = self.page.context.browser.new_context()
        try:
            theirs = other.new_page()
            theirs.goto(link)
            assert html_lang(theirs) == self.language  # the booking's language
            expect(
                theirs.get_by_role("heading", name=t("Your details for the visit"))
            ).to_be_visible()
            theirs.get_by_label(t.field("first name")).fill("Lena")
            theirs.get_by_label(t.field("last name")).fill("Fischer")
            theirs.get_by_label(t.field("organisation"), exact=True).fill("BMI")
            theirs.get_by_label(t("Nationality")).select_option("DE")
            theirs.get_by_label(t.field("emergency contact"), exact=True).fill("Max Fischer")
            theirs.get_by_label(t.field("emergency contact phone")).fill("+49 30 1234567")
            self.shot("invited participant", theirs)
            theirs.get_by_role("button", name=t("Send my details")).click()
            expect(theirs.get_by_role("heading", level=1)).to_have_text(t("Thank you"))
            self.shot("invited participant sent", theirs)
        finally:
            other.close()

    def review(self, booking) -> PaymentPlan:
        page, t = self.page, self.t
        plan = booking_payment_plan(booking)
        expect(page.get_by_role("table", name=t("VAT breakdown"))).to_be_visible()
        expect(page.get_by_text(t.money(plan.total)).first).to_be_visible()
        term = page.get_by_text(t("Accommodation"), exact=True)
        expect(term).to_be_visible()
        self.shot("review")
        for width in (390, 1280):  # the term is on one line, never broken mid-word
            page.set_viewport_size({"width": width, "height": 900})
            lines = term.evaluate(
                "el => { const r = document.createRange(); r.selectNodeContents(el);"
                " return r.getClientRects().length; }"
            )
            self.shot(f"review {width}px")
            assert lines == 1, (width, lines)
        if plan.whole_due_now:
            expect(
                page.get_by_text(t.start(WHOLE_AMOUNT_NOW) + " " + t.money(plan.total))
            ).to_be_visible()
            page.get_by_label(t("Card: pay the whole amount now")).check()
        else:
            page.get_by_label(t("Card: pay the deposit now, the balance later")).check()
        page.get_by_label(t("I have read the cancellation policy and accept it")).check()
        page.get_by_role("button", name=t("Book now")).click()
        return plan

    def pay(self, booking, plan) -> None:
        """The card payment on localstripe, through its Stripe.js stand-in."""
        page, t = self.page, self.t
        expect(page.get_by_role("heading", name=t("Pay by card"))).to_be_visible()
        due = t.money(plan.deposit)
        summary = page.get_by_role("main").get_by_role("definition")
        expect(summary.filter(has_text=t.date(booking.start_date)).first).to_be_visible()
        expect(summary.filter(has_text=due).first).to_be_visible()
        if plan.whole_due_now:
            expect(
                page.get_by_text(t("This is the whole amount: there is no balance to pay later."))
            ).to_be_visible()
        self.shot("pay")
        card = page.get_by_role("group", name=t("Card details"))
        card.get_by_placeholder("number").fill(CARD)
        card.get_by_placeholder("exp_month").fill("12")
        card.get_by_placeholder("exp_year").fill("30")
        card.get_by_placeholder("cvc").fill("123")
        card.get_by_placeholder("postal_code").fill("10557")
        page.get_by_role("button", name=t("Pay %(amount)s", amount=due)).click()
        expect(page.get_by_role("heading", name=t("Thank you"))).to_be_visible()
        expect(
            page.get_by_text(
                t("Payment received. Your booking %(reference)s is confirmed.")
                % {"reference": booking.reference}
            )
        ).to_be_visible()
        booking.refresh_from_db()
        # Paid in full, or confirmed with the balance to come.
        assert booking.status == (
            BookingStatus.PAID if plan.whole_due_now else BookingStatus.CONFIRMED
        )
        assert booking.payments.filter(status=PaymentStatus.SUCCEEDED).count() == 1
        # What is due next, and when.
        if plan.whole_due_now:
            expect(page.get_by_text(t("Nothing more is due for this booking."))).to_be_visible()
        else:
            next_due = page.get_by_text(t.start("Next payment: %(kind)s, %(amount)s"))
            expect(next_due).to_contain_text(t.money(plan.balance))
            expect(next_due).to_contain_text(t.date(plan.balance_due))
        self.shot("paid")

    # ------------------------------------------------------------------ after paying

    def receipt(self, booking, plan) -> None:
        page, t = self.page, self.t
        link = page.get_by_role(
            "link", name=t("Receipt for %(amount)s (PDF)", amount=t.money(plan.deposit))
        )
        receipt = flat(pdf_text(page, link, self.tmp_path))
        assert booking.reference in receipt, receipt
        assert flat(t.money(plan.deposit)).strip("€ ") in receipt, receipt
        decimal_mark = "." if self.language == "en" else ","
        for rate in {line.vat_rate.normalize() for line in booking.lines.all()}:  # VAT by rate
            shown = f"{rate:f} %".replace(".", decimal_mark)
            assert shown in receipt, (shown, receipt)

    def my_bookings(self, booking, plan) -> None:
        page, t = self.page, self.t
        page.get_by_role("navigation", name=t("Your account")).get_by_role(
            "link", name=t("My bookings")
        ).click()
        expect(page.get_by_role("heading", name=t("My bookings"), level=1)).to_be_visible()
        card = page.get_by_role("listitem").filter(has_text=booking.reference)
        with translation.override(self.language):
            expect(card).to_contain_text(str(BookingStatus.CONFIRMED.label))
        expect(card).to_contain_text(t.money(plan.balance))
        expect(card).to_contain_text(t.date(plan.balance_due))
        self.shot("my bookings")
        card.get_by_role("link", name=re.compile(booking.reference)).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(self.programme.title)
        documents = page.get_by_role("complementary")
        expect(
            documents.get_by_role(
                "link", name=t("Receipt for %(amount)s (PDF)", amount=t.money(plan.deposit))
            )
        ).to_be_visible()
        expect(page.get_by_text("Lena Fischer")).to_be_visible()
        expect(page.get_by_text(t("filled in by the participant"))).to_be_visible()
        self.shot("booking")

    def the_visit(self, booking) -> None:
        """Itinerary, calendar address, the briefing acknowledged, today's programme."""
        page, t = self.page, self.t
        visit = Visit.objects.get(booking=booking)
        first_item = visit.items.order_by("starts_at").first()
        page.get_by_role("link", name=t("Itinerary"), exact=True).click()
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(f"{t('Itinerary')}: {self.programme.title}")
        expect(page.get_by_text(first_item.title).first).to_be_visible()
        page.go_back()
        page.get_by_role("link", name=t("Calendar address for the itinerary")).click()
        page.get_by_role("button", name=t("Make a calendar address")).click()
        address = page.get_by_role(
            "link", name=t("Subscribe to the itinerary (webcal)")
        ).get_attribute("href")
        assert address.startswith("webcal://"), address
        feed = page.context.request.get(address.replace("webcal://", "http://", 1))
        assert feed.ok and "BEGIN:VCALENDAR" in feed.text()
        assert first_item.title in feed.text()
        self.shot("itinerary")

        # The days come: the programme manager moves the visit to start in two days (the
        # services, between the steps: the manager's own journey walks the admin), and
        # the beat sends the safety briefing; the contact, a participant, confirms it.
        manager = make_manager()
        move_visit(visit, timezone.localdate() + datetime.timedelta(days=2), manager)
        send_visit_reminders()
        subject = t("Please read the safety briefing – %(ref)s", ref=booking.reference)
        page.goto(mail_link(self.email, subject=subject, contains="/briefing/p/"))
        assert html_lang(page) == self.language
        page.get_by_role("button", name=t("I have read the safety briefing")).click()
        expect(
            page.get_by_text(t("Thank you: you have confirmed reading the briefing."))
        ).to_be_visible()
        self.shot("briefing acknowledged")
        self.open_booking(booking)
        acknowledged = t.n(
            "%(done)d of %(count)d participant has acknowledged it",
            "%(done)d of %(count)d participants have acknowledged it",
            booking.participants_count,
            done=1,
            count=booking.participants_count,
        )
        expect(page.get_by_text(acknowledged)).to_be_visible()
        page.get_by_role("link", name=t("Safety briefing"), exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"{t('Safety briefing')}: {self.programme.title}"
        )
        expect(
            page.get_by_text(f"Anna Schmidt: {t.start('confirmed on %(when)s')}")
        ).to_be_visible()
        self.shot("briefing")
        page.go_back()

        # The first day (moved to today, as above): today's programme.
        move_visit(visit, timezone.localdate(), manager)
        page.reload()
        page.get_by_role("link", name=t("Today's programme")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(t("Today"))
        expect(page.get_by_text(first_item.title).first).to_be_visible()
        self.shot("today")
        page.go_back()
        self.visit, self.manager = visit, manager

    def after_the_visit(self, booking) -> None:
        """The feedback link on the booking page; the published report."""
        page, t = self.page, self.t
        visit_complete(visit=self.visit, actor=self.manager)  # the manager, in the admin
        page.reload()
        page.get_by_role("link", name=t("Give feedback on the visit")).click()
        expect(page.get_by_role("heading", name=t("How was your visit?"))).to_be_visible()
        page.get_by_role(
            "group", name=t("Overall, how would you rate the visit? (1 = poor, 5 = excellent)")
        ).get_by_label("5", exact=True).check()
        for objective in ("Understand the model", "Meet the practitioners"):
            page.get_by_role("group", name=objective).get_by_label(t("Fully")).check()
        page.get_by_role("group", name=t(NPS_QUESTION)).get_by_label("9", exact=True).check()
        page.get_by_label(t("What will you apply at home?")).fill("Joint rescue drills.")
        page.get_by_role(
            "group", name=t("May we quote your written answers in the learning report?")
        ).get_by_label(t("You may quote me anonymously")).check()
        self.shot("feedback")
        page.get_by_role("button", name=t("Send my answers")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Thank you for your answers"))
        self.shot("feedback sent")

        # The report is compiled, reviewed and published (services, between the steps:
        # journey 6 walks the regional developer's review); the booking links it.
        report = LearningReport.objects.get_or_create(visit=self.visit)[0]
        compile_report(report_id=report.pk)
        report.refresh_from_db()
        developer = make_user(
            f"developer.{self.language}@region.example", role="Regional developers"
        )
        report_submit(report=report, actor=self.manager)
        report_approve(report=report, actor=developer)
        report_publish(report=report, actor=developer)
        self.open_booking(booking)
        page.get_by_role("link", name=t("The published learning report")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(self.programme.title)
        expect(page.get_by_text("Joint rescue drills.")).to_be_visible()  # quoted, anonymously
        self.shot("report")


# Messages whose words the walk looks for, as the templates write them.
SIGN_UP_PROMPT = (
    "If you have not created an account yet, then please %(link)ssign up%(end_link)s first."
)
HOLD_MESSAGE = (
    'Your seats are held until <strong><time datetime="%(iso)s">%(time)s</time></strong>'
    " (Finnish time). Finish the booking before then."
)
WHOLE_AMOUNT_NOW = (
    "The whole amount, %(total)s, is due now: there is no deposit and no balance to pay later."
)
NPS_QUESTION = (
    "How likely is it that you would recommend this programme to a colleague? "
    "(0 = not at all likely, 10 = extremely likely)"
)


def failing_page(page: Page) -> str:
    return f"{page.url}\n{page.locator('body').inner_text()[:3000]}"


@pytest.mark.parametrize("language", ["en", "fi"])
def test_delegation_books_a_departure_and_pays_by_card(world, site, page, shot, tmp_path, language):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_default_timeout(10_000)
    walk = Walk(page, site, shot, tmp_path, language, world)
    far = world["programme"].departures.order_by("-start_date").first()
    try:
        walk.to_the_departure(far)
        walk.sign_up()
        walk.organisation()
        booking = walk.book(participants=6, invite=True)
        plan = walk.review(booking)
        assert not plan.whole_due_now and plan.balance > 0
        walk.pay(booking, plan)
        walk.receipt(booking, plan)
        walk.my_bookings(booking, plan)
        walk.the_visit(booking)
        walk.after_the_visit(booking)
    except Exception:
        print(failing_page(page))
        raise


def test_the_booking_steps_in_swedish(world, site, page, shot, tmp_path):
    """Swedish: the booking steps only, for a contact who has an account and an
    organisation. The near departure (40 days) leaves no room for a deposit: the pages
    say that the whole amount is due now, and the card takes it."""
    user = make_user("anna.sv@ministry.example", role="Delegation contacts")
    Organisation.objects.create(
        name="Myndigheten för samhällsskydd och beredskap",
        country="SE",
        type="agency",
        billing_address="Karlstad",
    ).members.add(user)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_default_timeout(10_000)
    walk = Walk(page, site, shot, tmp_path, "sv", world)
    near = world["programme"].departures.order_by("start_date").first()
    sign_in(page, site, user.email)
    try:
        walk.to_the_departure(near)
        booking = walk.book(participants=6, invite=False)
        plan = walk.review(booking)
        assert plan.whole_due_now
        walk.pay(booking, plan)
        walk.receipt(booking, plan)
    except Exception:
        print(failing_page(page))
        raise


def move_visit(visit, start: datetime.date, actor) -> None:
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
