"""Invoice and credit-note PDFs: what they say, and who may download them."""

from __future__ import annotations

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import include, path, reverse
from django.utils import timezone

from bookings.enums import InvoiceKind
from bookings.invoicing.pdf import (
    format_reference,
    invoice_pdf_response,
    render_invoice_html,
    render_invoice_pdf,
    virtual_barcode,
)
from bookings.invoicing.services import credit_note_issue, rf_is_valid
from bookings.models import Invoice

from .factories import make_delegation
from .test_admin import host_with_admin_access, invoiced_booking, manager

# A URL configuration with the delegation-facing invoice URLs, as bookings/urls.py
# includes them, plus the login page they redirect to.
urlpatterns = [
    path("bookings/invoices/", include(("bookings.invoicing.urls", "bookings"))),
    path("accounts/", include("allauth.urls")),
]


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text, whitespace collapsed (pdftotext from poppler-utils)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    source = tmp_path / "document.pdf"
    source.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True
    ).stdout.decode()
    return " ".join(text.replace("\xa0", " ").split())


# --------------------------------------------------------------------------- formats


def test_reference_is_printed_in_groups_of_four():
    assert format_reference("RF471234567891") == "RF47 1234 5678 91"
    assert format_reference("rf47 1234567891") == "RF47 1234 5678 91"


def test_virtual_barcode_version_5_matches_the_banks_example():
    # The example of the Finnish banks' bar code guide (version 5, RF reference).
    code = virtual_barcode(
        iban="FI79 4405 2020 0360 82",
        amount=Decimal("4883.15"),
        reference="RF09 8685 1625 9619 897",
        due_date=datetime.date(2010, 6, 12),
    )
    assert code == "579440520200360820048831509000000868516259619897100612"
    assert len(code) == 54


@pytest.mark.parametrize(
    "iban, amount, reference",
    [
        ("DE89 3704 0044 0532 0130 00", Decimal("10.00"), "RF18539007547034"),  # not Finnish
        ("FI79 4405 2020 0360 82", Decimal("-10.00"), "RF18539007547034"),  # a credit
        ("FI79 4405 2020 0360 82", Decimal("1000000.00"), "RF18539007547034"),  # too large
        ("FI79 4405 2020 0360 82", Decimal("10.00"), "12345672"),  # not RF
    ],
)
def test_no_virtual_barcode_where_it_cannot_be_read(iban, amount, reference):
    assert virtual_barcode(iban=iban, amount=amount, reference=reference, due_date=None) == ""


# --------------------------------------------------------------------------- documents


@pytest.mark.django_db
def test_invoice_pdf_states_number_reference_dates_lines_vat_and_total(tmp_path):
    booking, _contact = invoiced_booking(participants=5)
    invoice = booking.invoices.get()
    assert rf_is_valid(invoice.reference)

    data = render_invoice_pdf(invoice)
    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)

    assert "INVOICE" in text and "Lasku" in text
    assert invoice.number in text
    assert format_reference(invoice.reference) in text
    assert f"{invoice.issued_on:%d.%m.%Y}" in text
    assert f"{invoice.due_date:%d.%m.%Y}" in text
    # Seller: business id, VAT id, IBAN and BIC (demo values)
    for fact in ["Päämaja Oy", "3141593-8", "FI31415938", "FI21 1234 5600 0007 85", "NDEAFIHH"]:
        assert fact in text, fact
    # Buyer as invoiced, with the purchase-order reference
    assert booking.organisation.name in text
    assert "Wilhelmstraße 1" in text
    assert booking.organisation.purchase_order_reference in text
    # Lines with quantity, unit price and VAT rate
    assert "5,000.00" in text and "1,000.00" in text
    assert "25.5 %" in text and "14 %" in text
    # VAT breakdown per rate: 5,000.00 at 25.5 % and 480.00 at 14 %
    assert "3,984.06 1,015.94 5,000.00" in text
    assert "421.05 58.95 480.00" in text
    # Totals: excl. VAT, VAT, due
    assert "4,405.11" in text and "1,074.89" in text and "5,480.00" in text
    # The bank transfer block with the virtual bar code
    assert "VIRTUAL BAR CODE" in text
    barcode = virtual_barcode(
        iban="FI21 1234 5600 0007 85",
        amount=Decimal("5480.00"),
        reference=invoice.reference,
        due_date=invoice.due_date,
    )
    assert barcode in text


@pytest.mark.django_db
def test_credit_note_pdf_is_titled_so_and_refers_to_the_credited_invoice(tmp_path):
    booking, _contact = invoiced_booking(participants=5)
    invoice = booking.invoices.get()
    note = credit_note_issue(invoice=invoice, amount=Decimal("1000.00"), reason="Cancellation")
    assert note.kind == InvoiceKind.CREDIT_NOTE

    text = pdf_text(render_invoice_pdf(note), tmp_path)
    assert "CREDIT NOTE" in text and "Hyvityslasku" in text
    assert note.number in text
    assert f"This credit note credits invoice {invoice.number}" in text
    assert "-1,000.00" in text
    assert "Total credited" in text
    assert "Total due" not in text
    assert "VIRTUAL BAR CODE" not in text


@pytest.mark.django_db
def test_a_paid_invoice_says_so_and_asks_for_no_transfer(tmp_path):
    booking, _contact = invoiced_booking()
    invoice = booking.invoices.get()
    Invoice.objects.filter(pk=invoice.pk).update(paid_at=timezone.now())
    invoice.refresh_from_db()
    text = pdf_text(render_invoice_pdf(invoice), tmp_path)
    assert f"PAID / MAKSETTU {timezone.localdate():%d.%m.%Y}" in text
    assert "Bank transfer" not in text
    assert "VIRTUAL BAR CODE" not in text


@pytest.mark.django_db
def test_buyer_text_is_escaped_and_nothing_is_fetched():
    booking, _contact = invoiced_booking()
    invoice = booking.invoices.get()
    Invoice.objects.filter(pk=invoice.pk).update(
        buyer={
            **invoice.buyer,
            "name": '<img src="http://127.0.0.1:9/x.png"> Ministry',
        }
    )
    html = render_invoice_html(invoice)
    assert '<img src="http://127.0.0.1:9/x.png">' not in html
    assert "&lt;img" in html
    assert render_invoice_pdf(invoice).startswith(b"%PDF")


@pytest.mark.django_db
def test_pdf_response_headers():
    booking, _contact = invoiced_booking()
    invoice = booking.invoices.get()
    response = invoice_pdf_response(invoice)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="invoice-{invoice.number}.pdf"'
    assert "no-store" in response["Cache-Control"]


# --------------------------------------------------------------------------- who gets it


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_members_of_the_organisation_download_their_invoice_others_get_404(client):
    booking, contact = invoiced_booking()
    invoice = booking.invoices.get()
    url = reverse("bookings:invoice_pdf", args=[invoice.number])
    assert url == f"/bookings/invoices/{invoice.number}.pdf"

    response = client.get(url)
    assert response.status_code == 302  # to the login page
    assert "/accounts/login/" in response["Location"]

    client.force_login(contact)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    # A colleague who joined the organisation gets it too.
    _other_org, colleague = make_delegation()
    booking.organisation.members.add(colleague)
    client.force_login(colleague)
    assert client.get(url).status_code == 200

    # Another delegation's user does not, and cannot tell whether the number exists.
    _org, stranger = make_delegation()
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    missing = reverse("bookings:invoice_pdf", args=["2099-99999"])
    assert client.get(missing).status_code == 404
    assert client.post(url).status_code == 405


@pytest.mark.django_db
def test_managers_download_any_invoice_from_the_admin_hosts_do_not(client):
    booking, _contact = invoiced_booking()
    invoice = booking.invoices.get()
    url = reverse("booking:invoice_pdf", args=[booking.pk, invoice.pk])
    client.force_login(manager())
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    client.force_login(host_with_admin_access())
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"
