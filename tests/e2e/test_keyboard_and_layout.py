"""Keyboard only, small screens, big text and reduced motion, in Debian's Chromium.

A delegation contact browses and books with Tab, Shift+Tab, Enter, Space and the arrow
keys only (typing into fields is typing); every control on the way is reachable, shows a
visible focus indicator and lets the focus go on (no trap). Forms with errors move the
focus to an error summary (role="alert") whose links lead to the fields. Pages do not
scroll sideways at 320 px or with the text at 200 %, and motion follows the visitor's
"reduce motion" setting. Screenshots at phone and desktop width go to test-artifacts/.
"""

from __future__ import annotations

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from accounts.models import User
from bookings.enums import BookingStatus
from bookings.models import Booking, Organisation
from tests.bookings.factories import default_policy, make_room_type, vat_rates
from tests.e2e.test_accessibility import _session_cookie
from tests.programmes.factories import build_catalogue

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Kettu-Järvi-42"

# The focused element, described, and whether its focus can be seen: an outline, a box
# shadow or a background that differs from the same element without focus.
FOCUS_JS = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const transparent = (c) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
  const ring = (st) => st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) > 0
    && !transparent(st.outlineColor);
  // Its own ring or shadow, the yellow focus background, or a ring on the card or
  // group around it (:focus-within).
  let around = false;
  for (let p = el.parentElement, i = 0; p && i < 4; p = p.parentElement, i++) {
    around = around || ring(getComputedStyle(p));
  }
  // The calendar button inside a date field is part of Chromium's own widget: the
  // field keeps document focus but not :focus, and the browser draws that button's ring.
  const widgetPart = !el.matches(':focus');
  const visible = widgetPart || ring(s) || s.boxShadow !== 'none'
    || s.backgroundColor === 'rgb(255, 221, 0)' || around;
  const r = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute('href') || '',
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    name: el.getAttribute('name') || '', type: el.getAttribute('type') || '',
    visible, width: r.width, height: r.height,
    // Its place in the document: two links may share their text and address (the
    // header's and the page's "Request a tailored programme"), yet are two stops.
    index: Array.prototype.indexOf.call(document.querySelectorAll('*'), el),
  };
}"""
OVERFLOW_JS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def focused(page) -> dict | None:
    return page.evaluate(FOCUS_JS)


def tab_to(page, matches, *, limit: int = 120, key: str = "Tab") -> dict:
    """Press Tab until the focused element matches; every stop must show its focus."""
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if element is None:
            continue
        assert element["visible"], f"no visible focus on {element}"
        assert element["width"] > 0 and element["height"] > 0, f"focus on a hidden {element}"
        if matches(element):
            return element
    raise AssertionError(f"not reachable with {key} in {limit} presses")


def tab_through_page(page) -> list[dict]:
    """Tab from the top to the end of the page; returns every stop. Fails on a trap (the
    same stops repeating before the end) or an invisible focus."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    stops, seen = [], set()
    for _ in range(400):
        page.keyboard.press("Tab")
        element = focused(page)
        if element is None:  # past the last control: the focus left the document
            return stops
        key = (element["tag"], element["index"], element["name"], element["type"])
        if key in seen:
            return stops  # wrapped round to the start: nothing held the focus
        seen.add(key)
        assert element["visible"], f"no visible focus on {element}"
        stops.append(element)
    raise AssertionError("the focus never left the page: a keyboard trap")


@pytest.fixture
def site(live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.RATE_LIMITS_ENABLED = False
    catalogue = build_catalogue()
    vat_rates()
    default_policy()
    programme = catalogue.programmes[0]
    departure = programme.departures.get()
    nights = [departure.start_date + datetime.timedelta(days=n) for n in range(-1, 4)]
    make_room_type(nights=nights, rooms=10)
    user = User.objects.create_user(email="anna.schmidt@bmi.example", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    organisation = Organisation.objects.create(
        name="Bundesministerium des Innern",
        country="DE",
        type="ministry",
        billing_address="Alt-Moabit 140\n10557 Berlin",
    )
    organisation.members.add(user)
    return {"catalogue": catalogue, "programme": programme, "departure": departure, "user": user}


def test_skip_link_is_first_visible_on_focus_and_moves_to_the_content(site, live_server, page):
    page.goto(f"{live_server.url}/en/")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).not_to_be_in_viewport()
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
    # The next Tab starts inside the content, past the header's links.
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")


@pytest.mark.parametrize("language", ["en", "fi"])
def test_every_control_of_the_main_pages_is_reachable_with_visible_focus(
    site, live_server, page, language
):
    programme = site["programme"]
    if language != "en":
        programme = site["catalogue"].translations[language][programme.slug]
    for path in (f"/{language}/", f"/{language}/programmes/", programme.url):
        page.goto(live_server.url + path)
        stops = tab_through_page(page)
        links = page.locator("a[href]:visible, button:visible, input:visible, select:visible")
        assert len(stops) >= min(links.count(), 10), path
        assert stops[0]["text"] == page.locator(".skip-link").inner_text()


def test_browse_and_book_with_the_keyboard_only(site, live_server, page, artifacts_dir):
    programme, departure = site["programme"], site["departure"]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/en/")

    # Home -> the programme, by its link.
    tab_to(page, lambda e: e["tag"] == "a" and e["href"].endswith(programme.url))
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(programme.url) + "$"))
    page.screenshot(path=artifacts_dir / "keyboard-programme-desktop.png")

    # The departure's "Book" link.
    start = f"/en/bookings/start/{departure.pk}/"
    tab_to(page, lambda e: e["href"].endswith(start))
    page.keyboard.press("Enter")

    # Signed out: the sign-in form, filled in by typing.
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    tab_to(page, lambda e: e["name"] == "login")
    page.keyboard.type(site["user"].email)
    tab_to(page, lambda e: e["name"] == "password")
    page.keyboard.type(PASSWORD)
    tab_to(page, lambda e: e["tag"] == "button" and e["type"] == "submit")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(start) + "$"))

    # Step 1 with a group too small: the error summary takes the focus and links to the field.
    expect(page.get_by_text("Step 1 of 6")).to_be_visible()
    tab_to(page, lambda e: e["name"] == "participants_count")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    tab_to(page, lambda e: e["tag"] == "button")
    page.keyboard.press("Space")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    tab_to(page, lambda e: e["tag"] == "a" and e["href"] == "#id_participants_count")
    page.keyboard.press("Enter")
    expect(page.locator("#id_participants_count")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("8")
    tab_to(page, lambda e: e["tag"] == "button")
    page.keyboard.press("Enter")

    # Step 2: accommodation. Rooms typed into the first two fields of the form.
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    page.screenshot(path=artifacts_dir / "keyboard-booking-step-desktop.png", full_page=True)
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=artifacts_dir / "keyboard-booking-step-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    tab_to(page, lambda e: e["name"].endswith("_single"))
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    tab_to(page, lambda e: e["name"].endswith("_double"))
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    tab_to(page, lambda e: e["tag"] == "button" and "continue" in e["text"].lower())
    page.keyboard.press("Enter")

    # Step 3: extras (none offered) and step 4: participants, skipped for now.
    expect(page.get_by_text("Step 3 of 6")).to_be_visible()
    tab_to(page, lambda e: e["tag"] == "button" and "continue" in e["text"].lower())
    page.keyboard.press("Enter")
    expect(page.get_by_text("Step 4 of 6")).to_be_visible()
    tab_to(page, lambda e: "Skip for now" in e["text"])
    page.keyboard.press("Enter")

    # Step 5: the payment choice with the arrow keys, the policy with Space, then book.
    expect(page.get_by_text("Step 5 of 6")).to_be_visible()
    tab_to(page, lambda e: e["type"] == "radio")
    invoice = page.get_by_label("Invoice: we send an invoice for the whole amount")
    for _ in range(3):
        if invoice.is_checked():
            break
        page.keyboard.press("ArrowDown")
    expect(invoice).to_be_checked()
    tab_to(page, lambda e: e["type"] == "checkbox" and e["name"] == "accept_terms")
    page.keyboard.press("Space")
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Book now")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Booking confirmed")).to_be_visible()
    assert Booking.objects.get(contact=site["user"]).status == BookingStatus.CONFIRMED
    # From the end of the confirmation page the focus leaves the document: no trap.
    tab_through_page(page)


@pytest.mark.parametrize("width", [320, 375])
def test_pages_do_not_scroll_sideways_on_a_phone(site, live_server, page, width, artifacts_dir):
    host_index = site["catalogue"].host_index
    paths = {
        "home": "/en/",
        "home-fi": "/fi/",
        "programmes": "/en/programmes/",
        "programme": site["programme"].url,
        "programme-sv": site["catalogue"].translations["sv"][site["programme"].slug].url,
        "host": f"{host_index.url}{site['catalogue'].hosts[0].slug}/",
        "enquiry": site["catalogue"].enquiry.url,
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
    }
    page.set_viewport_size({"width": width, "height": 800})
    for name, path in paths.items():
        page.goto(live_server.url + path)
        assert page.evaluate(OVERFLOW_JS) <= 0, f"{name} scrolls sideways at {width} px"
        if width == 375 and name in ("home", "programme"):
            page.screenshot(path=artifacts_dir / f"a11y-{name}-phone.png", full_page=True)
    # A booking step too, signed in.
    _sign_in(page, live_server, site["user"])
    page.goto(f"{live_server.url}/en/bookings/start/{site['departure'].pk}/")
    assert page.evaluate(OVERFLOW_JS) <= 0


@pytest.mark.parametrize("width", [320, 375])
def test_learning_report_pages_do_not_scroll_sideways_on_a_phone(
    live_server, page, settings, width, artifacts_dir
):
    """The compiled report (developer view) and the shared report, in every language:
    wide tables and charts scroll in their own box, never the page (WCAG 1.4.10)."""
    settings.STAFF_MFA_REQUIRED = False
    settings.RATE_LIMITS_ENABLED = False
    report, developer = _published_report()
    reference = report.visit.booking.reference
    page.set_viewport_size({"width": width, "height": 800})
    for lang in ("en", "fi", "sv"):
        page.goto(f"{live_server.url}/{lang}/reports/shared/{report.share_token}/")
        expect(page.locator("#ratings")).to_be_attached()
        assert page.evaluate(OVERFLOW_JS) <= 0, f"shared report ({lang}) at {width} px"
    page.context.add_cookies([_session_cookie(developer, live_server)])
    for lang in ("en", "fi", "sv"):
        page.goto(f"{live_server.url}/{lang}/developer/reports/{reference}/")
        expect(page.locator("#ratings")).to_be_attached()
        assert page.evaluate(OVERFLOW_JS) <= 0, f"report page ({lang}) at {width} px"
    if width == 375:
        page.screenshot(path=artifacts_dir / "a11y-report-phone.png", full_page=True)


def _published_report():
    """A compiled, approved and published report with answers, a long Finnish column
    header, the 8-column ratings table and a four-figure amount."""
    from learning_reports.services import report_approve, report_publish, report_submit
    from learning_reports.tasks import compile_report
    from tests.accounts.factories import make_user
    from tests.learning_reports.factories import answer, invite, make_completed_visit, report_for

    world = make_completed_visit(participants=6)
    for invitation in invite(world)[:3]:
        answer(invitation, world, consent="anonymous")
    report = report_for(world)
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    manager = make_user("manager@paamaja.example", role="Programme managers")
    developer = make_user("developer@region.example", role="Regional developers")
    report_submit(report=report, actor=manager)
    report_approve(report=report, actor=developer)
    report = report_publish(report=report, actor=developer)
    return report, developer


def _sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_text_at_200_percent_loses_nothing(site, live_server, page, artifacts_dir):
    """WCAG 1.4.4: the browser's text size at 200 % (the root font size doubled, as
    Chromium's font-size setting does); nothing is cut off or needs sideways scrolling."""
    page.set_viewport_size({"width": 1280, "height": 900})
    for name, path in {
        "home": "/en/",
        "programme": site["programme"].url,
        "login": "/accounts/login/",
    }.items():
        page.goto(live_server.url + path)
        normal = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        bigger = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert bigger >= 1.9 * normal, f"{name}: text does not scale with the root size"
        assert page.evaluate(OVERFLOW_JS) <= 0, f"{name} scrolls sideways at 200 % text"
        clipped = page.evaluate(
            """() => [...document.querySelectorAll('h1, h2, p, a, label, button, td, th')]
                .filter(el => {
                  const s = getComputedStyle(el);
                  return (s.overflow === 'hidden' || s.textOverflow === 'ellipsis')
                    && el.scrollWidth > el.clientWidth + 1;
                }).map(el => el.outerHTML.slice(0, 80))"""
        )
        assert clipped == [], f"{name}: text cut off at 200 %: {clipped}"
        page.screenshot(path=artifacts_dir / f"a11y-{name}-text-200.png")


def test_motion_follows_the_reduced_motion_setting(site, live_server, page):
    page.emulate_media(reduced_motion="no-preference")
    page.goto(f"{live_server.url}/en/")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "smooth"
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{live_server.url}/en/")
    assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
    durations = page.evaluate(
        """() => [...document.querySelectorAll('*')].flatMap(el => {
             const s = getComputedStyle(el);
             return [s.transitionDuration, s.animationDuration];
           }).flatMap(v => v.split(',')).map(v => parseFloat(v) * (v.includes('ms') ? 1 : 1000))"""
    )
    assert max(durations) <= 0.01


def test_screenshots_at_phone_and_desktop_width(site, live_server, page, artifacts_dir):
    programme = site["programme"]
    shots = {"home": "/en/", "programme": programme.url, "home-fi": "/fi/"}
    for width, label in ((375, "phone"), (1280, "desktop")):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in shots.items():
            page.goto(live_server.url + path)
            target = artifacts_dir / f"screen-{name}-{label}.png"
            page.screenshot(path=target, full_page=True)
            assert target.stat().st_size > 10_000
