"""Where programme managers and regional developers work on reports: /developer/…

Front-end pages rather than Wagtail admin views: regional developers review and read
figures and need nothing else of the admin, so they are not given admin access at all
(least privilege). /developer/ is a staff area of accounts.middleware, so every role
that reaches it must have set up TOTP. Object-level rules: a report is reachable only
with the learning_reports view permission (regional developers, programme managers);
delegation and host users reach a report only through the published report's secret
link (learning_reports.views.shared_report).
"""

from __future__ import annotations

import csv
import datetime
from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import is_staff_role, staff_mfa_required
from bookings.filters import country_name
from core.audit import audit_trail
from core.formatting import format_money
from programmes.models import HostOrganisation, ProgrammePage, ThemePage
from visits.models import HostMembership, SiteVisit

from . import charts, selectors, services
from .enums import AUDIT_ACTION_LABELS, EDITABLE_STATES, ReportStatus
from .errors import ReportError
from .forms import (
    DashboardFilterForm,
    HostDebriefForm,
    ReportTextsForm,
    ReviewCommentForm,
    ShareLinkForm,
)
from .models import HostDebrief, LearningReport
from .render import report_context, report_pdf_response

VIEW = "learning_reports.view_learningreport"
REVIEW = "learning_reports.review_learningreport"
CHANGE = "learning_reports.change_learningreport"
DASHBOARD = "learning_reports.view_impact_dashboard"


def _totp_missing(request) -> bool:
    return (
        staff_mfa_required()
        and not Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists()
    )


def _ask_for_totp(request):
    messages.warning(
        request,
        _("Your role requires two-factor authentication. Please set it up to continue."),
    )
    return redirect("mfa_activate_totp")


def permission(perm: str | None):
    """Signed in, with `perm` (None: any signed-in user; the view checks the object),
    and with TOTP set up, as on every staff area."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if perm is not None and not request.user.has_perm(perm):
                raise PermissionDenied
            if is_staff_role(request.user) and _totp_missing(request):
                return _ask_for_totp(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _report(reference: str) -> LearningReport:
    return get_object_or_404(
        LearningReport.objects.select_related("visit__booking__programme"),
        visit__booking__reference=reference,
    )


def _to_report(report: LearningReport, anchor: str = ""):
    url = reverse(
        "learning_reports:report_detail", kwargs={"reference": report.visit.booking.reference}
    )
    return redirect(url + (f"#{anchor}" if anchor else ""))


@never_cache
@permission(VIEW)
def report_list(request):
    reports = LearningReport.objects.select_related("visit__booking__programme").order_by(
        "-visit__starts_on", "-pk"
    )
    return render(request, "learning_reports/report_list.html", {"reports": reports})


def _status_label(code: str) -> str:
    try:
        return str(ReportStatus(code).label)
    except ValueError:
        return code


def audit_lines(report: LearningReport) -> list[dict]:
    """The report's audit trail with translated labels for the stored action and state codes;
    a state is shown only when the action changed it."""
    lines = []
    for entry in audit_trail(report):
        changed = bool(entry.to_state) and entry.to_state != entry.from_state
        lines.append(
            {
                "created_at": entry.created_at,
                "action": str(AUDIT_ACTION_LABELS.get(entry.action, entry.action)),
                "from_state": _status_label(entry.from_state) if changed else "",
                "to_state": _status_label(entry.to_state) if changed else "",
                "actor": entry.actor.email if entry.actor else entry.actor_label,
            }
        )
    return lines


@never_cache
@permission(VIEW)
def report_detail(request, reference: str):
    report = _report(reference)
    comments: dict[str, list] = {}
    for comment in report.comments.all():
        comments.setdefault(comment.section, []).append(comment)
    user = request.user
    can_edit = user.has_perm(CHANGE) and report.status in EDITABLE_STATES
    context = {
        **report_context(report),
        "comments": comments,
        "can_edit": can_edit,
        "can_review": user.has_perm(REVIEW) and report.status == ReportStatus.SUBMITTED,
        "can_publish": user.has_perm(REVIEW) and report.status == ReportStatus.APPROVED,
        "texts_form": ReportTextsForm(
            initial={
                "observations": report.observations,
                "lessons_learned": report.lessons_learned,
                "recommendations": report.recommendations,
            }
        )
        if can_edit
        else None,
        "comment_form": ReviewCommentForm(),
        "versions": report.versions.select_related("created_by"),
        "trail": audit_lines(report),
        "counts": selectors.answer_counts(report.visit),
        "share_url": request.build_absolute_uri(
            reverse("learning_reports:shared_report", kwargs={"token": report.share_token})
        )
        if report.status == ReportStatus.PUBLISHED and report.share_link_live
        else "",
        "share_form": ShareLinkForm(
            initial={
                "expires_on": timezone.localdate()
                + datetime.timedelta(days=services.share_link_days())
            }
        ),
        "statuses": ReportStatus,
    }
    return render(request, "learning_reports/report_detail.html", context)


@never_cache
@require_GET
@permission(VIEW)
def report_status(request, reference: str):
    """Polled by reports-progress.js while the report compiles."""
    report = _report(reference)
    return JsonResponse(
        {
            "state": report.compile_state,
            "progress": report.compile_progress,
            "step": report.compile_step,
            "compiled_at": report.compiled_at.isoformat() if report.compiled_at else None,
        }
    )


@never_cache
@permission(VIEW)
def report_pdf(request, reference: str):
    report = _report(reference)
    if not report.content:
        messages.error(request, _("Compile the report first."))
        return _to_report(report)
    return report_pdf_response(report, language=request.LANGUAGE_CODE)


ACTIONS = {
    "compile": (
        CHANGE,
        lambda report, user: services.report_compile_request(report=report, actor=user),
        "The report is being compiled.",
    ),
    "submit": (
        CHANGE,
        lambda report, user: services.report_submit(report=report, actor=user),
        "The report was submitted for review.",
    ),
    "request_changes": (
        REVIEW,
        lambda report, user: services.report_request_changes(report=report, actor=user),
        "Changes were requested.",
    ),
    "approve": (
        REVIEW,
        lambda report, user: services.report_approve(report=report, actor=user),
        "The report was approved.",
    ),
    "publish": (
        REVIEW,
        lambda report, user: services.report_publish(report=report, actor=user),
        "The report was published.",
    ),
    "share_revoke": (
        REVIEW,
        lambda report, user: services.report_share_revoke(report=report, actor=user),
        gettext_noop("The report is no longer shared: its link no longer works."),
    ),
}


@require_POST
@permission(REVIEW)
def report_share(request, reference: str):
    """A new share link, open until the day the sharer chooses; the old one stops."""
    report = _report(reference)
    form = ShareLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the day the link stops working."))
        return _to_report(report)
    try:
        services.report_share_rotate(
            report=report, actor=request.user, expires_on=form.cleaned_data["expires_on"]
        )
    except ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new share link was made; the old one no longer works."))
    return _to_report(report)


@require_POST
@permission(VIEW)
def report_action(request, reference: str, action: str):
    if action not in ACTIONS:
        raise PermissionDenied
    perm, service, done = ACTIONS[action]
    if not request.user.has_perm(perm):
        raise PermissionDenied
    report = _report(reference)
    try:
        service(report, request.user)
    except ReportError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _(done))
    return _to_report(report)


@require_POST
@permission(CHANGE)
def report_texts(request, reference: str):
    report = _report(reference)
    form = ReportTextsForm(request.POST)
    if form.is_valid():
        try:
            services.report_update_texts(report=report, actor=request.user, **form.cleaned_data)
        except ReportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The texts were saved."))
    return _to_report(report)


@require_POST
@permission(REVIEW)
def report_comment(request, reference: str):
    report = _report(reference)
    form = ReviewCommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a section and write the comment."))
    else:
        try:
            services.review_comment_add(report=report, actor=request.user, **form.cleaned_data)
        except ReportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your comment was added."))
    return _to_report(
        report, anchor=form.cleaned_data.get("section", "") if form.is_valid() else ""
    )


# --------------------------------------------------------------------------- dashboard


def _once_per_page(model) -> list[tuple[int, str]]:
    """One choice per page, not per translation: the viewer's language where the page has
    it, else its first translation (the filter matches every translation; selectors)."""

    language = translation.get_language() or "en"
    chosen: dict = {}
    for pk, key, title, code in model.objects.order_by("pk").values_list(
        "pk", "translation_key", "title", "locale__language_code"
    ):
        if key not in chosen or (code == language and chosen[key][2] != language):
            chosen[key] = (pk, title, code)
    return sorted(((pk, title) for pk, title, _code in chosen.values()), key=lambda c: c[1])


def _dashboard_form(request) -> DashboardFilterForm:
    programmes = _once_per_page(ProgrammePage)
    themes = _once_per_page(ThemePage)
    hosts = (
        HostOrganisation.objects.filter(visit_items__isnull=False)
        .distinct()
        .order_by("name")
        .values_list("pk", "name")
    )
    return DashboardFilterForm(
        request.GET or None, programmes=programmes, themes=themes, hosts=hosts
    )


def _dashboard_filter(form: DashboardFilterForm) -> selectors.DashboardFilter:
    if not form.is_bound or not form.is_valid():
        return selectors.DashboardFilter()
    d = form.cleaned_data
    return selectors.DashboardFilter(
        date_from=d.get("date_from"),
        date_to=d.get("date_to"),
        programme_id=d.get("programme"),
        theme_id=d.get("theme"),
        host_id=d.get("host"),
        country=(d.get("country") or "").upper(),
    )


@never_cache
@permission(DASHBOARD)
def dashboard(request):
    form = _dashboard_form(request)
    figures = selectors.dashboard_figures(_dashboard_filter(form))
    trend = figures["trend"]
    context = {
        "form": form,
        "f": figures,
        "satisfaction_chart": charts.trend_chart(
            [(t["label"], t["satisfaction"]) for t in trend],
            title=_("Satisfaction per visit (1–5)"),
            low=1,
            high=5,
        ),
        "nps_chart": charts.trend_chart(
            [(t["label"], t["nps"]) for t in trend],
            title=_("Net promoter score per visit"),
            low=-100,
            high=100,
        ),
        "country_chart": charts.hbar_chart(
            [(country_name(code), n, str(n)) for code, n in figures["countries"].items()],
            title=_("Participants by country"),
            maximum=max(list(figures["countries"].values()) or [1]),
        ),
        "csv_query": request.GET.urlencode(),
        "spend": format_money(figures["spend"]),
    }
    return render(request, "learning_reports/dashboard.html", context)


@never_cache
@permission(DASHBOARD)
def dashboard_csv(request):
    """Every figure of the dashboard (same filters), one row per figure and per visit."""
    form = _dashboard_form(request)
    f = selectors.dashboard_figures(_dashboard_filter(form))
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="impact-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(["figure", "key", "value"])
    for key in (
        "visits",
        "participants",
        "country_count",
        "answers",
        "satisfaction",
        "nps",
        "objectives_answers",
        "objectives_met_share",
        "cooperation_count",
        "room_nights",
        "guest_nights",
        "spend",
    ):
        value = f[key]
        writer.writerow([key, "", "" if value is None else value])
    for code, n in f["countries"].items():
        writer.writerow(["participants_by_country", code, n])
    for t in f["trend"]:
        writer.writerow(["visit_satisfaction", t["reference"], t["satisfaction"] or ""])
        writer.writerow(["visit_nps", t["reference"], "" if t["nps"] is None else t["nps"]])
        writer.writerow(["visit_answers", t["reference"], t["n"]])
    for h in f["hosts_best"]:
        writer.writerow(["host_mean_rating", h["host"], h["mean"]])
    for h in f["hosts_worst"]:
        writer.writerow(["host_mean_rating_lowest", h["host"], h["mean"]])
    return response


# --------------------------------------------------------------------------- hosts


@never_cache
@permission(None)
def host_debrief(request, reference: str, site_visit_id: int):
    """A host member writes the debrief of one of their site visits (no one else can)."""
    site_visit = get_object_or_404(
        SiteVisit.objects.select_related("item__visit", "host"),
        pk=site_visit_id,
        item__visit__booking__reference=reference,
    )
    host_ids = {site_visit.host_id}
    if site_visit.host.translation_key:
        host_ids |= set(
            HostOrganisation.objects.filter(
                translation_key=site_visit.host.translation_key
            ).values_list("pk", flat=True)
        )
    if not HostMembership.objects.filter(user=request.user, host_id__in=host_ids).exists():
        raise PermissionDenied
    existing = HostDebrief.objects.filter(site_visit=site_visit).first()
    initial = (
        {
            "how_it_went": existing.how_it_went,
            "questions_asked": existing.questions_asked,
            "follow_up_contacts": existing.follow_up_contacts,
            "cooperation": existing.cooperation,
        }
        if existing
        else None
    )
    form = HostDebriefForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.host_debrief_save(site_visit=site_visit, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Thank you: your debrief was saved."))
        return redirect(request.path)
    return render(
        request,
        "learning_reports/debrief_form.html",
        {"form": form, "site_visit": site_visit},
        status=400 if request.method == "POST" else 200,
    )
