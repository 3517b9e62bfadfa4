"""The partner API's world: two delegation organisations, two host organisations and the
region, each with a token holding every scope its owner may have.

Delegation A has a completed visit with a published learning report; delegation B has a
confirmed booking whose visit sent site-visit requests to two hosts ("asked" and
"other"); a scheduled departure of a live programme takes holds. Every test reads one
organisation's things through its own token and the others' through theirs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from accounts.roles import REGIONAL_DEVELOPERS
from api.enums import SCOPES_FOR_OWNER, OwnerKind
from api.tokens import token_create
from learning_reports.services import report_approve, report_publish, report_submit
from learning_reports.tasks import compile_report
from tests.accounts.factories import make_user
from tests.bookings.factories import make_departure
from tests.learning_reports.factories import answer, invite, make_completed_visit, report_for
from tests.visits.factories import make_host_user, make_manager, make_visit, open_all_week
from visits.models import SiteVisit
from visits.services import site_visit_send


@dataclass
class ApiClient:
    """A Django test client that sends one token (or none) and JSON."""

    secret: str | None = None
    client: Client = field(default_factory=Client)

    def _headers(self, headers: dict) -> dict:
        out = {"Accept": "application/json"}
        if self.secret:
            out["Authorization"] = f"Bearer {self.secret}"
        # HTTP_IF_NONE_MATCH="x" -> If-None-Match: x (Django's own spelling, for brevity)
        out.update({k.removeprefix("HTTP_").replace("_", "-"): v for k, v in headers.items()})
        return out

    def get(self, path, data=None, **headers):
        return self.client.get(path, data, headers=self._headers(headers))

    def post(self, path, data=None, **headers):
        return self.client.post(
            path, data or {}, content_type="application/json", headers=self._headers(headers)
        )

    def delete(self, path, **headers):
        return self.client.delete(path, headers=self._headers(headers))

    def call(self, method, path, **kwargs):
        return getattr(self, method.lower())(path, **kwargs)


def make_token(actor, owner_kind, *, scopes=None, organisation=None, host=None, days=30):
    return token_create(
        actor=actor,
        owner_kind=owner_kind,
        name=f"{owner_kind} system",
        scopes=[str(s) for s in (scopes or SCOPES_FOR_OWNER[OwnerKind(owner_kind)])],
        expires_on=timezone.localdate() + datetime.timedelta(days=days),
        organisation=organisation,
        host=host,
    )


def build_world() -> dict:
    # Delegation A: a completed visit, its learning report published by the region.
    done = make_completed_visit(participants=3)
    for invitation in invite(done)[:2]:
        answer(invitation, done)
    report = report_for(done)
    manager = make_manager(totp=True)
    developer = make_user("developer@region.example", role=REGIONAL_DEVELOPERS, totp=True)
    compile_report(report_id=report.pk)
    report.refresh_from_db()
    report = report_submit(report=report, actor=manager)
    report = report_approve(report=report, actor=developer)
    report = report_publish(report=report, actor=developer)
    # Delegation B: a confirmed booking whose visit asked two hosts.
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
    asked.refresh_from_db()
    other.refresh_from_db()
    asked_user = make_host_user(asked.host, totp=True)
    other_user = make_host_user(other.host, totp=True)
    departure = make_departure(seats=20)
    org_a, contact_a = done.booking.organisation, done.booking.contact
    org_b, contact_b = visit.booking.organisation, visit.booking.contact
    tokens = {
        "a": make_token(contact_a, OwnerKind.DELEGATION, organisation=org_a),
        "b": make_token(contact_b, OwnerKind.DELEGATION, organisation=org_b),
        "asked": make_token(asked_user, OwnerKind.HOST, host=asked.host),
        "other": make_token(other_user, OwnerKind.HOST, host=other.host),
        "region": make_token(developer, OwnerKind.REGION),
    }
    return {
        "done": done,
        "report": report,
        "manager": manager,
        "developer": developer,
        "visit_a": done.visit,
        "booking_a": done.booking,
        "visit_b": visit,
        "booking_b": visit.booking,
        "asked": asked,
        "other": other,
        "asked_user": asked_user,
        "other_user": other_user,
        "departure": departure,
        "org_a": org_a,
        "org_b": org_b,
        "contact_a": contact_a,
        "contact_b": contact_b,
        "tokens": tokens,
    }


@pytest.fixture
def world(db):
    cache.clear()
    yield build_world()
    cache.clear()


@pytest.fixture
def as_(world):
    """as_("a") is a client with delegation A's token; as_(None) sends none."""

    def make(who: str | None) -> ApiClient:
        return ApiClient(world["tokens"][who].secret if who else None)

    return make
