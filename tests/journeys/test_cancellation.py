"""Journey 7 -- a delegation contact cancels a card-paid booking within the policy.

The contact signs in from the site root, books the near departure (40 days ahead: the
standard policy refunds 50 %) and pays on localstripe; then My bookings -> the booking ->
"Cancel booking". The cancel page states the policy, the price, the cancellation fee
(the policy's percentage of the price, issue 19 item 4) and what comes back, before
confirming. After confirming the booking page says it is cancelled and shows the refund
to the card; the refund exists on localstripe; the credit note is in Documents (its PDF
read with pdftotext); the cancellation e-mail says the same amounts. In English and in
Finnish (through the header's language switcher).

The booking steps are journey 1's and 2's (their Walk and Contact).
"""

# ruff: noqa: F811 - the fixtures are imported and used as arguments

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bookings.cancellation import cancellation_terms
from bookings.enums import BookingStatus, PaymentStatus
from bookings.models import Booking
from tests.bookings.localstripe_server import (  # noqa: F401  (fixtures)
    localstripe,
    refunds_for_intent,
    stripe_settings,
    stripe_webhooks,
)
from tests.journeys.conftest import html_lang, mail_to, pdf_text, sign_in
from tests.journeys.test_declined_card_and_invoice import Contact
from tests.journeys.test_delegation_card import CARD, failing_page, flat, world  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _book_and_pay(contact: Contact, departure) -> Booking:
    page, t = contact.page, contact.t
    sign_in(page, contact.site, contact.email)
    contact.to_the_departure(departure)
    booking = contact.book(participants=6, invite=False)
    plan = contact.review(booking)
    due = plan.total if plan.whole_due_now else plan.deposit
    contact.fill_card(CARD)
    page.get_by_role("button", name=t("Pay %(amount)s", amount=t.money(due))).click()
    expect(page.get_by_role("heading", name=t("Thank you"))).to_be_visible()
    booking.refresh_from_db()
    assert booking.status in (BookingStatus.CONFIRMED, BookingStatus.PAID)
    assert booking.payments.get(status=PaymentStatus.SUCCEEDED).amount == due
    contact.shot("paid")
    return booking


def _cancel(contact: Contact, booking: Booking) -> None:
    page, t = contact.page, contact.t
    contact.open_booking(booking)
    # The buyer asks for an invoice for the card payment (marked paid): the refund is
    # then credited against it with a credit note.
    page.get_by_role("button", name=t("Request an invoice")).click()
    page.wait_for_load_state()
    page.get_by_role("link", name=t("Cancel this booking")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Cancel this booking?"))
    assert html_lang(page) == contact.language
    terms = cancellation_terms(booking=booking)
    assert terms.fee > 0 and terms.paid > 0, terms
    assert terms.paid - terms.fee == terms.refund or (terms.refund == 0 and terms.fee_due)
    facts = page.get_by_role("definition")
    expect(facts.filter(has_text=t.money(terms.price)).first).to_be_visible()
    expect(page.get_by_text(t("Cancellation fee"), exact=True)).to_be_visible()
    expect(page.locator("body")).to_contain_text(t.money(terms.fee))
    expect(page.locator("body")).to_contain_text(t.money(terms.paid))
    expect(page.locator("body")).to_contain_text(t.money(terms.refund))
    expect(page.get_by_role("heading", name=t("Cancellation policy"))).to_be_visible()
    expect(
        page.get_by_text(
            t(
                "%(refund)s is refunded to the card you paid with; this can take a few days.",
                refund=t.money(terms.refund),
            )
        )
    ).to_be_visible()
    contact.shot("cancel page")
    page.get_by_role("button", name=t("Yes, cancel the booking")).click()
    expect(
        page.get_by_text(t("Booking %(reference)s is cancelled.", reference=booking.reference))
    ).to_be_visible()
    contact.shot("cancelled")

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    payment = booking.payments.get(method="card", stripe_payment_intent_id__isnull=False)
    refund = payment.refunds.get()
    assert refund.amount == terms.refund
    # The refund on localstripe itself (the product's Stripe API call went through).
    remote = refunds_for_intent(payment.stripe_payment_intent_id)
    assert [r.amount for r in remote] == [int(terms.refund * 100)], remote

    page.reload()
    refund_row = page.get_by_role("row").filter(has_text=t("Refund to your card"))
    expect(refund_row).to_contain_text(t.money(terms.refund))
    expect(refund_row).to_contain_text(t.date(refund.created_at.date()))
    documents = page.get_by_role("complementary")
    # A card payment without an invoice has a receipt; a credit note is issued only
    # against an invoice (bookings.cancellation.booking_cancel), so none here. The
    # receipt stays in Documents with what was paid.
    receipt = documents.get_by_role(
        "link", name=t("Receipt for %(amount)s (PDF)", amount=t.money(terms.paid))
    )
    expect(receipt).to_be_visible()
    contact.shot("documents")
    text = flat(pdf_text(page, receipt, contact.tmp_path))
    assert booking.reference in text, text
    assert flat(t.money(terms.paid)).strip("€ ") in text, text
    credit = documents.get_by_role(
        "link", name=re.compile(re.escape(t.start("Credit note %(number)s")))
    )
    expect(credit).to_be_visible()
    note = flat(pdf_text(page, credit, contact.tmp_path))
    print(note)
    assert booking.reference in note, note
    assert flat(t.money(terms.refund)).strip("€ -−") in note, note
    # Its number, the invoice it credits and the VAT of the credited amount.
    credited = booking.invoices.get(kind="credit_note")
    assert credited.number in note and credited.credited_invoice.number in note, note
    assert t("VAT").upper() in note.upper(), note

    message = mail_to(contact.email, subject=re.compile(booking.reference))
    body = flat(message.body)
    print(message.subject, body)
    for amount in (terms.fee, terms.refund):
        assert flat(t.money(amount)) in body, body


def test_cancellation_within_the_policy(world, site, page, shot, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.set_default_timeout(10_000)
    near = world["programme"].departures.order_by("start_date").first()
    for language in ("en", "fi"):
        email = f"carl.{language}@ministry.example"
        contact = Contact(page, site, shot, tmp_path, language, world, email, "cancel")
        try:
            booking = _book_and_pay(contact, near)
            _cancel(contact, booking)
        except Exception:
            print(failing_page(page))
            raise
        page.get_by_role("button", name=contact.t("Sign out")).click()
        page.wait_for_load_state()
