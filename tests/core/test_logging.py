"""What the production log handler writes carries no e-mail address and no private-link
token (DESIGN.md: no personal data in logs)."""

from __future__ import annotations

import logging

import pytest
from django.utils.module_loading import import_string

from config.settings.base import LOGGING


def _production_formatter() -> logging.Formatter:
    """The formatter of the console handler, as config/settings/base.py configures it."""
    spec = dict(LOGGING["formatters"][LOGGING["handlers"]["console"]["formatter"]])
    return import_string(spec.pop("()"))(spec["format"])


@pytest.mark.django_db
def test_a_404_on_a_private_link_is_logged_without_its_token(client, caplog):
    token = "MTIzOjRmN2Q5YTJiY2Q:1tXyZ9:Qm9ndXNTaWduYXR1cmVGb3JUZXN0aW5n"
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(f"/en/feedback/{token}/x/").status_code == 404
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert token in record.getMessage()  # what Django itself would have written
    line = _production_formatter().format(record)
    assert token not in line
    assert "/en/feedback/[token]/x/" in line


@pytest.mark.parametrize(
    ("message", "secret", "kept"),
    [
        ("SMTP refused maria.keller@bund.example", "maria.keller@bund.example", "[e-mail]"),
        ("GET /feeds/visits/AbC-dEf_123.ics 200", "AbC-dEf_123", "/feeds/visits/[token].ics"),
        ("GET /fi/visits/briefing/p/tok.en:sig/ 410", "tok.en:sig", "briefing/p/[token]/"),
        ("Not Found: /sv/reports/shared/s3cr3t/pdf/", "s3cr3t", "/reports/shared/[token]/pdf/"),
        ("Not Found: /en/bookings/participant/abc:def/", "abc:def", "participant/[token]/"),
    ],
)
def test_addresses_and_tokens_are_redacted(message, secret, kept):
    record = logging.LogRecord("paamaja", logging.WARNING, __file__, 1, message, None, None)
    line = _production_formatter().format(record)
    assert secret not in line and kept in line


def test_tracebacks_are_redacted_too():
    try:
        raise ValueError("no account for anna.svensson@msb.example")
    except ValueError:
        import sys

        record = logging.LogRecord(
            "paamaja", logging.ERROR, __file__, 1, "failed", None, sys.exc_info()
        )
    line = _production_formatter().format(record)
    assert "anna.svensson" not in line and "ValueError: no account for [e-mail]" in line
