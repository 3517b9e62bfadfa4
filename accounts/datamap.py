"""accounts' part of the data map (core.datamap)."""

from core import datamap as d

for _field in ("first_name", "last_name", "username"):
    d.declare(
        "accounts.User",
        _field,
        kind=d.IDENTITY,
        purpose="sign-in and who booked",
        retention=d.WHILE_ACCOUNT,
        erasure=d.BLANK,
    )
d.declare(
    "accounts.User",
    "email",
    kind=d.CONTACT,
    purpose="sign-in and messages",
    retention=d.WHILE_ACCOUNT,
    erasure=d.PSEUDONYMISE,
)
d.not_personal("accounts.User", "password", "last_login", "is_superuser", "is_staff")
d.not_personal("accounts.User", "is_active", "date_joined", "preferred_language")
