"""Which language to write to someone in: their own choice, else the site's default."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model


def user_language(user) -> str:
    """The user's preferred language (set when they sign up and whenever they switch
    language on the site), or the site's default for someone without an account."""
    code = getattr(user, "preferred_language", None) or ""
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def recipients_by_language(emails: Iterable[str]) -> dict[str, list[str]]:
    """Group e-mail addresses by the preferred language of the account that has them, so
    that a message to several people (a host's staff, the programme managers) goes out
    once per language: `for language, to in recipients_by_language(emails).items(): with
    translation.override(language): send(to=to, ...)`. One query."""
    emails = sorted({e.strip().lower() for e in emails if e and e.strip()})
    known = dict(
        get_user_model().objects.filter(email__in=emails).values_list("email", "preferred_language")
    )
    groups: dict[str, list[str]] = {}
    for email in emails:
        code = known.get(email) or ""
        code = code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        groups.setdefault(code, []).append(email)
    return groups
