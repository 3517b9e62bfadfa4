"""The programme managers' side of visits, inside the Wagtail admin.

One detail page per visit shows the itinerary with every item's conflicts and the
state of every site-visit request, and takes the manager's actions (POST, one service
per action; a VisitError becomes an error message and nothing changes). The
situational picture lists today's and tomorrow's visits and refreshes itself from a
JSON endpoint.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms import modelformset_factory
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.roles import PROGRAMME_MANAGERS, user_has_role
from bookings.models import Participant
from core.forms import GuardedModelFormSet
from core.params import BIGINT_MAX, BadParameter, parse_int

from . import services
from .attendance import attendance_per_site, visit_attendance
from .briefing_links import briefing_link_last_sent, briefing_link_send
from .catering import catering_summary
from .conflicts import item_conflicts
from .enums import OPEN_VISIT_STATES, FeedKind, SiteVisitStatus
from .errors import ConflictError, VisitError
from .forms import (
    AddItemForm,
    AssignResourceForm,
    DelegationMessageForm,
    DutyOfCareForm,
    IncidentForm,
    MoveItemForm,
)
from .models import BriefingAcknowledgement, CalendarFeed, ItineraryItem, Risk, SiteVisit, Visit
from .selectors import now_and_next, situational_visits
from .vetting import vetting_state

NS = "visits_admin"


def is_manager(user) -> bool:
    return user.is_active and (user.is_superuser or user_has_role(user, PROGRAMME_MANAGERS))


def _site_visit_of(item: ItineraryItem) -> SiteVisit | None:
    try:
        return item.site_visit
    except SiteVisit.DoesNotExist:
        return None


class ManagerRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items]
        if not isinstance(self, VisitIndexView):
            items.append({"url": reverse(f"{NS}:index"), "label": _("Visits")})
        items.append({"url": "", "label": self.get_page_title()})
        return items


class VisitIndexView(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "visits/admin/index.html"
    page_title = gettext_lazy("Visits")
    header_icon = "site"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = {
            f"n_{status}": Count("items__site_visit", filter=Q(items__site_visit__status=status))
            for status in SiteVisitStatus.values
        }
        context["visits"] = (
            Visit.objects.select_related("booking__organisation", "booking__programme")
            .annotate(**counts)
            .order_by("-starts_on")[:200]
        )

        feed = CalendarFeed.objects.filter(
            kind=FeedKind.MANAGER, user=self.request.user, revoked_at__isnull=True
        ).first()
        if feed is not None:
            https = self.request.build_absolute_uri(reverse("visits_feed", args=[feed.token]))
            context["feed_url"] = "webcal://" + https.split("://", 1)[1]
        context["recent_answers"] = (
            SiteVisit.objects.filter(answered_at__isnull=False)
            .select_related("host", "item__visit__booking")
            .order_by("-answered_at")[:20]
        )
        return context

    def post(self, request, *args, **kwargs):
        """Make (or remake) the manager's own calendar address."""

        services.feed_issue(kind=FeedKind.MANAGER, user=request.user)
        messages.success(request, _("A new calendar address was made."))
        return redirect(reverse(f"{NS}:index"))


class VisitDetailView(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "visits/admin/detail.html"
    page_title = gettext_lazy("Visit")
    header_icon = "site"

    def get_visit(self) -> Visit:
        return get_object_or_404(
            Visit.objects.select_related(
                "booking__organisation", "booking__programme", "booking__contact", "manager"
            ),
            pk=self.kwargs["pk"],
        )

    def get_page_subtitle(self):
        return self.visit.booking.reference

    def get(self, request, *args, **kwargs):
        self.visit = self.get_visit()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visit = self.visit
        items = list(
            visit.items.select_related("host", "site_visit", "visit__booking")
            .prefetch_related("resources__resource")
            .order_by("starts_at")
        )
        rows = []
        for item in items:
            rows.append(
                {
                    "item": item,
                    "site_visit": _site_visit_of(item),
                    "conflicts": [] if item.removed else item_conflicts(item),
                    "move_form": MoveItemForm(
                        prefix=f"move{item.pk}",
                        initial={
                            "date": timezone.localtime(item.starts_at).date(),
                            "start": timezone.localtime(item.starts_at).time(),
                            "end": timezone.localtime(item.ends_at).time(),
                        },
                    ),
                }
            )
        assessment = getattr(visit, "risk_assessment", None)
        participants = list(Participant.objects.filter(booking=visit.booking).order_by("pk"))
        acknowledged = set(
            BriefingAcknowledgement.objects.filter(visit=visit).values_list(
                "participant_id", flat=True
            )
        )
        sent = briefing_link_last_sent(visit)
        RiskFormSet = modelformset_factory(
            Risk,
            fields=["likelihood", "impact", "mitigation", "owner"],
            extra=0,
            formset=GuardedModelFormSet,
        )
        context.update(
            visit=visit,
            rows=rows,
            add_form=kwargs.get("add_form") or AddItemForm(prefix="add"),
            incident_form=IncidentForm(prefix="incident"),
            message_form=DelegationMessageForm(prefix="message"),
            duty_form=DutyOfCareForm(instance=visit, prefix="duty"),
            may_complete=_may_complete(visit),
            assign_form=AssignResourceForm(prefix="assign"),
            assessment=assessment,
            risk_formset=RiskFormSet(queryset=assessment.risks.all(), prefix="risks")
            if assessment
            else None,
            participants=[
                {"participant": p, "acknowledged": p.pk in acknowledged, "sent": sent.get(p.pk)}
                for p in participants
            ],
            not_acknowledged=[p for p in participants if p.pk not in acknowledged],
            may_send_briefing=visit.status in OPEN_VISIT_STATES,
            incidents=visit.incidents.all(),
            vetting=vetting_state(visit),
            attendance=attendance_per_site(visit),
            catering=catering_summary(visit),
        )
        context["any_refused"] = any(listing.refused for listing in context["vetting"])
        return context

    def post(self, request, *args, **kwargs):
        self.visit = visit = self.get_visit()
        action = request.POST.get("action", "")
        user = request.user
        try:
            message = self.perform(action, visit, user, request.POST)
        except ConflictError as error:
            messages.error(request, error.message)
        except VisitError as error:
            messages.error(request, error.message)
        else:
            if message:
                messages.success(request, message)
        return redirect(reverse(f"{NS}:detail", args=[visit.pk]))

    @staticmethod
    def _id(data, name) -> int:
        try:
            return parse_int(str(data.get(name, "")), name, max_value=BIGINT_MAX)
        except BadParameter:
            raise VisitError(_("Please choose an item.")) from None

    def _item(self, visit, data) -> ItineraryItem:
        return get_object_or_404(ItineraryItem, pk=self._id(data, "item"), visit=visit)

    def _site_visit(self, visit, data) -> SiteVisit:
        return get_object_or_404(SiteVisit, pk=self._id(data, "site_visit"), item__visit=visit)

    def perform(self, action, visit, user, data) -> str:
        if action == "send":
            site_visit = self._site_visit(visit, data)
            services.site_visit_send(
                site_visit=site_visit, actor=user, accept_warnings=bool(data.get("accept_warnings"))
            )
            return _("The request was sent to %(host)s.") % {"host": site_visit.host.name}
        if action == "take_proposal":
            site_visit = self._site_visit(visit, data)
            services.site_visit_take_proposal(
                site_visit=site_visit, actor=user, accept_warnings=bool(data.get("accept_warnings"))
            )
            return _("The proposed time was taken.")
        if action == "move":
            item = self._item(visit, data)
            form = MoveItemForm(data, prefix=f"move{item.pk}")
            if not form.is_valid():
                raise VisitError(" ".join(" ".join(e) for e in form.errors.values()))
            services.item_move(
                item=item,
                starts_at=form.cleaned_data["starts_at"],
                ends_at=form.cleaned_data["ends_at"],
                actor=user,
                accept_warnings=form.cleaned_data["accept_warnings"],
            )
            return _("The item was moved.")
        if action == "assign":
            item = self._item(visit, data)
            form = AssignResourceForm(data, prefix="assign")
            if not form.is_valid():
                raise VisitError(_("Please choose an interpreter or escort."))
            services.resource_assign(item=item, resource=form.cleaned_data["resource"], actor=user)
            return _("%(name)s was assigned.") % {"name": form.cleaned_data["resource"].name}
        if action == "duty":
            form = DutyOfCareForm(data, instance=Visit.objects.get(pk=visit.pk), prefix="duty")
            if not form.is_valid():
                raise VisitError(" ".join(" ".join(e) for e in form.errors.values()))
            services.visit_update_duty_of_care(
                visit=visit, actor=user, **{n: form.cleaned_data[n] for n in form.Meta.fields}
            )
            return _("The visit's details were saved.")
        if action == "remove":
            services.item_remove(item=self._item(visit, data), actor=user)
            return _("The item was removed.")
        if action == "add":
            form = AddItemForm(data, prefix="add")
            if not form.is_valid():
                raise VisitError(" ".join(" ".join(e) for e in form.errors.values()))
            d = form.cleaned_data
            services.item_add(
                visit=visit,
                kind=d["kind"],
                title=d["title"],
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
                host=d["host"],
                attendees=d["attendees"],
                notes=d["notes"],
                actor=user,
            )
            return _("The item was added.")
        if action == "risks":
            assessment = visit.risk_assessment
            RiskFormSet = modelformset_factory(
                Risk,
                fields=["likelihood", "impact", "mitigation", "owner"],
                extra=0,
                formset=GuardedModelFormSet,
            )
            formset = RiskFormSet(data, queryset=assessment.risks.all(), prefix="risks")
            if not formset.is_valid():
                raise VisitError(_("Please check the risks: likelihood and impact are 1–5."))
            formset.save()
            services.risk_assessment_reopen(assessment=assessment, actor=user)
            return _("The risk assessment was saved.")
        if action == "approve":
            services.risk_assessment_approve(assessment=visit.risk_assessment, actor=user)
            return _("The risk assessment is approved.")
        if action == "ready":
            services.visit_mark_ready(
                visit=visit, actor=user, accept_refusals=bool(data.get("accept_refusals"))
            )
            return _("The visit is ready.")
        if action == "complete":
            if not _may_complete(visit):
                raise VisitError(_("A visit can be marked completed from its last day on."))
            services.visit_complete(visit=visit, actor=user)
            return _("The visit is completed.")
        if action == "incident":
            form = IncidentForm(data, prefix="incident")
            if not form.is_valid():
                raise VisitError(" ".join(" ".join(e) for e in form.errors.values()))
            services.incident_log(visit=visit, actor=user, **form.cleaned_data)
            return _("The incident was logged.")
        if action == "message":
            form = DelegationMessageForm(data, prefix="message")
            if not form.is_valid():
                raise VisitError(_("A message needs a subject and a text."))
            count = services.delegation_message_send(visit=visit, actor=user, **form.cleaned_data)
            return _("The message is on its way to %(count)s people.") % {"count": count}
        if action == "briefing_link":
            participant = get_object_or_404(
                Participant, pk=self._id(data, "participant"), booking_id=visit.booking_id
            )
            briefing_link_send(visit=visit, actor=user, participant=participant)
            return _("The briefing link is on its way to %(name)s.") % {"name": participant}
        if action == "briefing_link_all":
            count = briefing_link_send(visit=visit, actor=user)
            return ngettext(
                "The briefing link is on its way to %(count)d participant.",
                "The briefing link is on its way to %(count)d participants.",
                count,
            ) % {"count": count}
        raise VisitError(_("Unknown action."))


def _may_complete(visit: Visit) -> bool:
    """The "Mark completed" action is offered once the visit's last day has come, not before."""
    return visit.status in OPEN_VISIT_STATES and visit.ends_on <= timezone.localdate()


def _situation(day: datetime.date) -> list[dict]:
    now = timezone.now()
    rows = []
    visits = situational_visits(day=day)
    attendance = visit_attendance(visits, day=day)
    for visit in visits:
        items = visit.window_items
        current, upcoming = now_and_next(items, now=now)
        rows.append(
            {
                "visit": visit,
                "reference": visit.booking.reference,
                "organisation": visit.booking.organisation.name,
                "headcount": visit.booking.participants_count,
                "now": current,
                "next": upcoming,
                "escort": visit.escort,
                "contact": visit.booking.contact,
                "attendance": attendance.get(visit.pk, []),
            }
        )
    return rows


class SituationView(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "visits/admin/situation.html"
    page_title = gettext_lazy("Situational picture")
    header_icon = "view"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = _situation(timezone.localdate())
        context["json_url"] = reverse(f"{NS}:situation_json")
        return context


def situation_json(request):
    if not is_manager(request.user):
        raise PermissionDenied

    def show(item):
        if item is None:
            return None
        return {
            "title": item.title,
            "place": item.place,
            "starts": timezone.localtime(item.starts_at).strftime("%H:%M"),
            "ends": timezone.localtime(item.ends_at).strftime("%H:%M"),
        }

    rows = _situation(timezone.localdate())
    return JsonResponse(
        {
            "updated": timezone.localtime().strftime("%H:%M:%S"),
            "visits": [
                {
                    "id": r["visit"].pk,
                    "reference": r["reference"],
                    "organisation": r["organisation"],
                    "headcount": r["headcount"],
                    "now": show(r["now"]),
                    "next": show(r["next"]),
                    "escort": r["escort"].name if r["escort"] else "",
                    "escort_phone": r["escort"].phone if r["escort"] else "",
                    "contact": r["contact"].email,
                    "attendance": [
                        {
                            "host": a["host"],
                            "starts": timezone.localtime(a["item"].starts_at).strftime("%H:%M"),
                            "arrived": [str(p) for p in a["arrived"]],
                            "missing": [str(p) for p in a["missing"]],
                            "check_in": reverse("visits:check_in", args=[a["site_visit"].pk]),
                        }
                        for a in r["attendance"]
                    ],
                }
                for r in rows
            ],
        }
    )
