"""Schema-driven fuzzing of the partner API with schemathesis, against the real server.

The committed contract (api/openapi.yaml) is loaded with schemathesis's Python API and
every operation is called on a live server (pytest-django's live_server: real HTTP, real
threads, the test database) with generated cases, valid and invalid, once for each scope
of each owner (a token holding that one scope), once with every scope, and once with no
token. Each response goes through all of schemathesis's default checks (no server
error, documented status code, content type and headers, the response schema, invalid
input rejected, valid input accepted where it can be ...) and through a check of our own:
nothing answered belongs to another organisation than the token's.

The world is built once (one test: the live server's database is flushed after each
test); failures are collected, not shrunk, so one run reports them all.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import schemathesis
from django.conf import settings
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode
from schemathesis.config import SchemathesisConfig

from api.enums import SCOPES_FOR_OWNER, OwnerKind
from api.idempotency import KEY_PATTERN
from api.models import WebhookEndpoint
from bookings.models import Booking
from learning_reports.models import LearningReport
from visits.models import SiteVisit, Visit

from .conftest import build_world, make_token

SCHEMA = Path(settings.BASE_DIR) / "api" / "openapi.yaml"
# Examples per operation and identity: more where the token may act, few where it is
# refused (those only prove the refusal is documented problem details).
EXAMPLES_ALLOWED = 5
EXAMPLES_REFUSED = 1
EXAMPLES_REAL_OBJECTS = 2
# Schema-valid input may still be refused by the booking and visit rules (a group larger
# than the programme takes, a webhook address that is not public): 422, as documented.
# Everything else is schemathesis's default for positive_data_acceptance.
CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]
            }
        }
    }
)


@dataclass(frozen=True)
class Identity:
    name: str
    owner: str | None  # "a", "b", "asked", "region" or None
    scopes: frozenset[str]
    secret: str | None


def _identities(world) -> list[Identity]:
    people = {
        "a": (world["contact_a"], OwnerKind.DELEGATION, {"organisation": world["org_a"]}),
        "asked": (world["asked_user"], OwnerKind.HOST, {"host": world["asked"].host}),
        "region": (world["developer"], OwnerKind.REGION, {}),
    }
    found = [Identity("no token", None, frozenset(), None)]
    for owner, (actor, kind, where) in people.items():
        for scope in SCOPES_FOR_OWNER[kind]:
            new = make_token(actor, kind, scopes=[str(scope)], **where)
            found.append(Identity(f"{owner} {scope}", owner, frozenset({str(scope)}), new.secret))
        all_scopes = frozenset(str(s) for s in SCOPES_FOR_OWNER[kind])
        found.append(Identity(f"{owner} *", owner, all_scopes, world["tokens"][owner].secret))
    return found


def _needed_scope(operation) -> str | None:
    return {
        "programmes": "catalogue:read",
        "themes": "catalogue:read",
        "hosts": "catalogue:read",
        "bookings": "bookings:write" if operation.method.upper() == "POST" else "bookings:read",
        "host-requests": "host_requests:write"
        if operation.method.upper() == "POST"
        else "visits:read",
        "visits": "visits:read",
        "reports": "reports:read",
        "dashboard": "reports:read",
        "webhooks": "webhooks:manage",
    }[operation.path.split("/")[3]]


class CrossOrganisation(AssertionError):
    pass


def _owned(world, owner: str | None):
    """What each kind of row may be for this owner (None: only the public catalogue)."""
    org = {"a": world["org_a"]}.get(owner)
    host = world["asked"].host if owner == "asked" else None
    region = owner == "region"

    def booking(reference):
        b = Booking.objects.filter(reference=reference).first()
        return b is not None and org is not None and b.organisation_id == org.pk

    def visit(pk):
        v = Visit.objects.select_related("booking").filter(pk=pk).first()
        return v is not None and (
            region or (org is not None and v.booking.organisation_id == org.pk)
        )

    def host_request(pk):
        sv = SiteVisit.objects.select_related("host").filter(pk=pk).first()
        return (
            sv is not None and host is not None and sv.host.translation_key == host.translation_key
        )

    def report(pk):
        r = LearningReport.objects.select_related("visit__booking").filter(pk=pk).first()
        return r is not None and (
            region or (org is not None and r.visit.booking.organisation_id == org.pk)
        )

    def webhook(pk):
        e = WebhookEndpoint.objects.filter(pk=pk).first()
        if e is None or owner is None:
            return False
        token = world["tokens"][owner].token
        return (e.owner_kind, e.organisation_id, e.host_id) == (
            token.owner_kind,
            token.organisation_id,
            token.host_id,
        )

    return {
        "bookings": ("reference", booking),
        "visits": ("id", visit),
        "host-requests": ("id", host_request),
        "reports": ("id", report),
        "webhooks": ("id", webhook),
    }


def _check_own_rows(world, identity: Identity, case, response) -> None:
    if response.status_code not in (200, 201):
        return
    resource = case.operation.path.split("/")[3]
    checks = _owned(world, identity.owner)
    if resource not in checks:
        return  # the public catalogue and the region's aggregate figures
    key, mine = checks[resource]
    body = response.json()
    rows = body["results"] if isinstance(body, dict) and "results" in body else [body]
    if resource == "bookings" and case.operation.path.endswith("/participants/"):
        rows = [{"reference": body["booking"]}]
    for row in rows:
        if not mine(row[key]):
            raise CrossOrganisation(
                f"{identity.name} got {resource} {row[key]} of another organisation "
                f"({case.operation.method.upper()} {case.formatted_path})"
            )


def _real_path_parameters(world, operation) -> list[dict]:
    """The world's own objects, of every organisation, to read (or be refused) by id."""
    if "{reference}" in operation.path:
        return [{"reference": world[k].reference} for k in ("booking_a", "booking_b")]
    if "{id}" not in operation.path:
        return []
    resource = operation.path.split("/")[3]
    ids = {
        "programmes": [str(world["departure"].page.translation_key)],
        "host-requests": [world["asked"].pk, world["other"].pk],
        "visits": [world["visit_a"].pk, world["visit_b"].pk],
        "reports": [world["report"].pk],
        "webhooks": [world["endpoint_a"].pk, world["endpoint_b"].pk],
    }[resource]
    return [{"id": i} for i in ids]


def test_the_api_holds_to_its_schema_for_every_token(live_server, settings):
    settings.API_RATE_LIMIT = "1000000/60"  # the limit itself is tested in test_protocol.py
    settings.API_WEBHOOKS_ALLOW_PRIVATE = False  # the real guard (no DNS here: refused)
    from api.webhooks import endpoint_create

    world = build_world()
    for key, who, org in (
        ("endpoint_a", "contact_a", "org_a"),
        ("endpoint_b", "contact_b", "org_b"),
    ):
        settings.API_WEBHOOKS_ALLOW_PRIVATE = True
        world[key] = endpoint_create(
            actor=world[who],
            owner_kind="delegation",
            organisation=world[org],
            url=f"http://127.0.0.1:9/{key}",
            events=["booking.paid"],
        )
    settings.API_WEBHOOKS_ALLOW_PRIVATE = False
    identities = _identities(world)
    schema = schemathesis.openapi.from_path(SCHEMA, config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 22
    failures: list[str] = []
    counts = {"requests": 0, "server_errors": 0, "cross_organisation": 0}
    called: set[tuple[str, str]] = set()

    def run(operation, identity: Identity, examples: int, **fixed) -> None:
        token = {"Authorization": f"Bearer {identity.secret}"} if identity.secret else {}
        strategy = operation.as_strategy(GenerationMode.POSITIVE, **fixed) | operation.as_strategy(
            GenerationMode.NEGATIVE, **fixed
        )

        @hypothesis_settings(
            max_examples=examples,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def one(case):
            counts["requests"] += 1
            called.add((operation.label, identity.name))
            headers = dict(token)
            generated = (case.headers or {}).get("Idempotency-Key")
            if operation.method.upper() == "POST" and (
                generated is None or re.fullmatch(KEY_PATTERN, generated)
            ):
                # A client never reuses a key for another body (what a reused key does is
                # tested in test_protocol.py): a valid key is made unique per request, an
                # invalid one is sent as generated (and must be refused).
                if case.headers is not None:
                    case.headers.pop("Idempotency-Key", None)
                headers["Idempotency-Key"] = uuid.uuid4().hex
            response = case.call(base_url=live_server.url, headers=headers)
            if response.status_code >= 500:
                counts["server_errors"] += 1
            try:
                case.validate_response(response, headers=headers)
                _check_own_rows(world, identity, case, response)
            except CrossOrganisation as exc:
                counts["cross_organisation"] += 1
                failures.append(str(exc))
            except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - schemathesis's failures (a FailureGroup), collected
                failures.append(
                    f"{identity.name}: {case.operation.method.upper()} {case.formatted_path} "
                    f"-> {response.status_code} {response.text[:200]!r}\n    {exc}"
                )

        one()

    for operation in operations:
        needed = _needed_scope(operation)
        for identity in identities:
            allowed = needed in identity.scopes or (
                identity.secret is None and needed == "catalogue:read"
            )
            run(operation, identity, EXAMPLES_ALLOWED if allowed else EXAMPLES_REFUSED)
            if allowed:
                for parameters in _real_path_parameters(world, operation):
                    run(operation, identity, EXAMPLES_REAL_OBJECTS, path_parameters=parameters)
    report = json.dumps(counts)
    print(f"\nschemathesis: {report}, {len(failures)} failures")  # noqa: T201 - the run's numbers
    # Every operation was called with every identity (no token, each scope of each owner
    # alone, and every scope of each owner).
    assert len(called) == len(operations) * len(identities), report
    assert counts["server_errors"] == 0 and counts["cross_organisation"] == 0, report
    unique = sorted(set(failures))
    (Path(settings.BASE_DIR) / "test-artifacts").mkdir(exist_ok=True)
    (Path(settings.BASE_DIR) / "test-artifacts" / "schemathesis.txt").write_text(
        f"{report}\n\n" + "\n\n".join(unique)
    )
    assert not unique, f"{len(unique)} schema failures:\n" + "\n".join(unique[:25])
