"""Journey -- a visa invitation letter: asked for, approved, downloaded, verified.

The delegation's contact signs in from the site root, opens the booking from My
bookings, follows "Request an invitation letter" and fills in what the embassy asks for
(by the form's labels). The programme manager, in the Wagtail admin, follows the
"Invitation letters" menu item to the request and approves it. The contact downloads the
letter (pdftotext: English, and Finnish for a Finnish booking). The embassy opens the
address printed on the letter and reads that it is genuine -- the name and the stay,
nothing more -- and types the code into the verification form as well.

English and Finnish walk the whole journey (Finnish through the header's language
switcher; the booking's language is Finnish, so the letter has a Finnish page too).
"""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import Page, expect

from delegations.countries import country_name
from delegations.enums import LetterStatus
from tests.accounts.factories import PASSWORD, activate_totp
from tests.delegations.factories import make_delegation_booking
from tests.journeys.conftest import html_lang, pdf_text, sign_in
from tests.journeys.test_programme_manager import sign_in_to_admin
from tests.journeys.words import Words
from tests.programmes.factories import build_catalogue
from tests.visits.factories import make_manager

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGE_NAMES = {"en": "English", "fi": "Suomi"}
TRAVELLER = "MENON Ravi Shankar"


def flat(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


@pytest.fixture
def world(site):
    build_catalogue(translate=False)
    bookings = {}
    for language in ("en", "fi"):
        booking = make_delegation_booking(language=language)
        contact = booking.contact
        contact.set_password(PASSWORD)
        contact.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=contact, email=contact.email, defaults={"verified": True, "primary": True}
        )
        bookings[language] = booking
    manager = make_manager(email="manager@paamaja.example")
    return {"bookings": bookings, "manager": manager, "secret": activate_totp(manager)}


def request_a_letter(page: Page, site: str, booking, t: Words) -> None:
    """The contact: sign in, the language, My bookings, the booking, the letter form."""
    sign_in(page, site, booking.contact.email)
    if t.language != "en":
        page.get_by_role("navigation", name="Language").get_by_role(
            "link", name=LANGUAGE_NAMES[t.language]
        ).click()
        page.wait_for_load_state()
    assert html_lang(page) == t.language
    page.get_by_role("navigation", name=t("Your account")).get_by_role(
        "link", name=t("My bookings")
    ).click()
    page.get_by_role("link", name=re.compile(booking.reference)).first.click()
    page.get_by_role("link", name=t("Request an invitation letter")).click()
    expect(
        page.get_by_role("heading", name=t("Invitation letters for visas"), level=1)
    ).to_be_visible()

    arrival = booking.start_date - datetime.timedelta(days=1)
    departure = booking.end_date + datetime.timedelta(days=1)
    with translation.override(t.language):
        india = country_name("IN", t.language)
        finland = country_name("FI", t.language)
    page.get_by_label(t("Participant")).select_option(label="Ravi Menon")
    page.get_by_label(t.field("full name as in the passport")).fill(TRAVELLER)
    page.get_by_label(t.field("date of birth")).fill("1975-04-02")
    page.get_by_label(t("Nationality")).select_option(label=india)
    page.get_by_label(t.field("passport number")).fill("Z1234567")
    page.get_by_label(t.field("passport valid until")).fill(
        (booking.end_date + datetime.timedelta(days=400)).isoformat()
    )
    page.get_by_label(t.field("purpose of the visit")).fill(
        "Official study visit on civil protection"
    )
    page.get_by_label(t.field("arrival")).fill(arrival.isoformat())
    page.get_by_label(t.field("departure")).fill(departure.isoformat())
    page.get_by_label(t("Schengen state of first entry")).select_option(label=finland)
    page.get_by_role("button", name=t("Send the request")).click()
    expect(
        page.get_by_text(
            t(
                "Your request for a letter for %(name)s was sent to the programme manager.",
                name=TRAVELLER,
            )
        )
    ).to_be_visible()
    with translation.override(t.language):
        requested = capfirst(str(LetterStatus.REQUESTED.label))
    expect(page.get_by_role("row").filter(has_text=TRAVELLER)).to_contain_text(requested)


def approve_in_the_admin(admin: Page, site: str, booking, world) -> None:
    """The programme manager: the admin menu's "Invitation letters", the request, approve."""
    menu = admin.get_by_role("navigation", name="Main menu")
    menu.get_by_role("link", name="Invitation letters", exact=True).click()
    expect(admin.get_by_role("heading", name="Invitation letters").first).to_be_visible()
    waiting = admin.get_by_role("region", name="Requests waiting for a decision")
    waiting.get_by_role("row").filter(has_text=booking.reference).get_by_role(
        "link", name=TRAVELLER
    ).click()
    expect(admin.get_by_text("Z1234567")).to_be_visible()
    admin.get_by_label("Accommodation").fill("Hotel Kaleva, Hallituskatu 1, Mikkeli")
    admin.get_by_label("Costs paid by").select_option(label="the host region")
    admin.get_by_role("button", name="Approve and issue the letter").click()
    expect(admin.get_by_text("The letter was issued.")).to_be_visible()


def test_delegation_letter_journey(world, site, page, shot, tmp_path):
    manager_context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    admin = manager_context.new_page()
    sign_in_to_admin(admin, site, world["manager"].email, secret=world["secret"])
    embassy_context = page.context.browser.new_context()
    embassy = embassy_context.new_page()
    try:
        for language in ("en", "fi"):
            t = Words(language)
            booking = world["bookings"][language]

            request_a_letter(page, site, booking, t)
            shot(page, f"{language}-requested")

            approve_in_the_admin(admin, site, booking, world)
            shot(admin, f"{language}-issued")

            # The contact's page now links the letter; the PDF reads back.
            page.reload()
            link = page.get_by_role(
                "link", name=t("Invitation letter for %(name)s (PDF)", name=TRAVELLER)
            )
            expect(link).to_be_visible()
            shot(page, f"{language}-letter-ready")
            text = flat(pdf_text(page, link, tmp_path))
            assert "Invitation letter" in text and TRAVELLER in text and "Z1234567" in text
            assert "Hotel Kaleva" in text and "the host region" in text
            if language == "fi":
                assert "Kutsukirje" in text
            # The address under the QR code (pdftotext may break it over two lines).
            printed = re.search(
                r"(https?://.+?/\s*verify/\s*([2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4})/)", text
            )
            assert printed, text
            address, code = printed.group(1).replace(" ", ""), printed.group(2)
            assert address.startswith(site)

            # The embassy opens the address printed on the letter: genuine, and only the
            # name and the stay -- no passport number, no booking, no organisation.
            embassy.goto(address)
            if language != "en":
                embassy.get_by_role("navigation", name="Language").get_by_role(
                    "link", name=LANGUAGE_NAMES[language]
                ).click()
                embassy.wait_for_load_state()
            assert html_lang(embassy) == language
            status = embassy.get_by_role("status")
            expect(status.get_by_role("heading", name=t("This letter is genuine."))).to_be_visible()
            expect(status).to_contain_text(TRAVELLER)
            expect(status).to_contain_text(code)
            body = embassy.content()
            for hidden in ("Z1234567", booking.reference, booking.organisation.name, "1975"):
                assert hidden not in body, hidden
            shot(embassy, f"{language}-verified")

            # Typing the code (as read over the phone: lower case, no dashes) finds it too.
            embassy.get_by_label(t("Verification code")).fill(code.replace("-", "").lower())
            embassy.get_by_role("button", name=t("Verify")).click()
            expect(embassy.get_by_role("status")).to_contain_text(TRAVELLER)

            page.get_by_role("button", name=t("Sign out")).click()
            page.wait_for_load_state()
    finally:
        manager_context.close()
        embassy_context.close()
