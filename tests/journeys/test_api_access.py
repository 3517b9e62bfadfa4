"""Journey -- an organisation's admin gives their own system access to the API.

A delegation contact (a member of its organisation, who administers its bookings and so
its API access) signs in from the site root and follows "API access" in the account
menu. They create a token that may read bookings: it is shown once, works against the
API, and on the next visit only its name and prefix are listed. They revoke it, and the
API refuses it from then on. They register a webhook for their system: its signing
secret is shown once, and its delivery log opens (nothing sent yet). In English and in
Finnish (through the header's language switcher).
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import Page, expect

from api.models import ApiToken, WebhookEndpoint
from tests.accounts.factories import PASSWORD
from tests.bookings.factories import make_delegation
from tests.journeys.conftest import html_lang, sign_in
from tests.journeys.words import Words
from tests.programmes.factories import build_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGE_NAMES = {"en": "English", "fi": "Suomi"}


def api_status(site: str, path: str, secret: str) -> int:
    """What the admin's own system gets when it calls the API with the token."""
    request = urllib.request.Request(
        site + path, headers={"Authorization": f"Bearer {secret}", "Accept": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - the live server
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.fixture
def world(site, settings):
    # The journey registers a webhook for hooks.example, which does not resolve here;
    # the public-address guard has its own tests (tests/api/test_webhooks.py).
    settings.API_WEBHOOKS_ALLOW_PRIVATE = True
    build_catalogue(translate=False)
    admins = {}
    for language in ("en", "fi"):
        organisation, contact = make_delegation()
        contact.set_password(PASSWORD)
        contact.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=contact, email=contact.email, defaults={"verified": True, "primary": True}
        )
        admins[language] = (organisation, contact)
    return admins


def walk(page: Page, site: str, organisation, contact, t: Words, shot) -> None:
    sign_in(page, site, contact.email)
    if t.language != "en":
        page.get_by_role("navigation", name="Language").get_by_role(
            "link", name=LANGUAGE_NAMES[t.language]
        ).click()
        page.wait_for_load_state()
    assert html_lang(page) == t.language
    page.get_by_role("navigation", name=t("Your account")).get_by_role(
        "link", name=t("API access")
    ).click()
    expect(page.get_by_role("heading", name=t("API access"), level=1)).to_be_visible()
    section = page.get_by_role("region", name=organisation.name)
    expect(section.get_by_text(t("No tokens yet."))).to_be_visible()

    # A token that may read the organisation's bookings, shown once.
    section.get_by_text(t("Create a token"), exact=True).click()
    form = section.get_by_role("form", name=t("New token for %(name)s", name=organisation.name))
    form.get_by_label(t("Name")).fill("Travel agency system")
    form.get_by_label(t("Read bookings")).check()
    form.get_by_role("button", name=t("Create token")).click()
    page.wait_for_load_state()
    notice = page.get_by_role("status").filter(
        has=page.get_by_role(
            "heading", name=t("Your new token “%(name)s”", name="Travel agency system")
        )
    )
    expect(notice).to_be_visible()
    secret = notice.get_by_label(t("Token")).input_value()
    assert re.fullmatch(r"pmj_[0-9a-f]{8}_[A-Za-z0-9_-]{40,}", secret), secret
    shot(page, f"{t.language}-token-shown-once")
    assert api_status(site, "/api/v1/bookings/", secret) == 200
    assert api_status(site, "/api/v1/visits/", secret) == 403  # not a permission it has

    # Listed by name and prefix; the secret itself is never shown again.
    page.get_by_role("navigation", name=t("Your account")).get_by_role(
        "link", name=t("API access")
    ).click()
    row = page.get_by_role("row").filter(has_text="Travel agency system")
    expect(row).to_contain_text(secret.split("_")[1])
    expect(row).to_contain_text("bookings:read")
    expect(row).to_contain_text(t("Active"))
    assert secret not in page.content()

    # Revoked: the list says so and the API refuses the token.
    row.get_by_role("button", name=t("Revoke %(name)s", name="Travel agency system")).click()
    page.wait_for_load_state()
    expect(
        page.get_by_text(t("The token “%(name)s” was revoked.", name="Travel agency system"))
    ).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Travel agency system")).to_contain_text(
        t("Revoked")
    )
    assert api_status(site, "/api/v1/bookings/", secret) == 401
    assert ApiToken.objects.get(organisation=organisation).revoked_at is not None

    # A webhook for the organisation's system; its signing secret shown once.
    section = page.get_by_role("region", name=organisation.name)
    section.get_by_text(t("Add a webhook"), exact=True).click()
    form = section.get_by_role("form", name=t("New webhook for %(name)s", name=organisation.name))
    form.get_by_label(t("Address")).fill("https://hooks.example/paamaja")
    form.get_by_label(t("Booking confirmed")).check()
    form.get_by_label(t("Booking cancelled")).check()
    form.get_by_role("button", name=t("Add webhook")).click()
    page.wait_for_load_state()
    notice = page.get_by_role("status").filter(
        has=page.get_by_role("heading", name=t("Your new webhook"))
    )
    signing = notice.get_by_label(t("Signing secret")).input_value()
    endpoint = WebhookEndpoint.objects.get(organisation=organisation)
    assert signing == endpoint.secret and signing.startswith("whsec_")
    assert sorted(endpoint.events) == ["booking.cancelled", "booking.confirmed"]
    shot(page, f"{t.language}-webhook-added")
    page.get_by_role("link", name="https://hooks.example/paamaja").click()
    expect(page.get_by_role("heading", name=t("Webhook deliveries"), level=1)).to_be_visible()
    expect(page.get_by_text(t("Nothing was sent yet."))).to_be_visible()
    assert signing not in page.content()
    page.get_by_role("button", name=t("Sign out")).click()
    page.wait_for_load_state()


def test_api_access_journey(world, site, page, shot):
    for language in ("en", "fi"):
        organisation, contact = world[language]
        walk(page, site, organisation, contact, Words(language), shot)
