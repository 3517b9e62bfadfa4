"""The API's access matrix: every operation of /api/v1/, tried with the token of every
owner (delegation A and B, the asked and the other host, the region) and with none.

Each entry names who may use the operation on the object it names; everybody else gets
401 (no token), 403 (a scope or an owner the operation is not for) or 404 (another
organisation's object: not found, never shown), and a refused write changes nothing.
Lists are read by everyone allowed, and every row they return must be the reader's
own. A new API pattern fails `test_every_api_operation_is_in_the_matrix` until it is
declared here (tests/security/access_matrix.py sends the API's patterns here).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, get_resolver

from api import urls as api_urls
from bookings.models import Booking

WHO = ("a", "b", "asked", "other", "region")
DELEGATIONS = frozenset({"a", "b"})
HOSTS = frozenset({"asked", "other"})
EVERYONE = frozenset(WHO)
DOCUMENTATION = {"schema", "docs", "redoc"}  # public, the contract itself


@dataclass(frozen=True)
class Op:
    method: str
    path: Callable[[dict], str]
    allowed: frozenset[str]
    anonymous: bool = False  # the public catalogue
    data: Callable[[dict], dict] = lambda w: {}
    # For lists: who -> the ids a reader may see (every row must be among them).
    own_rows: Callable[[dict, str], set] | None = None
    row_id: str = "id"
    # A write's effect read back from the world: False after every refused caller.
    done: Callable[[dict], bool] | None = None
    extra: dict = field(default_factory=dict)


def _bookings(w, who):
    org = {"a": w["org_a"], "b": w["org_b"]}[who]
    return set(Booking.objects.filter(organisation=org).values_list("reference", flat=True))


def _host_requests(w, who):
    return {w[who].pk}


def _visits(w, who):
    return {
        "a": {w["visit_a"].pk},
        "b": {w["visit_b"].pk},
        "region": {w["visit_a"].pk, w["visit_b"].pk},
    }[who]


def _reports(w, who):
    return {"a": {w["report"].pk}, "b": set(), "region": {w["report"].pk}}[who]


def _webhooks(w, who):
    from api.models import WebhookEndpoint

    token = w["tokens"][who].token
    return set(
        WebhookEndpoint.objects.filter(
            owner_kind=token.owner_kind,
            organisation_id=token.organisation_id,
            host_id=token.host_id,
        ).values_list("pk", flat=True)
    )


def _status(key):
    def check(w):
        w[key].refresh_from_db()
        return w[key].status != "requested"

    return check


def _hold_made(w):
    return Booking.objects.filter(departure=w["departure"]).exists()


def _endpoint_gone(w):
    from api.models import WebhookEndpoint

    return not WebhookEndpoint.objects.filter(pk=w["endpoint"].pk).exists()


def _programme(w):
    return f"/api/v1/programmes/{w['departure'].page.translation_key}/"


MATRIX: dict[str, list[Op]] = {
    "programmes": [Op("GET", lambda w: "/api/v1/programmes/", EVERYONE, anonymous=True)],
    "programme": [Op("GET", _programme, EVERYONE, anonymous=True)],
    "themes": [Op("GET", lambda w: "/api/v1/themes/", EVERYONE, anonymous=True)],
    "hosts": [Op("GET", lambda w: "/api/v1/hosts/", EVERYONE, anonymous=True)],
    "bookings": [
        Op(
            "GET",
            lambda w: "/api/v1/bookings/",
            DELEGATIONS,
            own_rows=_bookings,
            row_id="reference",
        ),
        Op(
            "POST",
            lambda w: "/api/v1/bookings/",
            DELEGATIONS,
            data=lambda w: {"departure": w["departure"].pk, "participants_count": 2},
            done=_hold_made,
        ),
    ],
    "booking": [
        Op("GET", lambda w: f"/api/v1/bookings/{w['booking_b'].reference}/", frozenset({"b"}))
    ],
    "booking_participants": [
        Op(
            "POST",
            lambda w: f"/api/v1/bookings/{w['booking_b'].reference}/participants/",
            frozenset({"b"}),
            data=lambda w: {
                "first_name": "Anna",
                "last_name": "Schmidt",
                "organisation": "Ministry",
                "email": "anna@ministry.example",
                "nationality": "DE",
                "emergency_contact_name": "Max",
                "emergency_contact_phone": "+49 30 1",
            },
            done=lambda w: w["booking_b"].participants.filter(first_name="Anna").exists(),
        )
    ],
    "host_requests": [
        Op("GET", lambda w: "/api/v1/host-requests/", HOSTS, own_rows=_host_requests)
    ],
    "host_request": [
        Op("GET", lambda w: f"/api/v1/host-requests/{w['asked'].pk}/", frozenset({"asked"}))
    ],
    "accept": [
        Op(
            "POST",
            lambda w: f"/api/v1/host-requests/{w['asked'].pk}/accept/",
            frozenset({"asked"}),
            done=_status("asked"),
        )
    ],
    "decline": [
        Op(
            "POST",
            lambda w: f"/api/v1/host-requests/{w['other'].pk}/decline/",
            frozenset({"other"}),
            data=lambda w: {"reason": "Closed for renovation"},
            done=_status("other"),
        )
    ],
    "propose": [
        Op(
            "POST",
            lambda w: f"/api/v1/host-requests/{w['asked'].pk}/propose/",
            frozenset({"asked"}),
            data=lambda w: {
                "starts_at": w["asked"].item.starts_at.isoformat(),
                "ends_at": w["asked"].item.ends_at.isoformat(),
            },
            done=_status("asked"),
        )
    ],
    "visits": [Op("GET", lambda w: "/api/v1/visits/", DELEGATIONS | {"region"}, own_rows=_visits)],
    "visit": [
        Op("GET", lambda w: f"/api/v1/visits/{w['visit_b'].pk}/", frozenset({"b", "region"}))
    ],
    "reports": [
        Op("GET", lambda w: "/api/v1/reports/", DELEGATIONS | {"region"}, own_rows=_reports)
    ],
    "report": [
        Op("GET", lambda w: f"/api/v1/reports/{w['report'].pk}/", frozenset({"a", "region"}))
    ],
    "dashboard": [Op("GET", lambda w: "/api/v1/dashboard/", frozenset({"region"}))],
    "webhooks": [
        Op("GET", lambda w: "/api/v1/webhooks/", EVERYONE, own_rows=_webhooks),
        Op(
            "POST",
            lambda w: "/api/v1/webhooks/",
            EVERYONE,
            data=lambda w: {"url": "https://hooks.example/paamaja", "events": ["visit.ready"]},
        ),
    ],
    "webhook": [
        Op("GET", lambda w: f"/api/v1/webhooks/{w['endpoint'].pk}/", frozenset({"a"})),
        Op(
            "DELETE",
            lambda w: f"/api/v1/webhooks/{w['endpoint'].pk}/",
            frozenset({"a"}),
            done=_endpoint_gone,
        ),
    ],
}
OPERATIONS = [(name, i) for name, ops in MATRIX.items() for i in range(len(ops))]


def test_every_api_operation_is_in_the_matrix():
    names = {p.name for p in api_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names - DOCUMENTATION == set(MATRIX), sorted(names - DOCUMENTATION ^ set(MATRIX))
    resolver = get_resolver()
    for name, ops in MATRIX.items():
        pattern = next(p for p in api_urls.urlpatterns if p.name == name)
        view = pattern.callback.view_class
        for op in ops:
            assert hasattr(view, op.method.lower()), (name, op.method)
    assert resolver.resolve("/api/v1/programmes/").namespace == "api"


@pytest.fixture
def matrix_world(world, settings):
    from api.webhooks import endpoint_create

    # No network in the tests: the public-address guard is tested in test_webhooks.py.
    settings.API_WEBHOOKS_ALLOW_PRIVATE = True
    world["endpoint"] = endpoint_create(
        actor=world["contact_a"],
        owner_kind="delegation",
        organisation=world["org_a"],
        url="https://hooks.example/a",
        events=["booking.paid"],
    )
    return world


@pytest.mark.parametrize(("name", "index"), OPERATIONS, ids=[f"{n}-{i}" for n, i in OPERATIONS])
def test_operation_answers_its_owners_only(name, index, matrix_world, as_):
    w = matrix_world
    op = MATRIX[name][index]
    path = op.path(w)
    kwargs = {"data": op.data(w)} if op.method in ("POST",) else {}
    refused = [who for who in WHO if who not in op.allowed]
    anonymous = as_(None).call(op.method, path, **kwargs)
    if op.anonymous:
        assert anonymous.status_code == 200, anonymous.content
    else:
        assert anonymous.status_code == 401, (path, anonymous.status_code)
        assert anonymous["Content-Type"] == "application/problem+json"
    for who in refused:
        answer = as_(who).call(op.method, path, **kwargs)
        assert answer.status_code in (403, 404), (who, path, answer.status_code, answer.content)
        assert answer["Content-Type"] == "application/problem+json"
        if op.done is not None:
            assert not op.done(w), f"{who} changed something through {op.method} {path}"
    for who in sorted(op.allowed):
        answer = as_(who).call(op.method, path, **kwargs)
        assert answer.status_code in (200, 201, 204), (
            who,
            path,
            answer.status_code,
            answer.content,
        )
        if op.own_rows is not None:
            rows = {row[op.row_id] for row in answer.json()["results"]}
            assert rows <= op.own_rows(w, who), (who, path, rows)
        if op.done is not None:
            assert op.done(w)
            break  # done once: the next owner would find it done already
