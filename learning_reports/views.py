"""Pages reached by a private link, without login: the questionnaires and shared reports."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from visits.models import SiteVisit

from .enums import InvitationKind, ReportStatus
from .errors import LinkNotUsable
from .forms import FeedbackForm, FollowUpForm
from .models import LearningReport, read_link_token
from .render import report_context, report_pdf_response
from .services import feedback_submit, follow_up_submit, invitation_from_token


def _invalid(request, error: LinkNotUsable, status: int = 410):
    return render(
        request,
        "learning_reports/link_invalid.html",
        {"message": error.message},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def feedback(request, token: str):
    try:
        invitation = invitation_from_token(token, kind=InvitationKind.FEEDBACK)
    except LinkNotUsable as error:
        return _invalid(request, error)
    visit = invitation.visit
    site_visits = list(
        SiteVisit.objects.filter(item__visit=visit, item__removed=False)
        .select_related("host", "item")
        .order_by("item__starts_at")
    )
    # Shown in the page's language when the programme page is translated; answers are
    # stored by position against the original objectives (services.feedback_submit).
    programme = getattr(visit.programme, "localized", visit.programme)
    objectives = programme.specific.learning_objectives_list
    form = FeedbackForm(request.POST or None, site_visits=site_visits, objectives=objectives)
    if request.method == "POST" and form.is_valid():
        try:
            feedback_submit(
                invitation=invitation,
                overall_rating=form.cleaned_data["overall_rating"],
                nps=form.cleaned_data["nps"],
                apply_at_home=form.cleaned_data["apply_at_home"],
                improve=form.cleaned_data["improve"],
                consent=form.cleaned_data["consent"],
                site_ratings=form.site_ratings(),
                objectives=form.objective_levels(),
            )
        except LinkNotUsable as error:
            return _invalid(request, error)
        return render(request, "learning_reports/thanks.html", {"programme": programme})
    return render(
        request,
        "learning_reports/feedback_form.html",
        {"form": form, "programme": programme, "visit": visit},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request, token: str):
    try:
        invitation = invitation_from_token(token, kind=InvitationKind.FOLLOW_UP)
    except LinkNotUsable as error:
        return _invalid(request, error)
    # The programme's page in the reader's language, as on the feedback form.
    programme = getattr(invitation.visit.programme, "localized", invitation.visit.programme)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_submit(invitation=invitation, **form.cleaned_data)
        except LinkNotUsable as error:
            return _invalid(request, error)
        return render(request, "learning_reports/thanks.html", {"programme": programme})
    return render(
        request,
        "learning_reports/follow_up_form.html",
        {"form": form, "programme": programme},
        status=400 if request.method == "POST" else 200,
    )


def _shared_report(token: str) -> LearningReport:
    """The report of a live share link; 404 for a forged or revoked one, LinkNotUsable
    for one past the day its sharer chose."""
    parsed = read_link_token(token, salt="share")
    if parsed is None:
        raise Http404
    pk, nonce = parsed
    report = LearningReport.objects.filter(pk=pk, status=ReportStatus.PUBLISHED).first()
    if report is None or not report.share_nonce_matches(nonce):
        raise Http404
    if report.share_link_expired():
        raise LinkNotUsable(_("This link has expired."))
    return report


@never_cache
def shared_report(request, token: str):
    """A published report, by its secret link: for the delegation and the hosts."""
    try:
        report = _shared_report(token)
    except LinkNotUsable as error:
        return _invalid(request, error)
    return render(
        request,
        "learning_reports/shared_report.html",
        {**report_context(report), "comments": {}, "token": token},
    )


@never_cache
def shared_report_pdf(request, token: str):
    try:
        report = _shared_report(token)
    except LinkNotUsable as error:
        return _invalid(request, error)
    return report_pdf_response(report, language=request.LANGUAGE_CODE)
