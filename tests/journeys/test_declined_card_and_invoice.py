"""Journey 2 -- a declined card, then a good one; and a booking paid by invoice.

(a) A delegation contact signs in from the site root, books the far departure and pays
the deposit by card on localstripe with the test card the issuer declines
(4000 0000 0000 0341). The pay page says, in the page's language, that the card was
declined, that nothing was charged and that the seats are still held; the contact tries
again with the good card, the payment is received and the receipt is in Documents. In
English and in Finnish (through the header's language switcher).

(b) A contact books and chooses an invoice. The confirmation page and the booking's
Documents give the invoice PDF (its number, amount, VAT, due date and reference, read
with pdftotext). A programme manager signs in (TOTP) in a browser of their own, finds
the booking in the admin's bookings list and marks its invoice paid on the day the money
arrived (days ago, not today). The contact signs in again: the booking is paid, the
invoice is marked paid on that day, and so is the invoice PDF.

The booking steps are journey 1's (tests/journeys/test_delegation_card.py: its world and
its Walk); this file walks what differs.
"""

# ruff: noqa: F811 - the fixtures are imported and used as arguments

from __future__ import annotations

import datetime
import re

import pytest
from django.db.models import F
from django.utils import formats, timezone, translation
from playwright.sync_api import Page, expect

from bookings.enums import HOLDING_STATES, BookingStatus, PaymentMethod, PaymentStatus
from bookings.invoicing.pdf import format_reference
from bookings.models import Booking, Invoice, Organisation, Payment
from bookings.pricing import totals
from core.formatting import format_amount, format_date
from tests.accounts.factories import activate_totp, make_user
from tests.bookings.localstripe_server import (  # noqa: F401  (fixtures)
    localstripe,
    stripe_settings,
    stripe_webhooks,
)
from tests.journeys.conftest import html_lang, pdf_text, sign_in, sign_out
from tests.journeys.test_delegation_card import (  # noqa: F401  (world: a fixture)
    CARD,
    Walk,
    failing_page,
    flat,
    world,
)
from tests.journeys.test_programme_manager import sign_in_to_admin
from tests.visits.factories import make_manager

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECLINED_CARD = "4000000000000341"  # localstripe's card that the issuer declines
MANAGER = "manager@paamaja.example"
ORGANISATIONS = {
    "en": "Bundesministerium des Innern",
    "fi": "Sisäministeriö",
}


class Contact(Walk):
    """Journey 1's walk for a contact who has an account and an organisation already."""

    def __init__(
        self, page: Page, site: str, shot, tmp_path, language: str, world, email: str, part: str
    ):
        super().__init__(page, site, shot, tmp_path, language, world)
        self.email, self.part = email, part
        user = make_user(email, role="Delegation contacts")
        Organisation.objects.create(
            name=ORGANISATIONS[language],
            country="DE" if language == "en" else "FI",
            type="agency",
            billing_address="Alt-Moabit 140\n10557 Berlin"
            if language == "en"
            else "Kirkkokatu 12\n00170 Helsinki",
        ).members.add(user)

    def shot(self, step: str, page: Page | None = None) -> None:
        # The two parts' screenshots apart: declined-en-..., invoice-en-...
        self._shot(page or self.page, f"{self.part}-{self.language}-{step}")

    def fill_card(self, number: str) -> None:
        card = self.page.get_by_role("group", name=self.t("Card details"))
        card.get_by_placeholder("number").fill(number)
        card.get_by_placeholder("exp_month").fill("12")
        card.get_by_placeholder("exp_year").fill("30")
        card.get_by_placeholder("cvc").fill("123")
        card.get_by_placeholder("postal_code").fill("10557")


# --------------------------------------------------------------------------- (a)


def _declined_then_paid(contact: Contact, departure) -> None:
    page, t = contact.page, contact.t
    sign_in(page, contact.site, contact.email)
    contact.to_the_departure(departure)
    booking = contact.book(participants=6, invite=False)
    plan = contact.review(booking)
    assert not plan.whole_due_now and plan.balance > 0

    expect(page.get_by_role("heading", name=t("Pay by card"))).to_be_visible()
    assert html_lang(page) == contact.language
    due = t.money(plan.deposit)
    booking.refresh_from_db()
    held_until = booking.hold_expires_at
    assert booking.status in HOLDING_STATES and booking.hold_is_active
    contact.shot("pay")

    # The issuer declines the card: the page says so in its language, says that nothing
    # was charged and that the seats are still held (until when), and lets them try again.
    contact.fill_card(DECLINED_CARD)
    pay = page.get_by_role("button", name=t("Pay %(amount)s", amount=due))
    pay.click()
    with translation.override(contact.language):
        hold_time = formats.time_format(timezone.localtime(held_until), "TIME_FORMAT")
    message = page.get_by_role("status").filter(has_text=t("Your card was declined."))
    expect(message).to_be_visible()
    expect(message).to_contain_text(t("Nothing was charged."))
    expect(message).to_contain_text(
        t(
            "Your seats are still held until %(time)s (Finnish time): try again with another card.",
            time=hold_time,
        )
    )
    if contact.language != "en":
        expect(message).not_to_contain_text("declined")
    expect(pay).to_be_enabled()
    contact.shot("declined")
    booking.refresh_from_db()
    assert booking.status in HOLDING_STATES and booking.hold_expires_at == held_until
    assert not booking.payments.filter(status=PaymentStatus.SUCCEEDED).exists()

    # The good card.
    contact.fill_card(CARD)
    pay.click()
    expect(page.get_by_role("heading", name=t("Thank you"))).to_be_visible()
    expect(
        page.get_by_text(
            t("Payment received. Your booking %(reference)s is confirmed.")
            % {"reference": booking.reference}
        )
    ).to_be_visible()
    next_due = page.get_by_text(t.start("Next payment: %(kind)s, %(amount)s"))
    expect(next_due).to_contain_text(t.money(plan.balance))
    expect(next_due).to_contain_text(t.date(plan.balance_due))
    contact.shot("paid")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    deposit = booking.payments.get(status=PaymentStatus.SUCCEEDED)
    assert deposit.amount == plan.deposit and deposit.method == PaymentMethod.CARD

    # The receipt, from the booking's Documents.
    page.get_by_role("link", name=t("View your booking")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(contact.programme.title)
    documents = page.get_by_role("complementary")
    receipt_link = documents.get_by_role("link", name=t("Receipt for %(amount)s (PDF)", amount=due))
    expect(receipt_link).to_be_visible()
    contact.shot("documents")
    receipt = flat(pdf_text(page, receipt_link, contact.tmp_path))
    assert booking.reference in receipt, receipt
    assert flat(due).strip("€ ") in receipt, receipt


def test_a_declined_card_then_the_good_one(world, site, page, shot, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_default_timeout(10_000)
    far = world["programme"].departures.order_by("-start_date").first()
    for language in ("en", "fi"):
        email = f"maria.{language}@ministry.example"
        contact = Contact(page, site, shot, tmp_path, language, world, email, "declined")
        try:
            _declined_then_paid(contact, far)
        except Exception:
            print(failing_page(page))
            raise
        page.get_by_role("button", name=contact.t("Sign out")).click()  # the next contact
        page.wait_for_load_state()


# --------------------------------------------------------------------------- (b)


def _book_by_invoice(contact: Contact, departure) -> Booking:
    page, t = contact.page, contact.t
    sign_in(page, contact.site, contact.email)
    contact.to_the_departure(departure)
    booking = contact.book(participants=6, invite=False)
    page.get_by_label(t("Invoice: we send an invoice for the whole amount")).check()
    page.get_by_label(t("I have read the cancellation policy and accept it")).check()
    contact.shot("invoice chosen")
    page.get_by_role("button", name=t("Book now")).click()

    expect(page.get_by_role("heading", name=t("Booking confirmed"))).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    invoice = booking.invoices.get()
    section = page.get_by_role("region", name=t("Your invoice"))
    expect(section).to_contain_text(invoice.number)
    expect(section).to_contain_text(t.money(invoice.payment.amount))
    expect(section).to_contain_text(t.date(invoice.due_date))
    # The reference as the bank takes it (the PDF groups it in fours, as on paper).
    reference = section.get_by_role("definition").filter(has_text=re.compile(r"^RF"))
    assert reference.inner_text().replace(" ", "") == invoice.reference
    contact.shot("confirmed")
    return booking


def _invoice_pdf(contact: Contact, booking: Booking, invoice: Invoice) -> None:
    page, t = contact.page, contact.t
    page.get_by_role("link", name=t("See the booking")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(contact.programme.title)
    documents = page.get_by_role("complementary")
    link = documents.get_by_role(
        "link", name=t("Invoice %(number)s", number=invoice.number) + " (PDF)"
    )
    expect(link).to_be_visible()
    expect(documents).not_to_contain_text(t("paid"))
    contact.shot("booking with invoice")
    text = flat(pdf_text(page, link, contact.tmp_path))
    amount = flat(t.money(invoice.payment.amount)).strip("€ ")
    assert "Invoice" in text and invoice.number in text, text
    assert amount in text, (amount, text)
    assert format_reference(invoice.reference) in text, text
    assert f"Due date Eräpäivä {format_date(invoice.due_date)}" in text, text  # 17.12.2026
    for rate in {line.vat_rate.normalize() for line in invoice.lines.all()}:
        assert f"{rate:f} %" in text, (rate, text)
    vat = format_amount(totals(invoice.lines.all()).vat, "en")  # the VAT in the amount
    assert f"VAT total ALV yhteensä {vat}" in text and "Total due (EUR)" in text, (vat, text)
    assert "Paid" not in text, text


def _manager_marks_paid(admin: Page, site: str, shot, booking: Booking, invoice, paid_on, secret):
    sign_in_to_admin(admin, site, MANAGER, secret=secret)
    menu = admin.get_by_role("navigation", name="Main menu")
    menu.get_by_role("button", name="Bookings", exact=True).click()
    menu.get_by_role("link", name="Bookings", exact=True).click()
    expect(admin.get_by_role("heading", name="Bookings").first).to_be_visible()
    admin.get_by_role("link", name=booking.reference).first.click()
    expect(admin.get_by_text(booking.organisation.name).first).to_be_visible()
    row = admin.get_by_role("row", name=re.compile("^" + re.escape(invoice.number)))
    expect(row).to_contain_text("not yet")
    shot(admin, "invoice-manager booking")
    row.get_by_role("link", name="Mark paid").click()
    expect(admin.get_by_text(f"Record that invoice {invoice.number} has been paid")).to_be_visible()
    expect(admin.get_by_text(format_reference(invoice.reference))).to_be_visible()
    field = admin.get_by_label("Payment received on")
    expect(field).to_have_value(timezone.localdate().isoformat())  # today, until told
    field.fill(paid_on.isoformat())
    shot(admin, "invoice-manager mark paid")
    admin.get_by_role("button", name="Yes, mark it paid").click()
    expect(admin.get_by_text(f"Invoice {invoice.number} is marked paid.")).to_be_visible()
    with translation.override("en"):
        shown = formats.date_format(paid_on, "DATE_FORMAT")
        today = formats.date_format(timezone.localdate(), "DATE_FORMAT")
    row = admin.get_by_role("row", name=re.compile("^" + re.escape(invoice.number)))
    expect(row).to_contain_text(shown)
    expect(row).not_to_contain_text(today)
    shot(admin, "invoice-manager invoice paid")


def test_paying_by_invoice(world, site, page, shot, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_default_timeout(10_000)
    manager = make_manager(email=MANAGER)
    secret = activate_totp(manager)
    far = world["programme"].departures.order_by("-start_date").first()
    email = "olaf.invoice@ministry.example"
    contact = Contact(page, site, shot, tmp_path, "en", world, email, "invoice")
    manager_context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    admin = manager_context.new_page()
    admin.set_default_timeout(10_000)
    t = contact.t
    try:
        booking = _book_by_invoice(contact, far)
        invoice = booking.invoices.get()
        _invoice_pdf(contact, booking, invoice)
        sign_out(page)

        # Ten days pass (a live server's clock cannot be moved): the invoice was issued
        # ten days ago, and the money arrived three days ago.
        Invoice.objects.filter(pk=invoice.pk).update(
            issued_on=F("issued_on") - datetime.timedelta(days=10),
            due_date=F("due_date") - datetime.timedelta(days=10),
        )
        Payment.objects.filter(pk=invoice.payment_id).update(
            due_date=F("due_date") - datetime.timedelta(days=10)
        )
        invoice.refresh_from_db()
        paid_on = timezone.localdate() - datetime.timedelta(days=3)
        _manager_marks_paid(admin, site, shot, booking, invoice, paid_on, secret)
        booking.refresh_from_db()
        assert booking.status == BookingStatus.PAID
        invoice.refresh_from_db()
        assert timezone.localdate(invoice.paid_at) == paid_on

        # The contact signs in again: the booking is paid, on the day the money arrived.
        sign_in(page, site, contact.email)
        contact.open_booking(booking)
        with translation.override("en"):
            expect(
                page.get_by_role("definition").filter(has_text=str(BookingStatus.PAID.label))
            ).to_be_visible()
        documents = page.get_by_role("complementary")
        expect(documents).to_contain_text(
            t("Invoice %(number)s", number=invoice.number)
            + " (PDF) – "
            + t("paid on %(date)s", date=t.date(paid_on))
        )
        payments = page.get_by_role("table", name=t("Payments"))
        expect(payments).to_contain_text(t.date(paid_on))
        contact.shot("contact sees it paid")
        link = documents.get_by_role(
            "link", name=t("Invoice %(number)s", number=invoice.number) + " (PDF)"
        )
        text = flat(pdf_text(page, link, tmp_path))
        assert f"PAID / MAKSETTU {format_date(paid_on)}" in text.upper(), text
        assert "Bank transfer" not in text, text  # no transfer slip on a paid invoice
    except Exception:
        for each in (page, admin):
            print(failing_page(each))
        shot(page, "invoice-failure contact")
        shot(admin, "invoice-failure manager")
        raise
    finally:
        manager_context.close()
