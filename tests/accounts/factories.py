"""Users of each role, for tests."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group

from accounts.models import User

PASSWORD = "Kettu-Järvi-42"


def make_user(
    email: str,
    *,
    role: str | None = None,
    verified: bool = True,
    totp: bool = False,
    password: str = PASSWORD,
    **extra,
) -> User:
    """A user with a (verified) primary e-mail address, in `role`, optionally with TOTP."""
    user = User.objects.create_user(email=email, password=password, **extra)
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if totp:
        activate_totp(user)
    return user


def activate_totp(user: User) -> str:
    """Give `user` a TOTP authenticator, as the set-up page does; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret
