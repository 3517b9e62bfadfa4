"""Scopes, owners and webhook events of the partner API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OwnerKind(models.TextChoices):
    DELEGATION = "delegation", _("Delegation organisation")
    HOST = "host", _("Host organisation")
    REGION = "region", _("The region")


class Scope(models.TextChoices):
    CATALOGUE_READ = "catalogue:read", _("Read the catalogue")
    BOOKINGS_READ = "bookings:read", _("Read bookings")
    BOOKINGS_WRITE = "bookings:write", _("Make holds and add participants")
    VISITS_READ = "visits:read", _("Read visits and site-visit requests")
    HOST_REQUESTS_WRITE = "host_requests:write", _("Answer site-visit requests")
    REPORTS_READ = "reports:read", _("Read published learning reports")
    WEBHOOKS_MANAGE = "webhooks:manage", _("Manage webhooks")


S = Scope
# What each kind of owner may be given: a token never holds a scope its owner has no use for.
SCOPES_FOR_OWNER = {
    OwnerKind.DELEGATION: (
        S.CATALOGUE_READ,
        S.BOOKINGS_READ,
        S.BOOKINGS_WRITE,
        S.VISITS_READ,
        S.REPORTS_READ,
        S.WEBHOOKS_MANAGE,
    ),
    OwnerKind.HOST: (S.CATALOGUE_READ, S.VISITS_READ, S.HOST_REQUESTS_WRITE, S.WEBHOOKS_MANAGE),
    OwnerKind.REGION: (S.CATALOGUE_READ, S.VISITS_READ, S.REPORTS_READ, S.WEBHOOKS_MANAGE),
}


class Event(models.TextChoices):
    BOOKING_CONFIRMED = "booking.confirmed", _("Booking confirmed")
    BOOKING_CANCELLED = "booking.cancelled", _("Booking cancelled")
    BOOKING_PAID = "booking.paid", _("Booking paid")
    HOST_REQUEST_SENT = "host_request.sent", _("Site-visit request sent")
    HOST_REQUEST_ANSWERED = "host_request.answered", _("Site-visit request answered")
    VISIT_READY = "visit.ready", _("Visit ready")
    VISIT_COMPLETED = "visit.completed", _("Visit completed")
    REPORT_PUBLISHED = "report.published", _("Learning report published")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
