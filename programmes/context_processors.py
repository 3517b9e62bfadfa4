from django.utils import translation
from wagtail.models import Locale, Site

from .cache import memo
from .models import HomePage


def site_navigation(request):
    """The home page and the main menu of the current language, computed lazily."""

    def navigation():
        if hasattr(request, "_paamaja_navigation"):
            return request._paamaja_navigation
        site = Site.find_for_request(request)
        language = translation.get_language()
        # The same for every page of a language: remembered until a page changes.
        request._paamaja_navigation = memo(
            "navigation",
            site.pk if site else None,
            language,
            build=lambda: _navigation(site, language),
        )
        return request._paamaja_navigation

    return {"navigation": navigation}


def _navigation(site, language):
    result = {"home": None, "menu": []}
    try:
        locale = Locale.objects.get(language_code=language)
    except Locale.DoesNotExist:
        return result
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
        result["menu"] = list(home.get_children().live().public().in_menu().specific(defer=True))
    return result
