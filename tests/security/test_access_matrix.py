"""The access matrix, generated from the URL configuration (see access_matrix.py).

Every pattern in config.urls must be declared; every object URL refuses every role but
its owner (and the roles also allowed); every own-data page sends an anonymous visitor to
log in; every role page answers its roles only; every admin URL refuses everyone who is
not staff.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group, Permission
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from accounts.roles import HOSTS, PROGRAMME_MANAGERS, REGIONAL_DEVELOPERS, is_staff_role
from tests.bookings.factories import make_delegation
from tests.programmes.factories import make_host
from tests.visits.factories import make_host_user

from .access_matrix import (
    ANONYMOUS,
    ANOTHER_DELEGATION,
    DELEGATION_CONTACT,
    HOST,
    OBJECT_URLS,
    OWN_DATA_ONLY,
    PROGRAMME_MANAGER,
    PUBLIC,
    REGIONAL_DEVELOPER,
    ROLE_PAGE_ROLES,
    ROLE_PAGES,
    STAFF_PREFIXES,
)

pytestmark = pytest.mark.django_db

REFUSED = {403, 404, 410}


@dataclass(frozen=True)
class Pattern:
    key: str  # "namespace:name", or the route of an unnamed pattern
    route: str
    args: tuple[str, ...]
    converters: dict
    module: str  # where the view is defined
    named: bool


def url_patterns() -> list[Pattern]:
    found: list[Pattern] = []

    def walk(entries, prefix: str, namespaces: tuple[str, ...]):
        for entry in entries:
            if isinstance(entry, URLResolver):
                ns = (*namespaces, entry.namespace) if entry.namespace else namespaces
                walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                converters = dict(getattr(entry.pattern, "converters", {}) or {})
                args = tuple(converters) or tuple(entry.pattern.regex.groupindex)
                if not args and entry.pattern.regex.groups:
                    args = tuple(f"_{i}" for i in range(entry.pattern.regex.groups))
                key = ":".join((*namespaces, entry.name)) if entry.name else route
                view = getattr(entry.callback, "view_class", entry.callback)
                module = getattr(view, "__module__", "") or ""
                found.append(Pattern(key, route, args, converters, module, bool(entry.name)))

    walk(get_resolver().url_patterns, "", ())
    # i18n_patterns repeat nothing (one prefix per request); keep the first of each key.
    unique: dict[str, Pattern] = {}
    for pattern in found:
        unique.setdefault(pattern.key, pattern)
    return list(unique.values())


def _staff_prefix(route: str) -> str | None:
    return next((p for p in STAFF_PREFIXES if route.startswith(p)), None)


def test_every_url_pattern_is_declared():
    """A new URL anywhere fails here until someone decides who may reach it."""
    undeclared, double = [], []
    for pattern in url_patterns():
        homes = [
            pattern.key in OBJECT_URLS,
            pattern.key in OWN_DATA_ONLY,
            pattern.key in ROLE_PAGES,
            pattern.key in PUBLIC,
        ]
        if _staff_prefix(pattern.route) and not any(homes):
            continue
        if sum(homes) == 0:
            undeclared.append(f"{pattern.key}  ({pattern.route})")
        elif sum(homes) > 1:
            double.append(pattern.key)
    assert not undeclared, (
        "URL patterns the access matrix does not know (declare each in "
        "tests/security/access_matrix.py):\n  " + "\n  ".join(undeclared)
    )
    assert not double, f"declared in more than one place: {double}"


def test_declarations_name_existing_patterns():
    """A stale entry would hide a renamed URL from the matrix."""
    keys = {p.key for p in url_patterns()}
    declared = set(OBJECT_URLS) | set(OWN_DATA_ONLY) | set(ROLE_PAGES) | set(PUBLIC)
    assert not declared - keys, sorted(declared - keys)


def test_object_urls_carry_an_unguessable_argument():
    """An object URL names its object by a reference, token, key or number, never by a
    sequential id alone."""
    by_key = {p.key: p for p in url_patterns()}
    for name, spec in OBJECT_URLS.items():
        args = set(by_key[name].args)
        if not spec.sequential_id_reason:
            assert args & {"reference", "token", "key", "number", "uuid"}, (name, args)


# --------------------------------------------------------------------------- the roles


def _staff(email: str, group: str) -> User:
    user = User.objects.create_user(email=email, password="Kettu-Järvi-42")
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    TOTP.activate(user, generate_totp_secret())  # staff roles have MFA; it is not the gate
    return user


@pytest.fixture
def default_intruders() -> dict[str, User | None]:
    return {
        ANOTHER_DELEGATION: make_delegation()[1],
        HOST: _staff(f"host-{uuid.uuid4().hex[:8]}@college.example", HOSTS),
        REGIONAL_DEVELOPER: _staff(
            f"developer-{uuid.uuid4().hex[:8]}@region.example", REGIONAL_DEVELOPERS
        ),
        ANONYMOUS: None,
    }


def _login_paths() -> set[str]:
    return {reverse("account_login"), reverse("wagtailadmin_login"), reverse("admin:login")}


def is_refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    if response.status_code in (301, 302):
        return urlsplit(response["Location"]).path in _login_paths()
    return False


def _as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def _call(client, spec, path):
    if spec.method == "post":
        return client.post(path, spec.data)
    return client.get(path)


# --------------------------------------------------------------------------- object URLs


@pytest.mark.parametrize("name", sorted(OBJECT_URLS))
def test_object_url_refuses_every_role_but_its_owner(name, request, client, default_intruders):
    spec = OBJECT_URLS[name]
    world = request.getfixturevalue(spec.world)
    kwargs = spec.kwargs(world)
    path = reverse(name, kwargs=kwargs)
    intruders = {**default_intruders, **world.get("intruders", {})}
    allowed = {role: intruders.pop(role) for role in spec.also_allowed if role in intruders}
    assert set(allowed) == set(spec.also_allowed), f"{name}: no user for {spec.also_allowed}"

    if spec.token_kwarg:
        forged = kwargs[spec.token_kwarg]
        forgeries = [forged[:-4] + ("AAAA" if not forged.endswith("AAAA") else "BBBB"), "x" * 20]
        owner = world["owner"]
        for role, user in {**intruders, "owner": owner}.items():
            _as(client, user)
            for token in forgeries:
                response = client.get(reverse(name, kwargs={**kwargs, spec.token_kwarg: token}))
                assert _forged_link_refused(response), f"{role}: forged {name} answered"
                if owner is not None:
                    assert owner.email not in response.content.decode(), role
        client.logout()
        response = client.get(path)  # the genuine link is its own credential
        assert response.status_code not in REFUSED, f"genuine {name}: {response.status_code}"
        return

    for role, user in intruders.items():
        _as(client, user)
        response = _call(client, spec, path)
        assert is_refused(response), f"{role} got {response.status_code} at {path}"
    if spec.done:
        assert not spec.done(world), f"{name}: done before the owner asked (by an intruder?)"
    for role, user in {"owner": world["owner"], **allowed}.items():
        _as(client, user)
        response = _call(client, spec, path)
        assert not is_refused(response), f"{role} was refused ({response.status_code}) at {path}"
        if spec.method == "get":
            assert response.status_code == 200, f"{role}: {response.status_code} at {path}"
        if spec.done and role == "owner":
            assert spec.done(world), f"{name}: the owner's request did nothing"


def _forged_link_refused(response) -> bool:
    if response.status_code in REFUSED:
        return True
    context = response.context or {}
    # allauth answers a bad link with a page that says so (200), and does nothing.
    if "confirmation" in context and context["confirmation"] is None:
        return True
    return bool(context.get("token_fail"))


@pytest.mark.parametrize("name", sorted(OWN_DATA_ONLY))
def test_own_data_pages_send_anonymous_visitors_to_log_in(name, client):
    pattern = next(p for p in url_patterns() if p.key == name)
    path = reverse(name, kwargs=_placeholders(pattern))
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code in (301, 302), f"{name}: {response.status_code}"
        assert urlsplit(response["Location"]).path in _login_paths(), response["Location"]


# --------------------------------------------------------------------------- role pages


@pytest.fixture
def role_users() -> dict[str, User | None]:
    """One user of each role, as the role pages meet them: the host user is a member of
    a host organisation (the host portal asks for one); staff roles have TOTP."""
    n = uuid.uuid4().hex[:8]
    return {
        DELEGATION_CONTACT: make_delegation()[1],
        HOST: make_host_user(make_host(f"Role Host {n}", slug=f"role-host-{n}"), totp=True),
        REGIONAL_DEVELOPER: _staff(f"developer-{n}@region.example", REGIONAL_DEVELOPERS),
        PROGRAMME_MANAGER: _staff(f"manager-{n}@paamaja.example", PROGRAMME_MANAGERS),
        ANONYMOUS: None,
    }


def test_role_pages_name_known_roles():
    for name, page in ROLE_PAGES.items():
        assert page.roles and page.roles <= set(ROLE_PAGE_ROLES) - {ANONYMOUS}, name


@pytest.mark.parametrize("name", sorted(ROLE_PAGES))
def test_role_page_answers_its_roles_only(name, client, role_users):
    path = reverse(name)
    for role in ROLE_PAGE_ROLES:
        _as(client, role_users[role])
        if role in ROLE_PAGES[name].roles:
            response = client.get(path)
            assert response.status_code == 200, f"{role}: {response.status_code} at {path}"
            continue
        for method in (client.get, client.post):
            response = method(path)
            assert is_refused(response), f"{role} got {response.status_code} at {path}"
            if role == ANONYMOUS:
                assert response.status_code in (301, 302), f"{name}: {response.status_code}"


# Worlds whose owner holds a staff role (checked below): their object URLs are staff pages.
STAFF_OWNED_WORLDS = {
    "visits_host_world",
    "reports_world",
    "reports_manager_world",
    "debrief_world",
}


def _sent_to_set_up_totp(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("name", sorted(ROLE_PAGES))
def test_role_pages_ask_staff_roles_for_totp_first(name, client, role_users):
    """Staff roles must use MFA: without TOTP, each role of the page is sent to set it up."""
    for role in ROLE_PAGES[name].roles:
        user = role_users[role]
        Authenticator.objects.filter(user=user).delete()
        _as(client, user)
        response = client.get(reverse(name))
        assert _sent_to_set_up_totp(response), f"{role} without TOTP: {response.status_code}"


@pytest.mark.parametrize(
    "name", sorted(n for n, spec in OBJECT_URLS.items() if spec.world in STAFF_OWNED_WORLDS)
)
def test_staff_object_pages_ask_their_owner_for_totp_first(name, request, client):
    spec = OBJECT_URLS[name]
    world = request.getfixturevalue(spec.world)
    owner = world["owner"]
    assert is_staff_role(owner), f"{spec.world}: the owner holds no staff role"
    Authenticator.objects.filter(user=owner).delete()
    _as(client, owner)
    response = _call(client, spec, reverse(name, kwargs=spec.kwargs(world)))
    assert _sent_to_set_up_totp(response), f"{name}: owner without TOTP got {response.status_code}"
    if spec.done:
        assert not spec.done(world), f"{name}: done without TOTP"


# --------------------------------------------------------------------------- staff areas


def _placeholders(pattern: Pattern) -> dict | list:
    values = {"int": 1, "str": "x", "slug": "x", "path": "x", "uuid": uuid.uuid4()}
    if pattern.converters:
        out = {}
        for arg, converter in pattern.converters.items():
            kind = type(converter).__name__.replace("Converter", "").lower()
            out[arg] = values.get(kind, "PMJ-ABCD1234")
        return out
    # Regex patterns: a value their group accepts.
    named_values = {"app_label": "auth"}
    return {arg: named_values.get(arg, "1") for arg in pattern.args if not arg.startswith("_")}


def _staff_paths() -> list[tuple[str, str]]:
    paths = []
    for pattern in url_patterns():
        if not _staff_prefix(pattern.route) or pattern.key in PUBLIC:
            continue
        if not pattern.named:
            continue  # unnamed catch-alls are reached through the named ones
        try:
            path = reverse(pattern.key, kwargs=_placeholders(pattern))
        except Exception:  # noqa: BLE001 - a regex pattern placeholders cannot fill
            path = reverse(pattern.key, args=["1"] * len(pattern.args))
        paths.append((pattern.key, path))
    return paths


def test_the_staff_walk_covers_the_admins():
    keys = {key for key, _ in _staff_paths()}
    assert len(keys) > 250
    assert {"booking:inspect", "auditentry:inspect", "admin:index", "wagtailadmin_home"} <= keys
    # The outbox's retry (a POST, 12.10): walked here; POSTed by every role in
    # tests/core/test_leftovers_outbox_retry_access.py.
    assert "outboxmessage:retry" in keys
    # Erasure and export on request (issue 14), walked with every non-staff role.
    assert {
        "booking:participant_erase",
        "booking:participant_export",
        "booking:contact_erase",
        "booking:contact_export",
    } <= keys


@pytest.mark.parametrize("role", [ANOTHER_DELEGATION, HOST, REGIONAL_DEVELOPER, ANONYMOUS])
def test_staff_areas_refuse_every_non_staff_role(role, client, default_intruders):
    _as(client, default_intruders[role])
    let_in = []
    for key, path in _staff_paths():
        response = client.get(path)
        if not is_refused(response):
            let_in.append(f"{key} {path} -> {response.status_code}")
    assert not let_in, f"{role} reached staff URLs:\n" + "\n".join(let_in)


def test_hosts_and_developers_with_admin_access_see_no_booking_or_audit_data(client):
    """Hosts and developers may be given the Wagtail admin for their own things; the
    delegations' bookings, the manifests, the audit log and the outbox stay closed."""
    from tests.bookings.test_admin import make_booking

    booking = make_booking()
    access_admin = Permission.objects.get(codename="access_admin")
    for group in (HOSTS, REGIONAL_DEVELOPERS):
        user = _staff(f"{uuid.uuid4().hex[:8]}@example.org", group)
        user.user_permissions.add(access_admin)
        _as(client, user)
        for key in (
            "booking:index",
            "booking:inspect",
            "booking_manifests:index",
            "booking_manifests:manifest",
            "organisation:index",
            "auditentry:index",
            "outboxmessage:index",
        ):
            kwargs = {"pk": booking.pk} if key.endswith(("inspect", "manifest")) else {}
            response = client.get(reverse(key, kwargs=kwargs))
            assert response.status_code in (302, 403, 404), (group, key, response.status_code)
            assert booking.reference not in response.content.decode(), (group, key)
        # Erasure and export on request (issue 14): neither the page nor the POST (which
        # erases, or downloads the person's data).
        participant = booking.participants.create(first_name="Zqaccesswalk")
        for key, kwargs in (
            ("booking:participant_erase", {"pk": booking.pk, "participant_pk": participant.pk}),
            ("booking:participant_export", {"pk": booking.pk, "participant_pk": participant.pk}),
            ("booking:contact_erase", {"pk": booking.pk}),
            ("booking:contact_export", {"pk": booking.pk}),
        ):
            for method in (client.get, client.post):
                response = method(reverse(key, kwargs=kwargs))
                assert response.status_code in (302, 403, 404), (group, key, response.status_code)
                assert "Zqaccesswalk" not in response.content.decode(), (group, key)
        participant.refresh_from_db()
        assert participant.anonymised_at is None
        assert type(booking.contact).objects.get(pk=booking.contact_id).is_active
