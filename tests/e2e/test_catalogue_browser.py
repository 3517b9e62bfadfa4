"""A delegation browses the catalogue in Chromium: home → Finnish → filter by theme → programme."""

import re

import pytest
from playwright.sync_api import expect

from tests.programmes.factories import build_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    return build_catalogue()


def test_browse_switch_to_finnish_filter_by_theme_and_open_a_programme(
    catalogue, live_server, page, artifacts_dir
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=artifacts_dir / "catalogue-home-en-desktop.png", full_page=True)

    # Switch language with the header's language switcher.
    page.get_by_role("navigation", name=re.compile("Language")).get_by_role(
        "link", name="Suomi"
    ).click()
    expect(page).to_have_url(re.compile(r"/fi/$"))
    expect(page.locator("html")).to_have_attribute("lang", "fi")

    # Go to the Finnish programme index and filter by a theme.
    fi_index = catalogue.translations["fi"]["programmes"]
    page.goto(f"{live_server.url}{fi_index.url}")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    fi_cyber = catalogue.translations["fi"]["cyber"]
    page.locator("select[name=theme]").select_option(fi_cyber.slug)
    page.locator("form.filters__form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"theme=cyber"))

    results = page.locator(".results")
    fi_cyber_programme = catalogue.translations["fi"]["hybrid-cyber"]
    fi_other = catalogue.translations["fi"]["comprehensive-security"]
    expect(results.get_by_role("link", name=fi_cyber_programme.title)).to_be_visible()
    expect(results.get_by_role("link", name=fi_other.title)).to_have_count(0)
    page.screenshot(path=artifacts_dir / "catalogue-index-fi-filtered.png", full_page=True)

    # Open the programme.
    results.get_by_role("link", name=fi_cyber_programme.title).first.click()
    expect(page).to_have_url(re.compile(r"/fi/programmes/hybrid-cyber/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(fi_cyber_programme.title)
    page.screenshot(path=artifacts_dir / "catalogue-programme-fi-desktop.png", full_page=True)

    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=artifacts_dir / "catalogue-programme-fi-phone.png", full_page=True)
