from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .cache import mark_page_cacheable
from .models import HostOrganisation

# Public, non-form pages may be served to anonymous visitors from the page cache.
hooks.register("before_serve_page", mark_page_cacheable)


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
