"""Shared pieces of the journey suite: people find their way by what they see.

Every journey starts at the site root (or at a link taken from an e-mail) and moves only
by roles, labels and texts. The helpers here do the same: `sign_in` clicks the header's
"Sign in" link, `mail_link` reads the newest e-mail to an address (Django's locmem
outbox, `django.core.mail.outbox`), `pdf_text` downloads a document by clicking its link
and reads it with pdftotext, and `shot` numbers the screenshots of one journey under
test-artifacts/journeys/.

The journeys use `live_server` and are therefore transactional: the root conftest
sorts them with the other transactional tests, and each journey builds its world once
(one test per journey file: the world is built once for the whole walk).
"""

from __future__ import annotations

import re
import subprocess
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core import mail
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD

LINK = re.compile(r"https?://[^\s<>\"]+")


def totp_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


class Screens:
    """Numbered screenshots of one journey: test-artifacts/journeys/<journey>-NN-<step>.png."""

    def __init__(self, directory: Path, journey: str):
        self.directory = directory
        self.journey = journey
        self.n = 0

    def __call__(self, page: Page, step: str) -> Path:
        self.n += 1
        slug = re.sub(r"[^a-z0-9]+", "-", step.lower()).strip("-")
        path = self.directory / f"{self.journey}-{self.n:02d}-{slug}.png"
        page.screenshot(path=path, full_page=True)
        return path


@pytest.fixture
def shot(request, artifacts_dir) -> Screens:
    directory = artifacts_dir / "journeys"
    directory.mkdir(exist_ok=True)
    journey = request.node.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    return Screens(directory, journey)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Login rate limits live in the cache: each journey starts clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(live_server, settings):
    """The live server's address, set where the application writes absolute links."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.BASE_URL = live_server.url
    return live_server.url


def sign_in(page: Page, root: str, email: str, *, secret: str | None = None) -> None:
    """From the site root, through the header's "Sign in" link and the login form."""
    page.goto(root + "/")
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    page.get_by_label(re.compile(r"^E-?mail", re.I)).first.fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign in$", re.I)).click()
    page.wait_for_load_state()
    if secret:
        # A TOTP code lives 30 s with no tolerance: one that rolled over on the way is
        # refused, so a second try with the new period's code is allowed.
        for _attempt in range(2):
            page.get_by_label(re.compile("code", re.I)).fill(totp_code(secret))
            page.get_by_role("button", name=re.compile(r"^Sign in$", re.I)).click()
            page.wait_for_load_state()
            if not page.get_by_label(re.compile("code", re.I)).count():
                break
            time.sleep(1)
    expect(
        page.get_by_role("button", name="Sign out")
        .or_(page.get_by_role("link", name="Sign out"))
        .first
    ).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").or_(
        page.get_by_role("link", name="Sign out")
    ).first.click()
    page.wait_for_load_state()


def mail_to(address: str, *, subject: str | re.Pattern | None = None):
    """The newest e-mail to `address` (optionally with a matching subject)."""
    for message in reversed(mail.outbox):
        if address not in message.to:
            continue
        if subject is None or (
            subject.search(message.subject)
            if isinstance(subject, re.Pattern)
            else subject in message.subject
        ):
            return message
    sent = [(m.to, m.subject) for m in mail.outbox]
    raise AssertionError(f"no e-mail to {address} ({subject!r}); sent: {sent}")


def mail_link(address: str, *, subject=None, contains: str = "") -> str:
    """The first link in the newest e-mail to `address` whose address contains `contains`."""
    message = mail_to(address, subject=subject)
    for link in LINK.findall(message.body):
        if contains in link:
            return link.rstrip(".,)")
    raise AssertionError(f"no link with {contains!r} in {message.subject!r}:\n{message.body}")


def pdf_text(page: Page, link, tmp_path: Path) -> str:
    """The text (pdftotext) of the document behind `link` (a locator the person sees),
    fetched with the page's own session, as the browser would on a click."""
    href = link.get_attribute("href")
    response = page.context.request.get(page.url if not href else absolute_url(page, href))
    assert response.ok, (href, response.status)
    body = response.body()
    assert body.startswith(b"%PDF"), (href, body[:80])
    target = tmp_path / "document.pdf"
    target.write_bytes(body)
    return subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], check=True, capture_output=True, text=True
    ).stdout


def absolute_url(page: Page, href: str) -> str:
    from urllib.parse import urljoin

    return urljoin(page.url, href)


def html_lang(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""
