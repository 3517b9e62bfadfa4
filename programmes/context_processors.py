from django.utils import translation
from wagtail.models import Locale, Site

from .models import HomePage


def site_navigation(request):
    """The home page and the main menu of the current language, computed lazily."""

    def navigation():
        if hasattr(request, "_paamaja_navigation"):
            return request._paamaja_navigation
        result = {"home": None, "menu": []}
        try:
            locale = Locale.objects.get(language_code=translation.get_language())
        except Locale.DoesNotExist:
            request._paamaja_navigation = result
            return result
        site = Site.find_for_request(request)
        root = site.root_page if site else None
        home = None
        if root is not None:
            home = (
                HomePage.objects.filter(translation_key=root.translation_key, locale=locale)
                .live()
                .first()
            )
        if home is not None:
            result["home"] = home
            result["menu"] = list(
                home.get_children().live().public().in_menu().specific(defer=True)
            )
        request._paamaja_navigation = result
        return result

    return {"navigation": navigation}
