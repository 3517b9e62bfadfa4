"""Log output without personal data or the secrets in private links.

The platform's own log lines name records by id, but Django's request logger writes the
path of every 404 and 500 ("Not Found: /en/feedback/<token>/"), and exception messages
can carry an e-mail address. Every line the console handler writes goes through
RedactingFormatter, tracebacks included: e-mail addresses become "[e-mail]", and the
token of a private link (participant details, briefing, feedback, follow-up, shared
report, calendar feed, e-mail confirmation and password reset) becomes "[token]".
"""

from __future__ import annotations

import logging
import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PRIVATE_LINK = re.compile(
    r"(/(?:participant|briefing/p|feedback|follow-up|reports/shared|feeds/visits|feeds"
    r"|confirm-email|password/reset/key)/)([^/\s\"'?#]+?)(\.ics)?(?=[/\s\"'?#]|$)"
)


def redact(text: str) -> str:
    text = PRIVATE_LINK.sub(lambda m: f"{m.group(1)}[token]{m.group(3) or ''}", text)
    return EMAIL.sub("[e-mail]", text)


class RedactingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
