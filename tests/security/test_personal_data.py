"""A delegation contact downloads all their data as JSON and deletes their account:
invoices, payments and bookings are kept (accounting law), without their name; the rest
is removed."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.models import User
from bookings.models import Booking, Invoice, Organisation, Payment
from core.models import AuditEntry
from tests.bookings.factories import make_delegation
from tests.bookings.test_views import confirmed_booking, journey_world

pytestmark = pytest.mark.django_db

PASSWORD = "pw-123456789"  # tests.bookings.factories.make_delegation's


@pytest.fixture
def contact_with_a_booking():
    organisation, user = make_delegation()
    user.first_name, user.last_name = "Greta", "Lindqvist"
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, generate_totp_secret())
    booking = confirmed_booking(
        journey_world()["departure"], organisation=organisation, contact=user
    )
    return user, organisation, booking


def test_the_export_holds_everything_about_the_user_and_no_secrets(client, contact_with_a_booking):
    user, organisation, booking = contact_with_a_booking
    client.force_login(user)
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)

    assert data["user"]["email"] == user.email
    assert data["user"]["first_name"] == "Greta"
    records = data["records"]
    assert [b["reference"] for b in records["bookings.booking"]] == [booking.reference]
    exported_booking = records["bookings.booking"][0]
    assert "bookings.invoice" in exported_booking["_related"]
    assert organisation.name in [o["name"] for o in records["bookings.organisation"]]
    assert [a["email"] for a in records["account.emailaddress"]] == [user.email]
    # About the user, but never the secrets themselves.
    text = response.content.decode()
    assert user.password not in text
    assert "password" not in data["user"]
    assert organisation.join_code not in text
    totp = Authenticator.objects.get(user=user)
    assert totp.data["secret"] not in text
    assert records["mfa.authenticator"] == [
        {
            "type": "totp",
            "created_at": records["mfa.authenticator"][0]["created_at"],
            "last_used_at": None,
        }
    ]


def test_the_export_holds_nothing_of_other_delegations(client, contact_with_a_booking):
    user, _, _ = contact_with_a_booking
    other_org, other_user = make_delegation()
    other = confirmed_booking(
        journey_world()["departure"], organisation=other_org, contact=other_user
    )
    client.force_login(user)
    text = client.get(reverse("accounts:data_export")).content.decode()
    assert other.reference not in text
    assert other_user.email not in text
    assert other_org.name not in text


def test_deleting_the_account_keeps_invoices_and_removes_the_person(client, contact_with_a_booking):
    user, organisation, booking = contact_with_a_booking
    invoices = list(Invoice.objects.filter(booking=booking).values_list("number", flat=True))
    payments = Payment.objects.filter(booking=booking).count()
    assert invoices
    client.force_login(user)
    session_key = client.session.session_key

    response = client.get(reverse("accounts:delete"))
    assert response.status_code == 200
    assert "Delete my account" in response.content.decode()
    # A wrong password changes nothing, and says why.
    response = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    assert User.objects.get(pk=user.pk).email == user.email

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert not Session.objects.filter(pk=session_key).exists()

    stub = User.objects.get(pk=user.pk)
    assert stub.email == f"deleted-{user.pk}@deleted.invalid"
    assert (stub.first_name, stub.last_name) == ("", "")
    assert not stub.is_active and not stub.has_usable_password()
    assert not EmailAddress.objects.filter(user=stub).exists()
    assert not Authenticator.objects.filter(user=stub).exists()
    assert not organisation.members.filter(pk=stub.pk).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()
    # What accounting law requires stays, pointing at the anonymous stub.
    assert Booking.objects.get(pk=booking.pk).contact_id == stub.pk
    assert list(Invoice.objects.filter(booking=booking).values_list("number", flat=True)) == (
        invoices
    )
    assert Payment.objects.filter(booking=booking).count() == payments
    assert AuditEntry.objects.filter(action="account_deleted", object_id=str(stub.pk)).exists()
    # Nobody can sign in as the old address any more.
    assert not client.login(username=user.email, password=PASSWORD)


def test_staff_accounts_are_not_deleted_from_the_self_service_page(client):
    user = User.objects.create_user(email="m@paamaja.example", password=PASSWORD, is_staff=True)
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 403
    assert User.objects.get(pk=user.pk).is_active
