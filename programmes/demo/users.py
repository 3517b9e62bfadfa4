"""One demo user per role, with fixed passwords that the command prints."""

# The passwords are published on purpose (they are printed by load_demo); the command refuses
# to run without DEBUG unless forced.
# ruff: noqa: S106

from __future__ import annotations

from dataclasses import dataclass

from accounts.roles import DELEGATION_CONTACTS, HOSTS, PROGRAMME_MANAGERS, REGIONAL_DEVELOPERS


@dataclass(frozen=True)
class DemoUser:
    role: str
    email: str
    password: str
    first_name: str
    last_name: str
    group: str | None
    preferred_language: str
    where: str  # the path to go to after signing in, in the user's language
    superuser: bool = False


DEMO_USERS: list[DemoUser] = [
    DemoUser(
        role="Programme manager",
        email="manager@paamaja.example",
        password="demo-manager-2026",
        first_name="Helena",
        last_name="Virtanen",
        group=PROGRAMME_MANAGERS,
        preferred_language="fi",
        where="/admin/",
    ),
    DemoUser(
        role="Host",
        email="host@paamaja.example",
        password="demo-host-2026",
        first_name="Jari",
        last_name="Laitinen",
        group=HOSTS,
        preferred_language="fi",
        where="/fi/visits/host/",
    ),
    DemoUser(
        role="Regional developer",
        email="developer@paamaja.example",
        password="demo-developer-2026",
        first_name="Aino",
        last_name="Hämäläinen",
        group=REGIONAL_DEVELOPERS,
        preferred_language="fi",
        where="/fi/developer/reports/",
    ),
    DemoUser(
        role="Delegation contact",
        email="delegation@paamaja.example",
        password="demo-delegation-2026",
        first_name="Maria",
        last_name="Keller",
        group=DELEGATION_CONTACTS,
        preferred_language="en",
        where="/en/bookings/mine/",
    ),
    DemoUser(
        role="Administrator (superuser)",
        email="admin@paamaja.example",
        password="demo-admin-2026",
        first_name="Päämaja",
        last_name="Admin",
        group=None,
        preferred_language="en",
        where="/admin/",
        superuser=True,
    ),
]
