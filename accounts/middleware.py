from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _

from .roles import is_staff_role, staff_mfa_required

# Areas only staff roles use. Everything else (public pages, account pages, the MFA
# set-up itself) stays reachable so that a staff user can turn MFA on.
# The public-facing staff areas carry a language prefix (/fi/visits/host/...), which is
# taken off before comparing (see _without_language).
STAFF_AREAS = ("/admin/", "/django-admin/", "/visits/host/", "/host/", "/developer/")


def _without_language(path: str) -> str:
    """/fi/visits/host/ -> /visits/host/; a path without a language prefix is unchanged."""
    parts = path.split("/", 2)
    if len(parts) == 3 and parts[1] in dict(settings.LANGUAGES):
        return "/" + parts[2]
    return path


class StaffMFARequiredMiddleware:
    """Send a staff-role user without TOTP to set it up before any staff area."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            _without_language(request.path_info).startswith(STAFF_AREAS)
            and staff_mfa_required()
            and is_staff_role(request.user)
            and not self._has_totp(request)
        ):
            messages.warning(
                request,
                _("Your role requires two-factor authentication. Please set it up to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _has_totp(request) -> bool:
        return Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists()


# Staff back offices with a language of their own (Wagtail's per-user admin language).
OWN_LANGUAGE_AREAS = ("/admin/", "/django-admin/")


class UserLanguageMiddleware:
    """The language comes from the URL; a signed-in user's choice is remembered.

    - Under a language prefix (/fi/...), that language is the user's choice: it is saved as
      `User.preferred_language` (which every e-mail and document to the user follows) and
      in the language cookie, so pages without a prefix (/accounts/...) follow it too.
    - Without a prefix, a signed-in user gets their preferred language; others keep what
      LocaleMiddleware chose (the cookie, else the browser's Accept-Language).

    Sits after AuthenticationMiddleware. One UPDATE when the language changes, none otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(OWN_LANGUAGE_AREAS):
            return self.get_response(request)
        from_path = translation.get_language_from_path(request.path_info)
        # Without a session cookie nobody is signed in: leave request.user (and with it the
        # session, which would add "Vary: Cookie") untouched, so public pages stay cacheable.
        user = getattr(request, "user", None)
        signed_in = (
            settings.SESSION_COOKIE_NAME in request.COOKIES
            and user is not None
            and user.is_authenticated
        )
        if from_path:
            if signed_in and user.preferred_language != from_path:
                get_user_model().objects.filter(pk=user.pk).update(preferred_language=from_path)
                user.preferred_language = from_path
        elif signed_in and user.preferred_language in dict(settings.LANGUAGES):
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        response = self.get_response(request)
        language = from_path or (user.preferred_language if signed_in else None)
        if language and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
            )
        return response
