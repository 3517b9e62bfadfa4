"""Every page's header: "Sign in" for a visitor; signed in, the person's own work by role,
"Account" and "Sign out" (a POST button). After signing in each role lands on its work."""

import re

import pytest
from django.urls import reverse

from accounts.roles import DELEGATION_CONTACTS, HOSTS, PROGRAMME_MANAGERS, REGIONAL_DEVELOPERS
from tests.programmes.factories import build_catalogue

from .factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def header(html: str) -> str:
    match = re.search(r'<nav class="site-account-nav" aria-label="([^"]+)">(.*?)</nav>', html, re.S)
    assert match, "no account links in the header"
    return match.group(2)


def link_texts(fragment: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t).strip() for t in re.findall(r"<a [^>]*>(.*?)</a>", fragment)]


ANONYMOUS_PAGES = [
    "/en/",  # a Wagtail page
    "/en/bookings/mine/",  # -> the sign-in page
    "/accounts/login/",
    "/accounts/signup/",
    "/en/no-such-page/",  # 404
]


@pytest.mark.parametrize("path", ANONYMOUS_PAGES)
def test_a_visitor_sees_sign_in_on_every_page(client, path):
    build_catalogue(translate=False)
    response = client.get(path, follow=True)
    nav = header(response.content.decode())
    assert link_texts(nav) == ["Sign in"]
    assert "Sign out" not in nav


def test_the_sign_in_link_comes_back_to_the_page(client):
    build_catalogue(translate=False)
    nav = header(client.get("/en/programmes/").content.decode())
    assert 'href="/accounts/login/?next=%2Fen%2Fprogrammes%2F"' in nav


def test_signing_in_from_the_home_page_lands_on_the_role_s_work(client):
    """From the home page the header's Sign in carries no `next`, so a host lands on
    its requests instead of the front page it came from (issue 11, item 2)."""
    build_catalogue(translate=False)
    nav = header(client.get("/en/").content.decode())
    assert 'href="/accounts/login/"' in nav


def test_the_sign_in_link_is_translated(client):
    build_catalogue()
    assert link_texts(header(client.get("/fi/").content.decode())) == ["Kirjaudu sisään"]


ROLE_LINKS = [
    # Delegations and hosts also reach their organisation's partner-API tokens and webhooks.
    (DELEGATION_CONTACTS, ["My bookings", "API access"], "/en/bookings/mine/"),
    (HOSTS, ["Site-visit requests", "API access"], "/en/visits/host/"),
    (PROGRAMME_MANAGERS, ["Admin", "Learning reports", "Impact dashboard"], "/admin/"),
    (REGIONAL_DEVELOPERS, ["Learning reports", "Impact dashboard"], "/en/developer/reports/"),
]


@pytest.mark.parametrize(("role", "work", "landing"), ROLE_LINKS)
def test_signed_in_each_role_sees_its_work_account_and_sign_out(client, role, work, landing):
    build_catalogue(translate=False)
    user = make_user(f"{role.split()[0].lower()}@paamaja.example", role=role)
    client.force_login(user)
    for path in ("/en/", "/accounts/email/", "/en/bookings/tailored/"):
        response = client.get(path, follow=True)
        nav = header(response.content.decode())
        assert link_texts(nav) == [*work, "Account"], path
        assert "Sign in" not in nav
        # Signing out is a POST with the CSRF token, never a link a crawler can follow.
        assert re.search(r'<form [^>]*method="post" action="/accounts/logout/">', nav)
        assert "csrfmiddlewaretoken" in nav
        assert re.search(r'<button type="submit"[^>]*>Sign out</button>', nav)


@pytest.mark.parametrize(("role", "work", "landing"), ROLE_LINKS)
def test_after_signing_in_each_role_lands_on_its_work(client, role, work, landing):
    make_user("person@paamaja.example", role=role)
    response = client.post(
        reverse("account_login"), {"login": "person@paamaja.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == landing


def test_a_safe_next_is_respected_and_an_unsafe_one_is_not(client):
    make_user("host@paamaja.example", role=HOSTS)
    data = {"login": "host@paamaja.example", "password": PASSWORD}
    response = client.post(reverse("account_login") + "?next=/en/visits/host/calendar/", data)
    assert response["Location"] == "/en/visits/host/calendar/"
    client.logout()
    response = client.post(reverse("account_login") + "?next=https://evil.example/", data)
    assert response["Location"] == "/en/visits/host/"


def test_someone_without_a_role_books_for_a_delegation(client):
    make_user("new@paamaja.example")
    response = client.post(
        reverse("account_login"), {"login": "new@paamaja.example", "password": PASSWORD}
    )
    assert response["Location"] == "/en/bookings/mine/"


def test_the_signed_in_message_is_in_the_page_language(client):
    build_catalogue()
    make_user("kettu@paamaja.example")
    client.post(
        reverse("account_login"),
        {"login": "kettu@paamaja.example", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="fi",
        headers={"cookie": "django_language=fi"},
    )
    html = client.get("/fi/").content.decode()
    assert "Kirjauduit sisään käyttäjänä kettu@paamaja.example." in html
    assert "Successfully signed in" not in html
