"""Settings of learning_reports, with their defaults (override in config/settings)."""

from django.conf import settings


def feedback_link_days() -> int:
    """How long a feedback link works after it is sent."""
    return int(getattr(settings, "LEARNING_REPORTS_FEEDBACK_LINK_DAYS", 30))


def reminder_after_days() -> int:
    return int(getattr(settings, "LEARNING_REPORTS_REMINDER_AFTER_DAYS", 5))


def max_reminders() -> int:
    return int(getattr(settings, "LEARNING_REPORTS_MAX_REMINDERS", 2))


def follow_up_after_days() -> int:
    return int(getattr(settings, "LEARNING_REPORTS_FOLLOW_UP_AFTER_DAYS", 90))


def retention_months() -> int:
    """Participants' personal data is anonymised this many months after the visit."""
    return int(getattr(settings, "LEARNING_REPORTS_RETENTION_MONTHS", 12))
