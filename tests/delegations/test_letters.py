"""Visa invitation letters: the request, the decision, the PDF (read back with
pdftotext), the verification page and who may reach what."""

from __future__ import annotations

import datetime
import re
import subprocess

import pytest
from django.urls import reverse

from core.retention import retention_apply
from delegations.enums import LetterStatus
from delegations.errors import DelegationError
from delegations.letters import letter_issue, letter_refuse, letter_request, normalise_code
from delegations.models import InvitationLetter
from delegations.pdf import render_letter_html, render_pdf
from tests.bookings.factories import make_delegation
from tests.visits.factories import make_manager

from .factories import issued_letter, letter_data, make_delegation_booking

pytestmark = pytest.mark.django_db


def pdftotext(body: bytes, tmp_path) -> str:
    assert body.startswith(b"%PDF")
    target = tmp_path / "letter.pdf"
    target.write_bytes(body)
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], check=True, capture_output=True, text=True
    ).stdout
    return re.sub(r"\s+", " ", text)


def _form(booking, **changes) -> dict:
    data = letter_data(booking, **changes)
    return {k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()}


def test_the_contact_requests_a_letter_from_the_booking_page(client):
    booking = make_delegation_booking()
    client.force_login(booking.contact)
    detail = client.get(reverse("bookings:detail", args=[booking.reference])).content.decode()
    url = reverse("delegations:letters", args=[booking.reference])
    assert f'href="{url}">Request an invitation letter</a>' in detail
    page = client.get(url)
    assert page.status_code == 200
    for label in (
        "Full name as in the passport",
        "Passport number",
        "Schengen state of first entry",
    ):
        assert label in page.content.decode()
    response = client.post(url, _form(booking))
    assert response.status_code == 302
    letter = InvitationLetter.objects.get(booking=booking)
    assert (letter.status, letter.passport_number, letter.code) == ("requested", "Z1234567", None)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"departure": "2001-01-01"}, "departure"),
        ({"passport_expiry": "2000-01-01"}, "passport_expiry"),
        ({"entry_state": "GB"}, "entry_state"),
        ({"full_name": ""}, "full_name"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"arrival": "1800-01-01"}, "arrival"),
    ],
)
def test_a_bad_request_says_what_is_wrong_and_changes_nothing(client, changes, field):
    booking = make_delegation_booking()
    client.force_login(booking.contact)
    url = reverse("delegations:letters", args=[booking.reference])
    response = client.post(url, {**_form(booking), **changes})
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not InvitationLetter.objects.exists()


def test_a_participant_of_another_booking_cannot_be_named(client):
    booking = make_delegation_booking()
    other = make_delegation_booking()
    client.force_login(booking.contact)
    url = reverse("delegations:letters", args=[booking.reference])
    stranger = other.participants.first()
    response = client.post(url, {**_form(booking), "participant": str(stranger.pk)})
    assert response.status_code == 200 and "participant" in response.context["form"].errors
    response = client.post(url, {**_form(booking), "participant": "²"})
    assert response.status_code == 200 and not InvitationLetter.objects.exists()


def test_issuing_gives_a_code_once_and_refusing_an_issued_letter_is_refused():
    letter = issued_letter()
    code = letter.code
    assert normalise_code(code) == code
    again = letter_issue(letter=letter, actor=make_manager())
    assert again.code == code and again.status == LetterStatus.ISSUED
    with pytest.raises(DelegationError):
        letter_refuse(letter=letter, actor=make_manager(), reason="late")


def test_a_refused_letter_cannot_be_issued():
    booking = make_delegation_booking()
    letter = letter_request(
        booking=booking, participant=None, actor=booking.contact, data=letter_data(booking)
    )
    letter_refuse(letter=letter, actor=make_manager(), reason="Not a participant")
    with pytest.raises(DelegationError):
        letter_issue(letter=letter, actor=make_manager())
    letter.refresh_from_db()
    assert letter.code is None


def test_the_pdf_prints_what_embassies_ask_in_english_and_the_booking_language(tmp_path):
    booking = make_delegation_booking(language="fi")
    letter = issued_letter(booking)
    text = pdftotext(render_pdf(render_letter_html(letter)), tmp_path)
    for printed in (
        "Invitation letter",
        "MENON Ravi Shankar",
        "02.04.1975",
        "India",
        "Z1234567",
        "Official study visit on civil protection",
        "Finland",
        "Hotel Kaleva",
        "the delegation's organisation",
        letter.code,
        booking.reference,
        booking.organisation.name,
        "Kutsukirje",  # the Finnish page
        "Intia",
    ):
        assert printed in text, (printed, text)
    # The address (it may wrap at the column's edge) is the English verification page.
    assert f"/en/delegations/letters/verify/{letter.code}/" in text.replace(" ", "")


def test_an_english_booking_gets_one_english_page(tmp_path):
    letter = issued_letter(make_delegation_booking(language="en"))
    text = pdftotext(render_pdf(render_letter_html(letter)), tmp_path)
    assert "Invitation letter" in text and "Kutsukirje" not in text


def test_the_contact_downloads_the_issued_letter_and_nobody_else_does(client, tmp_path):
    letter = issued_letter()
    booking = letter.booking
    url = reverse("delegations:letter_pdf", args=[booking.reference, letter.pk])
    client.force_login(booking.contact)
    response = client.get(url)
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "MENON Ravi Shankar" in pdftotext(response.content, tmp_path)

    _org, other_contact = make_delegation()
    client.force_login(other_contact)
    assert client.get(url).status_code == 404
    assert client.get(reverse("delegations:letters", args=[booking.reference])).status_code == 404
    # Another booking's reference with this letter's id: 404 too.
    own = make_delegation_booking()
    client.force_login(own.contact)
    assert (
        client.get(reverse("delegations:letter_pdf", args=[own.reference, letter.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("delegations:letter_pdf", args=[own.reference, "99999999999999999999"])
        ).status_code
        == 400
    )
    client.logout()
    assert client.get(url).status_code == 302


def test_a_requested_letter_has_no_pdf_yet(client):
    booking = make_delegation_booking()
    letter = letter_request(
        booking=booking, participant=None, actor=booking.contact, data=letter_data(booking)
    )
    client.force_login(booking.contact)
    url = reverse("delegations:letter_pdf", args=[booking.reference, letter.pk])
    assert client.get(url).status_code == 404


def test_the_verification_page_confirms_and_shows_nothing_beyond_the_letter(client):
    letter = issued_letter()
    response = client.get(reverse("delegations:letter_verify", args=[letter.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This letter is genuine." in html
    assert "MENON Ravi Shankar" in html and letter.code in html
    # Nothing that is not printed on it, and none of the passport data.
    for secret in (
        "Z1234567",
        "1975",
        letter.booking.reference,
        letter.booking.organisation.name,
        letter.booking.contact.email,
        "Hotel Kaleva",
    ):
        assert secret not in html, secret
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex"


def test_the_verification_page_refuses_unknown_codes_and_normalises_typed_ones(client):
    letter = issued_letter()
    lower = letter.code.replace("-", "").lower()
    typed = client.get(reverse("delegations:letter_verify_form"), {"code": lower})
    assert typed.status_code == 302
    assert typed["Location"].endswith(f"/letters/verify/{letter.code}/")
    for code in ("AAAA-AAAA-AAAA", "nonsense", "0" * 40, "²²²"):
        response = client.get(reverse("delegations:letter_verify", args=[code]))
        assert response.status_code == 404
        assert "We did not issue a letter with this code." in response.content.decode()
    # A requested (not issued) or refused letter is not confirmed.
    booking = make_delegation_booking()
    pending = letter_request(
        booking=booking, participant=None, actor=booking.contact, data=letter_data(booking)
    )
    pending.code = "2345-6789-ABCD"
    pending.save(update_fields=["code"])
    assert client.get(reverse("delegations:letter_verify", args=[pending.code])).status_code == 404


def test_passport_data_is_erased_the_day_after_the_visit_and_the_letter_still_verifies(client):
    letter = issued_letter()
    booking = letter.booking
    retention_apply(as_of=letter.departure)
    letter.refresh_from_db()
    assert letter.passport_number == "Z1234567"
    retention_apply(as_of=letter.departure + datetime.timedelta(days=1))
    letter.refresh_from_db()
    assert (letter.passport_number, letter.passport_expiry, letter.date_of_birth) == (
        "",
        None,
        None,
    )
    assert letter.passport_erased_at is not None
    response = client.get(reverse("delegations:letter_verify", args=[letter.code]))
    assert response.status_code == 200 and "MENON Ravi Shankar" in response.content.decode()
    assert booking.end_date < letter.departure + datetime.timedelta(days=1)


def test_managers_decide_in_the_admin_and_the_register_lists_issued_letters(client, tmp_path):
    booking = make_delegation_booking()
    letter = letter_request(
        booking=booking, participant=None, actor=booking.contact, data=letter_data(booking)
    )
    manager = make_manager(totp=True)
    client.force_login(manager)
    register = client.get(reverse("delegations_admin:index")).content.decode()
    assert "MENON Ravi Shankar" in register and "Requests waiting for a decision" in register
    admin_booking = client.get(reverse("booking:inspect", args=[booking.pk])).content.decode()
    assert reverse("delegations_admin:booking", args=[booking.pk]) in admin_booking
    url = reverse("delegations_admin:letter", args=[letter.pk])
    page = client.get(url).content.decode()
    assert "Z1234567" in page and "Approve and issue the letter" in page
    response = client.post(
        url, {"action": "issue", "accommodation": "Hotel Kaleva, Mikkeli", "costs_paid_by": "host"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == "issued" and letter.costs_paid_by == "host" and letter.code
    pdf = client.get(reverse("delegations_admin:letter_pdf", args=[letter.pk]))
    assert "the host region" in pdftotext(pdf.content, tmp_path)
    assert letter.code in client.get(reverse("delegations_admin:index")).content.decode()


def test_refusing_needs_a_reason_and_the_contact_reads_it(client):
    booking = make_delegation_booking()
    letter = letter_request(
        booking=booking, participant=None, actor=booking.contact, data=letter_data(booking)
    )
    client.force_login(make_manager(totp=True))
    url = reverse("delegations_admin:letter", args=[letter.pk])
    client.post(url, {"action": "refuse", "costs_paid_by": "delegation", "reason": ""})
    letter.refresh_from_db()
    assert letter.status == "requested"
    client.post(
        url,
        {
            "action": "refuse",
            "costs_paid_by": "delegation",
            "reason": "Not on the participant list",
        },
    )
    letter.refresh_from_db()
    assert letter.status == "refused"
    client.force_login(booking.contact)
    page = client.get(reverse("delegations:letters", args=[booking.reference])).content.decode()
    assert "Not on the participant list" in page


def test_only_programme_managers_reach_the_admin_pages(client):
    letter = issued_letter()
    contact = letter.booking.contact
    client.force_login(contact)
    for url in (
        reverse("delegations_admin:index"),
        reverse("delegations_admin:letter", args=[letter.pk]),
        reverse("delegations_admin:letter_pdf", args=[letter.pk]),
        reverse("delegations_admin:booking", args=[letter.booking.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
