"""A "Learning reports" entry in the Wagtail admin menu for programme managers.

The reports themselves are front-end pages under /<lang>/developer/ (see staff_views):
regional developers use them without admin access; managers reach them from here.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("learning_reports.view_learningreport")


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        _("Learning reports"),
        reverse("learning_reports:report_list"),
        icon_name="doc-full",
        order=450,
    )
