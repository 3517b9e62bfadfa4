"""The demo content (`manage.py load_demo`: real texts, images, rich text and itineraries in
English, Finnish and Swedish) passes the same WCAG 2.2 AA scan as the test catalogue: one
page of every page type, and a host page, in each language."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.e2e.test_accessibility import WCAG_22_AA

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_demo_pages_in_every_language_have_no_wcag_violations(
    live_server, browser, settings, artifacts_dir
):
    from axe_playwright_python.sync_playwright import Axe
    from wagtail.models import Collection, Locale, Page

    from programmes.models import HostIndexPage, HostOrganisation

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    # Transactional tests before this one flush what the migrations created.
    locale, _ = Locale.objects.get_or_create(language_code="en")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Page.get_first_root_node() is None:
        Page.add_root(title="Root", slug="root", locale=locale)
    call_command("load_demo", "--force", stdout=io.StringIO())

    addresses: dict[str, str] = {}
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        language = page.locale.language_code
        key = f"{type(page).__name__} [{language}]"
        url = page.get_url()
        if url and key not in addresses:
            addresses[key] = url
        if isinstance(page, HostIndexPage) and f"host [{language}]" not in addresses:
            host = HostOrganisation.objects.filter(locale=page.locale).first()
            addresses[f"host [{language}]"] = f"{url}{host.slug}/"
    assert len(addresses) >= 3 * 8, addresses

    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    reports = []
    for label, url in addresses.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, label
        results = axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_22_AA},
                "resultTypes": ["violations"],
            },
        )
        if results.violations_count:
            reports.append(f"{label} {url}\n{results.generate_report()}")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + addresses["ProgrammePage [fi]"])
    page.screenshot(path=artifacts_dir / "demo-programme-fi-phone.png", full_page=True)
    context.close()
    assert not reports, "\n\n".join(reports)
