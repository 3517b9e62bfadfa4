"""Journey 8 -- on site: a host vets its visitors, the escort checks the delegation in on
a phone that loses its connection, the programme manager sees vetting, arrivals and the
caterer's counts.

(a) A host user signs in from the site root, follows its portal's "Vetting lists" to
the list of the delegation it receives: only the fields it asked for (names and
nationality, not the passport numbers another host asked for), only its participants;
downloads the CSV; clears one person and refuses another. The programme manager then
opens the visit in the admin (bookings list -> booking -> "Open the visit") and sees
each host's vetting state, and the catering summary of the lunch: counts, no names
(until a participant agrees to be named). In English and in Finnish.

(b) On a phone-sized screen (390x844) the escort (a programme manager) signs in, goes
to the admin's situational picture and from it to the check-in page of today's site
visit; checks one participant in, loses the connection (the browser goes offline),
checks a second in -- kept on the phone, shown as waiting -- and when the connection
is back the phone sends it. The situational picture then shows both arrived and the
third missing. In English and in Finnish.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import Page, expect

from bookings.participants import participant_field_label
from tests.accounts.factories import PASSWORD, activate_totp
from tests.journeys.conftest import html_lang, sign_in, totp_code
from tests.journeys.words import Words as PageWords
from tests.programmes.factories import build_catalogue
from tests.visits.onsite_factories import today_visit, vetted_visit
from visits.catering import needs_sharing_set
from visits.enums import ItemKind, VettingStatus
from visits.models import Attendance, VettingDecision
from visits.services import item_add

HELSINKI = ZoneInfo("Europe/Helsinki")
LANGUAGE_NAMES = {"en": "English", "fi": "Suomi", "sv": "Svenska"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Words(PageWords):
    """The page's words; form labels of participant fields as bookings names them."""

    def field(self, name: str) -> str:
        with translation.override(self.language):
            return capfirst(str(participant_field_label(name)))


def _switch_language(page: Page, language: str) -> None:
    """The header's language switcher (also the signed-in user's language from now on)."""
    if language != "en":
        page.get_by_role("navigation", name="Language").get_by_role(
            "link", name=LANGUAGE_NAMES[language]
        ).click()
        page.wait_for_load_state()
    assert html_lang(page) == language


def _sign_in_staff(page: Page, root: str, email: str, secret: str) -> None:
    """The header's "Sign in", the form and the TOTP code; a manager lands in the admin.
    In English (the switcher first, if the browser was left in another language)."""
    page.goto(root + "/")
    if html_lang(page) != "en":
        page.get_by_role("navigation", name=re.compile(".")).get_by_role(
            "link", name="English"
        ).first.click()
        page.wait_for_load_state()
    page.get_by_role("link", name="Sign in", exact=True).first.click()
    page.get_by_label(re.compile(r"^E-?mail", re.I)).first.fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^Sign in$", re.I)).click()
    for _attempt in range(2):  # a code that rolled over on the way gets a second try
        page.get_by_label(re.compile("code", re.I)).fill(totp_code(secret))
        page.get_by_role("button", name=re.compile(r"^Sign in$", re.I)).click()
        page.wait_for_load_state()
        if not page.get_by_label(re.compile("code", re.I)).count():
            break


def _to_the_admin(page: Page, root: str, language: str, t: Words) -> None:
    """Back to the site root, the language, then the header's "Admin" link."""
    page.goto(root + "/")
    _switch_language(page, language)
    page.get_by_role("link", name=t("Admin"), exact=True).first.click()
    page.wait_for_load_state()


# --------------------------------------------------------------------------- (a)


@pytest.fixture
def vetting_world(site):
    build_catalogue(translate=True)
    world = vetted_visit(days_ahead=5)
    visit = world["visit"]
    lunch_at = world["a"].item.starts_at + datetime.timedelta(hours=3)
    world["lunch"] = item_add(
        visit=visit,
        kind=ItemKind.MEAL,
        title="Lunch at the city hall",
        starts_at=lunch_at,
        ends_at=lunch_at + datetime.timedelta(hours=1),
        actor=world["manager"],
    )
    world["a_secret"] = activate_totp(world["a_user"])
    world["manager_secret"] = activate_totp(world["manager"])
    return world


@pytest.mark.parametrize("language", ["en", "fi"])
def test_a_host_vets_its_visitors_and_the_manager_sees_the_state(
    language, vetting_world, site, page, shot, tmp_path
):
    world, t = vetting_world, Words(language)
    a, b = world["a"], world["b"]
    amira, bruno, chen = world["participants"]
    starts = timezone.localtime(a.item.starts_at, HELSINKI)

    # The host signs in from the root, takes its language, and follows its portal.
    sign_in(page, site, world["a_user"].email, secret=world["a_secret"])
    page.goto(site + "/")
    _switch_language(page, language)
    page.get_by_role("link", name=t("Site-visit requests"), exact=True).click()
    page.get_by_role("link", name=t("Vetting lists"), exact=True).click()
    expect(page.get_by_role("heading", name=t("Vetting lists"), level=1)).to_be_visible()
    # Only its own request is listed: host B's is not, nor is B's name.
    expect(page.get_by_role("row")).to_have_count(2)
    expect(page.get_by_text(b.host.name)).to_have_count(0)
    shot(page, f"{language}-vetting-lists")

    page.get_by_role(
        "link",
        name=t("Vetting list of %(when)s", when=f"{starts.day}.{starts.month}.{starts.year}"),
    ).click()
    table = page.get_by_role("table", name=t("Participants"))
    headers = [t("No."), t.field("first_name"), t.field("last_name"), t.field("nationality")]
    headers += [t("Vetting"), t("Decision")]
    expect(table.get_by_role("columnheader")).to_have_text(headers)
    for person in (amira, bruno, chen):
        expect(table.get_by_role("row").filter(has_text=person.last_name)).to_contain_text(
            person.nationality
        )
    # Nothing it did not ask for: not the passport (host B's field), not the e-mail,
    # not the dietary needs.
    for value in (amira.id_document_number, amira.email, "Vegetarian", "1975"):
        expect(page.get_by_text(value)).to_have_count(0)
    shot(page, f"{language}-vetting-list")

    # The CSV holds the same columns and rows, and nothing else.
    with page.expect_download() as download:
        page.get_by_role("link", name=t("Download the list (CSV)")).click()
    text = download.value.path().read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    with translation.override(language):
        labels = [str(participant_field_label(n)) for n in ("first_name", "last_name")]
        labels.append(str(participant_field_label("nationality")))
    assert rows[0] == [t("No."), *labels, t("Vetting")]
    assert [r[1:4] for r in rows[1:]] == [
        [p.first_name, p.last_name, p.nationality] for p in (amira, bruno, chen)
    ]
    assert amira.id_document_number not in text and amira.email not in text

    # Clear the first, refuse the second.
    page.get_by_role("button", name=t("Clear participant %(n)s", n=1)).click()
    expect(page.get_by_text(t("Saved: %(status)s.", status=t("Cleared")))).to_be_visible()
    page.get_by_role("button", name=t("Refuse participant %(n)s", n=2)).click()
    with translation.override(language):
        refused_label = str(VettingStatus.REFUSED.label)
        cleared_label = str(VettingStatus.CLEARED.label)
    expect(page.get_by_text(t("Saved: %(status)s.", status=refused_label))).to_be_visible()
    counts = t(
        "Cleared %(cleared)s · refused %(refused)s · pending %(pending)s",
        cleared=1,
        refused=1,
        pending=1,
    )
    expect(page.get_by_text(counts)).to_be_visible()
    expect(table.get_by_role("row").filter(has_text=amira.last_name)).to_contain_text(cleared_label)
    shot(page, f"{language}-decided")
    decisions = dict(
        VettingDecision.objects.filter(site_visit=a).values_list("participant_id", "status")
    )
    assert decisions == {amira.pk: VettingStatus.CLEARED, bruno.pk: VettingStatus.REFUSED}
    page.get_by_role("button", name=t("Sign out")).or_(
        page.get_by_role("link", name=t("Sign out"))
    ).first.click()
    page.wait_for_load_state()

    # The programme manager: the admin's bookings list -> the booking -> its visit.
    _sign_in_staff(page, site, world["manager"].email, world["manager_secret"])
    _to_the_admin(page, site, language, t)
    menu = page.get_by_role("navigation").filter(
        has=page.get_by_role("button", name=t("Bookings"), exact=True)
    )
    menu.get_by_role("button", name=t("Bookings"), exact=True).click()
    menu.get_by_role("link", name=t("Bookings"), exact=True).click()
    reference = world["visit"].booking.reference
    page.get_by_role("link", name=reference).first.click()
    page.get_by_role("link", name=t("Open the visit")).click()

    expect(page.get_by_role("heading", name=t("Vetting by hosts"))).to_be_visible()
    expect(page.get_by_text(counts)).to_be_visible()  # host A
    expect(
        page.get_by_text(
            t(
                "Cleared %(cleared)s · refused %(refused)s · pending %(pending)s",
                cleared=0,
                refused=0,
                pending=3,
            )
        )
    ).to_be_visible()  # host B: its list is not open yet
    refused_row = page.get_by_role("row").filter(has_text=str(bruno)).filter(has_text=refused_label)
    expect(refused_row).to_have_count(1)
    shot(page, f"{language}-manager-vetting")

    # The catering summary of the lunch: counts, and no names.
    expect(page.get_by_role("heading", name=t("Catering and accessibility"))).to_be_visible()
    meal = page.get_by_role("table").filter(has_text=t("No special diet"))
    expect(meal.get_by_role("row").filter(has_text=t("No special diet"))).to_contain_text("1")
    vegetarian = meal.get_by_role("row").filter(has_text=re.compile("Vegetarian"))
    expect(vegetarian).to_contain_text("2")
    expect(meal.get_by_role("row").filter(has_text="Wheelchair")).to_contain_text("1")
    for person in (amira, bruno, chen):
        expect(meal).not_to_contain_text(person.last_name)
    shot(page, f"{language}-catering")

    # Once Bruno agrees (on his briefing page; the service between the steps), his name
    # stands beside his needs, and only his.
    needs_sharing_set(participant=bruno, share_name=True)
    page.reload()
    meal = page.get_by_role("table").filter(has_text=t("No special diet"))
    expect(meal.get_by_role("row").filter(has_text="Wheelchair")).to_contain_text(str(bruno))
    expect(meal).not_to_contain_text(amira.last_name)
    expect(meal).not_to_contain_text(chen.last_name)


# --------------------------------------------------------------------------- (b)


@pytest.fixture
def check_in_world(site):
    build_catalogue(translate=True)
    world = today_visit()
    world["manager_secret"] = activate_totp(world["manager"])
    return world


@pytest.mark.parametrize("language", ["en", "fi"])
def test_the_escort_checks_in_on_a_phone_that_goes_offline(
    language, check_in_world, site, page, shot
):
    world, t = check_in_world, Words(language)
    a = world["a"]
    amira, bruno, chen = world["participants"]
    context = page.context.browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    try:
        _sign_in_staff(phone, site, world["manager"].email, world["manager_secret"])
        _to_the_admin(phone, site, language, t)
        _open_situation(phone, t)
        shot(phone, f"{language}-phone-situation")
        phone.get_by_role("link", name=t("Check-in at %(host)s", host=a.host.name)).first.click()
        expect(phone.get_by_role("heading", level=1)).to_contain_text(a.host.name)
        assert html_lang(phone) == language

        def person(p):
            return phone.get_by_role("listitem").filter(has_text=str(p))

        # Online: the press is sent at once.
        phone.get_by_role("button", name=t("Check in %(name)s", name=str(amira))).tap()
        expect(person(amira)).to_contain_text(t("Arrived"))
        expect(
            phone.get_by_role("button", name=t("Check in %(name)s", name=str(amira)))
        ).to_have_count(0)
        shot(phone, f"{language}-phone-first")
        assert Attendance.objects.filter(site_visit=a).count() == 1

        # Offline: kept on the phone and shown as waiting.
        context.set_offline(True)
        phone.get_by_role("button", name=t("Check in %(name)s", name=str(chen))).tap()
        expect(person(chen)).to_contain_text(t("Waiting to send"))
        expect(phone.get_by_role("status")).to_contain_text(
            t("No connection: check-ins are kept on this phone and sent when it is back.")
        )
        shot(phone, f"{language}-phone-offline")
        assert Attendance.objects.filter(site_visit=a).count() == 1

        # Back online: the phone sends it by itself.
        context.set_offline(False)
        expect(phone.get_by_role("status")).to_have_text(t("All check-ins are sent."))
        expect(person(chen)).to_contain_text(t("Arrived"))
        expect(person(chen)).not_to_contain_text(t("Waiting to send"))
        shot(phone, f"{language}-phone-sent")
        arrived = set(
            Attendance.objects.filter(site_visit=a).values_list("participant_id", flat=True)
        )
        assert arrived == {amira.pk, chen.pk}

        # The situational picture: both arrived at host A, Bruno missing.
        phone.go_back()
        phone.reload()
        row = phone.get_by_role("row").filter(has_text=world["visit"].booking.reference)
        with translation.override(language):
            arrived_text = str(translation.gettext("%(arrived)s of %(total)s arrived")) % {
                "arrived": 2,
                "total": 3,
            }
        expect(row).to_contain_text(f"{a.host.name}")
        expect(row).to_contain_text(arrived_text)
        expect(row).to_contain_text(f"{t('Missing')}: {bruno}")
        shot(phone, f"{language}-phone-situation-after")
    finally:
        context.close()


def _open_situation(page: Page, t: Words) -> None:
    """The admin's Visits menu -> Situational picture (on a phone the menu is folded)."""
    toggle = page.get_by_role("button", name=re.compile("sidebar|sivupalkki", re.I))
    menu_button = page.get_by_role("button", name=t("Visits"), exact=True)
    if not menu_button.is_visible() and toggle.count():
        toggle.first.click()
    menu_button.click()
    page.get_by_role("link", name=t("Situational picture"), exact=True).click()
    expect(page.get_by_role("heading", name=t("Situational picture")).first).to_be_visible()
