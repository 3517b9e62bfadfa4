"""Accounts: e-mail is the login, and a new account must verify its address first."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from accounts.roles import DELEGATION_CONTACTS

from .factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

CONFIRM_LINK = re.compile(r"/accounts/confirm-email/([-:\w]+)/")


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def sign_up(client, email="new.contact@ministry.example", password=PASSWORD):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password},
    )


def test_sign_up_sends_a_confirmation_email_and_does_not_log_in(client):
    response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.contact@ministry.example")
    assert logged_in_user_id(client) is None
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.contact@ministry.example"]
    assert message.subject.startswith("[Päämaja] ")
    assert CONFIRM_LINK.search(message.body)


def test_an_unverified_account_cannot_log_in(client):
    sign_up(client)
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "new.contact@ministry.example", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert logged_in_user_id(client) is None


def test_confirming_the_email_lets_the_account_log_in(client):
    sign_up(client)
    key = CONFIRM_LINK.search(mail.outbox[0].body).group(1)
    client.logout()
    response = client.post(reverse("account_confirm_email", args=[key]))
    assert response.status_code == 302
    user = User.objects.get(email="new.contact@ministry.example")
    assert EmailAddress.objects.get(user=user).verified
    client.logout()
    response = client.post(
        reverse("account_login"),
        {"login": "new.contact@ministry.example", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


def test_signing_up_twice_with_one_address_makes_one_account(client):
    sign_up(client)
    client.logout()
    sign_up(client, password="Another-Pass-97")
    assert User.objects.filter(email="new.contact@ministry.example").count() == 1


def test_sign_up_refuses_a_weak_password_and_creates_nothing(client):
    response = sign_up(client, password="12345678")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not User.objects.exists()
    assert mail.outbox == []


def test_login_is_by_email_address(client):
    user = make_user("delegate@ministry.example", role=DELEGATION_CONTACTS)
    response = client.post(
        reverse("account_login"), {"login": "Delegate@Ministry.example", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(user.pk)


def test_the_login_form_asks_for_an_email_address(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert response.context["form"].fields["login"].widget.input_type == "email"
    assert "username" not in response.context["form"].fields


def test_a_wrong_password_is_refused_with_a_message(client):
    make_user("delegate@ministry.example", role=DELEGATION_CONTACTS)
    response = client.post(
        reverse("account_login"), {"login": "delegate@ministry.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert logged_in_user_id(client) is None


def test_the_username_is_kept_equal_to_the_email():
    user = make_user("  Mixed.Case@Example.com  ")
    assert user.email == "mixed.case@example.com"
    assert user.username == user.email


@pytest.mark.django_db
def test_a_wrong_password_is_summarised_above_the_form_and_the_browser_leaves_it_to_us(client):
    make_user("someone@ministry.example")
    page = client.post(
        reverse("account_login"), {"login": "someone@ministry.example", "password": "wrong"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="error-summary" role="alert"' in html
    assert html.index("error-summary") < html.index("<form")
    assert "novalidate" in html[html.index("<form") : html.index(">", html.index("<form"))]
