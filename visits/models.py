"""A confirmed booking's visit: itinerary, site-visit requests, availability, duty of care.

Times are aware datetimes (UTC in the database); the visit happens in Europe/Helsinki
and is shown in that zone. Status fields are written only by `visits.services`.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import (
    AssessmentStatus,
    FeedKind,
    ItemKind,
    ResourceKind,
    RiskCategory,
    Severity,
    SiteVisitStatus,
    VettingStatus,
    VisitStatus,
)


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class Visit(models.Model):
    booking = models.OneToOneField(
        "bookings.Booking", on_delete=models.PROTECT, related_name="visit"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=VisitStatus.choices,
        default=VisitStatus.PLANNING,
        db_index=True,
    )
    starts_on = models.DateField(_("starts on"), db_index=True)
    ends_on = models.DateField(_("ends on"), db_index=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Hosts and calendar feeds see only “Delegation visit” and the group size."),
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programme manager on duty"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_visits",
    )
    manager_phone = models.CharField(_("manager's phone"), max_length=50, blank=True)
    escort = models.ForeignKey(
        "visits.Resource",
        verbose_name=_("escort"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="escorted_visits",
    )
    nearest_hospital = models.CharField(_("nearest hospital"), max_length=300, blank=True)
    meeting_points = models.TextField(_("meeting points"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return f"{self.booking.reference} ({self.starts_on:%Y-%m-%d})"

    @property
    def programme(self):
        return self.booking.programme

    @property
    def group_size(self) -> int:
        return self.booking.participants_count


class ItineraryItem(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    host = models.ForeignKey(
        "programmes.HostOrganisation",
        verbose_name=_("host organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visit_items",
    )
    attendees = models.CharField(_("who attends"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    removed = models.BooleanField(_("removed"), default=False)
    sequence = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("itinerary item")
        verbose_name_plural = _("itinerary items")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="visits_item_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def uid(self) -> str:
        """The iCalendar UID: stable for the life of the item."""
        return f"visit-item-{self.pk}@paamaja"


class SiteVisit(models.Model):
    item = models.OneToOneField(ItineraryItem, on_delete=models.CASCADE, related_name="site_visit")
    host = models.ForeignKey(
        "programmes.HostOrganisation", on_delete=models.PROTECT, related_name="site_visits"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=SiteVisitStatus.choices,
        default=SiteVisitStatus.DRAFT,
        db_index=True,
    )
    proposed_start = models.DateTimeField(_("proposed start"), null=True, blank=True)
    proposed_end = models.DateTimeField(_("proposed end"), null=True, blank=True)
    decline_reason = models.TextField(_("reason"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("site-visit request")
        verbose_name_plural = _("site-visit requests")

    def __str__(self) -> str:
        return f"{self.host} – {self.item}"


class HostMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="host_memberships"
    )
    host = models.ForeignKey(
        "programmes.HostOrganisation", on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        verbose_name = _("host membership")
        verbose_name_plural = _("host memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "host"], name="visits_unique_host_member")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.host}"


class HostAvailability(models.Model):
    """What a host can receive. One row per host organisation (original language)."""

    host = models.OneToOneField(
        "programmes.HostOrganisation", on_delete=models.CASCADE, related_name="availability"
    )
    # {"0": [["09:00", "16:00"]], ...}: weekday (Monday 0) -> opening intervals.
    weekly_hours = models.JSONField(_("weekly opening hours"), default=dict, blank=True)
    largest_group = models.PositiveIntegerField(_("largest group"), null=True, blank=True)
    delegations_per_day = models.PositiveIntegerField(
        _("delegations per day"), default=1, validators=[MinValueValidator(1)]
    )
    buffer_before_minutes = models.PositiveIntegerField(_("buffer before (minutes)"), default=0)
    buffer_after_minutes = models.PositiveIntegerField(_("buffer after (minutes)"), default=0)
    minimum_notice_days = models.PositiveIntegerField(_("minimum notice (days)"), default=0)
    vetting_days = models.PositiveIntegerField(
        _("participant list needed (days before)"), default=0
    )
    # Names of bookings.Participant fields the host vets its visitors by
    # (visits.vetting.VETTING_FIELDS); empty: the host vets nobody.
    vetting_fields = models.JSONField(_("fields needed for vetting"), default=list, blank=True)
    visitor_rules = models.TextField(_("visitor rules"), blank=True)
    busy_calendar_url = models.URLField(_("busy-time calendar (ICS URL)"), blank=True)
    busy_fetched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("host availability")
        verbose_name_plural = _("host availability")

    def __str__(self) -> str:
        return str(self.host)


class HostClosedDate(models.Model):
    host = models.ForeignKey(
        "programmes.HostOrganisation", on_delete=models.CASCADE, related_name="closed_dates"
    )
    date = models.DateField(_("date"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("host closed date")
        verbose_name_plural = _("host closed dates")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["host", "date"], name="visits_unique_closed_date")
        ]


class HostBusyTime(models.Model):
    """Busy times read from the host's own calendar (replaced on every fetch)."""

    host = models.ForeignKey(
        "programmes.HostOrganisation", on_delete=models.CASCADE, related_name="busy_times"
    )
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    summary = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("host busy time")
        verbose_name_plural = _("host busy times")
        ordering = ["starts_at"]


class Resource(models.Model):
    """An interpreter or an escort, scheduled like a host."""

    kind = models.CharField(_("kind"), max_length=20, choices=ResourceKind.choices)
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.CharField(_("languages"), max_length=100, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("interpreter or escort")
        verbose_name_plural = _("interpreters and escorts")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class ResourceAssignment(models.Model):
    item = models.ForeignKey(ItineraryItem, on_delete=models.CASCADE, related_name="resources")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="assignments")

    class Meta:
        verbose_name = _("resource assignment")
        verbose_name_plural = _("resource assignments")
        constraints = [
            models.UniqueConstraint(fields=["item", "resource"], name="visits_unique_assignment")
        ]


class TravelTime(models.Model):
    """A set travel time between two hosts, overriding the distance estimate."""

    from_host = models.ForeignKey(
        "programmes.HostOrganisation", on_delete=models.CASCADE, related_name="+"
    )
    to_host = models.ForeignKey(
        "programmes.HostOrganisation", on_delete=models.CASCADE, related_name="+"
    )
    minutes = models.PositiveIntegerField(_("minutes"))

    class Meta:
        verbose_name = _("travel time")
        verbose_name_plural = _("travel times")
        constraints = [
            models.UniqueConstraint(fields=["from_host", "to_host"], name="visits_unique_travel")
        ]


class CalendarFeed(models.Model):
    """A secret, revocable token URL for one calendar feed."""

    kind = models.CharField(max_length=20, choices=FeedKind.choices)
    token = models.CharField(max_length=64, unique=True, default=_feed_token)
    host = models.ForeignKey(
        "programmes.HostOrganisation", null=True, blank=True, on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.CASCADE)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        indexes = [models.Index(fields=["kind", "host", "user", "visit"])]


class RiskTemplate(models.Model):
    """A line of the risk-assessment checklist, edited in the admin."""

    category = models.CharField(_("category"), max_length=20, choices=RiskCategory.choices)
    title = models.CharField(_("risk"), max_length=200)
    guidance = models.TextField(_("guidance"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("risk checklist line")
        verbose_name_plural = _("risk checklist")

    def __str__(self) -> str:
        return self.title


class RiskAssessment(models.Model):
    visit = models.OneToOneField(Visit, on_delete=models.CASCADE, related_name="risk_assessment")
    status = models.CharField(
        max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")


class Risk(models.Model):
    assessment = models.ForeignKey(RiskAssessment, on_delete=models.CASCADE, related_name="risks")
    category = models.CharField(_("category"), max_length=20, choices=RiskCategory.choices)
    title = models.CharField(_("risk"), max_length=200)
    likelihood = models.PositiveSmallIntegerField(
        _("likelihood (1–5)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        _("impact (1–5)"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    owner = models.CharField(_("owner"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["position", "pk"]

    @property
    def score(self) -> int:
        return self.likelihood * self.impact


class BriefingAcknowledgement(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="acknowledgements")
    participant = models.OneToOneField(
        "bookings.Participant", on_delete=models.CASCADE, related_name="briefing_acknowledgement"
    )
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("briefing acknowledgement")
        verbose_name_plural = _("briefing acknowledgements")


class Incident(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="incidents")
    occurred_at = models.DateTimeField(_("occurred at"))
    description = models.TextField(_("what happened"))
    informed = models.TextField(_("who was informed"), blank=True)
    actions = models.TextField(_("actions"), blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.LOW
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")


class ReminderSent(models.Model):
    """Makes reminder tasks idempotent: one row per (what, to whom) ever sent."""

    key = models.CharField(max_length=200, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")


class VettingDecision(models.Model):
    """A host's decision on one participant of a site visit it vets (no row: pending).

    Written only by visits.vetting.vetting_decide."""

    site_visit = models.ForeignKey(
        SiteVisit, on_delete=models.CASCADE, related_name="vetting_decisions"
    )
    participant = models.ForeignKey(
        "bookings.Participant", on_delete=models.CASCADE, related_name="vetting_decisions"
    )
    status = models.CharField(_("vetting"), max_length=10, choices=VettingStatus.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"))

    class Meta:
        verbose_name = _("vetting decision")
        verbose_name_plural = _("vetting decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["site_visit", "participant"], name="visits_unique_vetting_decision"
            )
        ]


class Attendance(models.Model):
    """A participant checked in at a site visit (one row, however often it is sent).

    Written only by visits.attendance.attendance_check_in."""

    site_visit = models.ForeignKey(SiteVisit, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        "bookings.Participant", on_delete=models.CASCADE, related_name="attendance"
    )
    checked_in_at = models.DateTimeField(_("arrived"))
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["site_visit", "participant"], name="visits_unique_attendance"
            )
        ]


class NeedsSharingConsent(models.Model):
    """A participant's consent that caterers and hosts may see their name with their
    dietary and accessibility needs (without it only counts are shown). Kept here, keyed
    to the participant, because bookings owns the participant record."""

    participant = models.OneToOneField(
        "bookings.Participant", on_delete=models.CASCADE, related_name="needs_sharing_consent"
    )
    share_name = models.BooleanField(_("caterers and hosts may see my name with my needs"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("consent to share needs by name")
        verbose_name_plural = _("consents to share needs by name")
