"""Feedback after a visit, the learning report compiled from it, and its review.

Answers are stored without a link to the participant's identity: an invitation points
at the participant only until the retention task clears it (`participant` becomes
NULL), while the answer rows keep pointing at the invitation and the visit, so they
stay counted. Free text appears in a report only as a quote with the respondent's
consent (learning_reports.stats.quotes_with_consent).
"""

from __future__ import annotations

import datetime
import hmac
import secrets

from django.conf import settings
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import (
    AppliedLevel,
    CompileState,
    InvitationKind,
    ObjectiveMet,
    QuoteConsent,
    ReportSection,
    ReportStatus,
)


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def _signer(salt: str) -> signing.Signer:
    return signing.Signer(salt=f"learning_reports.{salt}")


def make_link_token(*, salt: str, pk: int, nonce: str) -> str:
    """A signed `<pk>:<nonce>`: unguessable without the secret key and the stored nonce."""
    return _signer(salt).sign(f"{pk}:{nonce}")


def read_link_token(token: str, *, salt: str) -> tuple[int, str] | None:
    """(pk, nonce) from a token with a valid signature, else None."""
    try:
        value = _signer(salt).unsign(token)
        pk, nonce = value.split(":", 1)
        return int(pk), nonce
    except (signing.BadSignature, ValueError):
        return None


class TokenMixin(models.Model):
    """A private link. The nonce is compared in constant time; rotating it revokes links."""

    TOKEN_SALT = "link"  # noqa: S105 - a signing salt, not a secret

    nonce = models.CharField(max_length=64, default=new_nonce, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def token(self) -> str:
        return make_link_token(salt=self.TOKEN_SALT, pk=self.pk, nonce=self.nonce)

    def nonce_matches(self, nonce: str) -> bool:
        return hmac.compare_digest(self.nonce.encode(), nonce.encode())


class FeedbackInvitation(TokenMixin):
    """One participant's private link to the questionnaire (feedback or follow-up)."""

    TOKEN_SALT = "invitation"  # noqa: S105 - a signing salt, not a secret

    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.CASCADE, related_name="feedback_invitations"
    )
    participant = models.ForeignKey(
        "bookings.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_invitations",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=InvitationKind.choices)
    language = models.CharField(max_length=8, default="en")
    expires_at = models.DateTimeField(_("expires"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("feedback invitation")
        verbose_name_plural = _("feedback invitations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "participant", "kind"],
                name="learning_reports_one_invitation_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return (
            self.revoked_at is None
            and self.answered_at is None
            and self.expires_at > timezone.now()
        )


class FeedbackResponse(models.Model):
    """The questionnaire right after the visit (Kirkpatrick levels 1 and 2)."""

    invitation = models.OneToOneField(
        FeedbackInvitation, on_delete=models.CASCADE, related_name="response"
    )
    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.CASCADE, related_name="feedback_responses"
    )
    overall_rating = models.PositiveSmallIntegerField(
        _("overall rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    nps = models.PositiveSmallIntegerField(
        _("how likely are you to recommend the programme (0–10)"),
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    apply_at_home = models.TextField(_("what will you apply at home"), blank=True)
    improve = models.TextField(_("what should we improve"), blank=True)
    consent = models.CharField(
        _("may we quote you"),
        max_length=10,
        choices=QuoteConsent.choices,
        default=QuoteConsent.NONE,
    )
    # Captured at submission only with consent to be named; cleared by the retention task.
    quote_name = models.CharField(max_length=200, blank=True)
    quote_country = models.CharField(max_length=2, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("feedback answer")
        verbose_name_plural = _("feedback answers")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(overall_rating__gte=1, overall_rating__lte=5),
                name="learning_reports_rating_1_5",
            ),
            models.CheckConstraint(
                condition=models.Q(nps__gte=0, nps__lte=10), name="learning_reports_nps_0_10"
            ),
        ]


class SiteVisitRating(models.Model):
    response = models.ForeignKey(
        FeedbackResponse, on_delete=models.CASCADE, related_name="site_ratings"
    )
    site_visit = models.ForeignKey(
        "visits.SiteVisit", on_delete=models.CASCADE, related_name="feedback_ratings"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("site visit rating")
        verbose_name_plural = _("site visit ratings")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "site_visit"], name="learning_reports_one_rating_per_site"
            )
        ]


class ObjectiveRating(models.Model):
    response = models.ForeignKey(
        FeedbackResponse, on_delete=models.CASCADE, related_name="objective_ratings"
    )
    position = models.PositiveSmallIntegerField()
    objective = models.CharField(max_length=500)
    met = models.PositiveSmallIntegerField(choices=ObjectiveMet.choices)

    class Meta:
        verbose_name = _("objective rating")
        verbose_name_plural = _("objective ratings")
        ordering = ["position"]


class FollowUpResponse(models.Model):
    """Three months later: what was applied and what came of it (Kirkpatrick 3 and 4)."""

    invitation = models.OneToOneField(
        FeedbackInvitation, on_delete=models.CASCADE, related_name="follow_up"
    )
    visit = models.ForeignKey(
        "visits.Visit", on_delete=models.CASCADE, related_name="follow_up_responses"
    )
    applied_level = models.PositiveSmallIntegerField(
        _("how much of what you learned have you applied"), choices=AppliedLevel.choices
    )
    behaviour = models.TextField(_("what have you done differently since the visit"), blank=True)
    results = models.TextField(_("what results has it had in your organisation"), blank=True)
    cooperation = models.BooleanField(
        _("has cooperation with an organisation you met started"), default=False
    )
    cooperation_details = models.TextField(_("which cooperation"), blank=True)
    consent = models.CharField(
        _("may we quote you"),
        max_length=10,
        choices=QuoteConsent.choices,
        default=QuoteConsent.NONE,
    )
    quote_name = models.CharField(max_length=200, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow-up answer")
        verbose_name_plural = _("follow-up answers")


class HostDebrief(models.Model):
    """The host's view of one site visit."""

    site_visit = models.OneToOneField(
        "visits.SiteVisit", on_delete=models.CASCADE, related_name="debrief"
    )
    how_it_went = models.TextField(_("how did the visit go"))
    questions_asked = models.TextField(_("what did the delegation ask about"), blank=True)
    follow_up_contacts = models.TextField(
        _("follow-up contacts or cooperation that came out of it"), blank=True
    )
    cooperation = models.BooleanField(_("cooperation agreed or started"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("host debrief")
        verbose_name_plural = _("host debriefs")


class LearningReport(models.Model):
    """One visit's learning report. Status is written only by learning_reports.services."""

    visit = models.OneToOneField(
        "visits.Visit", on_delete=models.PROTECT, related_name="learning_report"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    observations = models.TextField(_("observations"), blank=True)
    lessons_learned = models.TextField(_("lessons learned"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    # The compiled figures (JSON-safe: Decimals as strings); see selectors.report_data.
    content = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    compile_state = models.CharField(
        max_length=10, choices=CompileState.choices, default=CompileState.IDLE
    )
    compile_progress = models.PositiveSmallIntegerField(default=0)
    compile_step = models.CharField(max_length=100, blank=True)
    compiled_at = models.DateTimeField(null=True, blank=True)
    # The secret share link of a published report; empty = not shared. Rotating revokes.
    share_nonce = models.CharField(max_length=64, blank=True, editable=False)
    # The last day the share link opens, chosen by whoever shares it (default 90 days).
    share_expires_on = models.DateField(_("shared link valid until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learning report")
        verbose_name_plural = _("learning reports")
        ordering = ["-visit__starts_on", "pk"]
        permissions = [
            ("review_learningreport", _("Can review, approve and publish learning reports")),
            ("view_impact_dashboard", _("Can view the impact dashboard")),
        ]

    def __str__(self) -> str:
        return str(_("Learning report: %(visit)s") % {"visit": self.visit})

    @property
    def share_token(self) -> str:
        if not self.share_nonce:
            return ""
        return make_link_token(salt="share", pk=self.pk, nonce=self.share_nonce)

    def share_link_expired(self, today: datetime.date | None = None) -> bool:
        return (
            self.share_expires_on is not None
            and (today or timezone.localdate()) > self.share_expires_on
        )

    @property
    def share_link_live(self) -> bool:
        """Shared, and the link has not passed its last day."""
        return bool(self.share_nonce) and not self.share_link_expired()

    def share_nonce_matches(self, nonce: str) -> bool:
        return bool(self.share_nonce) and hmac.compare_digest(
            self.share_nonce.encode(), nonce.encode()
        )


class ReportVersion(models.Model):
    """A frozen copy of the report at each submission, approval and publication."""

    report = models.ForeignKey(LearningReport, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=ReportStatus.choices)
    content = models.JSONField(default=dict, encoder=DjangoJSONEncoder)
    observations = models.TextField(blank=True)
    lessons_learned = models.TextField(blank=True)
    recommendations = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="learning_reports_unique_version"
            )
        ]


class ReviewComment(models.Model):
    report = models.ForeignKey(LearningReport, on_delete=models.CASCADE, related_name="comments")
    version_number = models.PositiveIntegerField(default=0)
    section = models.CharField(_("section"), max_length=20, choices=ReportSection.choices)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
