"""Card payments get a receipt: listed in the booking's Documents panel, a PDF with the
amount and its VAT per rate, in the booking's language, for the organisation only."""

# ruff: noqa: F811 - the fixtures are imported from localstripe_server and used as arguments

from __future__ import annotations

import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from bookings.cards.payments import payment_intent_for, payment_refresh
from bookings.enums import PaymentStatus

from .factories import make_delegation
from .localstripe_server import (  # noqa: F401 - fixtures
    card_booking,
    localstripe,
    pay_at_stripe,
    stripe_settings,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def pdf_text(data: bytes, tmp_path) -> str:
    assert shutil.which("pdftotext"), "pdftotext (poppler-utils) is needed"
    source = tmp_path / "receipt.pdf"
    source.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True
    ).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


def paid_deposit(language: str = "en"):
    booking, deposit, contact = card_booking(participants=3)
    booking.language = language
    booking.save(update_fields=["language"])
    payment_intent_for(payment=deposit)
    deposit.refresh_from_db()
    assert pay_at_stripe(deposit.stripe_payment_intent_id) == "succeeded"
    payment_refresh(payment_intent_id=deposit.stripe_payment_intent_id)
    deposit.refresh_from_db()
    assert deposit.status == PaymentStatus.SUCCEEDED
    return booking, deposit, contact


def test_card_payment_receipt_is_listed_and_its_pdf_has_amount_and_vat(
    stripe_settings, client, tmp_path
):
    booking, deposit, contact = paid_deposit("en")
    client.force_login(contact)

    page = client.get(reverse("bookings:detail", args=[booking.reference])).content.decode()
    receipt_url = reverse("bookings:receipt_pdf", args=[deposit.booking.reference, deposit.pk])
    assert "Your documents appear here." not in page
    assert f'href="{receipt_url}"' in page
    assert "Receipt for €900.00 (PDF)" in page

    response = client.get(receipt_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "RECEIPT" in text.upper()
    assert booking.reference in text
    assert "900.00" in text
    assert "VAT rate" in text and "VAT total" in text
    assert "Total excl. VAT" in text


def test_receipt_of_a_finnish_booking_is_in_finnish(stripe_settings, client, tmp_path):
    booking, deposit, contact = paid_deposit("fi")
    client.force_login(contact)

    text = pdf_text(
        client.get(
            reverse("bookings:receipt_pdf", args=[deposit.booking.reference, deposit.pk])
        ).content,
        tmp_path,
    )

    assert "KUITTI" in text.upper()
    assert "900,00" in text
    assert "ALV-kanta" in text and "ALV yhteensä" in text
    assert "RECEIPT" not in text.upper()


def test_another_delegation_gets_404_for_a_receipt(stripe_settings, client):
    _booking, deposit, _contact = paid_deposit()
    _other_organisation, stranger = make_delegation()
    client.force_login(stranger)

    assert (
        client.get(
            reverse("bookings:receipt_pdf", args=[deposit.booking.reference, deposit.pk])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("bookings:receipt_pdf", args=[deposit.booking.reference, 999999])
        ).status_code
        == 404
    )


def test_payment_result_page_says_what_is_due_next_and_links_onward(stripe_settings, client):
    booking, deposit, contact = card_booking(participants=3)
    payment_intent_for(payment=deposit)
    deposit.refresh_from_db()
    client.force_login(contact)
    assert pay_at_stripe(deposit.stripe_payment_intent_id) == "succeeded"

    page = client.get(
        reverse("bookings:pay_return", kwargs={"reference": booking.reference})
    ).content.decode()

    balance = booking.payments.get(kind="balance")
    assert balance.status == PaymentStatus.PENDING and balance.due_date
    assert "Next payment: Balance, €2,100.00" in page
    assert f"due {date_format(balance.due_date, 'DATE_FORMAT')}" in page
    assert f'href="{reverse("bookings:detail", args=[booking.reference])}"' in page
    assert (
        f'href="{reverse("bookings:receipt_pdf", args=[deposit.booking.reference, deposit.pk])}"'
        in page
    )
    assert f'href="{reverse("bookings:mine")}"' in page
