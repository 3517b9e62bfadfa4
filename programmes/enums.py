from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    AUTHORITY = "authority", _("Authority")
    COMPANY = "company", _("Company")
    RESEARCH = "research", _("Research institute")
    EDUCATION = "education", _("Education")
    THIRD_SECTOR = "third_sector", _("Third sector")


class ItineraryItemKind(models.TextChoices):
    SITE_VISIT = "site_visit", _("Site visit")
    BRIEFING = "briefing", _("Briefing or lecture")
    EXERCISE = "exercise", _("Exercise or demonstration")
    MEAL = "meal", _("Meal")
    TRANSFER = "transfer", _("Transfer")
    CULTURE = "culture", _("Cultural or heritage visit")
    FREE_TIME = "free_time", _("Free time")


class ProgrammeLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    FINNISH = "fi", _("Finnish")
    SWEDISH = "sv", _("Swedish")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ESTONIAN = "et", _("Estonian")
    UKRAINIAN = "uk", _("Ukrainian")
    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    JAPANESE = "ja", _("Japanese")


class DepartureStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")


class PriceBand(models.TextChoices):
    """Filter bands on the lowest per-person price of a programme."""

    UNDER_1500 = "under-1500", _("Under €1,500 per person")
    FROM_1500_TO_3000 = "1500-3000", _("€1,500–3,000 per person")
    OVER_3000 = "over-3000", _("Over €3,000 per person")


class DurationBand(models.TextChoices):
    SHORT = "1-3", _("1–3 days")
    MEDIUM = "4-5", _("4–5 days")
    LONG = "6+", _("6 days or more")
