"""The "Visits" menu of the Wagtail admin: visits, situational picture, hosts' data.

Visits change only through the actions of their detail page (visits.admin_views);
availability, interpreters/escorts, the risk checklist and host memberships are
edited with Wagtail's generic model views.
"""

import datetime

from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import availability_admin
from .admin_views import (
    NS,
    SituationView,
    VisitDetailView,
    VisitIndexView,
    is_manager,
    situation_json,
)
from .models import HostAvailability, HostMembership, Resource, RiskTemplate, SiteVisit


class ManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return is_manager(request.user)


class VisitsViewSet(ViewSet):
    name = NS
    url_prefix = "visits"
    icon = "site"
    menu_label = _("Visits")
    menu_item_class = ManagerMenuItem

    def get_urlpatterns(self):
        return [
            path("", VisitIndexView.as_view(), name="index"),
            path("<int:pk>/", VisitDetailView.as_view(), name="detail"),
            path("situation/", SituationView.as_view(), name="situation"),
            path("situation.json", situation_json, name="situation_json"),
        ]


class SituationMenuViewSet(ViewSet):
    name = "visits_situation"
    url_prefix = "visits-situation"
    icon = "view"
    menu_label = _("Situational picture")
    menu_item_class = ManagerMenuItem

    def get_urlpatterns(self):
        return [path("", SituationView.as_view(), name="index")]


class HostAvailabilityViewSet(ModelViewSet):
    """Opening hours per weekday, saved through the service (visits.availability_admin)."""

    model = HostAvailability
    icon = "time"
    menu_label = _("Host availability")
    url_prefix = "host-availability"
    add_view_class = availability_admin.HostAvailabilityCreateView
    edit_view_class = availability_admin.HostAvailabilityEditView
    edit_handler = availability_admin.EDIT_HANDLER
    list_display = availability_admin.LIST_DISPLAY
    copy_view_enabled = False


class HostMembershipViewSet(ModelViewSet):
    model = HostMembership
    icon = "user"
    menu_label = _("Host users")
    url_prefix = "host-memberships"
    form_fields = ["user", "host"]
    list_display = ["user", "host"]
    copy_view_enabled = False


class ResourceViewSet(ModelViewSet):
    model = Resource
    icon = "group"
    menu_label = _("Interpreters and escorts")
    url_prefix = "visit-resources"
    form_fields = ["kind", "name", "phone", "email", "languages", "active"]
    list_display = ["name", "kind", "phone", "active"]
    copy_view_enabled = False


class RiskTemplateViewSet(ModelViewSet):
    model = RiskTemplate
    icon = "warning"
    menu_label = _("Risk checklist")
    url_prefix = "risk-checklist"
    form_fields = ["category", "title", "guidance", "position", "active"]
    list_display = ["title", "category", "position", "active"]
    copy_view_enabled = False


class VisitsMenu(ViewSetGroup):
    menu_label = _("Visits")
    menu_icon = "site"
    menu_order = 260
    items = (
        VisitsViewSet,
        SituationMenuViewSet,
        HostAvailabilityViewSet,
        HostMembershipViewSet,
        ResourceViewSet,
        RiskTemplateViewSet,
    )


@hooks.register("register_admin_viewset")
def register_visits_menu():
    return VisitsMenu()


class HostAnswersPanel(Component):
    """The admin notice of host answers: the last week's on the dashboard."""

    name = "visits_host_answers"
    order = 90
    template_name = "visits/admin/home_panel.html"

    def get_context_data(self, parent_context):
        since = timezone.now() - datetime.timedelta(days=7)
        return {
            "answers": SiteVisit.objects.filter(answered_at__gte=since)
            .select_related("host", "item__visit__booking")
            .order_by("-answered_at")[:10]
        }


@hooks.register("construct_homepage_panels")
def add_host_answers_panel(request, panels):
    if is_manager(request.user):
        panels.append(HostAnswersPanel())
