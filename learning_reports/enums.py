from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


# The programme manager may edit the texts and recompile only in these states.
EDITABLE_STATES = (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)


class CompileState(models.TextChoices):
    IDLE = "idle", _("Not compiled")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Compiling")
    DONE = "done", _("Compiled")
    FAILED = "failed", _("Failed")


class InvitationKind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback after the visit")
    FOLLOW_UP = "follow_up", _("Follow-up three months later")


class QuoteConsent(models.TextChoices):
    NAMED = "named", _("You may quote me by name")
    ANONYMOUS = "anonymous", _("You may quote me anonymously")
    NONE = "none", _("Please do not quote me")


class ObjectiveMet(models.IntegerChoices):
    NOT_AT_ALL = 1, _("Not at all")
    PARTLY = 2, _("Partly")
    MOSTLY = 3, _("Mostly")
    FULLY = 4, _("Fully")


# An objective counts as met when answered "mostly" or "fully".
OBJECTIVE_MET_FROM = ObjectiveMet.MOSTLY


class AppliedLevel(models.IntegerChoices):
    NOTHING_YET = 1, _("Nothing yet")
    SOME = 2, _("Some of it")
    MUCH = 3, _("Much of it")


class ReportSection(models.TextChoices):
    """Sections of the report, in order; review comments are anchored to one of them."""

    SUMMARY = "summary", _("Summary")
    DELEGATION = "delegation", _("The delegation in numbers")
    PROGRAMME = "programme", _("The programme as delivered")
    RATINGS = "ratings", _("Ratings of the site visits")
    OBJECTIVES = "objectives", _("Learning objectives")
    QUOTES = "quotes", _("In the participants' words")
    FOLLOW_UP = "follow_up", _("Follow-up and cooperation")
    SAFETY = "safety", _("Incidents and safety")
    REGION = "region", _("The region's gain")
    LESSONS = "lessons", _("Lessons learned and recommendations")


# What the audit trail of a report shows for each recorded action (the entries store the
# code; the page shows the label in the reader's language).
AUDIT_ACTION_LABELS = {
    "edit": _("Texts edited"),
    "compile_request": _("Compilation requested"),
    "submit": _("Submitted for review"),
    "request_changes": _("Changes requested"),
    "approve": _("Approved"),
    "publish": _("Published"),
    "share_rotate": _("New share link made"),
    "share_revoke": _("Sharing stopped"),
    "comment": _("Review comment added"),
}
