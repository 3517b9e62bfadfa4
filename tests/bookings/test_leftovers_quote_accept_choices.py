"""The quote page's payment choices say what the quote's own terms ask for (issue 11).

The card choice always read "Card: pay the deposit now, the balance later", also for a
quote that asks for everything upfront (deposit 100 %). Each choice now states its
amounts and dates, in the page's language, from the quote's payment plan.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import formats, translation

from bookings.quotes import quote_plan, quote_prepare, quote_send
from core.formatting import format_money

from .test_quotes import LINES, _request, _today

pytestmark = pytest.mark.django_db


def _quote(language: str, **terms):
    request = _request(language=language)
    quote = quote_prepare(
        request=request,
        lines=LINES,
        valid_until=_today() + datetime.timedelta(days=30),
        actor=None,
        **terms,
    )
    return quote_send(quote=quote, actor=None)


def _choices(client, quote, language: str) -> list[str]:
    client.force_login(quote.booking.contact)
    with translation.override(language):
        url = reverse("bookings:quote_detail", args=[quote.booking.reference])
    html = client.get(url).content.decode()
    labels = re.findall(r'<label for="id_payment_method_\d">([^<]+)</label>', html)
    return [re.sub(r"[ \t\r\n]+", " ", label).strip() for label in labels]


def test_a_quote_paid_in_full_upfront_says_so_with_the_amount(client):
    quote = _quote("en", deposit_percent=Decimal("100"))
    plan = quote_plan(quote)
    assert plan.whole_due_now
    choices = _choices(client, quote, "en")
    total = format_money(plan.total, "en")
    assert choices[0] == f"Card: the whole amount, {total}, now"
    with translation.override("en"):
        due = formats.date_format(plan.invoice_due, "DATE_FORMAT")
    assert choices[1] == f"Invoice: the whole amount, {total}, due {due}"
    assert not any("balance later" in c for c in choices)


def test_a_deposit_quote_names_the_deposit_the_balance_and_its_date_in_finnish(client):
    quote = _quote("fi", deposit_percent=Decimal("30"), balance_due_days=60)
    plan = quote_plan(quote)
    assert not plan.whole_due_now
    with translation.override("fi"):
        balance_due = formats.date_format(plan.balance_due, "DATE_FORMAT")
    choices = _choices(client, quote, "fi")
    assert choices[0] == (
        f"Kortilla: ennakkomaksu {format_money(plan.deposit, 'fi')} heti, "
        f"loppumaksu {format_money(plan.balance, 'fi')} viimeistään {balance_due}"
    )
    assert choices[1].startswith(f"Laskulla: koko summa, {format_money(plan.total, 'fi')}")
    # The same date as the page's own "Terms of payment" above the form.
    assert balance_due in _terms(client, quote, "fi")


def _terms(client, quote, language: str) -> str:
    with translation.override(language):
        url = reverse("bookings:quote_detail", args=[quote.booking.reference])
    html = client.get(url).content.decode()
    return html[html.index('id="terms-heading"') : html.index('id="policy-heading"')]
