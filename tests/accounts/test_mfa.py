"""MFA (TOTP): available to everyone, required before a staff role reaches a staff area."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import reverse

from accounts.roles import DELEGATION_CONTACTS, HOSTS, PROGRAMME_MANAGERS, REGIONAL_DEVELOPERS

from .factories import PASSWORD, activate_totp, make_user

pytestmark = pytest.mark.django_db

TOTP_SETUP = reverse("mfa_activate_totp")


def current_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import yield_hotp_counters_from_time

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_a_programme_manager_without_totp_is_sent_to_set_it_up(client):
    manager = make_user("manager@paamaja.example", role=PROGRAMME_MANAGERS)
    client.force_login(manager)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == TOTP_SETUP
    # Every staff area, not only Wagtail's.
    assert client.get("/admin/pages/")["Location"] == TOTP_SETUP


def test_the_totp_set_up_page_itself_is_reachable(client):
    manager = make_user("manager@paamaja.example", role=PROGRAMME_MANAGERS)
    client.force_login(manager)
    response = client.get(TOTP_SETUP)
    # Either the set-up form, or allauth asking to confirm the password first; never a
    # redirect back to itself.
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"] != TOTP_SETUP


def test_a_programme_manager_with_totp_reaches_the_admin(client):
    manager = make_user("manager@paamaja.example", role=PROGRAMME_MANAGERS, totp=True)
    client.force_login(manager)
    response = client.get("/admin/")
    assert response.status_code == 200


def test_a_programme_manager_sets_up_totp_and_then_reaches_the_admin(client):
    manager = make_user("manager@paamaja.example", role=PROGRAMME_MANAGERS)
    client.force_login(manager)
    assert client.get("/admin/")["Location"] == TOTP_SETUP
    # allauth asks for the password again before a new authenticator is added.
    response = client.get(TOTP_SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(TOTP_SETUP)
    assert response.status_code == 200
    secret = client.session["mfa.totp.secret"]
    response = client.post(TOTP_SETUP, {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=manager, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_login_with_totp_asks_for_the_code(client):
    manager = make_user("manager@paamaja.example", role=PROGRAMME_MANAGERS)
    secret = activate_totp(manager)
    response = client.post(
        reverse("account_login"), {"login": "manager@paamaja.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.session.get("_auth_user_id") is None
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert client.session.get("_auth_user_id") is None
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(manager.pk)


@pytest.mark.parametrize("role", [HOSTS, REGIONAL_DEVELOPERS])
def test_other_staff_roles_must_set_up_totp_and_are_then_refused_the_admin(client, role):
    user = make_user("staff@paamaja.example", role=role)
    client.force_login(user)
    assert client.get("/admin/")["Location"] == TOTP_SETUP
    activate_totp(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    ("role", "paths"),
    [
        (HOSTS, ["/fi/visits/host/", "/en/visits/host/calendar/", "/sv/host/debrief/PMJ-X/1/"]),
        (REGIONAL_DEVELOPERS, ["/en/developer/reports/", "/fi/developer/dashboard/"]),
    ],
)
def test_the_staff_areas_under_a_language_prefix_ask_for_totp_too(client, role, paths):
    """The middleware once compared "/host/" with "/fi/visits/host/" and let a host
    without TOTP into the host portal."""
    client.force_login(make_user("staff@paamaja.example", role=role))
    for path in paths:
        assert client.get(path)["Location"] == TOTP_SETUP, path


def test_a_delegation_contact_is_refused_the_admin(client):
    contact = make_user("delegate@ministry.example", role=DELEGATION_CONTACTS)
    client.force_login(contact)
    response = client.get("/admin/")
    assert response.status_code == 302
    # Not sent to TOTP set-up (not a staff role), but refused by the admin itself.
    assert response["Location"].startswith(reverse("account_login"))
    assert client.get("/admin/pages/").status_code == 302


def test_a_delegation_contact_may_use_totp_too(client):
    contact = make_user("delegate@ministry.example", role=DELEGATION_CONTACTS)
    client.force_login(contact)
    assert client.get("/").status_code in {200, 302}
    response = client.get(TOTP_SETUP)
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert response["Location"] != TOTP_SETUP


def test_a_delegation_contact_reaches_public_pages_without_totp(client):
    contact = make_user("delegate@ministry.example", role=DELEGATION_CONTACTS)
    client.force_login(contact)
    assert client.get("/healthz").status_code == 200


def test_the_requirement_can_be_switched_off_for_the_demo(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    manager = make_user("manager@paamaja.example", role=PROGRAMME_MANAGERS)
    client.force_login(manager)
    assert client.get("/admin/").status_code == 200


def test_a_superuser_without_totp_is_sent_to_set_it_up(client):
    from accounts.models import User

    root = User.objects.create_superuser(email="root@paamaja.example", password=PASSWORD)
    client.force_login(root)
    assert client.get("/django-admin/")["Location"] == TOTP_SETUP
    assert client.get("/admin/")["Location"] == TOTP_SETUP


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
