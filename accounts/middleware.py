from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .roles import is_staff_role, staff_mfa_required

# Areas only staff roles use. Everything else (public pages, account pages, the MFA
# set-up itself) stays reachable so that a staff user can turn MFA on.
STAFF_AREAS = ("/admin/", "/django-admin/", "/host/", "/developer/")


class StaffMFARequiredMiddleware:
    """Send a staff-role user without TOTP to set it up before any staff area."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.path.startswith(STAFF_AREAS)
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
        from allauth.mfa.models import Authenticator

        return Authenticator.objects.filter(
            user=request.user, type=Authenticator.Type.TOTP
        ).exists()
