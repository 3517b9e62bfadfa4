"""Delegation logistics on bookings' participant record.

A letter copies what the embassy asks for at the time of the request (the participant
record may change later; the letter must print what was approved). Its passport data
is blanked the day after the visit (delegations.retention); the verification code stays
so that an embassy can still confirm the letter afterwards, showing only what it prints.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, Hotel, Participant

from .enums import CostsPaidBy, LetterStatus, Occupancy


class InvitationLetter(models.Model):
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="invitation_letters"
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation_letters",
        verbose_name=_("participant"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=LetterStatus.choices,
        default=LetterStatus.REQUESTED,
        db_index=True,
    )
    full_name = models.CharField(_("full name as in the passport"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True)
    nationality = models.CharField(_("nationality"), max_length=2)
    passport_number = models.CharField(_("passport number"), max_length=50)
    passport_expiry = models.DateField(_("passport valid until"), null=True)
    purpose = models.CharField(_("purpose of the visit"), max_length=300)
    arrival = models.DateField(_("arrival"))
    departure = models.DateField(_("departure"))
    entry_state = models.CharField(_("Schengen state of first entry"), max_length=2)
    accommodation = models.CharField(_("accommodation"), max_length=300, blank=True)
    costs_paid_by = models.CharField(
        _("costs paid by"), max_length=12, choices=CostsPaidBy.choices, blank=True
    )
    code = models.CharField(
        _("verification code"), max_length=20, unique=True, null=True, blank=True
    )
    refusal_reason = models.CharField(_("reason"), max_length=300, blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    passport_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation letter")
        verbose_name_plural = _("invitation letters")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.booking.reference} · {self.full_name}"


class ParticipantProtocol(models.Model):
    """Protocol of one participant: title, form of address, position, rank, and their
    place in the delegation's order of precedence (1 first; by rank until set)."""

    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="protocol"
    )
    honorific = models.CharField(
        _("title"), max_length=60, blank=True, help_text=_("e.g. Dr, Prof., Colonel")
    )
    form_of_address = models.CharField(
        _("form of address"), max_length=100, blank=True, help_text=_("e.g. His Excellency")
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), default=50, help_text=_("1 is the highest; sets the default order")
    )
    precedence = models.PositiveSmallIntegerField(_("order of precedence"), null=True, blank=True)
    car = models.PositiveSmallIntegerField(_("car"), null=True, blank=True)
    speaks = models.BooleanField(_("speaks at the opening session"), default=False)
    # The badge's QR code: random, says nothing about the person, unique.
    badge_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("protocol")
        verbose_name_plural = _("protocol")

    def __str__(self) -> str:
        return str(self.participant)


class RoomAssignment(models.Model):
    """Who sleeps where: one row per participant and hotel stay. Participants who share
    a double room carry the same `room` label."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="room_assignments")
    hotel = models.ForeignKey(Hotel, on_delete=models.PROTECT, related_name="+")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="room_assignments"
    )
    occupancy = models.CharField(_("room"), max_length=10, choices=Occupancy.choices)
    room = models.CharField(_("room shared as"), max_length=20, blank=True)
    arrival = models.DateField(_("arrival"))
    departure = models.DateField(_("departure"))
    special_needs = models.CharField(_("special needs"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("room assignment")
        verbose_name_plural = _("room assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "hotel", "arrival"], name="one_stay_per_participant_hotel"
            ),
            models.CheckConstraint(
                condition=models.Q(departure__gt=models.F("arrival")), name="stay_has_nights"
            ),
        ]


class RoomingListSending(models.Model):
    """What was sent to a hotel: the rows as sent, so that the next sending marks changes."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="+")
    hotel = models.ForeignKey(Hotel, on_delete=models.PROTECT, related_name="+")
    recipient = models.EmailField(_("hotel's e-mail"))
    language = models.CharField(max_length=10, default="en")
    rows = models.JSONField(default=list)
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("rooming list sent")
        verbose_name_plural = _("rooming lists sent")
        ordering = ["-sent_at", "-pk"]
