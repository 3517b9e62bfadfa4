"""The apps' demo content, in the order it is loaded after the catalogue.

The catalogue (programmes.demo.loader) makes the pages, departures and one user per role;
then each app's `demo` module adds its part through that app's own services. They are
named here, lowest layer first, because each builds on the one before: bookings on the
catalogue's departures, delegations and visits on bookings' bookings, learning_reports on
the visits that have ended. The shared types (DemoContext, DemoSection) are in core.demo,
which the apps may import; this module is the only place that knows the order.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable

from django.db import transaction

import bookings.demo
import delegations.demo
import learning_reports.demo
import visits.demo
from core.demo import DemoContext, DemoSection, hold_back_emails
from core.models import OutboxMessage
from programmes.demo.users import DEMO_USERS

# Each app's demo, in the order they run.
APP_DEMOS: tuple[Callable[[DemoContext], DemoSection | None], ...] = (
    bookings.demo.load,
    delegations.demo.load,
    visits.demo.load,
    learning_reports.demo.load,
)


def demo_context(*, today: datetime.date, refresh: bool = False, stats: Counter | None = None):
    """The context the apps' demos get: the catalogue's day, counts and demo users."""
    return DemoContext(
        today=today,
        refresh=refresh,
        stats=Counter() if stats is None else stats,
        role_emails={spec.group: spec.email for spec in DEMO_USERS},
    )


def load_app_demos(context: DemoContext) -> list[DemoSection]:
    """Run every app's demo in one transaction, e-mails held back; their sections."""

    sections: list[DemoSection] = []
    with transaction.atomic():
        last_before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
        for load in APP_DEMOS:
            section = load(context)
            if section is not None:
                sections.append(section)
        hold_back_emails(after_pk=last_before or 0)
    return sections
