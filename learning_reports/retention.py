"""learning_reports' part of retention (registered with core.retention).

Past the period: participants are anonymised through bookings.retention (the one path),
invitations lose their link to the person, names of quotes go and free text without
consent to be quoted is blanked (ratings stay counted). At every run, the stored report
content and versions keep only the quotes that current consent still allows.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from core import retention

from .datamap import CONTENT_COPIES
from .enums import QuoteConsent
from .models import (
    FeedbackInvitation,
    FeedbackResponse,
    FollowUpResponse,
    HostDebrief,
    LearningReport,
    ReportVersion,
    ReviewComment,
    SiteVisitRating,
)
from .services import participants_anonymise_due


def _allowed_quotes(visit_id) -> dict[str, tuple[str, str]]:
    allowed: dict[str, tuple[str, str]] = {}
    for consent, name, country, *texts in FeedbackResponse.objects.filter(
        visit_id=visit_id, consent__in=[QuoteConsent.NAMED, QuoteConsent.ANONYMOUS]
    ).values_list("consent", "quote_name", "quote_country", "apply_at_home", "improve"):
        for text in texts:
            if text.strip():
                named = consent == QuoteConsent.NAMED
                allowed[text.strip()] = (name if named else "", country if named else "")
    for consent, name, *texts in FollowUpResponse.objects.filter(
        visit_id=visit_id, consent__in=[QuoteConsent.NAMED, QuoteConsent.ANONYMOUS]
    ).values_list("consent", "quote_name", "behaviour", "results"):
        for text in texts:
            if text.strip():
                allowed[text.strip()] = (name if consent == QuoteConsent.NAMED else "", "")
    return allowed


def _filter_content(content, allowed):
    if not isinstance(content, dict) or not content.get("quotes"):
        return content
    kept = []
    for quote in content["quotes"]:
        text = (quote.get("text") or "").strip()
        if text in allowed:
            name, country = allowed[text]
            kept.append(
                {**quote, "name": name if quote.get("name") else "", "country": country}
                if quote.get("name")
                else quote
            )
    return {**content, "quotes": kept}


def report_content_reduce() -> dict[str, int]:
    counts = {"learning_reports.learningreport": 0, "learning_reports.reportversion": 0}
    for report in LearningReport.objects.exclude(content={}).iterator():
        allowed = _allowed_quotes(report.visit_id)
        content = _filter_content(report.content, allowed)
        if content != report.content:
            LearningReport.objects.filter(pk=report.pk).update(content=content)
            counts["learning_reports.learningreport"] += 1
        for version in ReportVersion.objects.filter(report=report):
            content = _filter_content(version.content, allowed)
            if content != version.content:
                ReportVersion.objects.filter(pk=version.pk).update(content=content)
                counts["learning_reports.reportversion"] += 1
    return counts


def _blank_path(value, keys: list[str]):
    """`value` with the strings at the path `keys` ("*": every item of a list) blanked."""
    if not keys:
        return "" if isinstance(value, str) else value
    head, rest = keys[0], keys[1:]
    if head == "*" and isinstance(value, list):
        return [_blank_path(item, rest) for item in value]
    if isinstance(value, dict) and head in value:
        return {**value, head: _blank_path(value[head], rest)}
    return value


def _without_copies(content):
    for path, _purpose in CONTENT_COPIES:
        content = _blank_path(content, path.split("."))
    return content


def report_copies_expire(cutoff: datetime.date) -> dict[str, int]:
    """The stored reports and versions of visits past the period lose the copies of
    incident and debrief text (CONTENT_COPIES), as their sources are blanked."""
    counts = {"learning_reports.learningreport": 0, "learning_reports.reportversion": 0}
    for model, label, visit in (
        (LearningReport, "learning_reports.learningreport", "visit__ends_on__lt"),
        (ReportVersion, "learning_reports.reportversion", "report__visit__ends_on__lt"),
    ):
        for pk, content in model.objects.filter(**{visit: cutoff}).values_list("pk", "content"):
            reduced = _without_copies(content)
            if reduced != content:
                model.objects.filter(pk=pk).update(content=reduced)
                counts[label] += 1
    return counts


def retention_part(as_of: datetime.date) -> dict[str, int]:
    cutoff = retention.months_ago(as_of, retention.retention_months())
    with transaction.atomic():
        participants_anonymise_due(today=as_of)
        old = {"visit__ends_on__lt": cutoff}
        counts = {
            "learning_reports.feedbackinvitation": FeedbackInvitation.objects.filter(
                participant__anonymised_at__isnull=False
            ).update(participant=None),
            "learning_reports.feedbackresponse": FeedbackResponse.objects.filter(**old)
            .exclude(quote_name="", quote_country="")
            .update(consent=QuoteConsent.ANONYMOUS, quote_name="", quote_country=""),
            "learning_reports.followupresponse": FollowUpResponse.objects.filter(**old)
            .exclude(quote_name="")
            .update(consent=QuoteConsent.ANONYMOUS, quote_name=""),
            "learning_reports.hostdebrief": HostDebrief.objects.filter(
                site_visit__item__visit__ends_on__lt=cutoff
            )
            .exclude(how_it_went="", questions_asked="", follow_up_contacts="")
            .update(how_it_went="", questions_asked="", follow_up_contacts=""),
            "learning_reports.reviewcomment": ReviewComment.objects.filter(
                report__visit__ends_on__lt=cutoff
            )
            .exclude(text="")
            .update(text=""),
            "learning_reports.sitevisitrating": SiteVisitRating.objects.filter(
                response__visit__ends_on__lt=cutoff
            )
            .exclude(comment="")
            .update(comment=""),
        }
        # Free text nobody agreed to have quoted: blanked once the visit is past its period.
        FeedbackResponse.objects.filter(**old, consent=QuoteConsent.NONE).update(
            apply_at_home="", improve=""
        )
        FollowUpResponse.objects.filter(**old, consent=QuoteConsent.NONE).update(
            behaviour="", results=""
        )
        FollowUpResponse.objects.filter(**old).exclude(cooperation_details="").update(
            cooperation_details=""
        )
        for label, count in [
            *report_content_reduce().items(),
            *report_copies_expire(cutoff).items(),
        ]:
            counts[label] = counts.get(label, 0) + count
    return counts


def participants_erase(participant_ids: list[int]) -> dict[str, int]:
    """Erasure on request of participants (bookings.erasure): their answers lose their
    free text and names (ratings stay counted), their invitations their link to them,
    and the stored reports the quotes no longer allowed."""
    invitations = FeedbackInvitation.objects.filter(participant_id__in=participant_ids)
    responses = FeedbackResponse.objects.filter(invitation__in=invitations)
    follow_ups = FollowUpResponse.objects.filter(invitation__in=invitations)
    counts = {
        "learning_reports.feedbackresponse": responses.update(
            consent=QuoteConsent.NONE, quote_name="", quote_country="", apply_at_home="", improve=""
        ),
        "learning_reports.sitevisitrating": SiteVisitRating.objects.filter(response__in=responses)
        .exclude(comment="")
        .update(comment=""),
        "learning_reports.followupresponse": follow_ups.update(
            consent=QuoteConsent.NONE,
            quote_name="",
            behaviour="",
            results="",
            cooperation_details="",
        ),
    }
    counts["learning_reports.feedbackinvitation"] = invitations.update(participant=None)
    for label, count in report_content_reduce().items():
        counts[label] = counts.get(label, 0) + count
    return counts


retention.register("learning_reports", retention_part)
retention.register_eraser("participant", "learning_reports", participants_erase)
