"""The access walk: every object URL of the delegation's side, tried with the wrong users.

Every URL pattern in bookings.urls (the wings' included) that takes an argument
must have an entry in ACCESS below, which says how to build its arguments and what kind
of object it addresses. A new object URL that the walk does not know fails
`test_every_object_url_is_walked`, so nobody can add one without deciding who may see it.

For each object URL:
- the owner (a member of the booking's organisation) gets 200 (POST-only URLs: an
  answer that is not a refusal);
- another delegation's user, a host, a regional developer get 404 (or 403);
- an anonymous visitor is sent to the login page.
A private participant link is its own credential (no login), so it is walked with forged
and revoked tokens instead, which everyone, the owner included, is refused.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import HOSTS, REGIONAL_DEVELOPERS
from bookings.enums import PaymentMethod, PaymentStatus
from bookings.models import Payment
from bookings.services import booking_checkout

from .factories import make_delegation
from .test_views import confirmed_booking, held_booking, journey_world, sent_quote

pytestmark = pytest.mark.django_db

# One URLconf: the journey's patterns and, included, the card and invoicing wings'.
URL_MODULES = ("bookings.urls",)
# Argument names that address an object someone owns. A URL naming an object must carry
# one of these: references, signed tokens and invoice numbers are not guessable in
# sequence (invoice numbers are, but their view checks the owner); a bare sequential id never addresses an object on its own.
UNGUESSABLE = {"reference", "token", "number"}

OWNED = "owned"  # belongs to a delegation organisation
TOKEN = "token"  # a private link: the token is the credential
PUBLIC = "public"  # a catalogue object anyone signed in may book (a departure)


@dataclass(frozen=True)
class Access:
    kind: str
    build: Callable[[dict], dict[str, Any]]
    method: str = "get"
    data: dict = field(default_factory=dict)
    # Another object's id under the owner's reference: must be refused to the owner too.
    cross: Callable[[dict], dict[str, Any]] | None = None


def _ref(key: str):
    return lambda w: {"reference": w[key].reference}


ACCESS: dict[str, Access] = {
    # checkout (a booking in checkout)
    "accommodation": Access(OWNED, _ref("held")),
    "extras": Access(OWNED, _ref("held")),
    "participants": Access(OWNED, _ref("held")),
    "review": Access(OWNED, _ref("held")),
    # after checkout
    "detail": Access(OWNED, _ref("confirmed")),
    "confirmation": Access(OWNED, _ref("confirmed")),
    "cancel": Access(OWNED, _ref("confirmed")),
    "participant_edit": Access(
        OWNED,
        lambda w: {"reference": w["confirmed"].reference, "participant_id": w["participant"].pk},
        cross=lambda w: {
            "reference": w["confirmed"].reference,
            "participant_id": w["other_participant"].pk,
        },
    ),
    "quote_detail": Access(OWNED, _ref("quoted")),
    # one version of the quote, under its booking's reference; another delegation's quote
    # under the owner's reference is refused
    "quote_version": Access(
        OWNED,
        lambda w: {"reference": w["quoted"].reference, "quote_id": w["quote"].pk},
        cross=lambda w: {"reference": w["quoted"].reference, "quote_id": w["other_quote"].pk},
    ),
    "quote_pdf": Access(OWNED, _ref("quoted")),
    # the private participant link
    "participant_details": Access(TOKEN, lambda w: {"token": w["token"]}),
    # departures are the catalogue's: anyone signed in may start booking them
    "start": Access(PUBLIC, lambda w: {"departure_id": w["departure"].pk}),
    "waiting_list": Access(PUBLIC, lambda w: {"departure_id": w["departure"].pk}),
    # card payment (bookings.cards.urls)
    "pay": Access(OWNED, _ref("card")),
    "pay_card": Access(OWNED, _ref("card"), method="post", data={"token": ""}),
    "pay_return": Access(OWNED, _ref("card")),
    "pay_status": Access(OWNED, _ref("card")),
    # the delegation's invoice PDF, by invoice number (when that view exists)
    "invoice_pdf": Access(OWNED, lambda w: {"number": w["invoice"].number}),
    # a card payment's receipt, under its booking's reference; another booking's payment
    # under the owner's reference is refused
    "receipt_pdf": Access(
        OWNED,
        lambda w: {"reference": w["paid"].reference, "payment_id": w["receipt"].pk},
        cross=lambda w: {"reference": w["confirmed"].reference, "payment_id": w["receipt"].pk},
    ),
    # the buyer asks for an invoice marked paid for that card payment (POST only)
    "card_invoice_request": Access(
        OWNED,
        lambda w: {"reference": w["paid"].reference, "payment_id": w["receipt"].pk},
        method="post",
        cross=lambda w: {"reference": w["confirmed"].reference, "payment_id": w["receipt"].pk},
    ),
}


def _patterns(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry.url_patterns, prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            pattern = entry.pattern
            converters = getattr(pattern, "converters", None)
            if converters is not None:
                args = list(converters)
            else:  # a regex pattern
                args = list(pattern.regex.groupindex)
            yield entry.name, args


def object_urls() -> dict[str, list[str]]:
    """Every named pattern with arguments in the delegation-facing URL modules."""
    found: dict[str, list[str]] = {}
    for module_name in URL_MODULES:
        module = import_module(module_name)
        for name, args in _patterns(module.urlpatterns):
            if args:
                found[name] = args
    return found


# --------------------------------------------------------------------------- the world


def _user(email: str, role: str | None = None) -> User:
    user = User.objects.create_user(email=email, password="pw-123456789")
    if role:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


@pytest.fixture
def access_world(settings):
    # Card payments through a stand-in (not Stripe), without keys: nothing leaves the
    # machine, and the payment views still answer the owner.
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PUBLISHABLE_KEY = ""

    from bookings.participants import participant_slots_ensure, participant_token

    world = journey_world()
    departure = world["departure"]
    organisation, owner = make_delegation()
    other_organisation, other_user = make_delegation()

    held = held_booking(departure, organisation=organisation, contact=owner)
    confirmed = confirmed_booking(departure, organisation=organisation, contact=owner)
    card = booking_checkout(
        booking=held_booking(departure, organisation=organisation, contact=owner),
        payment_method=PaymentMethod.CARD,
    )
    quote = sent_quote(organisation=organisation, contact=owner)
    quoted = quote.booking
    participant = participant_slots_ensure(booking=confirmed)[0]
    # A card deposit as the webhook would leave it (Stripe is a stand-in here: the access
    # walk is about who reaches the receipt, not about how the payment succeeded).
    receipt = card.payments.order_by("due_date", "pk").first()
    Payment.objects.filter(pk=receipt.pk).update(
        status=PaymentStatus.SUCCEEDED, paid_at=timezone.now()
    )

    others = confirmed_booking(departure, organisation=other_organisation, contact=other_user)
    other_participant = participant_slots_ensure(booking=others)[0]
    other_quote = sent_quote(organisation=other_organisation, contact=other_user)

    return {
        "departure": departure,
        "owner": owner,
        "held": held,
        "confirmed": confirmed,
        "card": card,
        "paid": card,
        "receipt": receipt,
        "quoted": quoted,
        "quote": quote,
        "other_quote": other_quote,
        "invoice": confirmed.invoices.get(),
        "participant": participant,
        "token": participant_token(participant),
        "other_participant": other_participant,
        "users": {
            "another delegation": other_user,
            "host": _user("host@college.example", HOSTS),
            "regional developer": _user("dev@region.example", REGIONAL_DEVELOPERS),
        },
    }


def _request(client, access: Access, path: str):
    if access.method == "post":
        return client.post(path, access.data)
    return client.get(path)


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(reverse("account_login"))


REFUSED = {403, 404}


def _forged(token: str, participant_id: int) -> str:
    """The token with another participant's id in it and the original signature."""
    payload = base64.urlsafe_b64encode(
        json.dumps({"p": participant_id, "v": 0}, separators=(",", ":")).encode()
    ).decode()
    return ":".join([payload.rstrip("="), *token.split(":")[1:]])


# --------------------------------------------------------------------------- the walk


def test_every_object_url_is_walked():
    """Fails when an object URL is added that ACCESS does not know how to build."""
    urls = object_urls()
    unknown = sorted(set(urls) - set(ACCESS))
    assert not unknown, (
        f"URLs with arguments that the access walk does not know: {unknown}. "
        "Add each to ACCESS in tests/bookings/test_access.py with how to build its "
        "arguments and who owns it."
    )
    # Only ever unguessable references address an object, never a bare sequential id.
    for name, args in urls.items():
        if ACCESS[name].kind in (OWNED, TOKEN):
            assert UNGUESSABLE & set(args), f"{name} addresses an object by {args} only"
    assert {"detail", "participant_details", "accommodation", "cancel"} <= set(urls)


@pytest.mark.parametrize("name", sorted(ACCESS))
def test_wrong_users_are_refused_and_the_owner_is_not(name, access_world, client):
    urls = object_urls()
    if name not in urls:
        pytest.fail(f"bookings:{name} is not in the URL configuration")
    access = ACCESS[name]
    path = reverse(f"bookings:{name}", kwargs=access.build(access_world))

    if access.kind == TOKEN:
        _walk_token(name, access, path, access_world, client)
        return

    # Anonymous: to the login page.
    response = _request(client, access, path)
    assert _is_login_redirect(response), f"anonymous {name}: {response.status_code}"

    if access.kind == OWNED:
        for role, user in access_world["users"].items():
            client.force_login(user)
            response = _request(client, access, path)
            assert response.status_code in REFUSED, f"{role} got {response.status_code} at {path}"
            client.logout()

    client.force_login(access_world["owner"])
    response = _request(client, access, path)
    if access.method == "get":
        assert response.status_code == 200, f"owner got {response.status_code} at {path}"
    else:
        assert response.status_code not in REFUSED and not _is_login_redirect(response), (
            f"owner refused ({response.status_code}) at {path}"
        )
    if access.cross is not None:
        crossed = reverse(f"bookings:{name}", kwargs=access.cross(access_world))
        response = _request(client, access, crossed)
        assert response.status_code in REFUSED, f"owner reached another booking's object: {crossed}"
    if access.kind == PUBLIC:
        # A departure that does not exist (or cannot be booked) is simply not found.
        missing = reverse(f"bookings:{name}", kwargs={"departure_id": 987654321})
        assert client.get(missing).status_code == 404


def _walk_token(name, access, path, world, client):
    from bookings.participants import participant_revoke_link

    token = access.build(world)["token"]
    forged_tokens = [
        _forged(token, world["other_participant"].pk),
        token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb"),
        "not-a-token",
    ]
    everyone = [None, world["owner"], *world["users"].values()]
    for user in everyone:
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        for forged in forged_tokens:
            response = client.get(reverse(f"bookings:{name}", kwargs={"token": forged}))
            assert response.status_code in REFUSED, f"forged token answered {response.status_code}"
            assert world["other_participant"].booking.organisation.name not in (
                response.content.decode()
            )
    client.logout()
    # The genuine link works without login; revoked, it answers 410 Gone.
    assert client.get(path).status_code == 200
    participant_revoke_link(participant=world["participant"], actor=None)
    assert client.get(path).status_code == 410
