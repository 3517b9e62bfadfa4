"""Demo content of the apps above programmes, found at run time.

programmes is the lowest of the layers (programmes ← bookings ← visits ← learning_reports)
and never imports a higher app. So `load_demo` does not know what bookings, visits or
learning_reports put in the demo: after the catalogue and the users exist, it asks every
installed project app, in INSTALLED_APPS order (lowest layer first), for an optional
`<app>.demo` module with a `load(context)` function, and runs each one in turn. Each
returns a `DemoSection` (or None) that the command prints under the catalogue's counts.

A `load` must be idempotent, like the rest of the demo: look its objects up by stable
values first and leave what exists alone, noting "created" / "unchanged" in
`context.note` so that a second run reports "0 created, 0 updated".

The demo's e-mails go to fictional addresses: the outbox messages that the services write
while the demo loads are marked done without being sent (see `hold_back_emails`), so the
console shows the summary instead of a few dozen e-mails with PDF attachments.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

# Not the app that owns the extension point: its `demo` package is the catalogue itself.
OWNER = "programmes"
NOT_SENT = "Not sent: written by load_demo for a fictional address."


@dataclass
class DemoSection:
    """What one app's demo prints: a heading and (label, value) lines."""

    title: str
    lines: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DemoContext:
    today: datetime.date
    refresh: bool  # --refresh: rewrite the catalogue's texts (the apps' demos may ignore it)
    stats: Counter  # ("created" | "updated" | "unchanged", kind), shared with the catalogue
    _users: dict[str, object] = field(default_factory=dict)

    def note(self, outcome: str, obj) -> None:
        self.stats[(outcome, type(obj).__name__)] += 1

    def user(self, email: str):
        """A user by e-mail (the demo users of programmes.demo.users exist by now)."""
        if email not in self._users:
            self._users[email] = get_user_model().objects.get(email__iexact=email)
        return self._users[email]

    def demo_user(self, group: str):
        """The demo user of a role (accounts.roles), e.g. the programme manager."""
        from .users import DEMO_USERS

        spec = next(spec for spec in DEMO_USERS if spec.group == group)
        return self.user(spec.email)


def app_demo_modules() -> list[ModuleType]:
    """The `demo` modules of the project's own apps, in INSTALLED_APPS order."""
    base = Path(settings.BASE_DIR).resolve()
    modules = []
    for app in apps.get_app_configs():
        if app.name == OWNER or Path(app.path).resolve().parent != base:
            continue  # the catalogue itself, or a third-party app
        name = f"{app.name}.demo"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        if callable(getattr(module, "load", None)):
            modules.append(module)
    return modules


def load_app_demos(context: DemoContext) -> list[DemoSection]:
    """Run every app's demo in one transaction; their sections, in order."""
    from core.models import OutboxMessage

    sections: list[DemoSection] = []
    with transaction.atomic():
        last_before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
        for module in app_demo_modules():
            section = module.load(context)
            if section is not None:
                sections.append(section)
        hold_back_emails(after_pk=last_before or 0)
    return sections


def hold_back_emails(*, after_pk: int) -> int:
    """Mark the e-mails the outbox got since `after_pk` done, with the reason, unsent.

    Only e-mail tasks (`…_email`); any other task would run as usual. Runs before the demo's transaction commits, so the dispatch that each message
    scheduled for after the commit finds it done and does nothing.
    """
    from core.models import OutboxMessage

    return OutboxMessage.objects.filter(
        pk__gt=after_pk, status=OutboxMessage.Status.PENDING, task__endswith="_email"
    ).update(status=OutboxMessage.Status.DONE, done_at=timezone.now(), last_error=NOT_SENT)
