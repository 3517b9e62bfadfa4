"""What the apps' demo modules share, for `manage.py load_demo` (the demo app).

Each project app with demo content has a `<app>.demo` module with a `load(context)`
function that takes a `DemoContext` and returns a `DemoSection` (or None) for the
command to print. They live here, in core, because the apps may not import the demo app
that runs them (it sits above every app, see demo.loading).

A `load` must be idempotent, like the rest of the demo: look its objects up by stable
values first and leave what exists alone, noting "created" / "unchanged" in
`context.note` so that a second run reports "0 created, 0 updated".

The demo's e-mails go to fictional addresses: the outbox messages that the services write
while the demo loads are marked done without being sent (see `hold_back_emails`), so the
console shows the summary instead of a few dozen e-mails with PDF attachments.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.models import OutboxMessage

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
    # The demo user of each role (accounts.roles group -> e-mail): the catalogue's demo
    # users (programmes.demo.users), which the demo app passes in.
    role_emails: dict[str, str] = field(default_factory=dict)
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
        return self.user(self.role_emails[group])


def hold_back_emails(*, after_pk: int) -> int:
    """Mark the e-mails the outbox got since `after_pk` done, with the reason, unsent.

    Only e-mail tasks (`…_email`); any other task would run as usual. Runs before the
    demo's transaction commits, so the dispatch that each message scheduled for after the
    commit finds it done and does nothing.
    """

    return OutboxMessage.objects.filter(
        pk__gt=after_pk, status=OutboxMessage.Status.PENDING, task__endswith="_email"
    ).update(status=OutboxMessage.Status.DONE, done_at=timezone.now(), last_error=NOT_SENT)
