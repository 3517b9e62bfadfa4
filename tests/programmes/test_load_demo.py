"""`manage.py load_demo`: idempotent demo content in en/fi/sv and one demo user per role.

The command runs twice, once for the whole module, inside a transaction that is rolled back
at the end; each test then runs in a savepoint of its own.

Besides the catalogue, the apps above programmes add their demo, run in order by the demo
app (demo.loading): a confirmed booking with its visit and site-visit requests, the
delegation's logistics, and two ended visits with feedback and learning reports.
"""

from __future__ import annotations

import ast
import datetime
import html
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import resolve, reverse
from django.utils import timezone
from django.utils import translation as i18n
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision, Site

from accounts.roles import (
    DELEGATION_CONTACTS,
    HOSTS,
    PROGRAMME_MANAGERS,
    REGIONAL_DEVELOPERS,
    is_staff_role,
)
from bookings import demo as bookings_demo
from bookings.enums import BookingStatus
from core.demo import NOT_SENT
from core.models import OutboxMessage
from learning_reports.enums import CompileState, InvitationKind, ReportStatus
from learning_reports.models import (
    FeedbackInvitation,
    FeedbackResponse,
    FollowUpResponse,
    HostDebrief,
    LearningReport,
)
from programmes.demo.loader import demo_counts
from programmes.demo.users import DEMO_USERS
from programmes.enums import DepartureStatus, ItineraryItemKind, Sector
from programmes.models import (
    Departure,
    EnquiryFormPage,
    HomePage,
    HostIndexPage,
    HostOrganisation,
    ProgrammeIndexPage,
    ProgrammePage,
    StandardPage,
    ThemeIndexPage,
    ThemePage,
)
from visits import demo as visits_demo
from visits.enums import SiteVisitStatus, VisitStatus
from visits.models import HostMembership, SiteVisit, Visit

pytestmark = pytest.mark.django_db
LANGUAGES = ("en", "fi", "sv")
# The apps whose rows the demo writes besides the catalogue (every model, M2M included).
APP_LABELS = ("core", "accounts", "bookings", "delegations", "visits", "learning_reports")


@dataclass
class Demo:
    first: dict[str, int]
    second: dict[str, int]
    first_output: str
    second_output: str
    media_root: Path


def snapshot() -> dict[str, int]:
    """What the command creates, plus what any change would leave behind."""
    return {
        **demo_counts(),
        "Revision": Revision.objects.count(),
        "PageLogEntry": PageLogEntry.objects.count(),
        "EmailAddress": EmailAddress.objects.count(),
        "ReferenceIndex": ReferenceIndex.objects.count(),
        "live pages": Page.objects.live().count(),
        **{
            model._meta.label: model.objects.count()
            for label in APP_LABELS
            for model in django_apps.get_app_config(label).get_models(include_auto_created=True)
        },
    }


def load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, "--force", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media_root = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        cache.clear()  # Wagtail caches the site root paths of earlier tests' pages
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            first_output = load_demo()
            first = snapshot()
            second_output = load_demo()
            second = snapshot()
            yield Demo(first, second, first_output, second_output, media_root)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def demo_media(demo, settings):
    """The images' files are in the module's media folder, not in each test's own."""
    settings.MEDIA_ROOT = demo.media_root
    return demo


# ---------------------------------------------------------------------------- idempotency


def test_a_second_run_changes_nothing(demo):
    assert demo.second == demo.first
    assert "0 created, 0 updated" in demo.second_output


def test_the_first_run_prints_the_users_and_the_site(demo):
    for user in DEMO_USERS:
        assert user.email in demo.first_output
        assert user.password in demo.first_output
    for code in LANGUAGES:
        assert f"/{code}/" in demo.first_output
    assert "/admin/" in demo.first_output


def test_refresh_rewrites_the_texts_without_duplicating_anything(demo_media):
    output = load_demo("--refresh")
    assert "0 created" in output
    # New revisions and log entries, nothing else.
    ignored = {"Revision", "PageLogEntry"}
    after = {key: n for key, n in snapshot().items() if key not in ignored}
    assert after == {key: n for key, n in demo_media.first.items() if key not in ignored}


def test_a_cancelled_departure_is_replaced_on_the_next_run(demo_media):
    page = ProgrammePage.objects.get(locale__language_code="en", slug=_first_programme_slug())
    before = page.departures.count()
    departure = page.departures.order_by("start_date").first()
    departure.status = DepartureStatus.CANCELLED
    departure.save()
    load_demo()
    assert page.departures.count() == before + 1
    assert page.departures.filter(status=DepartureStatus.SCHEDULED).count() == before
    load_demo()
    assert page.departures.count() == before + 1


def _first_programme_slug() -> str:
    from programmes.demo.catalogue import PROGRAMMES

    return PROGRAMMES[0].slug


def test_without_debug_the_command_refuses_to_run(demo):
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", stdout=io.StringIO())


# ---------------------------------------------------------------------------- counts


@pytest.mark.parametrize(
    ("model", "minimum", "exact"),
    [
        (HomePage, 1, True),
        (ProgrammeIndexPage, 1, True),
        (ThemeIndexPage, 1, True),
        (HostIndexPage, 1, True),
        (EnquiryFormPage, 1, True),
        (ThemePage, 7, True),
        (ProgrammePage, 4, False),
        (StandardPage, 4, False),
        (HostOrganisation, 10, False),
    ],
)
def test_every_language_has_the_whole_catalogue(demo, model, minimum, exact):
    per_language = [demo.first[f"{model.__name__}[{code}]"] for code in LANGUAGES]
    assert per_language[0] >= minimum
    assert per_language == [per_language[0]] * 3, per_language
    if exact:
        assert per_language[0] == minimum


def test_hosts_come_from_all_five_sectors(demo):
    sectors = set(
        HostOrganisation.objects.filter(locale__language_code="en").values_list("sector", flat=True)
    )
    assert sectors == set(Sector.values)


def test_images_users_and_departures_are_there(demo):
    assert demo.first["Image"] >= 7 + 4 * 3  # themes, programme heroes and galleries
    assert demo.first["User"] >= len(DEMO_USERS) == 5
    assert demo.first["Departure"] >= 2 * 4


def test_the_default_site_starts_at_the_english_home_page(demo):
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.root_page.slug == "home"
    assert site.root_page.locale.language_code == "en"
    # Wagtail's "Welcome to your new Wagtail site!" page is gone.
    assert not Page.objects.filter(depth=2).exclude(pk__in=HomePage.objects.values("pk")).exists()


def test_menus_show_the_index_pages_the_about_page_and_the_enquiry_form(demo):
    for code in LANGUAGES:
        home = HomePage.objects.get(locale__language_code=code)
        in_menu = {p.slug for p in home.get_children().live().in_menu()}
        assert in_menu == {
            "programmes",
            "themes",
            "hosts",
            "about-the-region",
            # General questions; the header links the structured tailored request itself.
            "contact",
        }


# ---------------------------------------------------------------------------- content


def test_every_programme_is_complete(demo):
    for page in ProgrammePage.objects.live().select_related("locale", "hero_image"):
        where = f"{page.locale.language_code}:{page.slug}"
        assert 3 <= page.duration_days <= 5, where
        assert page.summary and page.search_description, where
        assert len(page.learning_objectives_list) >= 3, where
        assert page.themes.count() >= 1, where
        assert page.languages.count() >= 1, where
        assert page.hero_image is not None and page.hero_image.description, where
        gallery = list(page.gallery_images.all())
        assert 2 <= len(gallery) <= 4, where
        assert all(item.alt_text for item in gallery), where
        assert len(page.faqs) >= 2, where
        assert page.practical_notes and page.safety_notes, where
        tiers = sorted(page.price_tiers.all(), key=lambda t: t.min_participants)
        assert tiers and tiers[0].min_participants == page.group_size_min, where
        assert tiers[-1].max_participants == page.group_size_max, where
        assert all(str(t.price_per_person).endswith(".00") for t in tiers), where

        days = list(page.itinerary)
        assert len(days) == page.duration_days >= 3, where
        hosts_visited = set()
        for day in days:
            assert day.value["title"], where
            for item in day.value["items"]:
                assert item["title"] and item["duration_minutes"] > 0, where
                if item["kind"] == ItineraryItemKind.SITE_VISIT:
                    assert item["host"] is not None, where
                if item["host"] is not None:
                    # A translation visits the hosts of its own language.
                    assert item["host"].locale_id == page.locale_id, where
                    hosts_visited.add(item["host"])
        site_visits = [
            item
            for day in days
            for item in day.value["items"]
            if item["kind"] == ItineraryItemKind.SITE_VISIT
        ]
        assert site_visits, where
        assert len({host.sector for host in hosts_visited}) >= 2, where
        for host in hosts_visited:
            assert page.group_size_max <= host.max_group_size, (where, host.name)


def test_departures_hang_off_the_english_programmes_only(demo):
    from django.utils import timezone

    today = timezone.localdate()
    for page in ProgrammePage.objects.filter(locale__language_code="en"):
        departures = list(page.departures.all())
        assert 2 <= len(departures) <= 3, page.slug
        for departure in departures:
            assert departure.start_date > today
            assert 12 <= departure.seats <= 24
            assert departure.start_date.weekday() == 0  # Mondays
    assert not Departure.objects.exclude(page__locale__language_code="en").exists()


def test_translations_are_written_in_finnish_and_swedish(demo):
    locales = {code: Locale.objects.get(language_code=code) for code in LANGUAGES}
    for page in Page.objects.filter(locale=locales["en"], depth__gt=1).specific():
        fi = page.get_translation(locales["fi"]).specific
        sv = page.get_translation(locales["sv"]).specific
        for translation in (fi, sv):
            where = f"{translation.locale.language_code}:{page.slug}"
            assert translation.live, where
            assert translation.search_description, where
            assert translation.search_description != page.search_description, where
            if not isinstance(page, HomePage):  # the site's name is the same everywhere
                assert translation.title != page.title, where
        assert fi.search_description != sv.search_description, page.slug
    homes = {home.locale.language_code: home for home in HomePage.objects.all()}
    assert len({home.hero_heading for home in homes.values()}) == 3


def test_programme_itineraries_are_translated(demo):
    for page in ProgrammePage.objects.filter(locale__language_code="en"):
        english = [item["title"] for day in page.itinerary for item in day.value["items"]]
        for code in ("fi", "sv"):
            translation = ProgrammePage.objects.get(
                translation_key=page.translation_key, locale__language_code=code
            )
            titles = [item["title"] for day in translation.itinerary for item in day.value["items"]]
            assert len(titles) == len(english)
            # Meals such as "Lunch" may read the same in Swedish; most titles must differ.
            differing = sum(a != b for a, b in zip(english, titles, strict=True))
            assert differing >= 0.8 * len(titles), (code, page.slug)
            alts = [g.alt_text for g in translation.gallery_images.all()]
            assert alts and not set(alts) & {g.alt_text for g in page.gallery_images.all()}


def test_host_organisations_are_translated(demo):
    for host in HostOrganisation.objects.filter(locale__language_code="en"):
        assert host.latitude and host.longitude and host.street_address
        assert host.expertise_list and host.visitor_rules and host.accessibility
        assert host.image is not None and host.image.description
        for code in ("fi", "sv"):
            translation = HostOrganisation.objects.get(
                translation_key=host.translation_key, locale__language_code=code
            )
            assert translation.slug == host.slug
            assert translation.summary != host.summary
            assert translation.visitor_rules != host.visitor_rules
            assert len(translation.expertise_list) == len(host.expertise_list)


def test_the_enquiry_form_asks_what_a_tailored_programme_needs(demo):
    page = EnquiryFormPage.objects.get(locale__language_code="en")
    assert page.to_address == "programmes@paamaja.example"
    assert page.thank_you_text
    labels = [f.label for f in page.form_fields.all()]
    for label in (
        "Organisation",
        "Country",
        "Contact name",
        "E-mail",
        "Phone",
        "Preferred dates",
        "Group size",
        "Themes of interest",
        "Host organisations of interest",
        "Message",
    ):
        assert label in labels
    finnish = EnquiryFormPage.objects.get(locale__language_code="fi")
    fi_fields = list(finnish.form_fields.all())
    assert [f.label for f in fi_fields][0] == "Organisaatio"
    # The translation keeps the original's field names, so submissions compare.
    assert [f.clean_name for f in fi_fields] == [f.clean_name for f in page.form_fields.all()]
    themes = next(f for f in fi_fields if f.field_type == "checkboxes").choices.splitlines()
    assert len(themes) == 7 and "Matkustusturvallisuus" in themes


# ---------------------------------------------------------------------------- rendering


def test_every_live_page_renders_in_every_language(demo_media, client):
    failures = []
    for page in Page.objects.live().filter(depth__gt=1).specific():
        response = client.get(page.url)
        if response.status_code != 200:
            failures.append((page.url, response.status_code))
        elif html.escape(page.title) not in response.content.decode():
            failures.append((page.url, "title missing"))
    for host in HostOrganisation.objects.all():
        url = host.get_url()
        response = client.get(url)
        if response.status_code != 200 or html.escape(host.name) not in response.content.decode():
            failures.append((url, response.status_code))
    assert not failures


def test_the_home_pages_answer_under_their_language_prefix(demo_media, client):
    for code in LANGUAGES:
        response = client.get(f"/{code}/")
        assert response.status_code == 200
        home = HomePage.objects.get(locale__language_code=code)
        assert html.escape(home.hero_heading) in response.content.decode()


# ---------------------------------------------------------------------------- users


def test_the_demo_users_sign_in_with_the_printed_passwords(demo):
    User = get_user_model()
    for spec in DEMO_USERS:
        user = authenticate(username=spec.email, password=spec.password)
        assert user is not None, spec.email
        assert user.email == spec.email
        address = EmailAddress.objects.get(user=user)
        assert address.verified and address.primary
        if spec.group:
            assert user.groups.filter(name=spec.group).exists()
        assert user.is_superuser == spec.superuser
    assert User.objects.get(email="admin@paamaja.example").is_superuser


def test_the_delegation_contact_signs_in_through_allauth(demo, client):
    spec = next(u for u in DEMO_USERS if u.role == "Delegation contact")
    response = client.post(
        reverse("account_login"), {"login": spec.email, "password": spec.password}
    )
    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]
    assert "_auth_user_id" in client.session


def test_the_programme_manager_reaches_the_wagtail_admin(demo_media, client):
    spec = next(u for u in DEMO_USERS if u.group == PROGRAMME_MANAGERS)
    manager = get_user_model().objects.get(email=spec.email)
    assert not manager.is_staff  # access comes from the group's permissions
    # STAFF_MFA_REQUIRED is on in the tests: a staff role needs an authenticator first.
    TOTP.activate(manager, generate_totp_secret())
    assert client.login(username=spec.email, password=spec.password)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/pages/").status_code == 200
    home = HomePage.objects.get(locale__language_code="en")
    assert client.get(f"/admin/pages/{home.pk}/").status_code == 200
    programme = ProgrammePage.objects.filter(locale__language_code="en").first()
    assert client.get(f"/admin/pages/{programme.pk}/edit/").status_code == 200
    assert client.get("/admin/snippets/programmes/hostorganisation/").status_code == 200
    assert client.get("/admin/images/").status_code == 200
    assert get_image_model().objects.exists()


# ---------------------------------------------------------------------------- the apps' demo


def sign_in(client: Client, email: str):
    """Sign a demo user in; a staff role gets an authenticator first, as
    STAFF_MFA_REQUIRED (on in the tests) asks before any staff area."""
    user = get_user_model().objects.get(email=email)
    if is_staff_role(user):
        TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    return user


def demo_email(group: str) -> str:
    return next(spec.email for spec in DEMO_USERS if spec.group == group)


def printed_where(output: str, email: str) -> str:
    line = next(line for line in output.splitlines() if email in line)
    assert "not available" not in line, line
    return line.split()[-1]


def test_programmes_never_imports_the_apps_above_it():
    """The catalogue's demo knows nothing of the apps above it: the demo app (demo.loading)
    runs theirs after it; no import in a lower app names a higher one."""
    layers = ["programmes", "bookings", "delegations", "visits", "learning_reports"]
    root = Path(settings.BASE_DIR)
    offenders = []
    for n, app in enumerate(layers[:-1]):
        higher = set(layers[n + 1 :])
        for path in (root / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                if any(name.split(".")[0] in higher for name in names):
                    offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not offenders


def test_every_where_to_go_url_answers_its_user(demo_media):
    for spec in DEMO_USERS:
        for output in (demo_media.first_output, demo_media.second_output):
            assert printed_where(output, spec.email) == f"{settings.BASE_URL}{spec.where}"
        language = i18n.get_language_from_path(spec.where)
        with i18n.override(language or settings.LANGUAGE_CODE):
            resolve(spec.where)
        client = Client()
        sign_in(client, spec.email)
        response = client.get(spec.where)
        assert response.status_code == 200, (spec.role, spec.where, response.get("Location"))


def test_the_summary_shows_the_apps_sections(demo):
    for output in (demo.first_output, demo.second_output):
        assert "6 (3 upcoming, 1 in progress, 2 past)" in output
        assert "6 (3 upcoming, 1 in progress, 2 ended)" in output
        assert "on its waiting list: 1" in output
        assert "Requested: 1, Accepted: " in output and "Another time proposed: 1" in output
        assert "/admin/visits/situation/" in output
        assert "2 (Submitted for review: 1, Published: 1)" in output
        assert "13 of 15 invited participants" in output
        assert "/fi/developer/dashboard/" in output
    assert output.index("Learning reports") < output.index("Demo users")


def test_the_delegation_contact_has_a_confirmed_booking_with_a_visit(demo_media):
    booking = bookings_demo.booking_for(bookings_demo.UPCOMING)
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.contact.email == demo_email(DELEGATION_CONTACTS)
    assert booking.start_date > timezone.localdate()
    assert booking.participants.count() == booking.participants_count == 6
    assert booking.participants.filter(completed_at__isnull=False).count() == 5
    assert booking.rooms.exists() and booking.invoices.count() == 1
    visit = Visit.objects.get(booking=booking)
    assert visit.status == VisitStatus.PLANNING
    assert visit.items.count() >= 10 and visit.manager is not None
    assert visit.risk_assessment.risks.count() == len(visits_demo.RISK_CHECKLIST)

    client = Client()
    sign_in(client, booking.contact.email)
    assert booking.reference in client.get("/en/bookings/mine/").content.decode()
    assert client.get(f"/en/bookings/{booking.reference}/").status_code == 200
    response = client.get(f"/en/visits/{visit.pk}/itinerary/")
    assert response.status_code == 200
    first_item = visit.items.order_by("starts_at").first()
    assert html.escape(first_item.title) in response.content.decode()


def test_the_site_visit_requests_are_in_mixed_states(demo):
    visit = visits_demo.visit_for(bookings_demo.UPCOMING)
    states = {
        sv.host.slug: sv.status
        for sv in SiteVisit.objects.filter(item__visit=visit).select_related("host")
    }
    assert states == {
        visits_demo.SITUATION_CENTRE: SiteVisitStatus.ACCEPTED,
        visits_demo.DEMO_HOST: SiteVisitStatus.REQUESTED,
        visits_demo.VOLUNTEERS: SiteVisitStatus.PROPOSED,
        visits_demo.CAMPUS: SiteVisitStatus.DRAFT,
    }
    proposed = SiteVisit.objects.get(item__visit=visit, status=SiteVisitStatus.PROPOSED)
    assert proposed.proposed_start > proposed.item.starts_at


def test_the_programme_manager_sees_the_visits_in_the_admin(demo_media):
    client = Client()
    sign_in(client, demo_email(PROGRAMME_MANAGERS))
    response = client.get("/admin/visits/")
    assert response.status_code == 200
    for visit in Visit.objects.all():
        assert visit.booking.reference in response.content.decode()
    upcoming = visits_demo.visit_for(bookings_demo.UPCOMING)
    response = client.get(f"/admin/visits/{upcoming.pk}/")
    assert response.status_code == 200
    assert upcoming.booking.reference in response.content.decode()


def test_the_host_sees_the_request_waiting_for_an_answer(demo_media):
    client = Client()
    host = sign_in(client, demo_email(HOSTS))
    membership = HostMembership.objects.get(user=host)
    assert membership.host.slug == visits_demo.DEMO_HOST
    waiting = SiteVisit.objects.get(host=membership.host, status=SiteVisitStatus.REQUESTED)
    with i18n.override("fi"):
        link = reverse("visits:host_request", args=[waiting.pk])
    response = client.get("/fi/visits/host/")
    assert response.status_code == 200
    assert [sv.pk for sv in response.context["open_requests"]] == [waiting.pk]
    # Answered: the two ended visits and the one in progress today (its programme, too,
    # visits the demo host; tomorrow's does not).
    assert len(response.context["answered"]) == 3
    assert link in response.content.decode()
    response = client.get(link)
    assert response.status_code == 200 and response.context["can_answer"]


def test_the_ended_visits_have_feedback_debriefs_and_reports(demo):
    reports = {}
    for key in (bookings_demo.ENDED_RECENTLY, bookings_demo.ENDED_EARLIER):
        visit = visits_demo.visit_for(key)
        assert visit.status == VisitStatus.COMPLETED
        assert visit.ends_on < timezone.localdate()
        assert visit.incidents.count() == 1
        assert not SiteVisit.objects.filter(item__visit=visit).exclude(
            status=SiteVisitStatus.ACCEPTED
        )
        invited = FeedbackInvitation.objects.filter(visit=visit, kind=InvitationKind.FEEDBACK)
        answered = FeedbackResponse.objects.filter(visit=visit)
        assert invited.filter(sent_at__isnull=False).count() == invited.count()
        assert invited.count() - 1 == answered.count() >= 6  # most of them answered
        assert len(set(answered.values_list("overall_rating", flat=True))) >= 3
        assert {"named", "anonymous", "none"} <= set(answered.values_list("consent", flat=True))
        assert HostDebrief.objects.filter(site_visit__item__visit=visit).count() == 2
        report = LearningReport.objects.get(visit=visit)
        assert report.compile_state == CompileState.DONE
        assert report.observations and report.recommendations
        assert report.content["ratings"]["feedback"]["answered"] == answered.count()
        assert report.content["quotes"]  # consented quotes only
        reports[key] = report
    comments = " ".join(FeedbackResponse.objects.values_list("apply_at_home", flat=True))
    assert "kunnan" in comments.lower() and "skolorna" in comments  # fi and sv, besides en
    assert reports[bookings_demo.ENDED_RECENTLY].status == ReportStatus.SUBMITTED
    published = reports[bookings_demo.ENDED_EARLIER]
    assert published.status == ReportStatus.PUBLISHED and published.share_token
    assert published.comments.count() == 1 and published.versions.count() == 5
    assert FollowUpResponse.objects.filter(visit=published.visit).count() == 4


def test_the_developer_sees_the_submitted_report_and_the_dashboard(demo_media):
    client = Client()
    sign_in(client, demo_email(REGIONAL_DEVELOPERS))
    submitted = LearningReport.objects.get(status=ReportStatus.SUBMITTED)
    reference = submitted.visit.booking.reference
    response = client.get("/fi/developer/reports/")
    assert response.status_code == 200
    assert reference in response.content.decode()
    response = client.get(f"/fi/developer/reports/{reference}/")
    assert response.status_code == 200 and response.context["can_review"]
    response = client.get("/fi/developer/dashboard/")
    assert response.status_code == 200
    assert response.context["f"]["visits"] == 2
    assert response.context["f"]["answers"] == 13


def test_the_host_reaches_the_debrief_of_an_ended_visit(demo_media):
    client = Client()
    host = sign_in(client, demo_email(HOSTS))
    site_visit = SiteVisit.objects.get(
        host__memberships__user=host,
        item__visit=visits_demo.visit_for(bookings_demo.ENDED_RECENTLY),
    )
    reference = site_visit.item.visit.booking.reference
    response = client.get(f"/fi/host/debrief/{reference}/{site_visit.pk}/")
    assert response.status_code == 200


def test_the_demo_does_not_send_its_emails(demo):
    emails = OutboxMessage.objects.filter(task__endswith="_email")
    assert emails.exists()
    assert not emails.exclude(status=OutboxMessage.Status.DONE).exists()
    assert set(emails.values_list("last_error", flat=True)) == {NOT_SENT}


# ------------------------------------------------------------- duty of care (issue 19.7)


def test_the_situational_picture_has_a_visit_today_and_one_tomorrow(demo_media):
    from visits.models import BriefingAcknowledgement, ResourceAssignment
    from visits.selectors import situational_visits

    today = timezone.localdate()
    now = visits_demo.visit_for(bookings_demo.IN_PROGRESS)
    tomorrow = visits_demo.visit_for(bookings_demo.STARTS_TOMORROW)
    # Dates relative to the day the demo was loaded.
    assert now.starts_on < today < now.ends_on and now.status == VisitStatus.IN_PROGRESS
    assert tomorrow.starts_on == today + datetime.timedelta(days=1)
    assert tomorrow.status == VisitStatus.READY
    assert {now.pk, tomorrow.pk} <= {v.pk for v in situational_visits(day=today)}
    # An escort on duty today, an interpreter at tomorrow's site visits.
    assert now.escort.kind == "escort" and now.escort.phone
    interpreted = ResourceAssignment.objects.filter(
        item__visit=tomorrow, resource__kind="interpreter"
    )
    assert interpreted.exists()
    # Two of tomorrow's participants still have the briefing to acknowledge.
    assert BriefingAcknowledgement.objects.filter(visit=tomorrow).count() == 4
    assert tomorrow.booking.participants.count() == 6

    client = Client()
    sign_in(client, demo_email(PROGRAMME_MANAGERS))
    page = client.get("/admin/visits/situation/").content.decode()
    assert now.booking.reference in page and tomorrow.booking.reference in page
    assert html.escape(now.escort.name) in page
    data = client.get("/admin/visits/situation.json").json()
    assert {now.pk, tomorrow.pk} <= {row["id"] for row in data["visits"]}
    admin = client.get(f"/admin/visits/{tomorrow.pk}/").content.decode()
    assert "2 participants have not acknowledged the briefing." in admin
    assert html.escape(interpreted.first().resource.name) in admin


def test_one_departure_is_full_and_has_a_waiting_list(demo_media):
    from bookings.enums import WaitingStatus
    from bookings.models import WaitingListEntry
    from bookings.selectors import departure_seats_taken

    departure = bookings_demo.full_departure()
    assert departure.start_date > timezone.localdate()
    assert departure_seats_taken(departure_id=departure.pk) == departure.seats
    [entry] = WaitingListEntry.objects.filter(departure=departure)
    assert entry.status == WaitingStatus.WAITING
    assert entry.participants_count == bookings_demo.DELEGATIONS[bookings_demo.WAITING].size
    # Booking it leads to its waiting list, not to seats.
    client = Client()
    sign_in(client, demo_email(DELEGATION_CONTACTS))
    response = client.get(reverse("bookings:start", args=[departure.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("bookings:waiting_list", args=[departure.pk])
    assert "Join the waiting list" in response.content.decode()


def test_the_delegation_has_letters_protocol_and_a_rooming_list(demo_media, client):
    from delegations.models import InvitationLetter, RoomingListSending
    from delegations.selectors import participants_in_precedence

    booking = bookings_demo.booking_for(bookings_demo.UPCOMING)
    letters = InvitationLetter.objects.filter(booking=booking)
    assert sorted(letters.values_list("status", flat=True)) == ["issued", "requested"]
    issued = letters.get(status="issued")
    page = client.get(reverse("delegations:letter_verify", args=[issued.code]))
    assert page.status_code == 200 and issued.full_name in page.content.decode()
    # The order of precedence was set by hand: not the order by rank.
    order = [p.last_name for p in participants_in_precedence(booking)]
    assert order[:3] == ["Brandt", "Keller", "Vogel"]
    sending = RoomingListSending.objects.get(booking=booking)
    assert len(sending.rows) == booking.participants.count()
    assert "Delegation logistics" in demo_media.first_output
