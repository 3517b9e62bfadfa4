"""The language comes from the URL, is remembered for a signed-in user and is used for
every e-mail to that user."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import mail

from accounts.language import recipients_by_language, user_language
from accounts.models import User

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def home(settings):
    from tests.programmes.factories import build_catalogue

    return build_catalogue()


def _user(email="anna@ministry.example", language="en") -> User:
    user = User.objects.create_user(
        email=email, password="pw-123456789", preferred_language=language
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_switching_language_in_the_url_is_remembered_for_the_user(client, home):
    user = _user()
    client.force_login(user)

    response = client.get("/fi/")
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.preferred_language == "fi"
    assert response.cookies[COOKIE].value == "fi"

    # A page without a language prefix (allauth's account pages) follows the choice.
    response = client.get("/accounts/email/")
    assert response.status_code == 200
    assert response["Content-Language"] == "fi"
    assert '<html lang="fi"' in response.content.decode()

    client.get("/sv/")
    user.refresh_from_db()
    assert user.preferred_language == "sv"


def test_a_returning_user_gets_their_language_on_pages_without_a_prefix(client, home):
    """A new browser (no cookie, English Accept-Language) still shows the user's choice,
    and the site's root sends them to their language."""
    client.force_login(_user(language="sv"))
    response = client.get("/accounts/email/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "sv"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == "/sv/"


def test_an_anonymous_visitor_keeps_the_language_of_the_pages_on_the_sign_in_page(client, home):
    response = client.get("/fi/")
    assert response.cookies[COOKIE].value == "fi"
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fi"' in response.content.decode()


def test_a_url_prefix_outranks_the_remembered_language(client, home):
    client.force_login(_user(language="sv"))
    response = client.get("/en/")
    assert '<html lang="en"' in response.content.decode()


def test_signing_up_in_swedish_remembers_swedish_and_confirms_in_swedish(client, home):
    client.cookies[COOKIE] = "sv"
    response = client.post(
        "/accounts/signup/",
        {
            "email": "lars@stad.example",
            "password1": "Kettu-Järvi-42",
            "password2": "Kettu-Järvi-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="lars@stad.example")
    assert user.preferred_language == "sv"
    assert len(mail.outbox) == 1
    assert "bekräfta" in mail.outbox[0].subject.lower()


def test_password_reset_is_written_in_the_users_language_whatever_the_page(client, home):
    _user(email="aino@kunta.example", language="fi")
    client.cookies[COOKIE] = "en"
    response = client.post("/accounts/password/reset/", {"email": "aino@kunta.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Salasana" in mail.outbox[0].subject


def test_messages_to_several_people_are_grouped_by_their_language():
    _user(email="host.fi@lab.example", language="fi")
    _user(email="host.sv@lab.example", language="sv")
    groups = recipients_by_language(
        ["host.fi@lab.example", "HOST.SV@lab.example", "nobody@else.example"]
    )
    assert groups == {
        "en": ["nobody@else.example"],
        "fi": ["host.fi@lab.example"],
        "sv": ["host.sv@lab.example"],
    }
    assert user_language(None) == "en"
