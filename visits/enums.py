from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.enums import ItineraryItemKind


class VisitStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    READY = "ready", _("Ready")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_VISIT_STATES = (VisitStatus.PLANNING, VisitStatus.READY, VisitStatus.IN_PROGRESS)

# The same values as the programme template's item kinds, so instantiating a template
# copies the kind as it is.
ItemKind = ItineraryItemKind


class SiteVisitStatus(models.TextChoices):
    DRAFT = "draft", _("Not sent yet")
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    PROPOSED = "proposed", _("Another time proposed")
    CANCELLED = "cancelled", _("Cancelled")


# Requests that hold a slot of the host (count against its daily limit).
SLOT_HOLDING_STATES = (SiteVisitStatus.REQUESTED, SiteVisitStatus.ACCEPTED)
# Requests the host can still answer.
ANSWERABLE_STATES = (SiteVisitStatus.REQUESTED,)


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class ResourceKind(models.TextChoices):
    INTERPRETER = "interpreter", _("Interpreter")
    ESCORT = "escort", _("Escort")


class RiskCategory(models.TextChoices):
    HEALTH = "health", _("Health")
    TRANSPORT = "transport", _("Transport")
    WEATHER = "weather", _("Weather")
    SITE = "site", _("Site-specific hazards")
    SECURITY = "security", _("Security of the delegation")
    DATA = "data", _("Data protection")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class FeedKind(models.TextChoices):
    HOST = "host", _("Host organisation")
    HOST_USER = "host_user", _("Host user")
    VISIT = "visit", _("Visit")
    MANAGER = "manager", _("Programme manager")


class VettingStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    CLEARED = "cleared", _("Cleared")
    REFUSED = "refused", _("Refused entry")


# Requests whose host vets the delegation and receives it (a list to check, people to
# check in): sent and not declined or cancelled.
VETTED_STATES = (SiteVisitStatus.REQUESTED, SiteVisitStatus.ACCEPTED, SiteVisitStatus.PROPOSED)
