from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import HostOrganisation


class HostOrganisationViewSet(SnippetViewSet):
    model = HostOrganisation
    icon = "site"
    menu_label = _("Host organisations")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "sector", "city", "max_group_size", "locale"]
    list_filter = ["sector", "locale"]
    search_fields = ["name", "summary", "expertise"]


register_snippet(HostOrganisationViewSet)
