"""axe-core (WCAG 2.2 A and AA rules) over every page a visitor, delegation or participant
can open, in English, Finnish and Swedish, in Debian's Chromium: 0 violations.

The list of pages is not written by hand. It comes from

- the URL configuration: every pattern `get_resolver()` knows is either scanned (a builder
  in TARGETS makes the objects it needs and returns the addresses) or excluded in EXCLUDED
  with a reason; a new pattern that is neither fails `test_every_url_pattern_is_classified`;
- the Wagtail page tree: every live page (each language's translation is a page of its
  own), plus the host pages that the host index routes to.

To cover a new view: add one line to TARGETS (a lambda that returns a path, or several)
or, if it is not an HTML page for people, one line to EXCLUDED saying why.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern

LANGUAGES = [code for code, _name in settings.LANGUAGES]
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# ----------------------------------------------------------------------------- the URL map


def url_patterns(resolver=None, prefix: str = "", namespace: str | None = None):
    """(route, key) for every pattern; key is "namespace:name", or the route if unnamed."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            part = "<lang>/"
        else:
            part = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, prefix + part, inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + part
            name = pattern.name
            key = (f"{namespace}:{name}" if namespace else name) if name else route
            yield route, key


# Not HTML pages for people, or not reachable by the public: why each is left out.
EXCLUDED_PREFIXES = {
    "admin/": "Wagtail's admin: staff only, Wagtail's own markup and accessibility checks",
    "django-admin/": "Django's admin: superusers only, Django's own markup",
}
EXCLUDED = {
    "healthz": "JSON health check for the load balancer",
    "robots_txt": "text file",
    "sitemap": "XML sitemap",
    "set_language": "POST-only redirect; the switcher uses links to /<lang>/ pages",
    "wagtaildocs_serve": "serves a document file",
    "wagtaildocs_authenticate_with_password": "no document is password-protected",
    "wagtailcore_authenticate_with_password": "no page is password-protected",
    "stripe_webhook": "Stripe's POST endpoint",
    "visits_feed": "iCalendar feed",
    "account_set_password": "only for accounts without a password; redirects otherwise",
    "account_confirm_login_code": "login by code is switched off",
    "account_reset_password_from_key_done": "same template as reset done, after a real reset",
    "mfa_authenticate": "needs a sign-in half-way through TOTP (covered by tests/accounts)",
    "mfa_reauthenticate": "needs a TOTP device; same form as mfa_authenticate",
    "mfa_deactivate_totp": "needs a TOTP device",
    "mfa_view_recovery_codes": "needs a TOTP device",
    "mfa_generate_recovery_codes": "needs a TOTP device",
    "mfa_download_recovery_codes": "text file",
    "bookings:pay_card": "JSON endpoint for checkout.js",
    "bookings:pay_status": "JSON endpoint for checkout.js",
    "bookings:invoice_pdf": "PDF",
    "bookings:receipt_pdf": "PDF",
    "bookings:card_invoice_request": "POST-only",
    "bookings:quote_pdf": "PDF",
    "visits:itinerary_pdf": "PDF",
    "visits:briefing_pdf": "PDF",
    "visits:today_json": "JSON for the today view's refresh",
    "visits:item_ics": "iCalendar file",
    "visits:feed_revoke": "POST-only",
    "learning_reports:shared_report_pdf": "PDF",
    "learning_reports:report_status": "JSON",
    "learning_reports:report_pdf": "PDF",
    "learning_reports:dashboard_csv": "CSV",
    "visits:host_vetting_csv": "CSV",
    "delegations:letter_pdf": "PDF",
    "learning_reports:report_comment": "POST-only",
    "learning_reports:report_action": "POST-only",
    "learning_reports:report_share": "POST-only",
    "learning_reports:report_texts": "POST-only",
    "accounts:data_export": "JSON download",
    # The partner API (api/): JSON for machines; its documentation pages are Swagger UI
    # and ReDoc as drf-spectacular-sidecar ships them (their own markup, not ours).
    **{
        f"api:{name}": "the partner API: JSON, or the third-party API documentation pages"
        for name in (
            "schema docs redoc programmes programme themes hosts bookings booking "
            "booking_participants host_requests host_request accept decline propose "
            "visits visit reports report dashboard webhooks webhook"
        ).split()
    },
    "api_access:revoke": "POST-only",
    "api_access:webhook_create": "POST-only (its errors are shown on the API access page)",
    "api_access:webhook_delete": "POST-only",
    "api_access:webhook_enable": "POST-only",
    "api_access:resend": "POST-only",
}


# Whether pressing this submit button sends its form: it has none to check, or the browser's
# own validation lets it through.
SUBMITS = """button => !button.form || button.form.noValidate || button.formNoValidate
    || button.form.checkValidity()"""

# Targets whose page is an error page on purpose, and the statuses it may answer with.
EXPECTED_STATUS = {"404": {404}, "invalid link": {404}, "invalid key": {200, 404}}


@dataclass
class Target:
    path: str  # with "{lang}" where the language prefix goes
    user: str | None = None  # a key of World.users, signed in; None: signed out
    submit: str | None = None  # CSS selector of a button to press to show the errors
    label: str = ""


@dataclass
class World:
    """The objects the pages need, built once with the test factories."""

    users: dict = field(default_factory=dict)
    departure: object = None
    full_departure: object = None
    held: object = None
    confirmed: object = None
    participant: object = None
    participant_token: str = ""
    expired: object = None
    quoted: object = None
    card: object = None
    visit: object = None
    site_visit: object = None
    feedback_token: str = ""
    follow_up_token: str = ""
    host: object = None
    reset_key: str = ""
    briefing_token: str = ""  # a participant's briefing link, not yet acknowledged
    briefing_acknowledged_token: str = ""  # … and one whose holder has acknowledged it
    # Learning reports of completed visits, by their booking reference: compiled as a
    # draft, submitted for review (after one round of changes), and published.
    report_draft: str = ""
    report_submitted: str = ""
    report_published: str = ""
    share_token: str = ""
    debrief_new: str = ""  # a host's debrief form of a site visit, not yet written
    debrief_saved: str = ""  # … and of one whose debrief the host has saved
    vetting_site_visit: object = None  # a request whose host vets; its list is open
    letter_code: str = ""  # an issued visa invitation letter's verification code
    api_endpoint: object = None  # the contact's webhook: disabled, one failed delivery


def _t(path, user=None, submit=None):
    return lambda w: [Target(path.format(w=w, lang="{lang}"), user, submit)]


# Pattern key -> the pages to scan for it. `w` is the World.
TARGETS: dict[str, Callable[[World], list[Target]]] = {
    # (Its forms are in closed <details>: their errors use includes/form_field.html, as
    # every other form scanned with its errors.)
    "api_access:access": _t("/{lang}/api-access/", "contact"),
    "api_access:deliveries": lambda w: [
        Target(f"/{{lang}}/api-access/webhooks/{w.api_endpoint.pk}/", "contact")
    ],
    "account_login": lambda w: [
        Target("/accounts/login/"),
        Target("/accounts/login/", submit="form button[type=submit]", label="errors"),
    ],
    "account_signup": lambda w: [
        Target("/accounts/signup/"),
        Target("/accounts/signup/", submit="form button[type=submit]", label="errors"),
    ],
    "account_reset_password": lambda w: [
        Target("/accounts/password/reset/"),
        Target("/accounts/password/reset/", submit="form button[type=submit]", label="errors"),
    ],
    "account_reset_password_done": _t("/accounts/password/reset/done/"),
    "account_reset_password_from_key": lambda w: [Target(w.reset_key)],
    "account_email_verification_sent": _t("/accounts/confirm-email/"),
    "account_confirm_email": lambda w: [
        Target("/accounts/confirm-email/not-a-key/", label="invalid key")
    ],
    "account_inactive": _t("/accounts/inactive/"),
    "account_logout": _t("/accounts/logout/", "contact"),
    "account_reauthenticate": _t("/accounts/reauthenticate/", "contact"),
    "account_email": _t("/accounts/email/", "contact"),
    "account_change_password": _t("/accounts/password/change/", "contact"),
    "mfa_index": _t("/accounts/2fa/", "contact"),
    "mfa_activate_totp": _t("/accounts/2fa/totp/activate/", "contact"),
    "wagtailcore_login": _t("/{lang}/_util/login/"),
    "bookings:mine": _t("/{lang}/bookings/mine/", "contact"),
    "bookings:organisation": _t("/{lang}/bookings/organisation/", "contact"),
    "bookings:organisation_create": lambda w: [
        Target("/{lang}/bookings/organisation/new/", "contact"),
        Target(
            "/{lang}/bookings/organisation/new/", "contact", "main form [type=submit]", "errors"
        ),
    ],
    "bookings:organisation_join": _t("/{lang}/bookings/organisation/join/", "contact"),
    "bookings:tailored_request": lambda w: [
        Target("/{lang}/bookings/tailored/", "contact"),
        Target("/{lang}/bookings/tailored/", "contact", "main form [type=submit]", "errors"),
    ],
    "bookings:start": lambda w: [
        Target(f"/{{lang}}/bookings/start/{w.departure.pk}/", "contact"),
        Target(f"/{{lang}}/bookings/start/{w.full_departure.pk}/", "contact", label="full"),
    ],
    "bookings:waiting_list": _t(
        "/{lang}/bookings/start/{w.full_departure.pk}/waiting-list/", "contact"
    ),
    "bookings:participant_details": lambda w: [
        Target(f"/{{lang}}/bookings/participant/{w.participant_token}/"),
        Target(
            f"/{{lang}}/bookings/participant/{w.participant_token}/",
            submit="main form [type=submit]",
            label="errors",
        ),
        Target("/{lang}/bookings/participant/not-a-token/", label="invalid link"),
    ],
    "bookings:detail": lambda w: [
        Target(f"/{{lang}}/bookings/{b.reference}/", "contact", label=b.status)
        for b in (w.confirmed, w.held, w.quoted, w.card)
    ],
    "bookings:accommodation": lambda w: [
        Target(f"/{{lang}}/bookings/{w.held.reference}/accommodation/", "contact"),
        Target(
            f"/{{lang}}/bookings/{w.expired.reference}/accommodation/", "contact", label="expired"
        ),
    ],
    "bookings:extras": _t("/{lang}/bookings/{w.held.reference}/extras/", "contact"),
    "bookings:participants": lambda w: [
        Target(f"/{{lang}}/bookings/{w.held.reference}/participants/", "contact"),
        Target(f"/{{lang}}/bookings/{w.confirmed.reference}/participants/", "contact"),
    ],
    "bookings:participant_edit": _t(
        "/{lang}/bookings/{w.confirmed.reference}/participants/{w.participant.pk}/", "contact"
    ),
    "bookings:review": _t("/{lang}/bookings/{w.held.reference}/review/", "contact"),
    "bookings:confirmation": _t(
        "/{lang}/bookings/{w.confirmed.reference}/confirmation/", "contact"
    ),
    "bookings:cancel": _t("/{lang}/bookings/{w.confirmed.reference}/cancel/", "contact"),
    "bookings:quote_detail": _t("/{lang}/bookings/{w.quoted.reference}/quote/", "contact"),
    "bookings:quote_version": lambda w: [
        Target(
            f"/{{lang}}/bookings/{w.quoted.reference}/quote/{w.quoted.quotes.get().pk}/",
            "contact",
        )
    ],
    "bookings:pay": _t("/{lang}/bookings/pay/{w.card.reference}/", "contact"),
    "bookings:pay_return": _t("/{lang}/bookings/pay/{w.card.reference}/return/", "contact"),
    "visits:itinerary": _t("/{lang}/visits/{w.visit.pk}/itinerary/", "visit_contact"),
    "visits:today": _t("/{lang}/visits/{w.visit.pk}/today/", "visit_contact"),
    "visits:briefing": _t("/{lang}/visits/{w.visit.pk}/briefing/", "visit_contact"),
    "visits:host_index": _t("/{lang}/visits/host/", "host"),
    "visits:host_request": _t("/{lang}/visits/host/requests/{w.site_visit.pk}/", "host"),
    "visits:host_calendar": _t("/{lang}/visits/host/calendar/", "host"),
    "visits:host_availability": _t("/{lang}/visits/host/{w.host.pk}/availability/", "host"),
    "visits:host_vetting_index": _t("/{lang}/visits/host/vetting/", "vet_host"),
    "visits:host_vetting": _t(
        "/{lang}/visits/host/requests/{w.vetting_site_visit.pk}/vetting/", "vet_host"
    ),
    # The escort's office (a manager): the host's own users only from the day.
    "visits:check_in": _t(
        "/{lang}/visits/site-visits/{w.vetting_site_visit.pk}/check-in/", "manager"
    ),
    "visits:briefing_participant": lambda w: [
        Target(f"/{{lang}}/visits/briefing/p/{w.briefing_token}/", label="to acknowledge"),
        Target(f"/{{lang}}/visits/briefing/p/{w.briefing_acknowledged_token}/", label="read"),
        Target("/{lang}/visits/briefing/p/not-a-token/", label="invalid link"),
    ],
    "learning_reports:feedback": _t("/{lang}/feedback/{w.feedback_token}/"),
    "learning_reports:follow_up": _t("/{lang}/follow-up/{w.follow_up_token}/"),
    "learning_reports:report_list": _t("/{lang}/developer/reports/", "developer"),
    "learning_reports:shared_report": lambda w: [
        Target(f"/{{lang}}/reports/shared/{w.share_token}/"),
        Target("/{lang}/reports/shared/not-a-token/", label="invalid link"),
    ],
    "learning_reports:report_detail": lambda w: [
        Target(f"/{{lang}}/developer/reports/{w.report_draft}/", "developer", label="draft"),
        # The programme manager edits the draft: texts form, and the message once saved.
        Target(f"/{{lang}}/developer/reports/{w.report_draft}/", "manager", label="editing"),
        Target(
            f"/{{lang}}/developer/reports/{w.report_draft}/",
            "manager",
            "form[action$='/texts/'] [type=submit]",
            "texts saved",
        ),
        # Submitted again after a round of comments: the reviewer's forms and comments; asking
        # for changes without a comment on this version is refused (the error message).
        Target(f"/{{lang}}/developer/reports/{w.report_submitted}/", "developer", label="review"),
        Target(
            f"/{{lang}}/developer/reports/{w.report_submitted}/",
            "developer",
            "form[action$='/request_changes/'] [type=submit]",
            "errors",
        ),
        Target(f"/{{lang}}/developer/reports/{w.report_published}/", "developer", label="shared"),
    ],
    "learning_reports:dashboard": _t("/{lang}/developer/dashboard/", "developer"),
    "learning_reports:host_debrief": lambda w: [
        Target(w.debrief_new, "debrief_host"),
        Target(w.debrief_new, "debrief_host", "main form [type=submit]", "errors"),
        Target(w.debrief_saved, "debrief_host", label="written"),
        Target(w.debrief_saved, "debrief_host", "main form [type=submit]", "saved"),
    ],
    "accounts:delete": _t("/accounts/me/delete/", "contact"),
    "delegations:letters": lambda w: [
        Target(f"/{{lang}}/delegations/{w.confirmed.reference}/letters/", "contact"),
        Target(
            f"/{{lang}}/delegations/{w.confirmed.reference}/letters/",
            "contact",
            "main form [type=submit]",
            "errors",
        ),
    ],
    "delegations:letter_verify_form": _t("/{lang}/delegations/letters/verify/"),
    "delegations:letter_verify": lambda w: [
        Target(f"/{{lang}}/delegations/letters/verify/{w.letter_code}/", label="genuine"),
        Target("/{lang}/delegations/letters/verify/AAAA-AAAA-AAAA/", label="invalid link"),
    ],
    # Every live page of the tree, in its own language, and the hosts it routes to.
    "wagtail_serve": lambda w: _page_tree_targets(),
}


def _page_tree_targets() -> list[Target]:
    from wagtail.models import Page

    from programmes.models import EnquiryFormPage, HostIndexPage, HostOrganisation

    targets: list[Target] = []
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        url = page.get_url()
        if not url:
            continue
        language = page.locale.language_code
        path = "/{lang}/" + url.removeprefix(f"/{language}/")
        name = type(page).__name__
        # Each translation is a page of its own: scanned under its own language only.
        targets.append(_Fixed(path, label=name, language=language))
        if isinstance(page, EnquiryFormPage):
            targets.append(
                _Fixed(path, submit="main form [type=submit]", label="errors", language=language)
            )
        if isinstance(page, HostIndexPage):
            for host in HostOrganisation.objects.filter(locale=page.locale):
                targets.append(_Fixed(f"{path}{host.slug}/", label="host", language=language))
    return [
        *targets,
        Target("/{lang}/programmes/?theme=&duration=&language=&price=", label="filtered"),
        Target("/{lang}/no-such-page/", label="404"),
    ]


@dataclass
class _Fixed(Target):
    """A page-tree target: scanned only in the language of the page itself."""

    language: str = "en"


# --------------------------------------------------------------------------- fast check


def test_every_url_pattern_is_classified():
    """A new URL pattern must be scanned (TARGETS) or excluded with a reason (EXCLUDED)."""
    unclassified = []
    for route, key in url_patterns():
        if route.startswith(tuple(EXCLUDED_PREFIXES)):
            continue
        if key in TARGETS or key in EXCLUDED:
            continue
        unclassified.append(f"{key}  ({route})")
    assert not unclassified, (
        "These URL patterns are neither scanned for accessibility nor excluded with a "
        "reason; add a line to TARGETS or EXCLUDED in tests/e2e/test_accessibility.py:\n"
        + "\n".join(unclassified)
    )
    known = {key for _route, key in url_patterns()}
    stale = sorted((set(TARGETS) | set(EXCLUDED)) - known)
    assert not stale, f"TARGETS/EXCLUDED name patterns that no longer exist: {stale}"


# --------------------------------------------------------------------------- the scan


def build_world() -> World:
    from allauth.account.forms import default_token_generator
    from allauth.account.models import EmailAddress
    from allauth.account.utils import user_pk_to_url_str
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import REGIONAL_DEVELOPERS
    from bookings.models import Booking, Organisation, Participant
    from bookings.participants import participant_slots_ensure, participant_token
    from bookings.services import booking_checkout, booking_start
    from learning_reports.enums import AppliedLevel, CompileState, InvitationKind, ReportSection
    from learning_reports.services import (
        follow_up_submit,
        host_debrief_save,
        report_approve,
        report_compile_request,
        report_get_or_create,
        report_publish,
        report_request_changes,
        report_submit,
        report_update_texts,
        review_comment_add,
    )
    from tests.accounts.factories import make_user
    from tests.bookings.factories import (
        default_policy,
        make_departure,
        make_extra,
        make_room_type,
        vat_rates,
    )
    from tests.bookings.test_views import sent_quote
    from tests.learning_reports.factories import answer, invite, make_completed_visit
    from tests.programmes.factories import build_catalogue
    from tests.visits.factories import make_host_user, make_manager, make_visit, open_all_week
    from visits.models import HostMembership, SiteVisit
    from visits.services import briefing_acknowledge, site_visit_send

    catalogue = build_catalogue()
    vat_rates()
    default_policy()
    world = World()
    programme = catalogue.programmes[0]
    world.departure = programme.departures.get()
    world.full_departure = catalogue.programmes[1].departures.get()
    start = world.departure.start_date
    make_room_type(nights=[start + datetime.timedelta(days=n) for n in range(-1, 4)])
    make_extra(unit="person", price="65.00")

    contact = User.objects.create_user(email="anna.schmidt@bmi.example", password="x-Kettu-42")
    EmailAddress.objects.create(user=contact, email=contact.email, verified=True, primary=True)
    organisation = Organisation.objects.create(
        name="Bundesministerium des Innern",
        country="DE",
        type="ministry",
        billing_address="Alt-Moabit 140\n10557 Berlin",
    )
    organisation.members.add(contact)
    world.users["contact"] = contact

    def start_booking(departure, count):
        return booking_start(
            departure=departure,
            organisation=organisation,
            contact=contact,
            participants_count=count,
        )

    world.confirmed = booking_checkout(
        booking=start_booking(world.departure, 6), payment_method="invoice"
    )
    world.participant = participant_slots_ensure(booking=world.confirmed)[0]
    world.participant_token = participant_token(world.participant)
    world.held = start_booking(world.departure, 6)
    later = make_departure(programme=programme, seats=20, days_ahead=120)
    world.expired = start_booking(later, 6)
    Booking.objects.filter(pk=world.expired.pk).update(
        hold_expires_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    world.card = start_booking(later, 6)
    # The second programme's departure is sold out to another delegation.
    other, _ = Organisation.objects.get_or_create(
        name="Other ministry", defaults={"country": "SE", "type": "ministry"}
    )
    other.members.add(contact)
    booking_checkout(
        booking=booking_start(
            departure=world.full_departure,
            organisation=other,
            contact=contact,
            participants_count=world.full_departure.seats,
        ),
        payment_method="invoice",
    )
    world.quoted = sent_quote(organisation=organisation, contact=contact).booking
    # A confirmed visit of another delegation, and a user of one of its hosts.
    world.visit = make_visit(participants=4)
    world.users["visit_contact"] = world.visit.booking.contact
    # Its first site visit is requested from the host, whose user answers in the portal.
    world.site_visit = SiteVisit.objects.filter(item__visit=world.visit).order_by(
        "item__starts_at"
    )[0]
    world.host = world.site_visit.host
    open_all_week(world.host)
    site_visit_send(site_visit=world.site_visit, actor=make_manager(), accept_warnings=True)
    world.users["host"] = make_host_user(world.host)
    # Two of its participants follow the briefing link; one has confirmed reading it.
    reader, acknowledged = (
        Participant.objects.create(
            booking=world.visit.booking, first_name=name, last_name="Weber", email=email
        )
        for name, email in (("Jonas", "jonas@bmi.example"), ("Lea", "lea@bmi.example"))
    )
    briefing_acknowledge(participant=acknowledged)
    # The reader has a dietary need: the briefing asks whether caterers may name them.
    Participant.objects.filter(pk=reader.pk).update(dietary_needs="Vegetarian")
    world.briefing_token = participant_token(reader)
    # A visit received by two hosts that vet their visitors (host A's list is open).
    from tests.visits.onsite_factories import vetted_visit

    vetting = vetted_visit(accept=True)
    world.vetting_site_visit = vetting["a"]
    world.users["vet_host"] = vetting["a_user"]
    world.briefing_acknowledged_token = participant_token(acknowledged)
    # The contact's API access: a token and a webhook that was disabled after failures.
    from api.models import WebhookDelivery, WebhookEndpoint
    from api.tokens import token_create

    token_create(
        actor=contact,
        owner_kind="delegation",
        organisation=organisation,
        name="Booking system",
        scopes=["bookings:read"],
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    world.api_endpoint = WebhookEndpoint.objects.create(
        owner_kind="delegation",
        organisation=organisation,
        url="https://hooks.example/paamaja",
        events=["booking.confirmed"],
        secret="whsec_accessibility",
        active=False,
        created_by=contact,
    )
    WebhookDelivery.objects.create(
        endpoint=world.api_endpoint, event="booking.confirmed", status="failed", attempts=6
    )
    # Visa invitation letters of the confirmed booking: one issued, one waiting.
    from delegations.letters import letter_issue, letter_request
    from tests.delegations.factories import letter_data

    for issue in (True, False):
        letter = letter_request(
            booking=world.confirmed,
            participant=None,
            actor=contact,
            data=letter_data(world.confirmed),
        )
        if issue:
            world.letter_code = letter_issue(letter=letter, actor=make_manager()).code
    # A completed visit whose participants are asked for feedback and a follow-up; some
    # of them have answered, and so has one of the hosts.
    completed = make_completed_visit()
    feedback = invite(completed)
    follow_ups = invite(completed, InvitationKind.FOLLOW_UP)
    world.feedback_token = feedback[0].token
    world.follow_up_token = follow_ups[0].token
    answer(feedback[1], completed, consent="named")
    answer(
        feedback[2],
        completed,
        overall=4,
        nps=7,
        site=(4, 3),
        objectives=(3, 2),
        apply_at_home="A volunteer brigade network like the one we saw.",
        improve="Less time on the bus.",
    )
    answer(
        feedback[3],
        completed,
        overall=3,
        nps=4,
        site=(2, 5),
        objectives=(2, 4),
        consent="none",
        apply_at_home="",
        improve="Interpretation into Estonian.",
    )
    follow_up_submit(
        invitation=follow_ups[1],
        applied_level=AppliedLevel.MUCH,
        behaviour="We now train with the police.",
        cooperation=True,
        cooperation_details="A joint exercise with the rescue college.",
        consent="anonymous",
    )
    follow_up_submit(invitation=follow_ups[2], applied_level=AppliedLevel.SOME)
    # A host user who works for both of its hosts (a college and its water lab).
    debrief_host = make_host_user(completed.hosts[0])
    HostMembership.objects.create(user=debrief_host, host=completed.hosts[1])
    world.users["debrief_host"] = debrief_host
    host_debrief_save(
        site_visit=completed.site_visits[0],
        actor=debrief_host,
        how_it_went="Lively questions about the water rescue drills.",
        questions_asked="Ice rescue; volunteer fire brigades.",
        follow_up_contacts="Estonian Academy of Security Sciences",
        cooperation=True,
    )
    reference = completed.booking.reference
    world.debrief_saved = f"/{{lang}}/host/debrief/{reference}/{completed.site_visits[0].pk}/"
    world.debrief_new = f"/{{lang}}/host/debrief/{reference}/{completed.site_visits[1].pk}/"
    developer = make_user("developer@region.example", role=REGIONAL_DEVELOPERS)
    manager = make_manager()
    world.users["developer"] = developer
    world.users["manager"] = manager

    # Its learning report: compiled (Celery is eager), reviewed and published with a link.
    def compiled(visit_world):
        report = report_compile_request(
            report=report_get_or_create(visit=visit_world.visit), actor=manager
        )
        report.refresh_from_db()
        assert report.compile_state == CompileState.DONE, report.compile_state
        return report

    report = compiled(completed)
    report_update_texts(
        report=report,
        actor=manager,
        observations="An attentive group; the ice rescue demonstration stood out.",
        lessons_learned="Half a day more at the water lab.",
        recommendations="Offer the follow-up webinar in German.",
    )
    report_submit(report=report, actor=manager)
    report_approve(report=report, actor=developer)
    report = report_publish(report=report, actor=developer)
    world.report_published = reference
    world.share_token = report.share_token
    # Two more completed visits of the same programme: a draft, and a report under review.
    programme = completed.booking.programme
    draft = make_completed_visit(participants=3, programme=programme, country="EE")
    answer(invite(draft)[0], draft, consent="anonymous")
    compiled(draft)
    world.report_draft = draft.booking.reference
    reviewed = make_completed_visit(participants=4, programme=programme, country="SE")
    for invitation in invite(reviewed)[:2]:
        answer(invitation, reviewed)
    report = compiled(reviewed)
    report_submit(report=report, actor=manager)
    review_comment_add(
        report=report,
        actor=developer,
        section=ReportSection.LESSONS,
        text="Say what the hosts should change.",
    )
    review_comment_add(
        report=report, actor=developer, section=ReportSection.SUMMARY, text="Name the hosts."
    )
    report_request_changes(report=report, actor=developer)
    report_update_texts(
        report=report,
        actor=manager,
        observations="",
        lessons_learned="The water lab needs more time.",
        recommendations="",
    )
    report_submit(report=report, actor=manager)
    world.report_submitted = reviewed.booking.reference
    world.reset_key = (
        f"/accounts/password/reset/key/{user_pk_to_url_str(contact)}-"
        f"{default_token_generator.make_token(contact)}/"
    )
    return world


def _session_cookie(user, live_server) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def all_targets(world: World) -> list[tuple[str, Target]]:
    """(key, target) for every page to scan, in the order of the URL configuration."""
    seen, result = set(), []
    for _route, key in url_patterns():
        if key in TARGETS and key not in seen:
            seen.add(key)
            result += [(key, target) for target in TARGETS[key](world)]
    return result


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_in_every_language_has_no_wcag_violations(
    live_server, browser, settings, artifacts_dir
):
    from axe_playwright_python.sync_playwright import Axe

    from accounts.models import User

    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.STAFF_MFA_REQUIRED = False
    settings.RATE_LIMITS_ENABLED = False
    world = build_world()
    targets = all_targets(world)
    cookies = {key: _session_cookie(user, live_server) for key, user in world.users.items()}

    axe = Axe()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    reports, labels, blocked, scanned, current_user = [], [], [], 0, object()
    for language in LANGUAGES:
        # Signed in, pages without a language prefix follow the user's remembered choice.
        User.objects.update(preferred_language=language)
        for key, target in targets:
            if isinstance(target, _Fixed) and target.language != language:
                continue
            if target.user != current_user:
                context.clear_cookies()
                if target.user:
                    context.add_cookies([cookies[target.user]])
                current_user = target.user
            context.add_cookies(
                [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
            )
            address = live_server.url + target.path.replace("{lang}", language)
            response = page.goto(address)
            label = f"[{language}] {key} {target.label} {target.path}".replace("  ", " ")
            # The page itself, not a sign-in page or an error, unless an error is the point.
            expected = EXPECTED_STATUS.get(target.label, {200})
            assert response is not None and response.status in expected, (
                f"{label}: HTTP {response.status}"
            )
            assert target.user is None or "/accounts/login/" not in page.url, label
            if target.submit:
                button = page.locator(target.submit).last
                if button.evaluate(SUBMITS):
                    # The answer is a new page: wait for it (click() does not), or axe may
                    # scan the page being left.
                    with page.expect_navigation():
                        button.click()
                else:
                    # The browser's own validation keeps the form (required fields of
                    # forms without novalidate): what is scanned is the form as it shows.
                    button.click()
                    blocked.append(label)
            assert page.locator("html").get_attribute("lang") == language, label
            results = axe.run(
                page,
                options={
                    "runOnly": {"type": "tag", "values": WCAG_22_AA},
                    "resultTypes": ["violations"],
                },
            )
            scanned += 1
            labels.append(label)
            if results.violations_count:
                reports.append(f"{label}\n{results.generate_report()}")
    # The scanner itself works: a page with an image without a text alternative fails.
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    assert axe.run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    ).violations_count
    context.close()
    (artifacts_dir / "accessibility-scan.txt").write_text(
        f"{scanned} page states scanned, {len(reports)} with violations\n\n"
        + "\n\n".join(reports)
        + "\n\nScanned:\n"
        + "\n".join(labels)
        + "\n\nSubmitted, but kept on the page by the browser's validation:\n"
        + "\n".join(blocked)
        + "\n"
    )
    assert scanned > 100
    assert not reports, f"{len(reports)} of {scanned} page states violate WCAG 2.2 AA:\n\n" + (
        "\n\n".join(reports[:10])
    )
