"""Tailored requests in the Wagtail admin (issue 11, item 12): the list with its status
filter, one request, the quote builder (lines, validity, payment terms, a preview of the
totals with VAT), sending, revising (the earlier version's link then says it was
superseded), declining, and who may do any of it. The quote PDF too, in the booking's
language, for the organisation's members and the managers only."""

from __future__ import annotations

import datetime
import re
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.enums import PaymentKind, QuoteStatus, RequestStatus
from bookings.models import Quote, TailoredRequest
from bookings.quotes import quote_accept
from core.models import OutboxMessage

from .factories import make_delegation
from .test_admin import host_with_admin_access, manager
from .test_quotes import _request

pytestmark = pytest.mark.django_db

INDEX = "tailored_requests:index"


def _builder_data(*, action="save", lines=None, valid_days=30, deposit="40", balance=60, net=21):
    lines = lines or [("Tailored programme, 3 days", "8", "1500.00", "25.50")]
    data = {
        "action": action,
        "lines-TOTAL_FORMS": str(len(lines) + 1),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "50",
        "terms-valid_until": (
            timezone.localdate() + datetime.timedelta(days=valid_days)
        ).isoformat(),
        "terms-deposit_percent": deposit,
        "terms-balance_due_days": str(balance),
        "terms-invoice_payment_days": str(net),
    }
    for n, (description, quantity, price, vat) in enumerate(lines):
        data.update(
            {
                f"lines-{n}-description": description,
                f"lines-{n}-quantity": quantity,
                f"lines-{n}-unit_price": price,
                f"lines-{n}-vat_rate": vat,
            }
        )
    # The empty row the page always offers, with its preselected VAT rate.
    data[f"lines-{len(lines)}-vat_rate"] = "25.50"
    return data


def _post_builder(client, request, **options):
    """Post the builder as the page would: with the management counters it rendered."""
    url = reverse("tailored_requests:quote_builder", args=[request.pk])
    page = client.get(url).content.decode()
    initial = re.search(r'name="lines-INITIAL_FORMS" value="(\d+)"', page).group(1)
    data = _builder_data(**options)
    data["lines-INITIAL_FORMS"] = initial
    total = max(int(data["lines-TOTAL_FORMS"]), int(initial))
    data["lines-TOTAL_FORMS"] = str(total)
    for n in range(total):
        data.setdefault(f"lines-{n}-vat_rate", "25.50")
    return client.post(url, data)


def _pdf_text(content: bytes, tmp_path) -> str:
    assert content.startswith(b"%PDF")
    target = tmp_path / "quote.pdf"
    target.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], check=True, capture_output=True, text=True
    ).stdout


# --------------------------------------------------------------------------- access


def test_only_programme_managers_reach_the_requests(client):
    request = _request(language="en")
    urls = [
        reverse(INDEX),
        reverse("tailored_requests:inspect", args=[request.pk]),
        reverse("tailored_requests:quote_builder", args=[request.pk]),
        reverse("tailored_requests:decline", args=[request.pk]),
    ]
    client.force_login(manager())
    for url in urls:
        assert client.get(url).status_code == 200, url
    for intruder in (host_with_admin_access(), request.contact):
        client.force_login(intruder)
        for url in urls:
            response = client.get(url)
            assert response.status_code in (302, 403), (intruder, url)
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302


def test_an_intruder_cannot_prepare_send_or_decline(client):
    request = _request(language="en")
    client.force_login(host_with_admin_access())
    data = _builder_data()
    data["lines-INITIAL_FORMS"] = "1"
    client.post(reverse("tailored_requests:quote_builder", args=[request.pk]), data)
    client.post(reverse("tailored_requests:decline", args=[request.pk]), {"reason": "x"})
    request.refresh_from_db()
    assert request.status == RequestStatus.NEW
    assert not Quote.objects.exists()


def test_the_admin_menu_lists_tailored_requests_for_managers_only(client):
    client.force_login(manager())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tailored requests" in html
    client.force_login(host_with_admin_access())
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Tailored requests" not in html


# --------------------------------------------------------------------------- listing


def test_the_list_filters_by_status(client):
    new = _request(language="en")
    declined = _request(language="en")
    TailoredRequest.objects.filter(pk=declined.pk).update(status=RequestStatus.DECLINED)
    client.force_login(manager())
    html = client.get(reverse(INDEX)).content.decode()
    assert new.organisation.name in html and declined.organisation.name in html
    html = client.get(reverse(INDEX), {"status": "new"}).content.decode()
    assert new.organisation.name in html
    assert declined.organisation.name not in html
    detail = reverse("tailored_requests:inspect", args=[new.pk])
    assert f'href="{detail}"' in html


def test_the_request_page_shows_what_the_delegation_asked_for(client):
    request = _request(language="en", message="Flood protection, please.")
    client.force_login(manager())
    html = client.get(reverse("tailored_requests:inspect", args=[request.pk])).content.decode()
    assert request.organisation.name in html
    assert request.contact.email in html
    assert "Flood protection, please." in html
    assert "Prepare the quote" in html
    assert "Tailored programme requests" in html  # the breadcrumb back to the list


# --------------------------------------------------------------------------- the builder


def test_preview_shows_totals_with_vat_and_saves_nothing(client):
    request = _request(language="en")
    client.force_login(manager())
    html = _post_builder(
        client,
        request,
        action="preview",
        lines=[
            ("Tailored programme, 3 days", "8", "1500.00", "25.50"),
            ("Hotel, single rooms", "16", "120.00", "14.00"),
        ],
    ).content.decode()
    assert "€13,920.00" in html  # 8 × 1500 + 16 × 120
    assert "€2,438.25" in html  # VAT in 12 000 at 25.5 %
    assert "€235.79" in html  # VAT in 1 920 at 14 %
    assert "a deposit of €5,568.00" in html  # 40 %
    assert not Quote.objects.exists()


def test_saving_prepares_a_draft_with_the_lines_and_terms_and_sends_nothing(client):
    request = _request(language="en")
    client.force_login(manager())
    response = _post_builder(client, request)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    # The first quote creates the booking: it is version 1 (it used to say "version 0").
    assert "Quote version 1 is saved as a draft." in page
    assert "€13,920.00" not in page and "€12,000.00" in page
    quote = Quote.objects.get()
    assert quote.status == QuoteStatus.DRAFT
    assert (quote.deposit_percent, quote.balance_due_days, quote.invoice_payment_days) == (
        Decimal("40.00"),
        60,
        21,
    )
    assert [(line.quantity, line.unit_price) for line in quote.lines.all()] == [
        (Decimal("8.00"), Decimal("1500.00"))
    ]
    assert not OutboxMessage.objects.filter(kwargs__template="quote").exists()


def test_bad_lines_are_shown_and_change_nothing(client):
    request = _request(language="en")
    client.force_login(manager())
    response = _post_builder(client, request, lines=[("x", "-1", "abc", "25.50")])
    assert response.status_code == 200
    assert "error-message" in response.content.decode()
    assert not Quote.objects.exists()


def test_send_emails_the_link_and_acceptance_follows_the_quotes_terms(client):
    request = _request(language="en")
    client.force_login(manager())
    _post_builder(client, request)
    quote = Quote.objects.get()
    send = reverse("tailored_requests:quote_send", args=[request.pk, quote.pk])
    assert "€12,000.00" in client.get(send).content.decode()
    client.post(send)
    quote.refresh_from_db()
    assert quote.status == QuoteStatus.SENT
    message = OutboxMessage.objects.get(kwargs__template="quote")
    assert message.kwargs["link"].endswith(
        reverse("bookings:quote_version", args=[quote.booking.reference, quote.pk])
    )
    booking = quote_accept(
        quote=quote, actor=request.contact, ip="127.0.0.1", user_agent="t", payment_method="card"
    )
    deposit = booking.payments.get(kind=PaymentKind.DEPOSIT)
    balance = booking.payments.get(kind=PaymentKind.BALANCE)
    assert deposit.amount == Decimal("4800.00")  # the quote's 40 %, not the policy's 30 %
    assert balance.due_date == booking.start_date - datetime.timedelta(days=60)


def test_a_revision_supersedes_the_sent_version_and_its_link_says_so(client):
    request = _request(language="en")
    client.force_login(manager())
    builder = reverse("tailored_requests:quote_builder", args=[request.pk])
    _post_builder(client, request)
    first = Quote.objects.get()
    client.post(reverse("tailored_requests:quote_send", args=[request.pk, first.pk]))

    # The builder starts from the sent version.
    html = client.get(builder).content.decode()
    assert "Revise the quote" in html and 'value="Tailored programme, 3 days"' in html
    _post_builder(client, request, lines=[("Tailored programme, 3 days", "8", "1400.00", "25.50")])
    second = Quote.objects.latest("pk")
    first.refresh_from_db()
    assert first.status == QuoteStatus.WITHDRAWN and second.status == QuoteStatus.DRAFT

    contact = request.contact
    old_link = reverse("bookings:quote_version", args=[first.booking.reference, first.pk])
    client.force_login(contact)
    html = client.get(old_link).content.decode()
    assert "This quote was superseded by a revised version." in html
    assert "Accept quote" not in html
    # The draft revision is not shown to the delegation before it is sent.
    assert (
        client.get(
            reverse("bookings:quote_version", args=[first.booking.reference, second.pk])
        ).status_code
        == 404
    )

    client.force_login(manager())
    client.post(reverse("tailored_requests:quote_send", args=[request.pk, second.pk]))
    client.force_login(contact)
    html = client.get(old_link).content.decode()
    current = reverse("bookings:quote_version", args=[first.booking.reference, second.pk])
    assert f'href="{current}"' in html
    assert "Accept quote" in client.get(current).content.decode()


def test_declining_withdraws_the_open_quote(client):
    request = _request(language="en")
    client.force_login(manager())
    _post_builder(client, request)
    client.post(reverse("tailored_requests:decline", args=[request.pk]), {"reason": "No dates"})
    request.refresh_from_db()
    assert request.status == RequestStatus.DECLINED
    assert Quote.objects.get().status == QuoteStatus.WITHDRAWN
    # A declined request cannot be quoted any more.
    response = client.get(reverse("tailored_requests:quote_builder", args=[request.pk]))
    assert response.status_code == 302


# --------------------------------------------------------------------------- the PDF


def _sent(client, request) -> Quote:
    client.force_login(manager())
    _post_builder(
        client,
        request,
        lines=[
            ("Tailored programme, 3 days", "8", "1500.00", "25.50"),
            ("Hotel, single rooms", "16", "120.00", "14.00"),
        ],
    )
    quote = Quote.objects.get()
    client.post(reverse("tailored_requests:quote_send", args=[request.pk, quote.pk]))
    return quote


def test_the_quote_pdf_has_the_lines_vat_breakdown_and_terms(client, tmp_path):
    request = _request(language="en")
    quote = _sent(client, request)
    reference = quote.booking.reference
    client.force_login(request.contact)
    page = client.get(reverse("bookings:detail", args=[reference])).content.decode()
    pdf_url = reverse("bookings:quote_pdf", args=[reference])
    assert f'href="{pdf_url}"' in page  # the booking page's "Quote (PDF)" link works now
    response = client.get(pdf_url)
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content, tmp_path)
    assert "Quote" in text and f"{reference}-Q1" in text
    assert "13,920.00" in text  # total
    assert "2,438.25" in text and "235.79" in text  # VAT per rate
    assert "25.5 %" in text and "14 %" in text
    assert "40 %" in text  # the deposit of its terms
    # Managers get it from the admin; another delegation gets nothing.
    client.force_login(manager())
    admin_pdf = reverse("tailored_requests:quote_pdf", args=[request.pk, quote.pk])
    assert client.get(admin_pdf).content.startswith(b"%PDF")
    client.force_login(make_delegation()[1])
    assert client.get(pdf_url).status_code == 404
    client.force_login(host_with_admin_access())
    assert client.get(admin_pdf).status_code in (302, 403)


def test_the_quote_pdf_is_in_the_bookings_language(client, tmp_path):
    request = _request(language="fi")
    quote = _sent(client, request)
    client.force_login(request.contact)
    text = _pdf_text(
        client.get(reverse("bookings:quote_pdf", args=[quote.booking.reference])).content,
        tmp_path,
    )
    assert "TARJOUS" in text.upper(), text
    assert re.search(r"13\s920,00", text), text
    assert "25,5 %" in text
