"""World fixtures for the access matrix (tests/security/access_matrix.py).

A world fixture builds private objects and their owner and returns a dict with:
- "owner": the one user who may see them (a token link's owner need not log in);
- the objects, under the keys the OBJECT_URLS entries read;
- optionally "intruders": {role: user} added to (or replacing) the default intruders.
"""

from __future__ import annotations

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str

from accounts.models import User
from accounts.roles import REGIONAL_DEVELOPERS
from bookings.participants import participant_slots_ensure, participant_token
from learning_reports.enums import InvitationKind
from learning_reports.services import report_approve, report_publish, report_submit
from learning_reports.tasks import compile_report
from tests.accounts.factories import make_user
from tests.bookings.test_access import access_world  # noqa: F401 - a fixture, re-exported
from tests.learning_reports.factories import answer, invite, make_completed_visit, report_for
from tests.visits.factories import make_host_user, make_manager, make_visit, open_all_week
from visits.enums import FeedKind
from visits.models import CalendarFeed, SiteVisit
from visits.services import site_visit_send

from .access_matrix import (
    ANOTHER_DELEGATION,
    ANOTHER_HOST,
    PROGRAMME_MANAGER,
    THE_VISITS_DELEGATION,
    THE_VISITS_HOST,
)


@pytest.fixture
def bookings_world(access_world):  # noqa: F811 - the fixture imported above
    """tests/bookings/test_access.py's world: bookings at every step, their owner, another
    delegation with bookings of its own, a host and a regional developer."""
    return {**access_world, "intruders": access_world["users"]}


@pytest.fixture
def account_world():
    """A user with an unconfirmed address: its confirmation and password-reset links."""
    user = User.objects.create_user(email="owner@ministry.example", password="Kettu-Järvi-42")
    address = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    return {
        "owner": user,
        "address": address,
        "confirm_key": EmailConfirmationHMAC(address).key,
        "uidb36": user_pk_to_url_str(user),
        "reset_key": default_token_generator.make_token(user),
    }


# --------------------------------------------------------------------------- visits


@pytest.fixture
def visits_world():
    """A confirmed booking's visit, seen from its delegation.

    Two of its site visits were sent to two different hosts, each with a host user of its
    own ("asked", "other"); the delegation has a calendar feed and a participant's link to
    the briefing. Intruders: the contact of another delegation with a visit of its own,
    both host users (a host sees its requests, never the delegation's visit pages), and a
    programme manager (who works on visits in the admin, not here).
    """
    manager = make_manager(totp=True)
    visit = make_visit()
    site_visits = list(
        SiteVisit.objects.filter(item__visit=visit)
        .select_related("host")
        .order_by("item__starts_at", "pk")
    )
    asked = site_visits[0]
    other = next(sv for sv in site_visits if sv.host_id != asked.host_id)
    for site_visit in (asked, other):
        open_all_week(site_visit.host)
        site_visit_send(site_visit=site_visit, actor=manager, accept_warnings=True)
    asked_host_user = make_host_user(asked.host, totp=True)
    other_host_user = make_host_user(other.host, totp=True)
    participant = participant_slots_ensure(booking=visit.booking)[0]
    return {
        "owner": visit.booking.contact,
        "visit": visit,
        "asked": asked,
        "other": other,
        "manager": manager,
        "asked_host_user": asked_host_user,
        "other_host_user": other_host_user,
        "feed": CalendarFeed.objects.create(kind=FeedKind.VISIT, visit=visit),
        "participant_token": participant_token(participant),
        "intruders": {
            ANOTHER_DELEGATION: make_visit().booking.contact,
            THE_VISITS_HOST: asked_host_user,
            ANOTHER_HOST: other_host_user,
            PROGRAMME_MANAGER: manager,
        },
    }


@pytest.fixture
def visits_host_world(visits_world):
    """visits_world seen from the host the first request was sent to: its owner is that
    host's user. Intruders: the user of another host asked for the same visit, the visit's
    delegation contact and a programme manager."""
    w = visits_world
    return {
        **w,
        "owner": w["asked_host_user"],
        "site_visit": w["asked"],
        "host": w["asked"].host,
        "intruders": {
            ANOTHER_HOST: w["other_host_user"],
            THE_VISITS_DELEGATION: w["visit"].booking.contact,
            PROGRAMME_MANAGER: w["manager"],
        },
    }


@pytest.fixture
def vetting_world():
    """Two hosts vet the same visit, both lists open: host A's user owns A's list (only
    A's fields). Intruders: host B's user (whose own list of the same visit is open), the
    visit's delegation contact and a programme manager (who sees the state in the admin,
    never the host's list)."""
    from tests.visits.onsite_factories import vetted_visit

    world = vetted_visit(totp=True, b_days=10)
    return {
        **world,
        "owner": world["a_user"],
        "site_visit": world["a"],
        "intruders": {
            ANOTHER_HOST: world["b_user"],
            THE_VISITS_DELEGATION: world["visit"].booking.contact,
            PROGRAMME_MANAGER: world["manager"],
        },
    }


@pytest.fixture
def check_in_world():
    """A vetted visit whose host A accepted and whose site visit at A began five minutes
    ago: its check-in page belongs to host A's users (from that day) and to programme
    managers (the escort's office)."""
    from tests.visits.onsite_factories import today_visit

    w = today_visit(totp=True)
    return {
        **w,
        "owner": w["a_user"],
        "site_visit": w["a"],
        "intruders": {
            ANOTHER_HOST: w["b_user"],
            THE_VISITS_DELEGATION: w["visit"].booking.contact,
            PROGRAMME_MANAGER: w["manager"],
        },
    }


# --------------------------------------------------------------------------- delegations


@pytest.fixture
def delegations_world():
    """A confirmed booking with an issued visa invitation letter, seen from its contact.
    Intruders besides the defaults: a programme manager (who decides letters in the
    admin, not on the delegation's pages)."""
    from tests.delegations.factories import issued_letter, make_delegation_booking

    booking = make_delegation_booking()
    manager = make_manager(totp=True)
    letter = issued_letter(booking, manager=manager)
    return {
        "owner": booking.contact,
        "booking": booking,
        "letter": letter,
        "intruders": {PROGRAMME_MANAGER: manager},
    }


# --------------------------------------------------------------------------- learning reports


def _report_world(*, status: str | None, compiled: bool = True) -> dict:
    """A completed visit with two answers of three, its report (compiled, then submitted or
    published when asked), a regional developer, a programme manager and a host user for
    each of its two hosts."""
    world = make_completed_visit(participants=3)
    invitations = invite(world)
    for invitation in invitations[:2]:
        answer(invitation, world)
    report = report_for(world)
    manager = make_manager(totp=True)
    developer = make_user(
        f"developer-{report.pk}@region.example", role=REGIONAL_DEVELOPERS, totp=True
    )
    if compiled:
        compile_report(report_id=report.pk)
        report.refresh_from_db()
    if status in ("submitted", "published"):
        report = report_submit(report=report, actor=manager)
    if status == "published":
        report = report_approve(report=report, actor=developer)
        report = report_publish(report=report, actor=developer)
    return {
        "world": world,
        "report": report,
        "contact": world.booking.contact,
        "manager": manager,
        "developer": developer,
        "unanswered": invitations[2],
        "host_users": [make_host_user(sv.host, totp=True) for sv in world.site_visits],
    }


@pytest.fixture
def reports_world():
    """A submitted report, its reviewer (a regional developer) the owner. Intruders: the
    visit's own delegation contact and a host user of a host it visited, and a programme
    manager where the page is for reviewers only (managers read reports: READERS)."""
    w = _report_world(status="submitted")
    return {
        **w,
        "owner": w["developer"],
        "intruders": {
            THE_VISITS_DELEGATION: w["contact"],
            THE_VISITS_HOST: w["host_users"][0],
            PROGRAMME_MANAGER: w["manager"],
        },
    }


@pytest.fixture
def reports_published_world():
    """A published report, its sharer (a regional developer) the owner. Intruders as for
    reports_world: the visit's delegation contact, a host user of a host it visited and a
    programme manager (who reads reports but does not share them)."""
    w = _report_world(status="published")
    return {
        **w,
        "owner": w["developer"],
        "intruders": {
            THE_VISITS_DELEGATION: w["contact"],
            THE_VISITS_HOST: w["host_users"][0],
            PROGRAMME_MANAGER: w["manager"],
        },
    }


@pytest.fixture
def reports_manager_world():
    """A draft report, its editor (a programme manager) the owner. Intruders: the visit's
    delegation contact, a host user of a host it visited (and, by default, a regional
    developer, who reviews but never edits)."""
    w = _report_world(status=None)
    return {
        **w,
        "owner": w["manager"],
        "intruders": {
            THE_VISITS_DELEGATION: w["contact"],
            THE_VISITS_HOST: w["host_users"][0],
        },
    }


@pytest.fixture
def report_links_world():
    """The private links of a visit's delegation: an open feedback questionnaire, a
    follow-up questionnaire and the published report's share link."""
    w = _report_world(status="published")
    follow_up = invite(w["world"], kind=InvitationKind.FOLLOW_UP)[0]
    return {
        **w,
        "owner": w["contact"],
        "feedback_token": w["unanswered"].token,
        "follow_up_token": follow_up.token,
        "share_token": w["report"].share_token,
    }


@pytest.fixture
def debrief_world():
    """A site visit of a completed visit, its debrief written by a user of that host (the
    owner). Intruders: the user of the other host of the same visit, the visit's
    delegation contact and a programme manager."""
    w = _report_world(status=None, compiled=False)
    return {
        **w,
        "owner": w["host_users"][0],
        "site_visit": w["world"].site_visits[0],
        "intruders": {
            ANOTHER_HOST: w["host_users"][1],
            THE_VISITS_DELEGATION: w["contact"],
            PROGRAMME_MANAGER: w["manager"],
        },
    }


# --------------------------------------------------------------------------- API access


@pytest.fixture
def api_access_world(settings):
    """A delegation's API token and webhook endpoint (disabled, with a failed delivery),
    its contact the owner. Default intruders: another delegation, a host, a developer."""
    import datetime

    from django.utils import timezone

    from api.models import WebhookDelivery, WebhookEndpoint
    from api.tokens import token_create
    from api.webhooks import endpoint_create
    from tests.bookings.factories import make_delegation

    settings.API_WEBHOOKS_ALLOW_PRIVATE = True  # no network: the address is not fetched
    organisation, contact = make_delegation()
    token = token_create(
        actor=contact,
        owner_kind="delegation",
        organisation=organisation,
        name="Booking system",
        scopes=["bookings:read"],
        expires_on=timezone.localdate() + datetime.timedelta(days=30),
    ).token
    endpoint = endpoint_create(
        actor=contact,
        owner_kind="delegation",
        organisation=organisation,
        url="https://hooks.example/paamaja",
        events=["booking.paid"],
    )
    WebhookEndpoint.objects.filter(pk=endpoint.pk).update(active=False)
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="booking.paid", status="failed", attempts=6
    )
    return {"owner": contact, "token": token, "endpoint": endpoint, "delivery": delivery}
