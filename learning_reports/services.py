"""Every state change of learning_reports: one function each, in a transaction, audited."""

from __future__ import annotations

import datetime
import time
from collections.abc import Sequence

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Participant
from core.audit import audit_record
from core.outbox import outbox_enqueue
from visits.enums import VisitStatus
from visits.models import SiteVisit, Visit

from . import conf
from .enums import (
    EDITABLE_STATES,
    CompileState,
    InvitationKind,
    QuoteConsent,
    ReportSection,
    ReportStatus,
)
from .errors import InvalidTransition, LinkNotUsable, ReportError
from .models import (
    FeedbackInvitation,
    FeedbackResponse,
    FollowUpResponse,
    HostDebrief,
    LearningReport,
    ObjectiveRating,
    ReportVersion,
    ReviewComment,
    SiteVisitRating,
    new_nonce,
    read_link_token,
)
from .selectors import report_data

EMAIL_TASK = "learning_reports.tasks.send_invitation_email"


# --------------------------------------------------------------------------- invitations


def report_get_or_create(*, visit: Visit) -> LearningReport:
    report, _ = LearningReport.objects.get_or_create(visit=visit)
    return report


def invitations_create(*, visit_id: int, kind: str = InvitationKind.FEEDBACK) -> list[int]:
    """Invite every participant with an e-mail address of the visit; idempotent.

    Side effects: a draft LearningReport for the visit; one outbox e-mail per new
    invitation (sent after commit). Participants already invited are skipped.
    """
    created: list[int] = []
    with transaction.atomic():
        visit = Visit.objects.select_for_update().select_related("booking").get(pk=visit_id)
        if visit.status != VisitStatus.COMPLETED:
            raise InvalidTransition(_("Feedback is asked only after the visit is completed."))
        report_get_or_create(visit=visit)
        already = set(
            FeedbackInvitation.objects.filter(visit=visit, kind=kind).values_list(
                "participant_id", flat=True
            )
        )
        expires = timezone.now() + datetime.timedelta(days=conf.feedback_link_days())
        participants = Participant.objects.filter(
            booking=visit.booking, anonymised_at__isnull=True
        ).exclude(email="")
        for participant in participants:
            if participant.pk in already:
                continue
            invitation = FeedbackInvitation.objects.create(
                visit=visit,
                participant=participant,
                kind=kind,
                language=visit.booking.language or "en",
                expires_at=expires,
            )
            outbox_enqueue(task=EMAIL_TASK, invitation_id=invitation.pk, reminder=False)
            created.append(invitation.pk)
        if created:
            audit_record(
                subject=visit,
                action=f"feedback_invite_{kind}",
                data={"invitations": len(created)},
            )
    return created


def invitation_mark_sent(*, invitation_id: int, reminder: bool) -> None:
    now = timezone.now()
    if reminder:
        FeedbackInvitation.objects.filter(pk=invitation_id).update(reminded_at=now)
    else:
        FeedbackInvitation.objects.filter(pk=invitation_id, sent_at__isnull=True).update(
            sent_at=now
        )


def reminders_send_due(*, now: datetime.datetime | None = None) -> int:
    """Remind those who have not answered: after N days, at most M times; idempotent.

    The counter is raised in the same transaction as the outbox message, so a task that
    runs twice in the same window finds nothing due the second time.
    """
    now = now or timezone.now()
    due_before = now - datetime.timedelta(days=conf.reminder_after_days())
    sent = 0
    with transaction.atomic():
        due = (
            FeedbackInvitation.objects.select_for_update(skip_locked=True)
            .filter(
                answered_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=now,
                sent_at__lte=due_before,
                reminders_sent__lt=conf.max_reminders(),
                participant__isnull=False,
            )
            .exclude(reminded_at__gt=due_before)
        )
        for invitation in due:
            invitation.reminders_sent += 1
            invitation.reminded_at = now
            invitation.save(update_fields=["reminders_sent", "reminded_at"])
            outbox_enqueue(task=EMAIL_TASK, invitation_id=invitation.pk, reminder=True)
            sent += 1
    return sent


def follow_ups_invite_due(*, today: datetime.date | None = None) -> int:
    """Three months after a completed visit, invite its participants to the follow-up."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=conf.follow_up_after_days())
    visits = (
        Visit.objects.filter(status=VisitStatus.COMPLETED, ends_on__lte=cutoff)
        .exclude(feedback_invitations__kind=InvitationKind.FOLLOW_UP)
        .values_list("pk", flat=True)
    )
    return sum(len(invitations_create(visit_id=pk, kind=InvitationKind.FOLLOW_UP)) for pk in visits)


def invitation_revoke(*, invitation: FeedbackInvitation, actor) -> FeedbackInvitation:
    with transaction.atomic():
        invitation = FeedbackInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.revoked_at is not None:
            return invitation
        invitation.revoked_at = timezone.now()
        invitation.nonce = new_nonce()
        invitation.save(update_fields=["revoked_at", "nonce"])
        audit_record(subject=invitation, action="revoke", actor=actor)
    return invitation


def invitation_from_token(token: str, *, kind: str | None = None) -> FeedbackInvitation:
    """The open invitation of a link, or LinkNotUsable with the reason to show."""
    parsed = read_link_token(token, salt=FeedbackInvitation.TOKEN_SALT)
    invitation = None
    if parsed:
        pk, nonce = parsed
        invitation = (
            FeedbackInvitation.objects.select_related("visit__booking__programme", "participant")
            .filter(pk=pk)
            .first()
        )
        if invitation is not None and not invitation.nonce_matches(nonce):
            invitation = None
    if invitation is None or (kind and invitation.kind != kind):
        raise LinkNotUsable()
    if invitation.revoked_at is not None:
        raise LinkNotUsable(_("This link has been withdrawn."))
    if invitation.answered_at is not None:
        raise LinkNotUsable(_("You have already answered. Thank you!"))
    if invitation.expires_at <= timezone.now():
        raise LinkNotUsable(_("This link has expired."))
    return invitation


def _claim(invitation: FeedbackInvitation) -> FeedbackInvitation:
    """Lock the invitation row: of two submissions racing (a double click, two tabs) the
    second waits, then finds it answered and gets a message instead of a 500."""
    rows = FeedbackInvitation.objects
    if getattr(settings, "LEARNING_REPORTS_LOCKING_ENABLED", True):  # off only in a test
        rows = rows.select_for_update()
    invitation = rows.get(pk=invitation.pk)
    if not invitation.is_open:
        raise LinkNotUsable(_("This questionnaire can no longer be answered."))
    window = getattr(settings, "LEARNING_REPORTS_TEST_RACE_WINDOW_SECONDS", 0)
    if window:  # tests widen the race window to make the race reproducible
        time.sleep(window)
    return invitation


def _quote_name(invitation: FeedbackInvitation, consent: str) -> tuple[str, str]:
    participant = invitation.participant
    if consent != QuoteConsent.NAMED or participant is None:
        return "", ""
    name = f"{participant.first_name} {participant.last_name}".strip()
    if participant.title:
        name = f"{name}, {participant.title}" if name else participant.title
    return name, participant.nationality or ""


def feedback_submit(
    *,
    invitation: FeedbackInvitation,
    overall_rating: int,
    nps: int,
    apply_at_home: str = "",
    improve: str = "",
    consent: str = QuoteConsent.NONE,
    site_ratings: Sequence[tuple[int, int | None, str]] = (),
    objectives: Sequence[tuple[int, int]] = (),
) -> FeedbackResponse:
    """Store the questionnaire once. `site_ratings`: (site_visit_id, rating, comment);
    `objectives`: (position, level). Refused when the link is answered/expired/revoked."""
    with transaction.atomic():
        invitation = _claim(invitation)
        if invitation.kind != InvitationKind.FEEDBACK:
            raise LinkNotUsable()
        name, country = _quote_name(invitation, consent)
        response = FeedbackResponse.objects.create(
            invitation=invitation,
            visit_id=invitation.visit_id,
            overall_rating=overall_rating,
            nps=nps,
            apply_at_home=apply_at_home.strip(),
            improve=improve.strip(),
            consent=consent,
            quote_name=name,
            quote_country=country,
        )
        valid_sites = set(
            SiteVisit.objects.filter(item__visit_id=invitation.visit_id).values_list(
                "pk", flat=True
            )
        )
        SiteVisitRating.objects.bulk_create(
            SiteVisitRating(
                response=response, site_visit_id=sv, rating=rating, comment=comment.strip()
            )
            for sv, rating, comment in site_ratings
            if sv in valid_sites and (rating is not None or comment.strip())
        )
        texts = invitation.visit.programme.learning_objectives_list
        ObjectiveRating.objects.bulk_create(
            ObjectiveRating(response=response, position=pos, objective=texts[pos][:500], met=lvl)
            for pos, lvl in objectives
            if 0 <= pos < len(texts)
        )
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answered_at"])
    return response


def follow_up_submit(
    *,
    invitation: FeedbackInvitation,
    applied_level: int,
    behaviour: str = "",
    results: str = "",
    cooperation: bool = False,
    cooperation_details: str = "",
    consent: str = QuoteConsent.NONE,
) -> FollowUpResponse:
    with transaction.atomic():
        invitation = _claim(invitation)
        if invitation.kind != InvitationKind.FOLLOW_UP:
            raise LinkNotUsable()
        name, _country = _quote_name(invitation, consent)
        response = FollowUpResponse.objects.create(
            invitation=invitation,
            visit_id=invitation.visit_id,
            applied_level=applied_level,
            behaviour=behaviour.strip(),
            results=results.strip(),
            cooperation=cooperation,
            cooperation_details=cooperation_details.strip(),
            consent=consent,
            quote_name=name,
        )
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answered_at"])
    return response


def host_debrief_save(*, site_visit: SiteVisit, actor, **fields) -> HostDebrief:
    allowed = {"how_it_went", "questions_asked", "follow_up_contacts", "cooperation"}
    if set(fields) - allowed:
        raise ValueError(f"not editable here: {sorted(set(fields) - allowed)}")
    with transaction.atomic():
        debrief, created = HostDebrief.objects.select_for_update().get_or_create(
            site_visit=site_visit, defaults={**fields, "author": actor}
        )
        if not created:
            for key, value in fields.items():
                setattr(debrief, key, value)
            debrief.author = actor
            debrief.save()
        audit_record(subject=debrief, action="debrief_save", actor=actor)
    return debrief


# --------------------------------------------------------------------------- the report


def _lock(report: LearningReport) -> LearningReport:
    return LearningReport.objects.select_for_update().get(pk=report.pk)


def report_update_texts(
    *, report: LearningReport, actor, observations: str, lessons_learned: str, recommendations: str
) -> LearningReport:
    """The programme manager's texts; only while draft or changes requested."""
    with transaction.atomic():
        report = _lock(report)
        if report.status not in EDITABLE_STATES:
            raise InvalidTransition(
                _("The report can be edited only as a draft or after changes are requested.")
            )
        report.observations = observations.strip()
        report.lessons_learned = lessons_learned.strip()
        report.recommendations = recommendations.strip()
        report.save(
            update_fields=["observations", "lessons_learned", "recommendations", "updated_at"]
        )
        audit_record(
            subject=report,
            action="edit",
            actor=actor,
            from_state=report.status,
            to_state=report.status,
        )
    return report


def report_compile_request(*, report: LearningReport, actor) -> LearningReport:
    """Queue the compile task (after commit). Refused while it runs or after submission."""
    with transaction.atomic():
        report = _lock(report)
        if report.status not in EDITABLE_STATES:
            raise InvalidTransition(
                _("A submitted report is not recompiled; request changes first.")
            )
        if report.compile_state in (CompileState.QUEUED, CompileState.RUNNING):
            raise InvalidTransition(_("The report is already being compiled."))
        report.compile_state = CompileState.QUEUED
        report.compile_progress = 0
        report.compile_step = ""
        report.save(
            update_fields=["compile_state", "compile_progress", "compile_step", "updated_at"]
        )
        audit_record(subject=report, action="compile_request", actor=actor)
        # Through the outbox: with the broker down the report would otherwise stay
        # "queued" for ever, and a new compile is refused while one is queued.
        outbox_enqueue(task="learning_reports.tasks.compile_report", report_id=report.pk)
    return report


def report_compile_run(*, report_id: int) -> LearningReport:
    """Compile the figures, storing progress on the row as each section is done."""
    LearningReport.objects.filter(pk=report_id).update(
        compile_state=CompileState.RUNNING, compile_progress=1, compile_step=""
    )
    report = LearningReport.objects.select_related("visit").get(pk=report_id)

    def progress(percent: int, step: str) -> None:
        LearningReport.objects.filter(pk=report_id).update(
            compile_progress=min(percent, 99), compile_step=step
        )

    try:
        content = report_data(report.visit, progress=progress)
    except Exception:
        LearningReport.objects.filter(pk=report_id).update(compile_state=CompileState.FAILED)
        raise
    with transaction.atomic():
        report = _lock(report)
        report.content = content
        report.compile_state = CompileState.DONE
        report.compile_progress = 100
        report.compile_step = ""
        report.compiled_at = timezone.now()
        report.save(
            update_fields=[
                "content",
                "compile_state",
                "compile_progress",
                "compile_step",
                "compiled_at",
                "updated_at",
            ]
        )
    return report


def _snapshot(report: LearningReport, actor) -> ReportVersion:
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ReportVersion.objects.create(
        report=report,
        number=number,
        status=report.status,
        content=report.content,
        observations=report.observations,
        lessons_learned=report.lessons_learned,
        recommendations=report.recommendations,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _transition(
    report: LearningReport,
    *,
    allowed_from: Sequence[str],
    to: str,
    actor,
    action: str,
    message,
) -> LearningReport:
    with transaction.atomic():
        report = _lock(report)
        if report.status not in allowed_from:
            raise InvalidTransition(message)
        from_state = report.status
        report.status = to
        fields = ["status", "updated_at"]
        if to == ReportStatus.PUBLISHED:
            report.published_at = timezone.now()
            if not report.share_nonce:
                report.share_nonce = new_nonce()
                report.share_expires_on = timezone.localdate() + datetime.timedelta(
                    days=share_link_days()
                )
            fields += ["published_at", "share_nonce", "share_expires_on"]
        report.save(update_fields=fields)
        version = _snapshot(report, actor)
        audit_record(
            subject=report,
            action=action,
            actor=actor,
            from_state=from_state,
            to_state=to,
            data={"version": version.number},
        )
    return report


def report_submit(*, report: LearningReport, actor) -> LearningReport:
    """Draft or changes requested → submitted. Needs a compiled report."""
    if report.compile_state != CompileState.DONE:
        raise ReportError(_("Compile the report before submitting it."))
    return _transition(
        report,
        allowed_from=EDITABLE_STATES,
        to=ReportStatus.SUBMITTED,
        actor=actor,
        action="submit",
        message=_("Only a draft or a report with requested changes can be submitted."),
    )


def report_request_changes(*, report: LearningReport, actor) -> LearningReport:
    """Submitted → changes requested; the reviewer's comments say what to change."""
    if not report.comments.filter(version_number=_current_version(report)).exists():
        raise ReportError(_("Add at least one comment saying what should change."))
    return _transition(
        report,
        allowed_from=(ReportStatus.SUBMITTED,),
        to=ReportStatus.CHANGES_REQUESTED,
        actor=actor,
        action="request_changes",
        message=_("Changes can be requested only for a submitted report."),
    )


def report_approve(*, report: LearningReport, actor) -> LearningReport:
    return _transition(
        report,
        allowed_from=(ReportStatus.SUBMITTED,),
        to=ReportStatus.APPROVED,
        actor=actor,
        action="approve",
        message=_("Only a submitted report can be approved."),
    )


def report_publish(*, report: LearningReport, actor) -> LearningReport:
    """Approved → published, with a secret share link for the delegation and the hosts."""
    return _transition(
        report,
        allowed_from=(ReportStatus.APPROVED,),
        to=ReportStatus.PUBLISHED,
        actor=actor,
        action="publish",
        message=_("Only an approved report can be published."),
    )


def share_link_days() -> int:
    """How long a new share link opens unless its sharer chooses otherwise."""
    return int(getattr(settings, "LEARNING_REPORTS_SHARE_LINK_DAYS", 90))


def report_share_rotate(
    *, report: LearningReport, actor, expires_on: datetime.date | None = None
) -> LearningReport:
    """A new share link, open until `expires_on` (default: share_link_days() from today);
    the old one stops working. Raises ReportError for a day that is not in the future."""
    today = timezone.localdate()
    expires_on = expires_on or today + datetime.timedelta(days=share_link_days())
    if expires_on <= today:
        raise ReportError(_("Choose a day after today for the link to stop working."))
    with transaction.atomic():
        report = _lock(report)
        if report.status != ReportStatus.PUBLISHED:
            raise InvalidTransition(_("Only a published report can be shared."))
        report.share_nonce = new_nonce()
        report.share_expires_on = expires_on
        report.save(update_fields=["share_nonce", "share_expires_on", "updated_at"])
        audit_record(
            subject=report,
            action="share_rotate",
            actor=actor,
            data={"expires_on": expires_on.isoformat()},
        )
    return report


def report_share_revoke(*, report: LearningReport, actor) -> LearningReport:
    """Stop sharing: the link stops working at once (idempotent)."""
    with transaction.atomic():
        report = _lock(report)
        if not report.share_nonce:
            return report
        report.share_nonce = ""
        report.share_expires_on = None
        report.save(update_fields=["share_nonce", "share_expires_on", "updated_at"])
        audit_record(subject=report, action="share_revoke", actor=actor)
    return report


def _current_version(report: LearningReport) -> int:
    return report.versions.order_by("-number").values_list("number", flat=True).first() or 0


def review_comment_add(*, report: LearningReport, actor, section: str, text: str) -> ReviewComment:
    """A reviewer's comment on one section of the submitted version."""
    if section not in ReportSection.values:
        raise ReportError(_("Choose the section the comment is about."))
    if not text.strip():
        raise ReportError(_("Write the comment."))
    with transaction.atomic():
        report = _lock(report)
        if report.status != ReportStatus.SUBMITTED:
            raise InvalidTransition(_("Comments are added while the report is under review."))
        comment = ReviewComment.objects.create(
            report=report,
            version_number=_current_version(report),
            section=section,
            text=text.strip(),
            author=actor,
        )
        audit_record(subject=report, action="comment", actor=actor, data={"section": section})
    return comment


# --------------------------------------------------------------------------- retention

PERSONAL_FIELDS_BLANK = (
    "first_name",
    "last_name",
    "title",
    "organisation",
    "email",
    "id_document_type",
    "id_document_number",
    "dietary_needs",
    "accessibility_needs",
    "emergency_contact_name",
    "emergency_contact_phone",
)


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    month += 1
    day = min(today.day, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    return datetime.date(year, month, day)


from bookings.retention import participants_anonymise  # noqa: E402


def participants_anonymise_due(*, today: datetime.date | None = None) -> int:
    """Anonymise participants of visits that ended more than the retention period ago.

    Names, contact details, documents, dates of birth and needs are cleared; the
    nationality is kept (an aggregate country count, not identifying on its own); the
    feedback stays counted but loses its link to the person (invitation.participant =
    NULL) and any captured name for a named quote. Idempotent.
    """
    today = today or timezone.localdate()
    cutoff = _months_ago(today, conf.retention_months())
    booking_ids = Visit.objects.filter(ends_on__lt=cutoff).values("booking_id")
    with transaction.atomic():
        participants = Participant.objects.select_for_update().filter(
            booking_id__in=booking_ids, anonymised_at__isnull=True
        )
        ids = list(participants.values_list("pk", flat=True))
        if not ids:
            return 0
        visit_ids = list(
            Visit.objects.filter(booking__participants__pk__in=ids).values_list("pk", flat=True)
        )
        FeedbackInvitation.objects.filter(participant_id__in=ids).update(participant=None)
        FeedbackResponse.objects.filter(visit_id__in=visit_ids).exclude(quote_name="").update(
            quote_name="", quote_country="", consent=QuoteConsent.ANONYMOUS
        )
        FollowUpResponse.objects.filter(visit_id__in=visit_ids).exclude(quote_name="").update(
            quote_name="", consent=QuoteConsent.ANONYMOUS
        )
        # bookings owns the participant's fields: one erasure path (bookings.retention).
        participants_anonymise(ids)
        for visit_id in visit_ids:
            audit_record(subject=Visit(pk=visit_id), action="participants_anonymise")
    return len(ids)
